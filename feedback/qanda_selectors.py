"""Reads for the quarterly Q&A pages, each with a flat number of queries."""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from feedback import rules
from feedback.models import QandaInvitation, QandaSession, Question, QuestionVote
from portal.audiences import MeantFor, people_meant_for

SESSIONS_PER_PAGE = 20


def is_taking_questions(session, now=None):
    """Questions are taken until the session starts, and never after its summary is out."""
    now = now or timezone.now()
    return (
        session is not None
        and session.status == QandaSession.Status.OPEN
        and session.scheduled_at > now
    )


def sessions_for(user):
    """Sessions the person may see: managers all; others by invitation, or by audience."""
    sessions = QandaSession.objects.all()
    if not user.is_authenticated or not user.is_active:
        return sessions.none()
    if rules.is_manager(user):
        return sessions
    invited = QandaInvitation.objects.filter(session_id=OuterRef("pk"), person_id=user.pk)
    return sessions.filter(
        Q(invite_only=True, pk__in=invited.values("session_id"))
        | Q(invite_only=False) & Q(MeantFor(F("audience_id"), user=user))
    )


def session_list_for(user, *, upcoming, now=None):
    now = now or timezone.now()
    sessions = sessions_for(user).annotate(
        question_count=Count("questions", distinct=True),
        answered_count=Count(
            "questions", filter=Q(questions__status=Question.Status.ANSWERED), distinct=True
        ),
    )
    if upcoming:
        return sessions.filter(scheduled_at__gt=now).order_by("scheduled_at", "pk")
    return sessions.filter(scheduled_at__lte=now).order_by("-scheduled_at", "-pk")


def questions_in(session, user):
    """The session's questions, most upvoted first, with whether this person upvoted each."""
    return (
        Question.objects.filter(session=session)
        .select_related("author__profile", "answered_by__profile", "carried_over_to__session")
        .annotate(
            vote_count=Count("votes"),
            voted=Exists(QuestionVote.objects.filter(question_id=OuterRef("pk"), voter_id=user.pk)),
        )
        .order_by("-vote_count", "pk")
    )


def sessions_open_for_carry_over(session, now=None):
    """Later sessions still taking questions, where an unanswered question can go."""
    now = now or timezone.now()
    return (
        QandaSession.objects.filter(status=QandaSession.Status.OPEN, scheduled_at__gt=now)
        .exclude(pk=session.pk)
        .order_by("scheduled_at", "pk")
    )


def qanda_waiting_for(manager, now=None):
    """Questions a manager should deal with: asked for a session that has been held and
    still without an answer (to answer in writing or carry over). Most upvoted first."""
    if not rules.is_manager(manager):
        return Question.objects.none()
    now = now or timezone.now()
    return (
        Question.objects.filter(status=Question.Status.WAITING, session__scheduled_at__lte=now)
        .select_related("session")
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "session__scheduled_at", "pk")
    )


def sessions_to_publish(manager, now=None):
    """Held sessions whose summary is not out yet."""
    if not rules.is_manager(manager):
        return QandaSession.objects.none()
    now = now or timezone.now()
    return QandaSession.objects.filter(
        status=QandaSession.Status.OPEN, scheduled_at__lte=now
    ).order_by("scheduled_at")


def summary_recipients(session):
    """Who hears about the summary: the invitation list, or else the session's audience."""
    if session.invite_only:
        return people_meant_for(None).filter(qanda_invitations__session=session)
    return people_meant_for(session.audience)


def engagement_by_month(*, since):
    """Questions asked and upvotes given per month since ``since``: {month: (questions, upvotes)}.

    Two queries; months without any activity are left out.
    """
    questions = dict(
        Question.objects.filter(created_at__gte=since, carried_over_from__isnull=True)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    upvotes = dict(
        QuestionVote.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return {
        month.date(): (questions.get(month, 0), upvotes.get(month, 0))
        for month in sorted(set(questions) | set(upvotes))
    }
