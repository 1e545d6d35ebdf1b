from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Role, Targeted
from portal.search import SearchIndex, search_vector_field

ANNOUNCEMENTS = "announcements"
POST_TITLE_MAX_LENGTH = 200
POST_BODY_MAX_LENGTH = 10_000
MODERATION_REASON_MAX_LENGTH = 1_000
REPORT_DETAILS_MAX_LENGTH = 1_000
# Pinning is for the few things everyone must see this week, so the pile stays short.
MAX_PINNED = 5


class Section(Targeted):
    """A place in the feed (Announcements, Shift swaps, ...), with who may post in it.

    Posting is open to everyone who can see the section unless it names roles or a
    department; then a person who has one of the roles *or* belongs to the department
    may post. The audience (from ``Targeted``) says who sees the section at all.
    """

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=40,
        default="chat-dots",
        help_text=_("A Bootstrap Icons name, for example megaphone or arrow-left-right."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    posting_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department that may post"),
    )
    is_builtin = models.BooleanField(_("comes with Switchboard"), default=False, editable=False)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('community:index')}?section={self.slug}"

    @property
    def is_announcements(self):
        return self.slug == ANNOUNCEMENTS

    def posting_role_values(self):
        """The roles that may post; reads ``posting_roles`` so a prefetch is honoured."""
        return {row.role for row in self.posting_roles.all()}

    def who_may_post(self):
        """One sentence for the form and for the refusal, e.g. "Announcements: Manager, ..."."""
        labels = dict(Role.choices)
        groups = [str(labels[role]) for role in sorted(self.posting_role_values())]
        if self.posting_department_id:
            groups.append(
                gettext("%(department)s department") % {"department": self.posting_department}
            )
        if not groups:
            return gettext("Anyone who can see %(section)s may post in it.") % {
                "section": self.name
            }
        return gettext("Posting in %(section)s is open to: %(groups)s.") % {
            "section": self.name,
            "groups": ", ".join(groups),
        }


class SectionPostingRole(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="posting_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role)

    class Meta:
        verbose_name = _("role that may post")
        verbose_name_plural = _("roles that may post")
        constraints = [
            models.UniqueConstraint(fields=["section", "role"], name="section_posting_role_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="section_posting_role_known"
            ),
        ]

    def __str__(self):
        return self.get_role_display()


class Post(Targeted):
    """Something said in a section of the feed; its body is Markdown.

    A post is seen by whoever is in both its own audience and its section's
    audience, so choosing an audience can only narrow the section's, never widen it.
    """

    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="posts", verbose_name=_("section")
    )
    # Erasing a person erases what they wrote; leavers are deactivated, not deleted.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_posts",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=POST_TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(_("body"), max_length=POST_BODY_MAX_LENGTH)
    pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    # Hidden by a moderator: gone for everyone but moderators and the author.
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(
        _("why it is hidden"), max_length=MODERATION_REASON_MAX_LENGTH, blank=True
    )
    search_vector = search_vector_field(title="A", body="B")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="post_feed"),
            models.Index(fields=["section", "-created_at", "-id"], name="post_section_feed"),
            models.Index(
                fields=["-created_at"], condition=models.Q(pinned=True), name="post_pinned"
            ),
            SearchIndex(fields=["search_vector"], name="post_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(pinned=True, deleted_at__isnull=False),
                name="post_deleted_is_not_pinned",
            ),
            models.CheckConstraint(
                condition=~models.Q(pinned=True, hidden_at__isnull=False),
                name="post_hidden_is_not_pinned",
            ),
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True, hidden_reason="")
                | (models.Q(hidden_at__isnull=False) & ~models.Q(hidden_reason="")),
                name="post_hidden_with_a_reason",
            ),
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def get_absolute_url(self):
        return reverse("community:post", args=[self.pk])

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class PostView(models.Model):
    """The first time a person saw a post: "seen by N" and the unread marker."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post view")
        verbose_name_plural = _("post views")
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="post_view_once_per_person"),
        ]

    def __str__(self):
        return f"{self.user_id} saw {self.post_id}"


class ReportReason(models.TextChoices):
    OFFENSIVE = "offensive", _("Offensive or disrespectful")
    PERSONAL_DATA = "personal_data", _("Shares personal or customer data")
    SPAM = "spam", _("Spam or advertising")
    WRONG_SECTION = "wrong_section", _("In the wrong section")
    OTHER = "other", _("Something else")


class ReportResolution(models.TextChoices):
    HIDDEN = "hidden", _("Post hidden")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """Someone asking moderators to look at a post; open until a moderator resolves it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason)
    details = models.TextField(_("details"), max_length=REPORT_DETAILS_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=ReportResolution, blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(
                fields=["post", "created_at"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reported_by"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=ReportReason.values),
                name="report_reason_known",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True, resolution="")
                | models.Q(resolved_at__isnull=False, resolution__in=ReportResolution.values),
                name="report_resolved_with_a_resolution",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.post_id})"

    @property
    def is_open(self):
        return self.resolved_at is None


class ModerationKind(models.TextChoices):
    HIDE = "hide", _("Hid the post")
    RESTORE = "restore", _("Restored the post")
    DISMISS = "dismiss", _("Dismissed the reports")


class ModerationAction(models.Model):
    """What a moderator did to a post and why: the record moderators see on the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="moderation_actions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("action"), max_length=20, choices=ModerationKind)
    reason = models.TextField(_("reason"), max_length=MODERATION_REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        indexes = [
            models.Index(fields=["post", "-created_at"], name="moderation_action_post"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=ModerationKind.values),
                name="moderation_action_known",
            ),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.post_id})"
