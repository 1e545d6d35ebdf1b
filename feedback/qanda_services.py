"""Changes to the quarterly Q&A: sessions, questions, upvotes, answers, the summary."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from feedback import rules, tasks
from feedback.message_dates import moment_for
from feedback.models import QandaInvitation, QandaSession, Question, QuestionVote
from feedback.qanda_selectors import is_taking_questions, summary_recipients
from portal import permissions
from portal.audiences import set_audience
from portal.dates import TOO_FAR_AHEAD, too_far_ahead
from portal.lists import join_list
from portal.models import NotificationVerb
from portal.notifications import notify

# How many questions one person may send in an hour, open and anonymous together.
QUESTIONS_PER_HOUR = 5
QUESTION_RATE_WINDOW = timedelta(hours=1)
INVITE_LIST_MAX = 500


def _required_text(value, field, message):
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message}, code="required")
    return text


def resolve_invitees(emails):
    """People for a list of email addresses; every address must belong to an active person."""
    wanted = sorted({email.strip().lower() for email in emails if email.strip()})
    if len(wanted) > INVITE_LIST_MAX:
        raise ValidationError(
            {"invitees": _("Invite at most %(max)s people.") % {"max": INVITE_LIST_MAX}},
            code="too_many",
        )
    people = list(get_user_model().objects.filter(email__in=wanted, is_active=True))
    missing = sorted(set(wanted) - {person.email for person in people})
    if missing:
        raise ValidationError(
            {
                "invitees": _("Nobody active has these addresses: %(emails)s")
                % {"emails": join_list(missing)}
            },
            code="unknown",
        )
    return people


@transaction.atomic
def create_session(
    *,
    actor,
    title,
    scheduled_at,
    panel,
    description="",
    sites=(),
    teams=(),
    roles=(),
    invitee_emails=(),
    now=None,
):
    permissions.require(actor, rules.QANDA_MANAGE, message=_("Only managers can plan a Q&A."))
    now = now or timezone.now()
    if too_far_ahead(scheduled_at, now):
        raise ValidationError({"scheduled_at": TOO_FAR_AHEAD}, code="too_far")
    if scheduled_at <= now:
        raise ValidationError(
            {"scheduled_at": _("Choose a date in the future: questions are asked before it.")},
            code="past",
        )
    invitees = resolve_invitees(invitee_emails)
    session = QandaSession.objects.create(
        title=_required_text(title, "title", _("Give the session a title.")),
        scheduled_at=scheduled_at,
        panel=_required_text(panel, "panel", _("Say who is on the panel.")),
        description=(description or "").strip(),
        organiser=actor,
        invite_only=bool(invitees),
    )
    if sites or teams or roles:
        set_audience(session, sites=sites, teams=teams, roles=roles)
    QandaInvitation.objects.bulk_create(
        QandaInvitation(session=session, person=person) for person in invitees
    )
    tasks.announce_qanda_session.delay_on_commit(session.pk)
    return session


@transaction.atomic
def update_session(*, actor, session, title, scheduled_at, panel, description="", now=None):
    """Change the title, date, panel or description of a session still taking questions."""
    permissions.require(actor, rules.QANDA_MANAGE, message=_("Only managers change a Q&A."))
    session = QandaSession.objects.select_for_update().get(pk=session.pk)
    if session.is_published:
        raise ValidationError(_("The summary is published; the session can no longer change."))
    now = now or timezone.now()
    if scheduled_at != session.scheduled_at and too_far_ahead(scheduled_at, now):
        raise ValidationError({"scheduled_at": TOO_FAR_AHEAD}, code="too_far")
    if scheduled_at != session.scheduled_at and scheduled_at <= now:
        raise ValidationError(
            {"scheduled_at": _("Choose a date in the future: questions are asked before it.")},
            code="past",
        )
    session.title = _required_text(title, "title", _("Give the session a title."))
    session.panel = _required_text(panel, "panel", _("Say who is on the panel."))
    session.scheduled_at = scheduled_at
    session.description = (description or "").strip()
    session.save(update_fields=["title", "panel", "scheduled_at", "description"])
    return session


def announce_session(*, session_id):
    """Invite the session's audience to send questions; safe to run twice (dedupe key)."""
    session = QandaSession.objects.get(pk=session_id)
    if not is_taking_questions(session):
        return 0
    told = 0
    recipients = summary_recipients(session).select_related("profile__site")
    for person in recipients.iterator(chunk_size=500):
        notify(
            recipient=person,
            verb=NotificationVerb.QANDA,
            actor=session.organiser,
            target=session,
            message=lambda person=person: (
                _("“%(session)s” is on %(when)s. Send your questions, openly or anonymously.")
                % {"session": session.title, "when": moment_for(person, session.scheduled_at)}
            ),
            url=session.get_absolute_url(),
            dedupe_key=f"qanda-planned:{session.pk}",
        )
        told += 1
    return told


