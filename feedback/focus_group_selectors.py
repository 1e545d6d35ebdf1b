"""Reads for the weekly focus groups: lists, the rotating invitee proposal, hot topics."""

from collections import Counter
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import MD5, Cast, Concat, TruncMonth, TruncWeek
from django.utils import timezone

from feedback import rules
from feedback.models import FocusGroup, FocusGroupInvitation, FocusGroupTheme
from portal.models import Role

GROUPS_PER_PAGE = 20
# Someone who took part (or is invited) within this many weeks of a group is rested.
REST_WEEKS = 4
# The proposal mixes teams and sites from this many times the group size of the
# longest-rested agents, so it never reads the whole workforce into memory.
CANDIDATE_POOL_FACTOR = 10


def groups_for(user, now=None):
    """Managers see every group; everyone else the groups they were invited to.

    Upcoming groups come first, the soonest on top; then past ones, the latest first.
    """
    now = now or timezone.now()
    groups = FocusGroup.objects.select_related("organiser__profile").annotate(
        upcoming_at=Case(When(meets_at__gte=now, then=F("meets_at"))),
        invited_count=Count("invitations", distinct=True),
        accepted_count=Count(
            "invitations",
            filter=Q(invitations__response=FocusGroupInvitation.Response.ACCEPTED),
            distinct=True,
        ),
        theme_count=Count("themes", distinct=True),
    )
    groups = groups.order_by(F("upcoming_at").asc(nulls_last=True), "-meets_at", "-pk")
    if rules.is_manager(user):
        return groups
    mine = FocusGroupInvitation.objects.filter(group_id=OuterRef("pk"), person_id=user.pk)
    return groups.filter(Exists(mine)).annotate(my_response=Subquery(mine.values("response")[:1]))


def invitations_of(group):
    return group.invitations.select_related("person__profile__team__site").order_by(
        "person__profile__display_name"
    )


def themes_of(group):
    return group.themes.order_by("name")


def propose_invitees(group, *, rest_weeks=REST_WEEKS):
    """Agents to invite to ``group``: who has rested longest, mixed across teams and sites.

    1. Candidates are active agents with a team who are not on this group's list.
    2. Anyone invited (and not declined) to another group within ``rest_weeks`` before
       or after this one is rested, whatever they answered; anyone who took part less
       than ``rest_weeks`` ago is rested too.
    3. The rest are ranked: never taken part first, then the longest since they last
       took part; ties are broken by a hash of the group and the person, so the order
       is stable for one group but differs from week to week.
    4. Only the seats still free are proposed: the group's size less the people on
       its list who have not declined.
    5. From the top ``size * CANDIDATE_POOL_FACTOR``, seats are filled one at a time
       with the best-ranked person from the team, then the site, with the fewest
       people chosen so far, so a group of 8 from 10 teams gets 8 different teams,
       alternating between sites.
    """
    rest = timedelta(weeks=rest_weeks)
    took_part = FocusGroupInvitation.objects.filter(
        person_id=OuterRef("pk"),
        response=FocusGroupInvitation.Response.ACCEPTED,
        group__meets_at__lt=group.meets_at,
    )
    booked_nearby = (
        FocusGroupInvitation.objects.filter(
            person_id=OuterRef("pk"),
            group__meets_at__gt=group.meets_at - rest,
            group__meets_at__lt=group.meets_at + rest,
        )
        .exclude(response=FocusGroupInvitation.Response.DECLINED)
        .exclude(group_id=group.pk)
    )
    candidates = (
        get_user_model()
        .objects.filter(is_active=True, role=Role.AGENT, profile__team__isnull=False)
        .exclude(focus_group_invitations__group_id=group.pk)
        .annotate(
            last_took_part=Subquery(
                took_part.order_by("-group__meets_at").values("group__meets_at")[:1]
            ),
            booked=Exists(booked_nearby),
            shuffle=MD5(Concat(Value(f"{group.pk}:"), Cast("pk", CharField()))),
        )
        .filter(booked=False)
        .filter(Q(last_took_part__isnull=True) | Q(last_took_part__lte=group.meets_at - rest))
        .select_related("profile__team__site")
        .order_by(F("last_took_part").asc(nulls_first=True), "shuffle")
    )
    seats = seats_left(group)
    if seats == 0:
        return []
    pool = list(candidates[: group.size * CANDIDATE_POOL_FACTOR])
    chosen, per_team, per_site = [], Counter(), Counter()
    while pool and len(chosen) < seats:
        rank, person = min(
            enumerate(pool),
            key=lambda item: (
                per_team[item[1].profile.team_id],
                per_site[item[1].profile.team.site_id],
                item[0],
            ),
        )
        chosen.append(pool.pop(rank))
        per_team[person.profile.team_id] += 1
        per_site[person.profile.team.site_id] += 1
    return chosen


