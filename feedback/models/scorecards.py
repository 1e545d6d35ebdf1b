"""Scorecard champions: one per team, their meetings, the input they receive, the outcome.

Input is private between the person who sent it and the champion it was sent to:
managers and administrators do not see it in the product, and it is not in the
Django admin.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

INPUT_MAX_LENGTH = 4000
DECISION_MAX_LENGTH = 10_000


class ScorecardChampion(models.Model):
    team = models.OneToOneField(
        "portal.Team", on_delete=models.CASCADE, related_name="scorecard_champion"
    )
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecard_championships"
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    named_at = models.DateTimeField(_("named at"), auto_now=True)

    class Meta:
        ordering = ["team__name"]
        verbose_name = _("scorecard champion")
        verbose_name_plural = _("scorecard champions")

    def __str__(self):
        return f"{self.team}: {self.champion}"


class ScorecardMeeting(models.Model):
    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Collecting input")
        PUBLISHED = "published", _("Outcome published")

    team = models.ForeignKey("portal.Team", on_delete=models.CASCADE, related_name="+")
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    meets_on = models.DateField(_("meeting date"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.COLLECTING)
    decision = models.TextField(
        _("what the meeting decided"), max_length=DECISION_MAX_LENGTH, blank=True
    )
    decided_at = models.DateTimeField(_("decision recorded at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-meets_on", "-pk"]
        verbose_name = _("scorecard meeting")
        verbose_name_plural = _("scorecard meetings")
        constraints = [
            # A team collects input for one meeting at a time.
            models.UniqueConstraint(
                fields=["team"],
                condition=models.Q(status="collecting"),
                name="scorecard_one_open_meeting_per_team",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["collecting", "published"]),
                name="scorecard_meeting_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status="collecting")
                | (~models.Q(decision="") & models.Q(published_at__isnull=False)),
                name="scorecard_published_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.team} {self.meets_on}"

    def get_absolute_url(self):
        return reverse("feedback:scorecard_meeting", args=[self.pk])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class ScorecardInput(models.Model):
    meeting = models.ForeignKey(ScorecardMeeting, on_delete=models.CASCADE, related_name="inputs")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecard_inputs_sent"
    )
    # The champion it was sent to: if the team's champion changes, the input stays
    # between these two people.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorecard_inputs_received"
    )
    body = models.TextField(_("your input"), max_length=INPUT_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("scorecard input")
        verbose_name_plural = _("scorecard inputs")
        indexes = [models.Index(fields=["meeting", "recipient"], name="scorecard_input_inbox")]

    def __str__(self):
        return f"{self.meeting}: {self.pk}"
