from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from community.mentions import render_with_mentions
from portal.lists import join_list
from portal.models import Department, Role, Targeted
from portal.search import SearchIndex, search_vector_field

ANNOUNCEMENTS = "announcements"
NEW_STARTERS = "new-starters"
POST_TITLE_MAX_LENGTH = 200
POST_BODY_MAX_LENGTH = 10_000
MODERATION_REASON_MAX_LENGTH = 1_000
REPORT_DETAILS_MAX_LENGTH = 1_000
# Pinning is for the few things everyone must see this week, so the pile stays short.
MAX_PINNED = 5
# Like pinning: a highlight is for the few that teach the most.
MAX_HIGHLIGHTED = 5


# The built-in sections' names and descriptions as they come; stored in English and
# shown translated for as long as an administrator has not changed them.
BUILTIN_SECTION_NAMES = frozenset(
    {
        gettext_noop("Announcements"),
        gettext_noop("HR"),
        gettext_noop("Shift swaps"),
        gettext_noop("Lost and found"),
        gettext_noop("Recognition"),
        gettext_noop("Customer feedback"),
        gettext_noop("Tips and know-how"),
        gettext_noop("General"),
        gettext_noop("New starters"),
    }
)
BUILTIN_SECTION_DESCRIPTIONS = frozenset(
    {
        gettext_noop("News from leadership for the whole floor."),
        gettext_noop("Policies, payroll dates and benefits from HR."),
        gettext_noop("Offer a shift or ask someone to cover yours."),
        gettext_noop("Left something behind, or found something that isn't yours?"),
        gettext_noop("Thank a colleague and say what they did well."),
        gettext_noop(
            "Compliments and complaints the floor can learn from. Leave customer details out."
        ),
        gettext_noop("Shortcuts, workarounds and answers that help on calls."),
        gettext_noop("Everything else worth sharing with colleagues."),
        gettext_noop("Welcome new colleagues and read what they did in their first weeks."),
    }
)


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
        return self.label

    @property
    def label(self):
        """The name in the reader's language, for a built-in section left as it came."""
        if self.is_builtin and self.name in BUILTIN_SECTION_NAMES:
            return gettext(self.name)
        return self.name

    @property
    def shown_description(self):
        """The description in the reader's language, for a built-in one left as it came."""
        if self.is_builtin and self.description in BUILTIN_SECTION_DESCRIPTIONS:
            return gettext(self.description)
        return self.description

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
            "groups": join_list(groups),
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
    # The body as sanitised HTML (community.mentions.render_with_mentions), stored by the
    # services when the text is saved so that pages do not render Markdown on every view.
    body_html = models.TextField(blank=True, editable=False)
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
            # In the feed's own order, so the few pinned posts are read without
            # walking every post (PostgreSQL otherwise scans the whole feed index).
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(pinned=True),
                name="post_pinned_feed",
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

    @property
    def shown_title(self):
        """What names the post wherever a title is shown: its own title, else a kudos
        post's ``Kudos.title``; empty for any other post without a title.

        A list of posts loads ``kudos__recipient__profile`` along (select_related or
        prefetch), or this costs queries for each untitled post.
        """
        if self.title:
            return self.title
        kudos = getattr(self, "kudos", None)
        return kudos.title if kudos is not None else ""

    @property
    def takes_reactions(self):
        """A deleted post keeps its reactions but takes no new ones; who may react is
        the REACT rule, which adds that the person sees the post."""
        return not self.is_deleted

    @property
    def rendered_body(self):
        """The body as safe HTML: as stored, or rendered now for a row stored without it."""
        if self.body_html:
            # Sanitised by nh3 when it was stored; mark_safe adds nothing a person typed.
            return mark_safe(self.body_html)
        return render_with_mentions(self.body)


# Attachments ----------------------------------------------------------------------

# A post is something to read; a handful of files backs it up, more belongs elsewhere.
MAX_ATTACHMENTS = 4
ATTACHMENT_IMAGE_MAX_SIDE = 1600


def attachment_path(attachment, filename):
    # The name is random and its extension comes from the sniffed type (portal.uploads).
    return f"attachments/{filename}"


