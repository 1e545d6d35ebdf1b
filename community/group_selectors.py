"""Reads for the cause-group pages, the calendar files and the home page."""

from datetime import timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from community.models import CalendarFeed, CauseGroup, EventRsvp, GroupEvent, GroupMembership

EVENTS_PER_PAGE = 20
# A calendar feed keeps recent events, so a subscriber's past week does not go blank.
FEED_PAST_DAYS = 90


def _for_person(groups, user, now):
    # Subqueries, not joins: joining members and events would multiply the rows per group.
    members = GroupMembership.objects.filter(group=OuterRef("pk"))
    mine = members.filter(user_id=user.pk)
    member_count = members.order_by().values("group").annotate(n=Count("pk")).values("n")
    upcoming = GroupEvent.objects.filter(
        group=OuterRef("pk"), ends_at__gt=now, cancelled_at__isnull=True
    ).order_by("starts_at")
    return groups.annotate(
        member_count=Coalesce(Subquery(member_count, output_field=IntegerField()), Value(0)),
        i_am_member=Exists(mine),
        i_represent=Exists(mine.filter(is_representative=True)),
        next_event_at=Subquery(upcoming.values("starts_at")[:1]),
    )


def groups_for(user, now=None):
    """Every group with its member count, the person's place in it and its next event."""
    return _for_person(CauseGroup.objects.all(), user, now or timezone.now()).order_by("name")


def group_for(user, slug, now=None):
    representatives = GroupMembership.objects.filter(is_representative=True).select_related(
        "user__profile"
    )
    groups = _for_person(CauseGroup.objects.select_related("section"), user, now or timezone.now())
    return groups.prefetch_related(
        Prefetch("memberships", queryset=representatives, to_attr="representative_memberships")
    ).get(slug=slug)


def _with_answers(events, user):
    mine = EventRsvp.objects.filter(event=OuterRef("pk"), user_id=user.pk)
    return events.select_related("group").annotate(
        going_count=Count("rsvps", filter=Q(rsvps__answer=EventRsvp.Answer.GOING), distinct=True),
        my_answer=Subquery(mine.values("answer")[:1]),
    )


def upcoming_events(group, user, now=None):
    events = GroupEvent.objects.filter(
        group=group, ends_at__gt=now or timezone.now(), cancelled_at__isnull=True
    )
    return _with_answers(events, user).order_by("starts_at", "pk")


def past_events(group, user, now=None):
    events = GroupEvent.objects.filter(group=group, ends_at__lte=now or timezone.now())
    return _with_answers(events, user).order_by("-starts_at", "-pk")


def event_for(user, group, pk):
    going = EventRsvp.objects.filter(answer=EventRsvp.Answer.GOING).select_related("user__profile")
    return (
        _with_answers(GroupEvent.objects.filter(group=group), user)
        .prefetch_related(Prefetch("rsvps", queryset=going, to_attr="going"))
        .get(pk=pk)
    )


def calendar_events(group, now=None):
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return GroupEvent.objects.filter(group=group, ends_at__gt=since).select_related("group")


def upcoming_group_events_for(user, days=14, now=None):
    """Events in the next ``days`` of the groups the person is in, or that they said they
    would go to; with the group, their answer and how many are going. One query."""
    now = now or timezone.now()
    member = GroupMembership.objects.filter(group=OuterRef("group_id"), user_id=user.pk)
    going = EventRsvp.objects.filter(
        event=OuterRef("pk"), user_id=user.pk, answer=EventRsvp.Answer.GOING
    )
    events = GroupEvent.objects.filter(
        ends_at__gt=now, starts_at__lt=now + timedelta(days=days), cancelled_at__isnull=True
    )
    events = events.filter(Q(Exists(member)) | Q(Exists(going)))
    return _with_answers(events, user).order_by("starts_at", "pk")


def feed_events(user, *, group=None, now=None):
    """The events a person's calendar feed carries, optionally of one ``group`` only.

    The events of the groups they are in, except those they said they will miss, and
    any event they said they are going to (as on the home page). Past ones of the last
    few months stay, and called-off ones too, so that calendars drop their copy.
    """
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    member = GroupMembership.objects.filter(group=OuterRef("group_id"), user_id=user.pk)
    answers = EventRsvp.objects.filter(event=OuterRef("pk"), user_id=user.pk)
    going = answers.filter(answer=EventRsvp.Answer.GOING)
    missing = answers.filter(answer=EventRsvp.Answer.NOT_GOING)
    events = GroupEvent.objects.filter(ends_at__gt=since)
    if group is not None:
        events = events.filter(group=group)
    events = events.filter((Q(Exists(member)) & ~Q(Exists(missing))) | Q(Exists(going)))
    return events.select_related("group").order_by("starts_at", "pk")


def calendar_feed_owner(token):
    """Whose calendar address ``token`` is, or None."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    return feed.user if feed else None


def calendar_feed_of(user):
    return CalendarFeed.objects.filter(user_id=user.pk).first()


def member_groups(user):
    return CauseGroup.objects.filter(memberships__user_id=user.pk).order_by("name")


def members_to_name(group):
    """Members who are not representatives yet, for the administrators' picker."""
    return (
        group.memberships.filter(is_representative=False, user__is_active=True)
        .select_related("user__profile")
        .order_by("user__profile__display_name")
    )
