"""Reads for scorecard champions. Input is only ever read for its sender or its champion."""

from django.db.models import OuterRef, Prefetch, Q, Subquery

from feedback.models import ScorecardChampion, ScorecardInput, ScorecardMeeting
from portal.models import Profile, Team

TEAMS_PER_PAGE = 20


def championship_of(user):
    return ScorecardChampion.objects.filter(champion=user).select_related("team__site").first()


def open_meeting_of(team_id):
    return (
        ScorecardMeeting.objects.filter(team_id=team_id, status=ScorecardMeeting.Status.COLLECTING)
        .select_related("champion__profile", "team__site")
        .first()
    )


def teams_with_champions():
    """Every team with its champion, open meeting date and the members a manager can name."""
    open_meeting = ScorecardMeeting.objects.filter(
        team_id=OuterRef("pk"), status=ScorecardMeeting.Status.COLLECTING
    )
    return (
        Team.objects.select_related("site", "scorecard_champion__champion__profile")
        .annotate(
            open_meeting_on=Subquery(open_meeting.values("meets_on")[:1]),
            open_meeting_id=Subquery(open_meeting.values("pk")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Profile.objects.filter(user__is_active=True).order_by("display_name"),
                to_attr="active_members",
            )
        )
        .order_by("site__name", "name")
    )


def inputs_visible_to(meeting, user):
    """What this person may read of a meeting's input: what they sent, what was sent to them."""
    return (
        ScorecardInput.objects.filter(meeting=meeting)
        .filter(Q(sender=user) | Q(recipient=user))
        .select_related("sender__profile")
        .order_by("created_at", "pk")
    )


def outcomes_for_team(team_id, limit=5):
    return list(
        ScorecardMeeting.objects.filter(team_id=team_id, status=ScorecardMeeting.Status.PUBLISHED)
        .select_related("champion__profile")
        .order_by("-published_at")[:limit]
    )


def teams_without_champion():
    """Teams a manager still has to name a champion for."""
    return Team.objects.filter(scorecard_champion__isnull=True).select_related("site")