class PostAttachment(models.Model):
    """An image or document on a post, checked and renamed on the way in.

    Served only by ``community:attachment``, to people who may see the post; the
    original name is kept for display and as the download's name, never for storage.
    """

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        FILE = "file", _("File")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            # Positions 0 to MAX_ATTACHMENTS - 1, each once: the limit holds in the database.
            models.UniqueConstraint(fields=["post", "position"], name="attachment_position_unique"),
            models.CheckConstraint(
                condition=models.Q(position__lt=MAX_ATTACHMENTS),
                name="attachment_at_most_four_per_post",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["image", "file"]), name="attachment_kind_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="image")
                | models.Q(width__isnull=False, height__isnull=False),
                name="attachment_image_has_a_size",
            ),
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("community:attachment", args=[self.pk])

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE

    @property
    def icon(self):
        """A Bootstrap Icons name for the file's type."""
        extension = self.file.name.rsplit(".", 1)[-1]
        return {
            "pdf": "file-earmark-pdf",
            "docx": "file-earmark-word",
            "xlsx": "file-earmark-excel",
            "pptx": "file-earmark-ppt",
            "csv": "filetype-csv",
            "txt": "file-earmark-text",
        }.get(extension, "file-earmark")


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


COMMENT_BODY_MAX_LENGTH = 4_000


