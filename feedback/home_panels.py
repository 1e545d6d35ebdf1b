"""The listening channels' panels on the home page.

News on the ideas a person posted or supports; focus-group invitations waiting for their
answer and Q&A sessions still taking their questions.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from feedback.models import (
    FocusGroupInvitation,
    Idea,
    IdeaStatusChange,
    IdeaSupport,
    QandaSession,
)
from feedback.qanda_selectors import sessions_for
from portal import home

UPDATES_SHOWN = 5
RECENT_DAYS = 14
INVITATIONS_SHOWN = 3


@home.panel("idea_updates", template="feedback/home/_idea_updates.html", order=40)
def idea_updates(request):
    user = request.user
    supported = IdeaSupport.objects.filter(idea_id=OuterRef("idea_id"), user=user)
    # Two probes per recent change: "authored or supported" as a join on ideas would make
    # PostgreSQL hash every idea in the think tank for each home page.
    authored = Idea.objects.filter(pk=OuterRef("idea_id"), author=user)
    # Each idea once, with where it stands now: a change someone overtook is old news.
    overtaken = IdeaStatusChange.objects.filter(idea_id=OuterRef("idea_id")).filter(
        Q(changed_at__gt=OuterRef("changed_at"))
        | Q(changed_at=OuterRef("changed_at"), pk__gt=OuterRef("pk"))
    )
    updates = list(
        IdeaStatusChange.objects.filter(
            Exists(authored) | Exists(supported),
            ~Exists(overtaken),
            changed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
        )
        .select_related("idea")
        .order_by("-changed_at", "-pk")[:UPDATES_SHOWN]
    )
    if not updates:
        return None
    return {"updates": updates}


@home.panel("feedback_invitations", template="feedback/home/_invitations.html", order=35)
def invitations_waiting(request):
    """Focus-group invitations to answer, and Q&A sessions still taking the person's questions."""
    user = request.user
    now = timezone.now()
    to_answer = list(
        FocusGroupInvitation.objects.filter(
            person=user,
            response=FocusGroupInvitation.Response.PENDING,
            group__meets_at__gt=now,
        )
        .select_related("group")
        .order_by("group__meets_at", "pk")[:INVITATIONS_SHOWN]
    )
    sessions = list(
        sessions_for(user)
        .filter(status=QandaSession.Status.OPEN, scheduled_at__gt=now)
        .order_by("scheduled_at", "pk")[:INVITATIONS_SHOWN]
    )
    if not to_answer and not sessions:
        return None
    return {"focus_groups": to_answer, "sessions": sessions}
