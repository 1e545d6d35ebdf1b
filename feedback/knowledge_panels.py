"""The knowledge base's panel on the managers' page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.knowledge_selectors import knowledge_waiting_for
from feedback.managers import Panel, Series, WaitingItem, panel, weekly_counts
from feedback.models import Article, ArticleFlag

WAITING_SHOWN = 5


def _detail(article):
    if article.open_flag_count:
        return ngettext("%(count)s open flag", "%(count)s open flags", article.open_flag_count) % {
            "count": article.open_flag_count
        }
    return _("Review date passed")


@panel(order=50)
def knowledge_panel(user, weeks):
    waiting = knowledge_waiting_for(user)
    top = list(waiting[:WAITING_SHOWN])
    count = len(top) if len(top) < WAITING_SHOWN else waiting.count()
    return Panel(
        key="knowledge",
        title=_("Knowledge base"),
        icon="journal-bookmark",
        waiting_count=count,
        waiting_label=ngettext(
            "%(count)s article flagged or due for review",
            "%(count)s articles flagged or due for review",
            count,
        )
        % {"count": count},
        url=reverse("feedback:knowledge_queue"),
        waiting=[
            WaitingItem(
                title=article.title, url=article.get_absolute_url(), detail=_detail(article)
            )
            for article in top
        ],
        series=[
            Series(
                _("Flags and questions"),
                weekly_counts(ArticleFlag.objects.all(), "created_at", weeks),
            ),
            Series(
                _("Flags answered"),
                weekly_counts(
                    ArticleFlag.objects.filter(resolved_at__isnull=False), "resolved_at", weeks
                ),
            ),
            Series(
                _("Articles verified"),
                weekly_counts(
                    Article.objects.filter(verified_at__isnull=False), "verified_at", weeks
                ),
            ),
        ],
    )
