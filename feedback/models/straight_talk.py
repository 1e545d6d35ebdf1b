"""Straight talk: a question on a recurring issue, the people who asked it, and the answer.

A request can come from an agent, or be raised by a manager from something another
channel holds (an idea today; a Q&A question or a focus-group theme later). That origin
is a generic relation so a new channel needs no new column.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STRAIGHT_TALK_TITLE_MAX_LENGTH = 150
STRAIGHT_TALK_TEXT_MAX_LENGTH = 3_000
STRAIGHT_TALK_ANSWER_MAX_LENGTH = 10_000


class StraightTalkRequest(models.Model):
    title = models.CharField(_("title"), max_length=STRAIGHT_TALK_TITLE_MAX_LENGTH)
    question = models.TextField(_("the question"), max_length=STRAIGHT_TALK_TEXT_MAX_LENGTH)
    # Who wrote it down: an agent asking, or a manager raising it for the floor.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    # Everyone who asked, the first asker included; kept with F() beside StraightTalkAsk.
    ask_count = models.PositiveIntegerField(_("people who asked"), default=0)
    origin_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    answer = models.TextField(_("answer"), max_length=STRAIGHT_TALK_ANSWER_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-ask_count", "-created_at", "-id"]
        verbose_name = _("straight-talk request")
        verbose_name_plural = _("straight-talk requests")
        indexes = [
            models.Index(
                fields=["-ask_count", "-created_at", "-id"],
                condition=models.Q(answered_at__isnull=True),
                name="straight_talk_waiting",
            ),
            models.Index(
                fields=["-answered_at", "-id"],
                condition=models.Q(answered_at__isnull=False),
                name="straight_talk_answered",
            ),
            models.Index(fields=["origin_type", "origin_id"], name="straight_talk_origin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, answer="")
                | (models.Q(answered_at__isnull=False) & ~models.Q(answer="")),
                name="straight_talk_answered_with_an_answer",
            ),
            models.CheckConstraint(
                condition=models.Q(origin_type__isnull=True, origin_id__isnull=True)
                | models.Q(origin_type__isnull=False, origin_id__isnull=False),
                name="straight_talk_origin_complete",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:straight_talk_detail", args=[self.pk])

    @property
    def is_answered(self):
        return self.answered_at is not None


class StraightTalkAsk(models.Model):
    """One person asking (first, or "me too"): once each, so the count means people."""

    request = models.ForeignKey(StraightTalkRequest, on_delete=models.CASCADE, related_name="asks")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="straight_talk_asks"
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("person asking")
        verbose_name_plural = _("people asking")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "user"], name="straight_talk_ask_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} asks {self.request_id}"