class Comment(models.Model):
    """A comment on a post, or a reply to one: threads are one level deep.

    The services attach a reply to a reply to the top-level comment, so ``parent``
    always points at a comment whose own ``parent`` is empty.
    """

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_comments",
        verbose_name=_("author"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    body = models.TextField(_("comment"), max_length=COMMENT_BODY_MAX_LENGTH)
    # The body as sanitised HTML (community.mentions.render_with_mentions), stored by the
    # services when the text is saved so that pages do not render Markdown on every view.
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
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

    search_vector = search_vector_field(body="B")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "created_at", "id"], name="comment_thread"),
            # Search takes the newest matches as candidates: with this, PostgreSQL walks
            # back from the newest comment for a common word instead of sorting every match.
            models.Index(fields=["-created_at", "-id"], name="comment_newest"),
            SearchIndex(fields=["search_vector"], name="comment_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="comment_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        # Every comment, so the anchor is there however long the thread has grown.
        return f"{self.post.get_absolute_url()}?comments=all#comment-{self.pk}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def rendered_body(self):
        """The body as safe HTML: as stored, or rendered now for a row stored without it."""
        if self.body_html:
            # Sanitised by nh3 when it was stored; mark_safe adds nothing a person typed.
            return mark_safe(self.body_html)
        return render_with_mentions(self.body)


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    THANKS = "thanks", _("Thanks")
    CELEBRATE = "celebrate", _("Celebrate")
    INSIGHTFUL = "insightful", _("Insightful")


REACTION_ICONS = {
    ReactionKind.LIKE: "hand-thumbs-up",
    ReactionKind.THANKS: "heart",
    ReactionKind.CELEBRATE: "trophy",
    ReactionKind.INSIGHTFUL: "lightbulb",
}


class Reaction(models.Model):
    """One person's reaction of one kind to a post; several kinds each are fine."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("reaction"), max_length=20, choices=ReactionKind)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            # Post and kind lead, so the same index serves the per-kind counts.
            models.UniqueConstraint(
                fields=["post", "kind", "user"], name="reaction_once_per_person_and_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReactionKind.values), name="reaction_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.post_id}"


SHIFT_SWAPS = "shift-swaps"
SWAP_OFFER_MESSAGE_MAX_LENGTH = 500


class ShiftSwap(models.Model):
    """A shift someone wants taken, carried by a post in the Shift swaps section.

    The post holds the text and who sees it; this row holds the shift and where the
    swap has got to. Times are stored as instants computed in the site's time zone.
    """

    class Wants(models.TextChoices):
        ANY = "any", _("Any shift in return")
        DAY = "day", _("A shift on a specific day")
        GIVEAWAY = "giveaway", _("Nothing: it's a giveaway")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        AWAITING_APPROVAL = "awaiting_approval", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Closed: the shift has started")

    # The states that still need something to happen; the rest are final.
    LIVE_STATES = (State.OPEN, State.AWAITING_APPROVAL)

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="swap")
    site = models.ForeignKey(
        "portal.Site", on_delete=models.PROTECT, related_name="+", verbose_name=_("site")
    )
    team = models.ForeignKey(
        "portal.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    shift_date = models.DateField(_("shift date"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    wants = models.CharField(_("wants in return"), max_length=20, choices=Wants)
    wanted_date = models.DateField(_("wanted day"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.OPEN)
    accepted_offer = models.ForeignKey(
        "SwapOffer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted offer"),
    )
    accepted_at = models.DateTimeField(_("offer accepted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or declined by"),
    )
    decided_at = models.DateTimeField(_("approved or declined at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("withdrawn or closed at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        indexes = [
            models.Index(fields=["state", "starts_at"], name="swap_state_starts"),
            models.Index(fields=["site", "state", "starts_at"], name="swap_site_state_starts"),
            models.Index(fields=["team", "state", "starts_at"], name="swap_team_state_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="swap_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(wants="day", wanted_date__isnull=False)
                | (~models.Q(wants="day") & models.Q(wanted_date__isnull=True)),
                name="swap_wanted_date_iff_specific_day",
            ),
            models.CheckConstraint(
                condition=models.Q(wants__in=["any", "day", "giveaway"]), name="swap_wants_known"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    state__in=[
                        "open",
                        "awaiting_approval",
                        "approved",
                        "declined",
                        "withdrawn",
                        "expired",
                    ]
                ),
                name="swap_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["awaiting_approval", "approved"])
                | models.Q(accepted_offer__isnull=False),
                name="swap_taken_has_an_accepted_offer",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["approved", "declined"])
                | models.Q(decided_at__isnull=False),
                name="swap_decision_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.team} {self.shift_date:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.post.get_absolute_url()

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()

    @property
    def current_state(self):
        """The state as people should see it: a live swap whose shift started is closed,
        even before the periodic task has written that down."""
        if self.state in self.LIVE_STATES and self.has_started:
            return self.State.EXPIRED
        return self.state

    @property
    def current_state_label(self):
        return self.State(self.current_state).label

    @property
    def is_open(self):
        return self.current_state == self.State.OPEN

    @property
    def is_awaiting_approval(self):
        return self.current_state == self.State.AWAITING_APPROVAL

    @property
    def state_tone(self):
        return {
            self.State.OPEN: "primary",
            self.State.AWAITING_APPROVAL: "warning",
            self.State.APPROVED: "success",
            self.State.DECLINED: "danger",
        }.get(self.current_state, "secondary")


class SwapOffer(models.Model):
    """A colleague's offer to take a swap's shift."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the poster")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Not chosen")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    swap = models.ForeignKey(ShiftSwap, on_delete=models.CASCADE, related_name="offers")
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="swap_offers",
        verbose_name=_("offered by"),
    )
    message = models.CharField(_("message"), max_length=SWAP_OFFER_MESSAGE_MAX_LENGTH, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.PENDING)
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("swap offer")
        verbose_name_plural = _("swap offers")
        constraints = [
            # A person may offer again only after withdrawing their earlier offer.
            models.UniqueConstraint(
                fields=["swap", "offered_by"],
                condition=~models.Q(state="withdrawn"),
                name="swap_offer_one_live_per_person",
            ),
            # Two people can never both get the same shift, whatever the code above does.
            models.UniqueConstraint(
                fields=["swap"],
                condition=models.Q(state="accepted"),
                name="swap_offer_one_accepted_per_swap",
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["pending", "accepted", "rejected", "withdrawn"]),
                name="swap_offer_state_known",
            ),
        ]

    def __str__(self):
        return f"{self.offered_by_id} → {self.swap_id}"


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

    @property
    def title(self):
        """The kudos post's name, as its feed card puts it: who for, and what for."""
        return gettext("Kudos for %(name)s: %(value)s") % {
            "name": self.recipient.profile.display_name,
            "value": self.get_value_display(),
        }


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


def current_week(moment=None):
    """The Monday of the week ``moment`` (default now) falls in, in the portal's time zone.

    Agent of the week is one award for the whole organisation, so the week is the
    organisation's, not each site's.
    """
    # Explicit: during a request the active zone is the viewer's, which would split the week.
    today = timezone.localdate(moment or timezone.now(), timezone.get_default_timezone())
    return today - timedelta(days=today.weekday())


# Team huddles ---------------------------------------------------------------------

HUDDLE_FOCUS_MAX_LENGTH = 300
HUDDLE_TEXT_MAX_LENGTH = 5_000
HUDDLE_QUESTION_MAX_LENGTH = 1_000
# A huddle is ten minutes on the floor: a handful of numbers is all anyone takes in.
MAX_HUDDLE_FIGURES = 6
HUDDLE_FIGURE_LABEL_MAX_LENGTH = 60
HUDDLE_FIGURE_VALUE_MAX_LENGTH = 40


