"""The quarterly Q&A's panel on the managers' page."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.managers import Panel, Series, WaitingItem, panel, weekly_counts
from feedback.models import Question, QuestionVote
from feedback.qanda_selectors import qanda_waiting_for, sessions_to_publish

WAITING_SHOWN = 5


def _counted(queryset, top):
    return len(top) if len(top) < WAITING_SHOWN else queryset.count()


@panel(order=20)
def qanda_panel(user, weeks):
    questions = qanda_waiting_for(user)
    to_publish = sessions_to_publish(user)
    top_sessions = list(to_publish[:WAITING_SHOWN])
    top_questions = list(questions[:WAITING_SHOWN])
    session_count = _counted(to_publish, top_sessions)
    question_count = _counted(questions, top_questions)
    label = ngettext(
        "%(count)s question without an answer",
        "%(count)s questions without an answer",
        question_count,
    ) % {"count": question_count}
    if session_count:
        label += " · " + ngettext(
            "%(count)s summary to publish", "%(count)s summaries to publish", session_count
        ) % {"count": session_count}
    # Summaries first: publishing one is what tells every asker their answer.
    waiting = [
        WaitingItem(
            title=session.title,
            url=session.get_absolute_url(),
            detail=_("Summary to publish"),
        )
        for session in top_sessions
    ] + [
        WaitingItem(
            title=Truncator(question.body).chars(80),
            url=question.get_absolute_url(),
            detail=ngettext("%(count)s upvote", "%(count)s upvotes", n) % {"count": n},
        )
        for question in top_questions
        for n in [question.vote_count]
    ]
    return Panel(
        key="qanda",
        title=_("Quarterly Q&A"),
        icon="question-circle",
        waiting_count=question_count + session_count,
        waiting_label=label,
        url=reverse("feedback:qanda"),
        waiting=waiting[:WAITING_SHOWN],
        series=[
            Series(
                _("Questions asked"),
                # A carried-over question is the same question again, not a new one.
                weekly_counts(
                    Question.objects.filter(carried_over_from__isnull=True), "created_at", weeks
                ),
            ),
            Series(_("Upvotes"), weekly_counts(QuestionVote.objects.all(), "created_at", weeks)),
            Series(
                _("Questions answered"),
                weekly_counts(
                    Question.objects.filter(status=Question.Status.ANSWERED), "answered_at", weeks
                ),
            ),
        ],
    )
