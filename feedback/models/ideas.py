"""The think tank: ideas, who supports them, who read them, comments and status changes.

The figures an idea is ranked by (supporters, comments, unique readers) are kept on the
idea itself and changed with ``F()`` in the same transaction as the row they count, so
sorting thousands of ideas reads one table and an index instead of counting per row.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

IDEA_TITLE_MAX_LENGTH = 150
IDEA_TEXT_MAX_LENGTH = 5_000
IDEA_COMMENT_MAX_LENGTH = 3_000
STATUS_REPLY_MAX_LENGTH = 3_000


class IdeaCategory(models.TextChoices):
    CUSTOMERS = "customers", _("Customer experience")
    TOOLS = "tools", _("Systems and tools")
    PROCESS = "process", _("Processes and policies")
    TRAINING = "training", _("Training and knowledge")
    WELLBEING = "wellbeing", _("Wellbeing and workplace")
    OTHER = "other", _("Something else")


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


# Saying yes or no to an idea is owed an explanation that everyone can read.
STATUSES_NEEDING_A_REPLY = (IdeaStatus.PLANNED, IdeaStatus.DECLINED)
# Supporting an idea that is finished with changes nothing.
CLOSED_STATUSES = (IdeaStatus.DONE, IdeaStatus.DECLINED)


class Idea(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ideas",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=IDEA_TITLE_MAX_LENGTH)
    problem = models.TextField(_("the problem"), max_length=IDEA_TEXT_MAX_LENGTH)
    proposal = models.TextField(_("the proposal"), max_length=IDEA_TEXT_MAX_LENGTH)
    category = models.CharField(_("category"), max_length=20, choices=IdeaCategory)
    status = models.CharField(
        _("status"), max_length=20, choices=IdeaStatus, default=IdeaStatus.NEW
    )
    # The latest public reply; the full history is in IdeaStatusChange.
    status_reply = models.TextField(_("reply"), max_length=STATUS_REPLY_MAX_LENGTH, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    supporter_count = models.PositiveIntegerField(_("supporters"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    reader_count = models.PositiveIntegerField(_("unique readers"), default=0)
    # The combined score (feedback.idea_selectors.popularity) as of its last working out:
    # at once when the idea's figures change, and for every idea on a schedule as ideas
    # age. Stored so that "most popular" reads twenty rows of an index, not every idea.
    popularity = models.FloatField(_("score"), default=0, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_ideas",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        # Lists show live ideas only, so each sort has a partial index in its own order.
        indexes = [
            models.Index(
                fields=[field, "-id"],
                condition=models.Q(merged_into__isnull=True),
                name=f"idea_by_{name}",
            )
            for field, name in [
                ("-popularity", "score"),
                ("-created_at", "newest"),
                ("-supporter_count", "supporters"),
                ("-comment_count", "comments"),
                ("-reader_count", "readers"),
            ]
        ] + [
            models.Index(
                fields=["status", "-created_at"],
                condition=models.Q(merged_into__isnull=True),
                name="idea_by_status",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=IdeaStatus.values), name="idea_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=IdeaCategory.values), name="idea_category_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="idea_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True, merged_at__isnull=True)
                | models.Q(merged_into__isnull=False, merged_at__isnull=False),
                name="idea_merged_with_a_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=list(STATUSES_NEEDING_A_REPLY), status_reply=""),
                name="idea_planned_or_declined_with_a_reply",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:idea", args=[self.pk])

    @property
    def is_merged(self):
        return self.merged_into_id is not None

    @property
    def is_closed(self):
        return self.status in CLOSED_STATUSES

    @property
    def status_tone(self):
        """The badge colour of the status, the same on every page."""
        return {
            IdeaStatus.NEW: "secondary",
            IdeaStatus.UNDER_REVIEW: "info",
            IdeaStatus.PLANNED: "primary",
            IdeaStatus.DONE: "success",
            IdeaStatus.DECLINED: "danger",
        }[self.status]


class IdeaSupport(models.Model):
    """One person's support: one per person and idea, withdrawn by deleting it."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports"
    )
    created_at = models.DateTimeField(_("supported at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        indexes = [models.Index(fields=["created_at"], name="idea_support_created")]
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="idea_support_once_per_person"),
        ]

    def __str__(self):
        return f"{self.user_id} supports {self.idea_id}"


class IdeaReader(models.Model):
    """The first time a person opened an idea: readers are counted once each."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="readers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="idea_reader_once_per_person"),
        ]

    def __str__(self):
        return f"{self.user_id} read {self.idea_id}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="idea_comments",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"), max_length=IDEA_COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on an idea")
        verbose_name_plural = _("comments on ideas")
        indexes = [
            models.Index(fields=["idea", "created_at"], name="idea_comment_thread"),
            models.Index(fields=["created_at"], name="idea_comment_created"),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.idea.get_absolute_url()}#comment-{self.pk}"


class IdeaStatusChange(models.Model):
    """A manager moving an idea on, with the public reply everyone reads on the idea."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=IdeaStatus)
    to_status = models.CharField(_("to"), max_length=20, choices=IdeaStatus)
    reply = models.TextField(_("reply"), max_length=STATUS_REPLY_MAX_LENGTH, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(to_status__in=list(STATUSES_NEEDING_A_REPLY), reply=""),
                name="idea_status_change_reply_when_needed",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_status=models.F("to_status")),
                name="idea_status_change_changes",
            ),
        ]

    def __str__(self):
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"