class Huddle(models.Model):
    """A team's daily huddle: one per team per day (in the team's site's time zone)."""

    team = models.ForeignKey(
        "portal.Team", on_delete=models.CASCADE, related_name="huddles", verbose_name=_("team")
    )
    date = models.DateField(_("date"))
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("led by"),
    )
    focus = models.CharField(_("the day's focus"), max_length=HUDDLE_FOCUS_MAX_LENGTH)
    announcements = models.TextField(
        _("announcements"), max_length=HUDDLE_TEXT_MAX_LENGTH, blank=True
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("huddle")
        verbose_name_plural = _("huddles")
        constraints = [
            models.UniqueConstraint(fields=["team", "date"], name="huddle_one_per_team_per_day"),
            models.CheckConstraint(condition=~models.Q(focus=""), name="huddle_has_a_focus"),
        ]

    def __str__(self):
        return f"{self.team_id} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("huddles:detail", args=[self.pk])


class HuddleFigure(models.Model):
    """A number the leader shares ("Calls answered yesterday: 1,204"), in the order given."""

    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="figures")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=HUDDLE_FIGURE_LABEL_MAX_LENGTH)
    value = models.CharField(_("value"), max_length=HUDDLE_FIGURE_VALUE_MAX_LENGTH)

    class Meta:
        ordering = ["position"]
        verbose_name = _("huddle figure")
        verbose_name_plural = _("huddle figures")
        constraints = [
            models.UniqueConstraint(
                fields=["huddle", "position"], name="huddle_figure_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(position__lt=MAX_HUDDLE_FIGURES),
                name="huddle_figure_at_most_six",
            ),
            models.CheckConstraint(
                condition=~models.Q(label="") & ~models.Q(value=""),
                name="huddle_figure_label_and_value",
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.value}"


class HuddleQuestion(models.Model):
    """Asked by a team member before or during the huddle; answered by the leader."""

    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("question"), max_length=HUDDLE_QUESTION_MAX_LENGTH)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.TextField(_("answer"), max_length=HUDDLE_QUESTION_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("huddle question")
        verbose_name_plural = _("huddle questions")
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="huddle_question_not_empty"),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, answer="")
                | (models.Q(answered_at__isnull=False) & ~models.Q(answer="")),
                name="huddle_answer_with_a_date",
            ),
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def is_answered(self):
        return self.answered_at is not None


class HuddleAttendance(models.Model):
    """Someone who was there: checked in themselves, or ticked by the leader."""

    huddle = models.ForeignKey(Huddle, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("huddle attendance")
        verbose_name_plural = _("huddle attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["huddle", "person"], name="huddle_attendance_once_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person_id} at {self.huddle_id}"


# New-starter projects ---------------------------------------------------------------

# Someone is a new starter for this many weeks after their start date.
NEW_STARTER_WEEKS = 12
PROJECT_TITLE_MAX_LENGTH = 150
PROJECT_TEXT_MAX_LENGTH = 5_000
PROJECT_UPDATE_MAX_LENGTH = 2_000
PROJECT_MAX_CAPACITY = 10


class NewStarterProject(models.Model):
    """A small piece of real work a new starter can pick (an article to write, a process to try)."""

    title = models.CharField(_("title"), max_length=PROJECT_TITLE_MAX_LENGTH)
    description = models.TextField(_("what it is"), max_length=PROJECT_TEXT_MAX_LENGTH)
    impact = models.CharField(_("why it matters"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_starter_projects",
        verbose_name=_("owner"),
    )
    team = models.ForeignKey(
        "portal.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many new starters at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(PROJECT_MAX_CAPACITY)],
    )
    is_open = models.BooleanField(_("open to new starters"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("new-starter project")
        verbose_name_plural = _("new-starter projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=PROJECT_MAX_CAPACITY),
                name="project_capacity_in_range",
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="project_has_a_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])


class ProjectAssignment(models.Model):
    """A new starter on a project, with their buddy, until they finish or drop it."""

    class State(models.TextChoices):
        ACTIVE = "active", _("In progress")
        FINISHED = "finished", _("Finished")
        DROPPED = "dropped", _("Dropped")

    project = models.ForeignKey(
        NewStarterProject, on_delete=models.CASCADE, related_name="assignments"
    )
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="starter_projects"
    )
    buddy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="buddy_projects",
        verbose_name=_("buddy"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.ACTIVE)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    write_up = models.TextField(_("write-up"), max_length=PROJECT_TEXT_MAX_LENGTH, blank=True)
    post = models.OneToOneField(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="starter_project"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("project assignment")
        verbose_name_plural = _("project assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["starter"],
                condition=models.Q(state="active"),
                name="project_one_active_per_starter",
            ),
            models.UniqueConstraint(
                fields=["project", "starter"], name="project_assignment_once_per_starter"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["active", "finished", "dropped"]),
                name="project_assignment_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(buddy=models.F("starter")),
                name="project_buddy_is_not_the_starter",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="finished")
                | (models.Q(finished_at__isnull=False) & ~models.Q(write_up="")),
                name="project_finished_with_a_write_up",
            ),
        ]

    def __str__(self):
        return f"{self.starter_id} on {self.project_id}"

    def get_absolute_url(self):
        return self.project.get_absolute_url()

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE


class ProjectUpdate(models.Model):
    assignment = models.ForeignKey(
        ProjectAssignment, on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("update"), max_length=PROJECT_UPDATE_MAX_LENGTH)
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="project_update_not_empty"),
        ]

    def __str__(self):
        return self.body[:60]


