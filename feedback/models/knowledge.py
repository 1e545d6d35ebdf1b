"""The knowledge base: articles agents rely on, and the flags that keep them right."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Targeted
from portal.search import SearchIndex, search_vector_field

ARTICLE_TITLE_MAX_LENGTH = 160
ARTICLE_BODY_MAX_LENGTH = 40_000
CATEGORY_NAME_MAX_LENGTH = 80
FLAG_COMMENT_MAX_LENGTH = 2_000
FLAG_REPLY_MAX_LENGTH = 4_000
DEFAULT_REVIEW_INTERVAL_MONTHS = 6
MAX_REVIEW_INTERVAL_MONTHS = 36


class ArticleCategory(models.Model):
    """A shelf of the knowledge base, with how often its articles are checked."""

    name = models.CharField(_("name"), max_length=CATEGORY_NAME_MAX_LENGTH)
    review_interval_months = models.PositiveSmallIntegerField(
        _("review every (months)"),
        default=DEFAULT_REVIEW_INTERVAL_MONTHS,
        help_text=_("Confirming an article moves its review date this far ahead."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("knowledge base category")
        verbose_name_plural = _("knowledge base categories")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"), name="knowledge_category_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1)
                & Q(review_interval_months__lte=MAX_REVIEW_INTERVAL_MONTHS),
                name="knowledge_category_review_interval_range",
            ),
        ]

    def __str__(self):
        return self.name


class Article(Targeted):
    """A knowledge article: Markdown, one owner who keeps it right, a date to check it by.

    ``open_flag_count`` and ``open_question_count`` are kept by the services in the same
    transaction as the flags they count (recounted, never incremented blindly), so the
    list can show and filter "needs attention" without counting flags per row.
    """

    title = models.CharField(_("title"), max_length=ARTICLE_TITLE_MAX_LENGTH)
    body = models.TextField(_("article"), max_length=ARTICLE_BODY_MAX_LENGTH)
    category = models.ForeignKey(
        ArticleCategory,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("category"),
    )
    # Leavers are deactivated, not deleted; an owner is handed over before anyone is erased.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_articles",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    review_by = models.DateField(_("review by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    open_flag_count = models.PositiveIntegerField(_("open flags"), default=0)
    open_question_count = models.PositiveIntegerField(_("open questions"), default=0)
    search_vector = search_vector_field(title="A", body="B")

    class Meta:
        # Alphabetical as people read it: "Call recording" before "CRM is slow".
        ordering = [Lower("title"), "pk"]
        verbose_name = _("knowledge article")
        verbose_name_plural = _("knowledge articles")
        indexes = [
            models.Index(fields=["review_by"], name="article_review_by"),
            models.Index(fields=["owner", "review_by"], name="article_owner_review_by"),
            models.Index(F("category"), Lower("title"), name="article_category_lower_title"),
            models.Index(Lower("title"), F("id"), name="article_lower_title"),
            # Few articles are flagged at a time: the review queue reads only those.
            models.Index(
                fields=["owner"], condition=Q(open_flag_count__gt=0), name="article_flagged"
            ),
            SearchIndex(fields=["search_vector"], name="article_search"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(verified_by__isnull=False),
                name="article_verified_by_someone",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("feedback:knowledge_article", args=[self.pk])


class FlagKind(models.TextChoices):
    OUT_OF_DATE = "out_of_date", _("Out of date")
    WRONG = "wrong", _("Wrong")
    UNCLEAR = "unclear", _("Unclear")
    QUESTION = "question", _("A question")


class ArticleFlag(models.Model):
    """Someone saying an article is out of date, wrong or unclear, or asking about it.

    Open until the owner (or a manager) replies; the reply goes back to whoever raised it.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="flags", verbose_name=_("article")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="article_flags",
        verbose_name=_("raised by"),
    )
    kind = models.CharField(_("what is it?"), max_length=20, choices=FlagKind)
    comment = models.TextField(_("comment"), max_length=FLAG_COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    reply = models.TextField(_("reply"), max_length=FLAG_REPLY_MAX_LENGTH, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("article flag")
        verbose_name_plural = _("article flags")
        indexes = [
            models.Index(
                fields=["article", "created_at"],
                condition=Q(resolved_at__isnull=True),
                name="article_flag_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FlagKind.values), name="article_flag_kind"),
            models.CheckConstraint(condition=~Q(comment=""), name="article_flag_has_comment"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, reply="")
                | (Q(resolved_at__isnull=False) & ~Q(reply="")),
                name="article_flag_resolved_with_reply",
            ),
            # One open flag per person and article: a second click must not double the count.
            # Questions are not limited; a person may have several.
            models.UniqueConstraint(
                fields=["article", "raised_by"],
                condition=Q(resolved_at__isnull=True) & ~Q(kind=FlagKind.QUESTION),
                name="article_flag_one_open_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article}"

    @property
    def is_question(self):
        return self.kind == FlagKind.QUESTION

    @property
    def is_open(self):
        return self.resolved_at is None


class ArticleVersion(models.Model):
    """One saved state of an article (its first and every edit): who wrote it and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    title = models.CharField(max_length=ARTICLE_TITLE_MAX_LENGTH)
    body = models.TextField(max_length=ARTICLE_BODY_MAX_LENGTH)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-edited_at", "-pk"]
        indexes = [models.Index(fields=["article", "-edited_at"], name="article_version_history")]

    def __str__(self):
        return f"{self.title} ({self.edited_at:%Y-%m-%d %H:%M})"
