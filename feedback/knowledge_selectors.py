"""Reads for the knowledge base pages, each a fixed number of queries however many articles."""

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone

from feedback import rules
from feedback.knowledge_services import needs_review
from feedback.models import Article, ArticleCategory, ArticleFlag, ArticleVersion
from portal import permissions
from portal.audiences import visible_to
from portal.search import search

VERSIONS_SHOWN = 10


def visible_articles(user):
    """The articles a person may read: their audience's, their own, and all for managers."""
    articles = Article.objects.all()
    if permissions.can(user, rules.SEE_ALL_REVIEWS):
        return articles
    if not user.is_authenticated:
        return articles.none()
    # Combined into one WHERE clause: the audience check stays a correlated EXISTS.
    return visible_to(articles, user) | articles.filter(owner_id=user.pk)


def _for_list(articles, today):
    return articles.select_related("category", "owner__profile", "verified_by__profile").annotate(
        overdue=ExpressionWrapper(Q(review_by__lt=today), output_field=BooleanField()),
    )


def article_list(user, *, category=None, attention_only=False, today=None):
    """Articles for the list, by title; ``attention_only`` keeps overdue and flagged ones."""
    today = today or timezone.localdate()
    articles = visible_articles(user)
    if category is not None:
        articles = articles.filter(category=category)
    if attention_only:
        articles = articles.filter(needs_review(today))
    return _for_list(articles, today).order_by(Lower("title"), "pk")


def search_articles(user, query, *, category=None, attention_only=False, today=None):
    """What matches ``query`` among the articles the person may read, best first."""
    today = today or timezone.localdate()
    articles = visible_articles(user)
    if category is not None:
        articles = articles.filter(category=category)
    if attention_only:
        articles = articles.filter(needs_review(today))
    found = search(articles, query, snippet_field="body", newest_first=("-updated_at", "-pk"))
    found.results = found.results.shape(lambda rows: _for_list(rows, today))
    return found


def article_for(user, pk, *, today=None):
    """One article with its open flags, answered flags and recent history (a few queries)."""
    today = today or timezone.localdate()
    flags = ArticleFlag.objects.select_related("raised_by__profile", "resolved_by__profile")
    return (
        _for_list(visible_articles(user), today)
        .select_related("created_by__profile")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=flags.filter(resolved_at__isnull=True).order_by("created_at", "pk"),
                to_attr="open_flags",
            ),
            Prefetch(
                "flags",
                queryset=flags.filter(resolved_at__isnull=False).order_by("-resolved_at", "-pk"),
                to_attr="answered_flags",
            ),
        )
        .get(pk=pk)
    )


def article_history(article, limit=VERSIONS_SHOWN):
    return list(
        ArticleVersion.objects.filter(article=article)
        .select_related("edited_by__profile")
        .order_by("-edited_at", "-pk")[:limit]
    )


def categories():
    return ArticleCategory.objects.order_by("name")


def categories_with_counts():
    return categories().annotate(article_count=Count("articles"))


def review_queue(user, *, everyone=False, today=None):
    """Articles that need attention: overdue or with open flags or questions.

    The person's own, or everybody's for managers when ``everyone`` is asked for. Open
    flags and questions are prefetched, so answering them happens on this page.
    """
    today = today or timezone.localdate()
    articles = Article.objects.filter(needs_review(today) | Q(open_question_count__gt=0))
    if not (everyone and permissions.can(user, rules.SEE_ALL_REVIEWS)):
        articles = articles.filter(owner_id=user.pk)
    open_flags = ArticleFlag.objects.filter(resolved_at__isnull=True).select_related(
        "raised_by__profile"
    )
    return (
        _for_list(articles, today)
        .prefetch_related(
            Prefetch(
                "flags", queryset=open_flags.order_by("created_at", "pk"), to_attr="open_flags"
            )
        )
        .order_by("-open_flag_count", "review_by", "pk")
    )


def knowledge_waiting_for(user, *, today=None):
    """Flagged and overdue articles waiting for ``user``: their own, or all for managers.

    For the managers' page. A queryset of ``Article`` (most open flags first, then the
    longest overdue) with ``category``, ``owner__profile`` loaded and these to show:
    ``open_flag_count``, ``open_question_count``, ``review_by`` and ``overdue`` (bool).
    Slice it for a panel; ``.count()`` gives the total.
    """
    today = today or timezone.localdate()
    articles = Article.objects.filter(needs_review(today))
    if not permissions.can(user, rules.SEE_ALL_REVIEWS):
        articles = articles.filter(owner_id=user.pk)
    return _for_list(articles, today).order_by("-open_flag_count", "review_by", "pk")
