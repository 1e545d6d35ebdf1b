from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Role, Targeted

ANNOUNCEMENTS = "announcements"
POST_TITLE_MAX_LENGTH = 200
POST_BODY_MAX_LENGTH = 10_000
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
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(pinned=True, deleted_at__isnull=False),
                name="post_deleted_is_not_pinned",
            ),
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def get_absolute_url(self):
        return reverse("community:post", args=[self.pk])

    @property
    def is_deleted(self):
        return self.deleted_at is not None


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


# Structured posts -------------------------------------------------------------------
# Kudos, lost and found items and customer feedback are posts with a one-to-one
# extension, so they share the feed, audiences, edits and deletion with every post.

RECOGNITION = "recognition"
LOST_AND_FOUND = "lost-and-found"
CUSTOMER_FEEDBACK = "customer-feedback"
PHOTO_MAX_BYTES = 5 * 1024 * 1024


class KudosValue(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    CUSTOMER_HERO = "customer_hero", _("Customer hero")
    TEAM_PLAYER = "team_player", _("Team player")
    PROBLEM_SOLVER = "problem_solver", _("Problem solver")
    ABOVE_AND_BEYOND = "above_and_beyond", _("Above and beyond")
    GREAT_MENTOR = "great_mentor", _("Great mentor")


class Kudos(models.Model):
    """Thanks from the post's author to a colleague; the post's body is the message."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="kudos"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="kudos_received",
        verbose_name=_("recipient"),
    )
    value = models.CharField(_("value"), max_length=30, choices=KudosValue)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        indexes = [models.Index(fields=["recipient", "-post"], name="kudos_received")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__in=KudosValue.values), name="kudos_value_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_value_display()} → {self.recipient}"


class Nomination(models.Model):
    """A vote for a colleague as agent of the week; ``week`` is that week's Monday."""

    week = models.DateField(_("week starting"))
    nominee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nominations_received",
        verbose_name=_("nominee"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="nominations_made",
        verbose_name=_("nominated by"),
    )
    reason = models.TextField(_("why"), max_length=1000)
    created_at = models.DateTimeField(_("nominated at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["week", "nominee", "nominated_by"], name="nomination_once_per_week"
            ),
            models.CheckConstraint(
                condition=~models.Q(nominee=models.F("nominated_by")),
                name="nomination_not_yourself",
            ),
            models.CheckConstraint(
                condition=models.Q(week__iso_week_day=1), name="nomination_week_is_a_monday"
            ),
        ]

    def __str__(self):
        return f"{self.nominee} ({self.week:%Y-%m-%d})"


class AgentOfTheWeek(models.Model):
    """The colleague a manager picked from a week's nominations; one per week."""

    week = models.DateField(_("week starting"), unique=True)
    winner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agent_of_the_week",
        verbose_name=_("agent of the week"),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    citation = models.TextField(_("why they won"), max_length=1000)
    chosen_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    class Meta:
        ordering = ["-week"]
        verbose_name = _("agent of the week")
        verbose_name_plural = _("agents of the week")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(week__iso_week_day=1), name="agent_of_the_week_is_a_monday"
            ),
        ]

    def __str__(self):
        return f"{self.winner} ({self.week:%Y-%m-%d})"


def lost_item_photo_path(item, filename):
    return f"lost-and-found/{filename}"


class LostItem(models.Model):
    class Kind(models.TextChoices):
        LOST = "lost", _("Lost")
        FOUND = "found", _("Found")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RETURNED = "returned", _("Returned")

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="lost_item"
    )
    kind = models.CharField(_("lost or found"), max_length=10, choices=Kind)
    what = models.CharField(_("what"), max_length=120)
    where = models.CharField(_("where"), max_length=120)
    when = models.DateTimeField(_("when"))
    photo = models.ImageField(_("photo"), upload_to=lost_item_photo_path, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned to"),
    )

    class Meta:
        verbose_name = _("lost or found item")
        verbose_name_plural = _("lost and found items")
        indexes = [
            models.Index(fields=["-post"], condition=models.Q(state="open"), name="lost_item_open"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["lost", "found"]), name="lost_item_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(state="open", returned_at__isnull=True, returned_to__isnull=True)
                | models.Q(state="returned", returned_at__isnull=False),
                name="lost_item_returned_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.what}"

    @property
    def is_open(self):
        return self.state == self.State.OPEN


class Claim(models.Model):
    """A "that's mine" on a found item, or an "I found it" on a lost one."""

    item = models.ForeignKey(LostItem, on_delete=models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lost_item_claims",
        verbose_name=_("claimant"),
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("claimed at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(fields=["item", "claimant"], name="claim_once_per_person"),
        ]

    def __str__(self):
        return f"{self.claimant} → {self.item}"


class CustomerFeedback(models.Model):
    class Kind(models.TextChoices):
        COMPLIMENT = "compliment", _("Compliment")
        COMPLAINT = "complaint", _("Complaint")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        CHAT = "chat", _("Chat")
        SOCIAL = "social", _("Social media")
        IN_STORE = "in_store", _("In store")

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="customer_feedback"
    )
    kind = models.CharField(_("compliment or complaint"), max_length=20, choices=Kind)
    product = models.CharField(_("product"), max_length=80, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)
    highlighted = models.BooleanField(_("highlighted"), default=False)
    highlighted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("highlighted by"),
    )
    highlighted_at = models.DateTimeField(_("highlighted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer feedback")
        verbose_name_plural = _("customer feedback")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["compliment", "complaint"]),
                name="customer_feedback_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["phone", "email", "chat", "social", "in_store"]),
                name="customer_feedback_channel_known",
            ),
            models.CheckConstraint(
                condition=models.Q(highlighted=False) | models.Q(highlighted_at__isnull=False),
                name="customer_feedback_highlight_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_channel_display()})"
