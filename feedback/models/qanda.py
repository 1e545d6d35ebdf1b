"""Quarterly Q&A: sessions, the questions agents send in, and their upvotes.

How an anonymous question stays anonymous
-----------------------------------------
An anonymous ``Question`` is stored with ``author`` NULL and nothing else that names
the asker: no hash, no token, no session key. The database check constraint
``qanda_question_anonymous_has_no_author`` refuses any row that is anonymous and has
an author, so no later code path can fill it in. Nothing written when the question
is submitted names the asker either: no notification, no log line, no audit row. The
per-person limit on how many questions someone sends to a session is a counter in the
cache keyed by person and session, never by question (see ``qanda_services``).

The price is that nobody can recognise the question as theirs afterwards, the asker
included; the form says so before they send it, and the page they return to does not
carry the question's id in its address. What remains is the time it was sent, kept
only to the hour (``created_at`` is rounded down) so it cannot be lined up with a web
server's request log to the second.

What this does not cover: upvotes are stored per person (one each), so an asker who
upvotes their own question leaves the same row as any other upvoter, which says they
upvoted it, not that they asked it. And whoever runs the servers could still log
requests with the person attached at a proxy; the product itself never does.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Targeted

QUESTION_MAX_LENGTH = 1000
ANSWER_MAX_LENGTH = 10_000


class QandaSession(Targeted):
    """A quarterly Q&A: a date, a panel, who it is for and, optionally, who is invited."""

    class Status(models.TextChoices):
        OPEN = "open", _("Taking questions")
        PUBLISHED = "published", _("Summary published")

    title = models.CharField(_("title"), max_length=150)
    scheduled_at = models.DateTimeField(_("date and time"))
    panel = models.CharField(
        _("panel"),
        max_length=300,
        help_text=_("Who answers, for example: Gareth Price (Head of Customer Service), HR."),
    )
    description = models.TextField(_("what it is about"), max_length=4000, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invite_only = models.BooleanField(
        _("invited people only"),
        default=False,
        help_text=_("Only the people on the invitation list may see the session and ask."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    summary = models.TextField(_("summary"), max_length=ANSWER_MAX_LENGTH, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-scheduled_at", "-pk"]
        verbose_name = _("Q&A session")
        verbose_name_plural = _("Q&A sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["open", "published"]),
                name="qanda_session_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open") | models.Q(published_at__isnull=False),
                name="qanda_session_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:qanda_session", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class QandaInvitation(models.Model):
    """One person on a session's limited invitation list."""

    session = models.ForeignKey(QandaSession, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qanda_invitations"
    )

    class Meta:
        verbose_name = _("Q&A invitation")
        verbose_name_plural = _("Q&A invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="qanda_invitation_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.session}: {self.person}"


class Question(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        CARRIED_OVER = "carried_over", _("Carried over to the next session")
        REMOVED = "removed", _("Removed by a manager")

    session = models.ForeignKey(QandaSession, on_delete=models.CASCADE, related_name="questions")
    body = models.TextField(_("question"), max_length=QUESTION_MAX_LENGTH)
    is_anonymous = models.BooleanField(_("ask anonymously"), default=False)
    # NULL for every anonymous question (enforced below), and when an author is deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qanda_questions",
    )
    created_at = models.DateTimeField(_("sent at"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.WAITING)
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_in_writing = models.BooleanField(
        _("answered in writing"),
        default=False,
        help_text=_("The answer was written after the session rather than given in it."),
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    removal_reason = models.CharField(_("why it was removed"), max_length=300, blank=True)
    carried_over_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_over_to",
    )

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("Q&A question")
        verbose_name_plural = _("Q&A questions")
        indexes = [models.Index(fields=["session", "status"], name="qanda_question_by_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False) | models.Q(author__isnull=True),
                name="qanda_question_anonymous_has_no_author",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["waiting", "answered", "carried_over", "removed"]),
                name="qanda_question_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | ~models.Q(answer=""),
                name="qanda_question_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="removed") | ~models.Q(removal_reason=""),
                name="qanda_question_removed_has_reason",
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.session.get_absolute_url()}#question-{self.pk}"


class QuestionVote(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qanda_votes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Q&A upvote")
        verbose_name_plural = _("Q&A upvotes")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "voter"], name="qanda_vote_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.voter} ↑ {self.question_id}"
