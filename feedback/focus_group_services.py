"""Changes to the weekly focus groups: scheduling, invitations, answers, notes and themes."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from feedback import rules
from feedback.focus_group_selectors import normalise_theme, seats_taken
from feedback.message_dates import moment_for
from feedback.models import FocusGroup, FocusGroupInvitation, FocusGroupTheme
from feedback.models.focus_groups import THEME_MAX_LENGTH
from portal import permissions
from portal.dates import TOO_FAR_AHEAD, too_far_ahead
from portal.models import NotificationVerb
from portal.notifications import notify

MAX_THEMES = 12


def meets_at_problem(meets_at, now):
    """Why ``meets_at`` cannot be a group's new time, or None when it can."""
    if meets_at is not None and too_far_ahead(meets_at, now):
        return TOO_FAR_AHEAD
    if meets_at is None or meets_at <= now:
        return _("Choose a date and time in the future.")
    return None


def _check_details(*, topic, place, size, meets_at, now, check_time=True, invited=0):
    """The cleaned topic and place, or every problem with the details at once.

    An edit that keeps the time passes ``check_time=False``: that time is still ahead,
    since only a group that has not met can be edited. ``invited`` is how many seats
    the list already takes, which a lowered size may not go below.
    """
    errors = {}
    topic, place = (topic or "").strip(), (place or "").strip()
    if not topic:
        errors["topic"] = _("Give the group a topic.")
    if not place:
        errors["place"] = _("Say where the group meets.")
    if check_time and (problem := meets_at_problem(meets_at, now)):
        errors["meets_at"] = problem
    if size is None or not 3 <= size <= 20:
        errors["size"] = _("Invite between 3 and 20 people.")
    elif size < invited:
        errors["size"] = ngettext(
            "%(count)s person is already invited and has not declined: choose %(count)s "
            "or more, or take people off the list first.",
            "%(count)s people are already invited and have not declined: choose %(count)s "
            "or more, or take people off the list first.",
            invited,
        ) % {"count": invited}
    if errors:
        raise ValidationError(errors)
    return topic, place


def create_group(*, actor, topic, meets_at, place, size=8, now=None):
    permissions.require(
        actor, rules.FOCUS_GROUPS_MANAGE, message=_("Only managers schedule focus groups.")
    )
    now = now or timezone.now()
    topic, place = _check_details(topic=topic, place=place, size=size, meets_at=meets_at, now=now)
    return FocusGroup.objects.create(
        topic=topic, meets_at=meets_at, place=place, size=size, organiser=actor
    )


def same_minute(one, other):
    # The form sends minutes only, so an untouched time arrives without its seconds.
    return one.replace(second=0, microsecond=0) == other.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Move:
    """Where and when a group was before an edit; None for what the edit kept."""

    meets_at: datetime | None
    place: str | None

    @property
    def moved(self):
        return self.meets_at is not None or self.place is not None


# Only what changed is named, so a new room does not read as a new time.
MOVED_FOR_INVITEES = {
    (True, True): gettext_lazy(
        "The focus group “%(topic)s” has moved from %(was_when)s at %(was_place)s to "
        "%(when)s at %(place)s. If this changes your answer, update it on the group's page."
    ),
    (True, False): gettext_lazy(
        "The focus group “%(topic)s” has moved from %(was_when)s to %(when)s. "
        "If this changes your answer, update it on the group's page."
    ),
    (False, True): gettext_lazy(
        "The focus group “%(topic)s” has moved from %(was_place)s to %(place)s. "
        "If this changes your answer, update it on the group's page."
    ),
}
MOVED_FOR_ORGANISER = {
    (True, True): gettext_lazy(
        "%(name)s moved your focus group “%(topic)s” from %(was_when)s at %(was_place)s to "
        "%(when)s at %(place)s."
    ),
    (True, False): gettext_lazy(
        "%(name)s moved your focus group “%(topic)s” from %(was_when)s to %(when)s."
    ),
    (False, True): gettext_lazy(
        "%(name)s moved your focus group “%(topic)s” from %(was_place)s to %(place)s."
    ),
}


def _move_notice(messages, *, person, group, was, **params):
    """The notice of a move for ``person``, both times on their own clock.

    Called inside ``notify``, which has switched to the person's language.
    """
    params |= {
        "topic": group.topic,
        "when": moment_for(person, group.meets_at),
        "place": group.place,
    }
    if was.meets_at is not None:
        params["was_when"] = moment_for(person, was.meets_at)
    if was.place is not None:
        params["was_place"] = was.place
    return messages[(was.meets_at is not None, was.place is not None)] % params


