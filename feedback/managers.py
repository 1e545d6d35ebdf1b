"""The "For managers" page: one panel per listening channel.

A channel adds its panel by writing a function that takes the manager and the weeks
shown (Mondays, oldest first) and returns a ``Panel`` (or None to stay hidden),
decorated with ``@panel(order=...)``, in a module that ``FeedbackConfig.ready``
imports (the think tank's is ``feedback.idea_panels``). ``weekly_counts`` turns any
queryset with a date into one grouped query per series. The page lays the panels out
in ``order`` and draws every ``Series`` as the same accessible bar chart.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

WEEKS_SHOWN = 12
# Bars are drawn with CSS classes sb-bar-0 … sb-bar-20 (a strict CSP forbids inline styles).
BAR_STEPS = 20

_providers = []


def panel(*, order):
    def decorator(provider):
        _providers.append((order, provider))
        _providers.sort(key=lambda pair: pair[0])
        return provider

    return decorator


@dataclass
class WaitingItem:
    title: str
    url: str
    detail: str = ""


@dataclass
class Series:
    label: str
    counts: list


@dataclass
class Panel:
    key: str
    title: str
    icon: str
    waiting_count: int
    waiting_label: str
    url: str
    waiting: list = field(default_factory=list)
    series: list = field(default_factory=list)


@dataclass
class Bar:
    week: object
    count: int
    step: int


def weeks_ending(today, count=WEEKS_SHOWN):
    """The Mondays of the last ``count`` weeks, oldest first, this week last."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def weekly_counts(queryset, date_field, weeks):
    """How many rows of ``queryset`` fall in each of ``weeks``: one grouped query."""
    start = timezone.make_aware(timezone.datetime.combine(weeks[0], timezone.datetime.min.time()))
    rows = (
        queryset.filter(**{f"{date_field}__gte": start})
        .annotate(week=TruncWeek(date_field))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {}
    for row in rows:
        week = row["week"]
        week = timezone.localdate(week) if hasattr(week, "tzinfo") else week
        found[week] = found.get(week, 0) + row["n"]
    return [found.get(week, 0) for week in weeks]


@dataclass
class Chart:
    weeks: list
    rows: list  # (Series, [Bar, ...])


def chart(panel_, weeks):
    """The panel's series as bars, each row on its own scale: the tallest bar is its peak."""
    rows = []
    for series in panel_.series:
        series.peak = max(series.counts, default=0)
        row = []
        for week, count in zip(weeks, series.counts, strict=True):
            step = round(count / series.peak * BAR_STEPS) if series.peak else 0
            # Anything at all shows as at least a sliver.
            row.append(Bar(week=week, count=count, step=max(step, 1) if count else 0))
        rows.append((series, row))
    return Chart(weeks=weeks, rows=rows)


def panels_for(user, *, today=None):
    """Every channel's panel for ``user``, in order, each with its chart."""
    weeks = weeks_ending(today or timezone.localdate())
    shown = []
    for _order, provider in _providers:
        found = provider(user, weeks)
        if found is not None:
            found.chart = chart(found, weeks)
            shown.append(found)
    return shown, weeks