# Cause groups -----------------------------------------------------------------------

GROUP_DESCRIPTION_MAX_LENGTH = 5_000
EVENT_TEXT_MAX_LENGTH = 3_000


class CauseGroup(models.Model):
    """A network such as mental health or LGBT+; its posts live in its own feed section."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("one line about the group"), max_length=200)
    description = models.TextField(
        _("description"), max_length=GROUP_DESCRIPTION_MAX_LENGTH, blank=True
    )
    icon = models.CharField(
        _("icon"),
        max_length=40,
        default="people",
        help_text=_("A Bootstrap Icons name, for example heart or globe."),
    )
    section = models.OneToOneField(
        Section, on_delete=models.PROTECT, related_name="cause_group", editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cause group")
        verbose_name_plural = _("cause groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", args=[self.slug])


class GroupMembership(models.Model):
    group = models.ForeignKey(CauseGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    is_representative = models.BooleanField(_("representative"), default=False)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        ordering = ["-is_representative", "joined_at", "pk"]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.group_id}"


class GroupEvent(models.Model):
    """A meeting of a group, in person or online; times are stored in UTC."""

    group = models.ForeignKey(CauseGroup, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("details"), max_length=EVENT_TEXT_MAX_LENGTH, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/London")
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link to join"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # RFC 5545 SEQUENCE: calendars replace their copy only when this goes up.
    sequence = models.PositiveIntegerField(default=0)
    # Kept, not deleted: calendar files must carry the cancellation to remove their copy.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("group event")
        verbose_name_plural = _("group events")
        indexes = [models.Index(fields=["group", "starts_at"], name="group_event_upcoming")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="group_event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~models.Q(place="", link=""), name="group_event_has_a_place_or_link"
            ),
            models.CheckConstraint(condition=~models.Q(title=""), name="group_event_has_a_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("groups:event", args=[self.group.slug, self.pk])

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None


class EventRsvp(models.Model):
    class Answer(models.TextChoices):
        GOING = "going", _("Going")
        NOT_GOING = "not_going", _("Not going")

    event = models.ForeignKey(GroupEvent, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_rsvp_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(answer__in=["going", "not_going"]),
                name="event_rsvp_answer_known",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.answer}"


# Characters of a calendar feed's token: secrets.token_urlsafe(32) gives 43.
CALENDAR_TOKEN_LENGTH = 43


class CalendarFeed(models.Model):
    """A person's secret address for calendar apps, which fetch it without signing in.

    One per person: the token opens both their own events and their groups' calendars,
    and making a new one retires the old at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Kept as it is, not hashed: the person copies the address from their settings again.
    token = models.CharField(max_length=CALENDAR_TOKEN_LENGTH, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(fields=["token"], name="calendar_feed_token_unique"),
            models.CheckConstraint(
                condition=Exact(Length("token"), CALENDAR_TOKEN_LENGTH),
                name="calendar_feed_token_full_length",
            ),
        ]

    def __str__(self):
        return f"calendar feed of {self.user_id}"