def _count_question_towards_limit(actor):
    """Count a question against the sender's hourly limit, or refuse it.

    The counter is keyed by the person only, never by question or session, and
    expires after an hour: all it can ever tell is "this person sent N questions in
    the last hour", not which ones, so it does not undo an anonymous question.
    """
    key = f"feedback:qanda:questions-this-hour:{actor.pk}"
    cache.add(key, 0, timeout=int(QUESTION_RATE_WINDOW.total_seconds()))
    try:
        sent = cache.incr(key)
    except ValueError:
        # The key expired between add and incr: this is the first question of a new hour.
        cache.add(key, 1, timeout=int(QUESTION_RATE_WINDOW.total_seconds()))
        sent = 1
    if sent > QUESTIONS_PER_HOUR:
        raise ValidationError(
            _("You have sent %(count)s questions in the last hour. Please wait a while.")
            % {"count": QUESTIONS_PER_HOUR},
            code="rate_limited",
        )


def ask_question(*, actor, session, body, anonymous, now=None):
    """Send a question. An anonymous one is stored without any trace of the asker."""
    permissions.require(
        actor, rules.QANDA_ASK, session, message=_("This session is not taking questions.")
    )
    text = _required_text(body, "body", _("Write your question."))
    now = now or timezone.now()
    _count_question_towards_limit(actor)
    if anonymous:
        # Rounded to the hour so the time cannot be matched to a request log.
        return Question.objects.create(
            session=session,
            body=text,
            is_anonymous=True,
            author=None,
            created_at=now.replace(minute=0, second=0, microsecond=0),
        )
    return Question.objects.create(
        session=session, body=text, is_anonymous=False, author=actor, created_at=now
    )


def toggle_vote(*, actor, question):
    """Upvote a question, or take the upvote back; return whether the person now upvotes it."""
    permissions.require(
        actor, rules.QANDA_VOTE, question, message=_("Upvotes are closed for this question.")
    )
    deleted, _rows = QuestionVote.objects.filter(question=question, voter=actor).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter=actor)
    except IntegrityError:
        # A double click raced us: the database kept exactly one upvote.
        pass
    return True


def _tell_asker(question, *, actor, message):
    if question.author_id is None:
        return
    notify(
        recipient=question.author,
        verb=NotificationVerb.QANDA,
        actor=actor,
        target=question,
        message=message,
        url=question.get_absolute_url(),
    )


@transaction.atomic
def answer_question(*, actor, question, answer, in_writing=False, now=None):
    permissions.require(
        actor, rules.QANDA_ANSWER, question, message=_("Only managers record answers.")
    )
    now = now or timezone.now()
    if question.session.scheduled_at > now:
        raise ValidationError(
            _("Answers are recorded once the session has started."), code="too_early"
        )
    question.answer = _required_text(answer, "answer", _("Write the answer."))
    question.answered_in_writing = bool(in_writing)
    question.status = Question.Status.ANSWERED
    question.answered_by = actor
    question.answered_at = now
    question.save(
        update_fields=["answer", "answered_in_writing", "status", "answered_by", "answered_at"]
    )
    _tell_asker(
        question,
        actor=actor,
        message=lambda: (
            _("Your question “%(question)s” for “%(session)s” has an answer.")
            % {
                "question": Truncator(" ".join(question.body.split())).chars(80),
                "session": question.session.title,
            }
        ),
    )
    return question


