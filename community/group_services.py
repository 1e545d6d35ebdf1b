"""Everything that changes a cause group, its members and its events."""

import secrets
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from community import rules
from community import services as feed_services
from community.models import (
    EVENT_TEXT_MAX_LENGTH,
    GROUP_DESCRIPTION_MAX_LENGTH,
    CalendarFeed,
    CauseGroup,
    EventRsvp,
    GroupEvent,
    GroupMembership,
    Section,
)
from portal import permissions
from portal.dates import TOO_FAR_AHEAD, too_far_ahead
from portal.models import NotificationVerb
from portal.notifications import notify

# Below the built-in sections, should an administrator ever list them together.
GROUP_SECTION_POSITION = 500
# Paths under /groups/ that a group's slug must not take.
RESERVED_SLUGS = frozenset({"new"})
# 256 random bits, written in 43 URL-safe characters (CALENDAR_TOKEN_LENGTH).
CALENDAR_TOKEN_BYTES = 32


def _name(person):
    profile = getattr(person, "profile", None)
    return profile.display_name if profile else person.email


def _clean_group_text(*, summary, description):
    summary, description = (summary or "").strip(), (description or "").strip()
    errors = {}
    if not summary:
        errors["summary"] = _("Say in one line what the group is for.")
    if len(description) > GROUP_DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("Keep the description to %(limit)s characters.") % {
            "limit": GROUP_DESCRIPTION_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    return summary, description


def create_group(*, actor, name, summary, description="", icon="people", representatives=()):
    """A new group with its own feed section; ``representatives`` become its first members."""
    permissions.require(
        actor, rules.CREATE_GROUP, None, _("Only administrators create cause groups.")
    )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the group a name.")})
    summary, description = _clean_group_text(summary=summary, description=description)
    slug = slugify(name)[:70] or "group"
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-group"
    try:
        with transaction.atomic():
            section = Section.objects.create(
                name=name,
                slug=f"group-{slug}",
                description=summary,
                icon=icon or "people",
                position=GROUP_SECTION_POSITION,
            )
            group = CauseGroup.objects.create(
                name=name,
                slug=slug,
                summary=summary,
                description=description,
                icon=icon or "people",
                section=section,
            )
            GroupMembership.objects.bulk_create(
                GroupMembership(group=group, user=person, is_representative=True)
                for person in representatives
            )
    except IntegrityError:
        raise ValidationError(
            {"name": _("There is already a group called “%(name)s”.") % {"name": name}},
            code="duplicate",
        ) from None
    return group


@transaction.atomic
def edit_group(*, actor, group, summary, description="", icon="people"):
    permissions.require(
        actor, rules.EDIT_GROUP, group, _("Only the group's representatives edit it.")
    )
    summary, description = _clean_group_text(summary=summary, description=description)
    group.summary, group.description, group.icon = summary, description, icon or "people"
    group.save(update_fields=["summary", "description", "icon"])
    Section.objects.filter(pk=group.section_id).update(description=summary, icon=group.icon)
    return group


@transaction.atomic
def set_representative(*, actor, group, person, is_representative):
    """Administrators name representatives (joining them to the group) or stand them down."""
    permissions.require(
        actor,
        rules.NAME_REPRESENTATIVES,
        group,
        _("Only administrators name a group's representatives."),
    )
    if not is_representative:
        # Standing down keeps the membership; it never makes someone a member.
        return group.memberships.filter(user=person).update(is_representative=False)
    if not person.is_active:
        raise ValidationError(_("%(name)s has left.") % {"name": _name(person)})
    membership, _created = GroupMembership.objects.update_or_create(
        group=group, user=person, defaults={"is_representative": is_representative}
    )
    return membership


def representatives_of(group):
    return [
        membership.user
        for membership in group.memberships.filter(is_representative=True).select_related("user")
    ]


def join_group(*, user, group, now=None):
    """Join; joining twice changes nothing. Representatives hear about each new member once."""
    permissions.require(user, rules.JOIN_GROUP, group)
    membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"joined_at": now or timezone.now()}
    )
    if created:
        for representative in representatives_of(group):
            notify(
                recipient=representative,
                verb=NotificationVerb.GROUP_MEMBER,
                actor=user,
                target=group,
                message=lambda: (
                    _("%(name)s joined %(group)s") % {"name": _name(user), "group": group.name}
                ),
                url=group.get_absolute_url(),
                dedupe_key=f"group-joined:{group.pk}:{user.pk}",
            )
    return membership, created


