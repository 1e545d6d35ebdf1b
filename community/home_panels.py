"""The community's panels on the home page: swaps waiting for this person, the latest posts."""

from django.db.models import Count, Q
from django.utils import timezone

from community import group_selectors, huddle_selectors, selectors, swap_selectors
from community.models import ShiftSwap, SwapOffer
from community.rules import leads_team
from portal import home

LATEST_POSTS = 5
SWAPS_SHOWN = 5
GROUP_EVENTS_SHOWN = 4


@home.panel("swaps", template="community/home/_swaps.html", order=30)
def swaps_waiting(request):
    """Offers on the person's own swaps to answer, and (for leaders) swaps to approve."""
    user = request.user
    to_approve = list(swap_selectors.awaiting_approval_by(user)[:SWAPS_SHOWN])
    to_answer = list(
        ShiftSwap.objects.filter(
            post__author=user,
            post__deleted_at__isnull=True,
            state=ShiftSwap.State.OPEN,
            starts_at__gt=timezone.now(),
        )
        .annotate(pending=Count("offers", filter=Q(offers__state=SwapOffer.State.PENDING)))
        .filter(pending__gt=0)
        .select_related("post", "site")
        .order_by("starts_at", "pk")[:SWAPS_SHOWN]
    )
    if not to_approve and not to_answer:
        return None
    return {"to_approve": to_approve, "to_answer": to_answer}


@home.panel("latest_posts", template="community/home/_latest_posts.html", order=60)
def latest_posts(request):
    return {"posts": selectors.latest_posts_for(request.user, limit=LATEST_POSTS)}


@home.panel("huddle", template="community/home/_huddle.html", order=20)
def todays_huddle(request):
    """The team's huddle today; a leader with none open yet is invited to open it."""
    huddle = huddle_selectors.todays_huddle_for(request.user)
    profile = getattr(request.user, "profile", None)
    if huddle is None and not (
        profile and profile.team_id and leads_team(request.user, profile.team_id)
    ):
        return None
    return {"huddle": huddle, "team_id": profile.team_id if profile else None}


@home.panel(
    "group_events", template="community/home/_group_events.html", order=50, column=home.SIDE
)
def upcoming_group_events(request):
    events = list(group_selectors.upcoming_group_events_for(request.user)[:GROUP_EVENTS_SHOWN])
    if not events:
        return None
    return {"events": events}