@transaction.atomic
def carry_over(*, actor, question, to_session, now=None):
    """Move an unanswered question, with its upvotes, to a later session."""
    permissions.require(
        actor, rules.QANDA_CARRY_OVER, question, message=_("This question cannot be carried over.")
    )
    if question.session.scheduled_at > (now or timezone.now()):
        raise ValidationError(
            _("The session has not taken place yet; the question may still be answered in it."),
            code="too_early",
        )
    if to_session.pk == question.session_id or not is_taking_questions(to_session, now):
        raise ValidationError(
            {"to_session": _("Choose a later session that is still taking questions.")},
            code="closed",
        )
    moved = Question.objects.create(
        session=to_session,
        body=question.body,
        is_anonymous=question.is_anonymous,
        author=question.author,
        created_at=question.created_at,
        carried_over_from=question,
    )
    QuestionVote.objects.bulk_create(
        [QuestionVote(question=moved, voter_id=vote.voter_id) for vote in question.votes.all()],
        ignore_conflicts=True,
    )
    question.status = Question.Status.CARRIED_OVER
    question.save(update_fields=["status"])
    _tell_asker(
        question,
        actor=actor,
        message=lambda: (
            _("Your question was carried over to “%(session)s”.") % {"session": to_session.title}
        ),
    )
    return moved


@transaction.atomic
def remove_question(*, actor, question, reason):
    """Take an abusive or off-topic question out of the ranking, saying why in its place."""
    permissions.require(
        actor, rules.QANDA_REMOVE, question, message=_("Only waiting questions can be removed.")
    )
    question.removal_reason = _required_text(
        reason, "reason", _("Say why the question is removed; everyone sees the reason.")
    )
    question.status = Question.Status.REMOVED
    question.save(update_fields=["removal_reason", "status"])
    _tell_asker(
        question,
        actor=actor,
        message=lambda: (
            _("Your question for “%(session)s” was removed: %(reason)s")
            % {"session": question.session.title, "reason": question.removal_reason}
        ),
    )
    return question


@transaction.atomic
def publish_summary(*, actor, session, summary, now=None):
    """Publish what the session covered; its audience is told by a Celery task."""
    session = QandaSession.objects.select_for_update().get(pk=session.pk)
    permissions.require(
        actor, rules.QANDA_PUBLISH, session, message=_("This summary is already published.")
    )
    now = now or timezone.now()
    if session.scheduled_at > now:
        raise ValidationError(
            _("The session has not taken place yet; publish its summary afterwards."),
            code="too_early",
        )
    session.summary = _required_text(summary, "summary", _("Write the summary."))
    session.status = QandaSession.Status.PUBLISHED
    session.published_at = now
    session.save(update_fields=["summary", "status", "published_at"])
    tasks.announce_qanda_summary.delay_on_commit(session.pk)
    return session


def announce_summary(*, session_id):
    """Tell the session's audience the summary is out; safe to run twice (dedupe key)."""
    session = QandaSession.objects.get(pk=session_id)
    if not session.is_published:
        return 0
    told = 0
    for person in summary_recipients(session).select_related("profile").iterator(chunk_size=500):
        notify(
            recipient=person,
            verb=NotificationVerb.QANDA,
            actor=session.organiser,
            target=session,
            message=lambda: (
                _("The summary of “%(session)s” is published, with the answers.")
                % {"session": session.title}
            ),
            url=session.get_absolute_url(),
            dedupe_key=f"qanda-summary:{session.pk}",
        )
        told += 1
    return told