@transaction.atomic
def update_group(*, actor, group, topic, meets_at, place, size, now=None):
    """Change a group's details before it meets.

    Return (group, how many invitees were told, whether the organiser was told).
    Invitations, answers and notes stay as they are, so the size may not go below the
    seats the list already takes. Everyone on the list is told when the date, time or
    place changes, since that decides whether they can still come, and so is the
    organiser when another manager made the change; a new wording of the topic or a new
    size tells nobody. An organiser on their own list is told once, as the organiser.
    """
    # Only the group's row is locked: the organiser is read along for the notice.
    group = (
        FocusGroup.objects.select_for_update(of=("self",))
        .select_related("organiser__profile__site")
        .get(pk=group.pk)
    )
    permissions.require(
        actor, rules.FOCUS_GROUP_EDIT, group, message=_("Only managers change focus groups.")
    )
    now = now or timezone.now()
    if group.meets_at <= now:
        raise ValidationError(
            _("This group has already met, so it can no longer be changed."), code="past"
        )
    moved_time = meets_at is None or not same_minute(meets_at, group.meets_at)
    topic, place = _check_details(
        topic=topic,
        place=place,
        size=size,
        meets_at=meets_at,
        now=now,
        check_time=moved_time,
        # People invited by email may already take the list beyond the size (as the
        # group's page offers): only lowering the size is held to the list.
        invited=seats_taken(group) if size is not None and size < group.size else 0,
    )
    was = Move(
        meets_at=group.meets_at if moved_time else None,
        place=group.place if place != group.place else None,
    )
    group.topic, group.place, group.size = topic, place, size
    if moved_time:
        group.meets_at = meets_at
    group.save(update_fields=["topic", "place", "size", "meets_at"])
    if not was.moved:
        return group, 0, False
    told = _tell_invitees_of_the_move(actor=actor, group=group, was=was)
    return group, told, _tell_organiser_of_the_move(actor=actor, group=group, was=was)


def _tell_invitees_of_the_move(*, actor, group, was):
    """Tell the list of the move, but for its organiser.

    The organiser's own notice names who moved their group, which the invitees' does not.
    It goes to them whenever someone else made the move; a move of their own needs none.
    """
    told = 0
    invitees = (
        get_user_model()
        .objects.filter(focus_group_invitations__group=group)
        .exclude(pk=group.organiser_id)
    )
    for person in invitees.select_related("profile__site"):

        def moved(person=person):
            return _move_notice(MOVED_FOR_INVITEES, person=person, group=group, was=was)

        told += _tell(actor=actor, group=group, person=person, message=moved) is not None
    return told


def _tell_organiser_of_the_move(*, actor, group, was):
    """Tell the organiser that another manager moved their group; return whether told.

    ``notify`` tells nobody of their own doing, so an organiser moving their own group
    is not told.
    """
    organiser, mover = group.organiser, actor.profile.display_name

    def moved():
        return _move_notice(MOVED_FOR_ORGANISER, person=organiser, group=group, was=was, name=mover)

    told = _tell(
        actor=actor, group=group, person=organiser, message=moved, verb=NotificationVerb.FOCUS_GROUP
    )
    return told is not None


@transaction.atomic
def invite(*, actor, group, people, beyond_size=()):
    """Invite people; return how many are new.

    ``people`` (the proposal as the organiser adjusted it) take the seats left, and all or
    none are invited. ``beyond_size`` (people the organiser named by email) may take the
    list beyond the size, as the page says. The group's row is locked, as ``update_group``
    locks it, so a size lowered at the same moment is either counted here or counts these.
    """
    group = FocusGroup.objects.select_for_update().get(pk=group.pk)
    permissions.require(
        actor, rules.FOCUS_GROUP_INVITE, group, message=_("Only the organiser invites people.")
    )
    if group.meets_at <= timezone.now():
        raise ValidationError(_("This group has already met."), code="past")
    already = set(group.invitations.values_list("person_id", flat=True))
    taking_seats = _not_yet_invited(people, already)
    seats = max(group.size - seats_taken(group), 0)
    if len(taking_seats) > seats:
        raise ValidationError(_no_seats_for_them(seats), code="no_seats")
    new = taking_seats + _not_yet_invited(
        beyond_size, already | {person.pk for person in taking_seats}
    )
    FocusGroupInvitation.objects.bulk_create(
        [FocusGroupInvitation(group=group, person=person) for person in new],
        ignore_conflicts=True,
    )
    invited = get_user_model().objects.filter(pk__in=[person.pk for person in new])
    for person in invited.select_related("profile__site"):

        def invitation(person=person):
            return _(
                "You are invited to the focus group “%(topic)s” on %(when)s. Will you come?"
            ) % {"topic": group.topic, "when": moment_for(person, group.meets_at)}

        _tell(
            actor=actor,
            group=group,
            person=person,
            message=invitation,
            dedupe_key=f"focus-group-invitation:{group.pk}",
        )
    return len(new)


def _not_yet_invited(people, already):
    """``people`` without repeats and without those whose ids are in ``already``."""
    return [person for person in {p.pk: p for p in people}.values() if person.pk not in already]


def _no_seats_for_them(seats):
    if not seats:
        return _(
            "Every place already has an invitation, so nobody was invited. Raise the size, "
            "or invite people by email beyond it."
        )
    return ngettext(
        "Only %(count)s place is left, so nobody was invited: tick at most %(count)s "
        "person, or raise the size.",
        "Only %(count)s places are left, so nobody was invited: tick at most %(count)s "
        "people, or raise the size.",
        seats,
    ) % {"count": seats}


def _tell(*, actor, group, person, message, verb=NotificationVerb.INVITATION, dedupe_key=""):
    """Notify ``person`` about ``group``: invitees by default, its organiser with ``verb``."""
    return notify(
        recipient=person,
        verb=verb,
        actor=actor,
        target=group,
        message=message,
        url=group.get_absolute_url(),
        dedupe_key=dedupe_key,
    )


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
    template = (
        gettext_lazy("%(name)s is coming to “%(topic)s”.")
        if accept
        else gettext_lazy("%(name)s cannot come to “%(topic)s”.")
    )
    notify(
        recipient=invitation.group.organiser,
        verb=NotificationVerb.FOCUS_GROUP,
        actor=actor,
        target=invitation.group,
        message=lambda: template % {"name": name, "topic": invitation.group.topic},
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