def seats_taken(group):
    """How many on the list may still come: someone who declined frees their seat."""
    return group.invitations.exclude(response=FocusGroupInvitation.Response.DECLINED).count()


def coming_count(group):
    """How many said they are coming: what an invitee sees of the others' answers."""
    return group.invitations.filter(response=FocusGroupInvitation.Response.ACCEPTED).count()


def seats_left(group):
    return max(group.size - seats_taken(group), 0)


def normalise_theme(name):
    """(display name, counting key): spaces collapsed; the key also folds case."""
    display = " ".join((name or "").split())
    return display, display.casefold()


PERIODS = {"week": TruncWeek, "month": TruncMonth}


def period_starts(period, count, now):
    """The first instant of each of the last ``count`` weeks or months, oldest first."""
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = []
    if period == "week":
        start -= timedelta(days=start.weekday())
        for back in range(count):
            starts.append(start - timedelta(weeks=back))
    else:
        start = start.replace(day=1)
        for _back in range(count):
            starts.append(start)
            start = (start - timedelta(days=1)).replace(day=1)
    return sorted(starts)


def hot_topics(*, period="week", count=8, now=None):
    """Themes raised in the last ``count`` weeks or months, those that keep coming back first.

    Returns (period starts, rows); each row has the theme's latest wording and row,
    how many groups raised it, in how many of the periods, when last, and a count per period.
    Two queries whatever the number of groups and themes.
    """
    now = now or timezone.now()
    starts = period_starts(period, count, now)
    trunc = PERIODS[period]
    themes = FocusGroupTheme.objects.filter(
        group__meets_at__gte=starts[0], group__meets_at__lte=now
    )
    latest = FocusGroupTheme.objects.filter(key=OuterRef("key")).order_by("-group__meets_at", "-pk")
    rows = list(
        themes.values("key")
        .annotate(
            times=Count("group", distinct=True),
            periods=Count(trunc("group__meets_at"), distinct=True),
            last_raised=Max("group__meets_at"),
            name=Subquery(latest.values("name")[:1]),
            # What "Raise as straight talk" links back to: the latest group that raised it.
            latest_theme_id=Subquery(latest.values("pk")[:1]),
        )
        .order_by("-periods", "-times", "key")
    )
    per_period = Counter()
    for row in themes.values("key", bucket=trunc("group__meets_at")).annotate(n=Count("group")):
        per_period[row["key"], timezone.localtime(row["bucket"]).date()] += row["n"]
    for row in rows:
        row["counts"] = [per_period[row["key"], start.date()] for start in starts]
        row["keeps_coming_back"] = row["periods"] >= 2
    return starts, rows


def focus_groups_needing_notes(manager, now=None):
    """Groups that have met without notes: the organiser's own, or any for an administrator."""
    if not rules.is_manager(manager):
        return FocusGroup.objects.none()
    now = now or timezone.now()
    groups = FocusGroup.objects.filter(meets_at__lte=now, notes_recorded_at__isnull=True)
    if manager.role != Role.ADMINISTRATOR:
        groups = groups.filter(organiser=manager)
    return groups.order_by("meets_at")


def attendance_by_month(*, since, now=None):
    """People who came to a focus group, per month of the group: {month: count}."""
    now = now or timezone.now()
    rows = (
        FocusGroupInvitation.objects.filter(
            response=FocusGroupInvitation.Response.ACCEPTED,
            group__meets_at__gte=since,
            group__meets_at__lte=now,
        )
        .annotate(month=TruncMonth("group__meets_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {timezone.localtime(row["month"]).date(): row["n"] for row in rows}
