"""Changes to the weekly focus groups: scheduling, invitations, answers, notes and themes."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import rules
from feedback.focus_group_selectors import normalise_theme
from feedback.models import FocusGroup, FocusGroupInvitation, FocusGroupTheme
from feedback.models.focus_groups import THEME_MAX_LENGTH
from portal import permissions
from portal.models import NotificationVerb
from portal.notifications import notify

MAX_THEMES = 12


def create_group(*, actor, topic, meets_at, place, size=8, now=None):
    permissions.require(
        actor, rules.FOCUS_GROUPS_MANAGE, message=_("Only managers schedule focus groups.")
    )
    now = now or timezone.now()
    errors = {}
    topic, place = (topic or "").strip(), (place or "").strip()
    if not topic:
        errors["topic"] = _("Give the group a topic.")
    if not place:
        errors["place"] = _("Say where the group meets.")
    if meets_at is None or meets_at <= now:
        errors["meets_at"] = _("Choose a date and time in the future.")
    if size is None or not 3 <= size <= 20:
        errors["size"] = _("Invite between 3 and 20 people.")
    if errors:
        raise ValidationError(errors)
    return FocusGroup.objects.create(
        topic=topic, meets_at=meets_at, place=place, size=size, organiser=actor
    )


@transaction.atomic
def invite(*, actor, group, people):
    """Invite people (the proposal as adjusted by the organiser); return how many are new."""
    permissions.require(
        actor, rules.FOCUS_GROUP_INVITE, group, message=_("Only the organiser invites people.")
    )
    if group.meets_at <= timezone.now():
        raise ValidationError(_("This group has already met."), code="past")
    already = set(group.invitations.values_list("person_id", flat=True))
    new = [person for person in {p.pk: p for p in people}.values() if person.pk not in already]
    FocusGroupInvitation.objects.bulk_create(
        [FocusGroupInvitation(group=group, person=person) for person in new],
        ignore_conflicts=True,
    )
    when = timezone.localtime(group.meets_at).strftime("%Y-%m-%d %H:%M %Z")
    for person in new:
        notify(
            recipient=person,
            verb=NotificationVerb.INVITATION,
            actor=actor,
            target=group,
            message=_("You are invited to the focus group “%(topic)s” on %(when)s. Will you come?")
            % {"topic": group.topic, "when": when},
            url=group.get_absolute_url(),
            dedupe_key=f"focus-group-invitation:{group.pk}",
        )
    return len(new)


def uninvite(*, actor, invitation, now=None):
    permissions.require(
        actor,
        rules.FOCUS_GROUP_INVITE,
        invitation.group,
        message=_("Only the organiser changes the list."),
    )
    if invitation.group.meets_at <= (now or timezone.now()):
        raise ValidationError(_("This group has already met; its list stays as it was."))
    invitation.delete()


@transaction.atomic
def respond(*, actor, invitation, accept, now=None):
    invitation = (
        FocusGroupInvitation.objects.select_for_update()
        .select_related("group")
        .get(pk=invitation.pk)
    )
    permissions.require(
        actor, rules.FOCUS_GROUP_RESPOND, invitation, message=_("This invitation is not yours.")
    )
    now = now or timezone.now()
    if invitation.group.meets_at <= now:
        raise ValidationError(_("This group has already met."), code="past")
    response = (
        FocusGroupInvitation.Response.ACCEPTED if accept else FocusGroupInvitation.Response.DECLINED
    )
    if invitation.response == response:
        return invitation
    invitation.response = response
    invitation.responded_at = now
    invitation.save(update_fields=["response", "responded_at"])
    name = actor.profile.display_name
    message = (
        _("%(name)s is coming to “%(topic)s”.")
        if accept
        else _("%(name)s cannot come to “%(topic)s”.")
    ) % {"name": name, "topic": invitation.group.topic}
    notify(
        recipient=invitation.group.organiser,
        verb=NotificationVerb.FOCUS_GROUP,
        actor=actor,
        target=invitation.group,
        message=message,
        url=invitation.group.get_absolute_url(),
    )
    return invitation


def split_themes(text):
    """Themes typed one per line or separated by commas."""
    return [part for part in re.split(r"[,\n\uff0c\u3001]", text or "") if part.strip()]


@transaction.atomic
def record_notes(*, actor, group, notes, themes, now=None):
    """Save the notes and the themes that came up; themes are replaced, not added to."""
    permissions.require(
        actor,
        rules.FOCUS_GROUP_RECORD_NOTES,
        group,
        message=_("Only the organiser records the notes."),
    )
    now = now or timezone.now()
    if group.meets_at > now:
        raise ValidationError(_("Record the notes once the group has met."), code="too_early")
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": _("Write what was discussed.")}, code="required")
    wanted = {}
    for raw in themes:
        name, key = normalise_theme(raw)
        if len(name) > THEME_MAX_LENGTH:
            raise ValidationError(
                {
                    "themes": _("Keep each theme under %(max)s characters: “%(theme)s”.")
                    % {"max": THEME_MAX_LENGTH, "theme": name[:30] + "…"}
                },
                code="too_long",
            )
        wanted.setdefault(key, name)
    if len(wanted) > MAX_THEMES:
        raise ValidationError(
            {"themes": _("Name at most %(max)s themes.") % {"max": MAX_THEMES}}, code="too_many"
        )
    group.notes = notes
    group.notes_recorded_at = group.notes_recorded_at or now
    group.save(update_fields=["notes", "notes_recorded_at"])
    group.themes.exclude(key__in=wanted).delete()
    for key, name in wanted.items():
        FocusGroupTheme.objects.update_or_create(group=group, key=key, defaults={"name": name})
    return group
