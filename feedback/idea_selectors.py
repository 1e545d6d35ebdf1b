"""Reads for the think-tank pages: the ranked list, one idea, its comments and history."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, FloatField, OuterRef, Prefetch, Value
from django.db.models.functions import Cast, Greatest, Power
from django.utils.translation import gettext_lazy as _

from feedback.models import (
    Idea,
    IdeaComment,
    IdeaStatusChange,
    IdeaSupport,
    StraightTalkRequest,
)

# The combined score, in the words the list page uses to explain it.
SUPPORTER_WEIGHT = 3
COMMENT_WEIGHT = 2
READER_WEIGHT = 0.1
AGE_OFFSET_DAYS = 2
GRAVITY = 1.2


class AgeInDays(models.Func):
    """Days (with fractions) between ``created_at`` and ``now``, in the database."""

    output_field = FloatField()

    def __init__(self, field, now):
        super().__init__(field, Value(now, output_field=models.DateTimeField()))

    def as_sql(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        now_sql, now_params = compiler.compile(self.source_expressions[1])
        sql = f"(EXTRACT(EPOCH FROM ({now_sql} - {field_sql}))::double precision / 86400)"
        return sql, (*now_params, *field_params)

    def as_sqlite(self, compiler, connection, **extra):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        now_sql, now_params = compiler.compile(self.source_expressions[1])
        return f"(julianday({now_sql}) - julianday({field_sql}))", (*now_params, *field_params)


def _float(value):
    # Literals and EXTRACT would otherwise be PostgreSQL numerics, whose arithmetic and
    # power() are many times slower than double precision over thousands of rows.
    return Cast(value, FloatField())


def popularity(now):
    """(supporters * 3 + comments * 2 + readers * 0.1) / (age in days + 2) ^ 1.2.

    Every figure is on the idea's own row, so sorting by it reads one table once.
    """
    weight = _float(
        F("supporter_count") * SUPPORTER_WEIGHT + F("comment_count") * COMMENT_WEIGHT
    ) + _float(F("reader_count")) * _float(Value(READER_WEIGHT))
    age = Greatest(AgeInDays("created_at", now), _float(Value(0.0)))
    return models.ExpressionWrapper(
        weight / Power(age + _float(Value(AGE_OFFSET_DAYS)), _float(Value(GRAVITY))),
        output_field=FloatField(),
    )


@dataclass(frozen=True)
class Sort:
    key: str
    label: str
    order: tuple


SORTS = {
    sort.key: sort
    for sort in [
        Sort("popular", _("Most popular"), ("-popularity", "-id")),
        Sort("supporters", _("Most supporters"), ("-supporter_count", "-id")),
        Sort("comments", _("Most comments"), ("-comment_count", "-id")),
        Sort("readers", _("Most readers"), ("-reader_count", "-id")),
        Sort("newest", _("Newest first"), ("-created_at", "-id")),
        Sort("oldest", _("Oldest first"), ("created_at", "id")),
    ]
}
DEFAULT_SORT = "popular"


def live_ideas():
    """Ideas that stand on their own: a merged idea lives on in the one it joined."""
    return Idea.objects.filter(merged_into__isnull=True)


def ideas_for(user, *, status="", category="", site=None, sort=DEFAULT_SORT):
    """The ranked list: two queries per page (count and rows) however many ideas.

    "Most popular" is the stored score (``Idea.popularity``), so a page reads twenty rows
    of its index rather than working out every idea's score.
    """
    ideas = live_ideas()
    if status:
        ideas = ideas.filter(status=status)
    if category:
        ideas = ideas.filter(category=category)
    if site is not None:
        ideas = ideas.filter(author__profile__site=site)
    # The authors come in a second query: joining them before the sort would make
    # PostgreSQL join every idea to rank a page of twenty.
    ideas = ideas.prefetch_related(
        Prefetch("author", queryset=get_user_model().objects.select_related("profile__site"))
    ).annotate(
        score=F("popularity"),
        supported_by_me=Exists(IdeaSupport.objects.filter(idea=OuterRef("pk"), user_id=user.pk)),
    )
    return ideas.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]).order)


def idea_for(user, pk):
    """One idea with what its page shows, or ``Idea.DoesNotExist``."""
    return (
        Idea.objects.select_related("author__profile__site", "merged_into")
        .annotate(
            score=F("popularity"),
            supported_by_me=Exists(
                IdeaSupport.objects.filter(idea=OuterRef("pk"), user_id=user.pk)
            ),
        )
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=IdeaComment.objects.select_related("author__profile"),
                to_attr="comment_list",
            ),
            Prefetch(
                "status_changes",
                queryset=IdeaStatusChange.objects.select_related("changed_by__profile"),
                to_attr="history",
            ),
            Prefetch(
                "merged_ideas",
                queryset=Idea.objects.select_related("author__profile").order_by("merged_at"),
                to_attr="merged_list",
            ),
        )
        .get(pk=pk)
    )


def straight_talk_from(idea):
    """Straight-talk requests a manager raised from ``idea``."""
    origin_type = ContentType.objects.get_for_model(Idea)
    return list(StraightTalkRequest.objects.filter(origin_type=origin_type, origin_id=idea.pk))


def idea_by_number(pk):
    """A live idea by its number (for "merge into #…"), or None."""
    if not pk:
        return None
    return live_ideas().filter(pk=pk).first()


def ideas_to_review():
    """Ideas nobody has looked at yet, most supported first: the managers' queue."""
    return live_ideas().filter(status="new").order_by("-supporter_count", "created_at", "id")