@transaction.atomic
def leave_group(*, user, group):
    memberships = GroupMembership.objects.select_for_update().filter(group=group)
    mine = memberships.filter(user=user).first()
    if mine is None:
        return False
    if mine.is_representative and memberships.filter(is_representative=True).count() == 1:
        raise ValidationError(
            _(
                "You are the group's only representative. Ask an administrator to name "
                "another before you leave."
            ),
            code="last_representative",
        )
    mine.delete()
    return True


def post_in_group(*, author, group, body, title=""):
    permissions.require(author, rules.POST_IN_GROUP, group, _("Join the group to post in it."))
    return feed_services.create_post(author=author, section=group.section, title=title, body=body)


def _clean_event(*, title, description, starts_at, ends_at, time_zone, place, link, now):
    title, description = (title or "").strip(), (description or "").strip()
    place, link = (place or "").strip(), (link or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the event a title.")
    if len(description) > EVENT_TEXT_MAX_LENGTH:
        errors["description"] = _("Keep the details to %(limit)s characters.") % {
            "limit": EVENT_TEXT_MAX_LENGTH
        }
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = _("Choose a time zone from the list.")
    if ends_at <= starts_at:
        errors["end_time"] = _("The event must end after it starts.")
    if too_far_ahead(starts_at, now):
        errors["date"] = TOO_FAR_AHEAD
    elif starts_at < now:
        errors["date"] = _("The event cannot start in the past.")
    if not place and not link:
        errors["place"] = _("Say where it is, or give a link to join online (or both).")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": description,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "time_zone": time_zone,
        "place": place,
        "link": link,
    }


def create_event(*, actor, group, now=None, **fields):
    permissions.require(
        actor,
        rules.MANAGE_GROUP_EVENTS,
        group,
        _("Only the group's representatives arrange its events."),
    )
    now = now or timezone.now()
    cleaned = _clean_event(now=now, **fields)
    return GroupEvent.objects.create(
        group=group, created_by=actor, created_at=now, updated_at=now, **cleaned
    )


@transaction.atomic
def edit_event(*, actor, event, now=None, **fields):
    permissions.require(
        actor,
        rules.MANAGE_GROUP_EVENTS,
        event.group,
        _("Only the group's representatives arrange its events."),
    )
    now = now or timezone.now()
    if event.is_cancelled:
        raise ValidationError(_("This event has been called off; add a new one instead."))
    cleaned = _clean_event(now=now, **fields)
    for name, value in cleaned.items():
        setattr(event, name, value)
    event.updated_at = now
    event.sequence = F("sequence") + 1
    event.save()
    event.refresh_from_db(fields=["sequence"])
    return event


@transaction.atomic
def cancel_event(*, actor, event, now=None):
    """Call an event off; calendars that imported it drop it at their next refresh."""
    permissions.require(
        actor,
        rules.MANAGE_GROUP_EVENTS,
        event.group,
        _("Only the group's representatives arrange its events."),
    )
    if event.is_cancelled:
        return event
    now = now or timezone.now()
    event.cancelled_at = event.updated_at = now
    event.sequence = F("sequence") + 1
    event.save(update_fields=["cancelled_at", "updated_at", "sequence"])
    event.refresh_from_db(fields=["sequence"])
    return event


def rsvp(*, user, event, answer, now=None):
    """Going or not going; answering again changes the answer (one row per person)."""
    permissions.require(user, rules.RSVP, event)
    if answer not in EventRsvp.Answer.values:
        raise ValidationError(_("Answer going or not going."), code="unknown_answer")
    now = now or timezone.now()
    if event.is_cancelled:
        raise ValidationError(_("This event has been called off."), code="cancelled")
    if event.ends_at <= now:
        raise ValidationError(_("This event is over."), code="over")
    row, _created = EventRsvp.objects.update_or_create(
        event=event, user=user, defaults={"answer": answer, "answered_at": now}
    )
    return row


def issue_calendar_feed(*, user, now=None):
    """A new secret calendar address for the person; the one they had stops working at once.

    Returns the feed and whether it is the person's first.
    """
    permissions.require(user, rules.VIEW_GROUPS, None, _("You cannot subscribe to group events."))
    return CalendarFeed.objects.update_or_create(
        user=user,
        defaults={
            "token": secrets.token_urlsafe(CALENDAR_TOKEN_BYTES),
            "created_at": now or timezone.now(),
        },
    )
