"""Reads for the huddle pages and for the home page."""

from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from community.huddle_services import team_today
from community.models import Huddle, HuddleAttendance, HuddleQuestion
from portal.models import Team, User

HUDDLES_PER_PAGE = 20


def _count(rows):
    """A correlated COUNT of ``rows`` (filtered on the outer huddle), 0 when none."""
    counted = rows.order_by().values("huddle").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _with_counts(huddles):
    # Subqueries, not joins: joining questions and attendance would multiply the rows.
    questions = HuddleQuestion.objects.filter(huddle=OuterRef("pk"))
    return huddles.select_related("led_by__profile", "team__site").annotate(
        question_count=_count(questions),
        open_question_count=_count(questions.filter(answered_at__isnull=True)),
        attendance_count=_count(HuddleAttendance.objects.filter(huddle=OuterRef("pk"))),
    )


def todays_huddle_for(user, now=None):
    """The person's team's huddle today (in the team's time zone), or None.

    For the home page: the huddle with its figures and counts, three queries at most.
    """
    profile = getattr(user, "profile", None)
    if profile is None or profile.team_id is None:
        return None
    team = Team.objects.select_related("site").get(pk=profile.team_id)
    return (
        _with_counts(Huddle.objects.filter(team=team, date=team_today(team, now)))
        .annotate(
            checked_in=Exists(
                HuddleAttendance.objects.filter(huddle=OuterRef("pk"), person_id=user.pk)
            )
        )
        .prefetch_related("figures")
        .first()
    )


def team_huddles(team):
    """The team's huddles, newest first, each with its counts: one query per page."""
    return _with_counts(Huddle.objects.filter(team=team)).order_by("-date", "-pk")


def todays_huddle_of(team, now=None):
    return Huddle.objects.filter(team=team, date=team_today(team, now)).first()


def huddle_for(pk, viewer=None):
    """One huddle with everything its page shows, in a fixed number of queries."""
    questions = HuddleQuestion.objects.select_related("author__profile", "answered_by__profile")
    attendance = HuddleAttendance.objects.select_related("person__profile").order_by(
        "person__profile__display_name"
    )
    huddles = Huddle.objects.select_related("team__site", "led_by__profile").prefetch_related(
        "figures",
        Prefetch("questions", queryset=questions),
        Prefetch("attendance", queryset=attendance),
    )
    return huddles.get(pk=pk)


def team_members(team):
    return (
        User.objects.filter(is_active=True, profile__team=team)
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


def teams_overview(now=None):
    """Every team with today's huddle at its site, for managers looking across the floor."""
    teams = list(Team.objects.select_related("site").order_by("site__name", "name"))
    # Teams at one site share a day, so this is one condition per site, not per team.
    by_day = defaultdict(list)
    for team in teams:
        by_day[team_today(team, now)].append(team.pk)
    wanted = Q(pk__in=[])
    for day, team_ids in by_day.items():
        wanted |= Q(team_id__in=team_ids, date=day)
    today = {huddle.team_id: huddle for huddle in _with_counts(Huddle.objects.filter(wanted))}
    return [(team, today.get(team.pk)) for team in teams]
