"""The think tank's panel on the home page: news on the ideas a person posted or supports."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from feedback.models import IdeaStatusChange, IdeaSupport
from portal import home

UPDATES_SHOWN = 5
RECENT_DAYS = 14


@home.panel("idea_updates", template="feedback/home/_idea_updates.html", order=40)
def idea_updates(request):
    user = request.user
    supported = IdeaSupport.objects.filter(idea_id=OuterRef("idea_id"), user=user)
    updates = list(
        IdeaStatusChange.objects.filter(
            Q(idea__author=user) | Exists(supported),
            changed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
        )
        .select_related("idea")
        .order_by("-changed_at", "-pk")[:UPDATES_SHOWN]
    )
    if not updates:
        return None
    return {"updates": updates}
