"""The community's panels on the home page: swaps waiting for this person, the latest posts."""

from django.db.models import Count, Q
from django.utils import timezone

from community import selectors, swap_selectors
from community.models import ShiftSwap, SwapOffer
from portal import home

LATEST_POSTS = 5
SWAPS_SHOWN = 5


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
    floor = selectors.feed_for(request.user, limit=LATEST_POSTS)
    return {"posts": [*floor.pinned, *floor.posts][:LATEST_POSTS]}
