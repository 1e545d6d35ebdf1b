"""Managers' figures: per briefing and per team, who received, read and acknowledged.

Definitions, the same on every page:

* **people**: everyone enrolled in the site's briefing that day (one delivery each);
  for an item, those of them the item's audience includes.
* **received**: their briefing email was sent (delivery state ``sent``).
* **read**: they opened the briefing in the portal (``read_at`` set).
* **acknowledged**: they pressed "I've read this" on the must-read item.

Every figure is counted by PostgreSQL in one ``GROUP BY team`` query, so the page costs
the same few queries for 10 people or 10,000. The team is the one copied onto the
delivery when it was enrolled, so the figures stay as they were that day.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from briefings.models import (
    Acknowledgement,
    Briefing,
    BriefingDelivery,
    BriefingEntry,
    BriefingItem,
    DeliveryState,
)
from briefings.selectors import briefing_order, with_audience
from portal import audiences
from portal.models import Notification, Team


def meant_for(item):
    """A filter on deliveries: the people ``item``'s audience includes.

    ``item.audience`` must be prefetched (``selectors.with_audience``); the placement is
    the one copied onto each delivery on the day.
    """
    return audiences.meant_for_q(
        item.audience,
        site="briefing__site_id",
        team="team_id",
        department="department_id",
        role="role",
    )


def _count(queryset):
    """A subquery counting ``queryset`` per outer row, 0 when there is none."""
    counted = queryset.order_by().values("briefing_id").annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def briefings_with_figures(*, site=None):
    """Every briefing, newest first, with its people, received, read and must-read counts."""
    deliveries = BriefingDelivery.objects.filter(briefing_id=OuterRef("pk"))
    briefings = Briefing.objects.select_related("site").annotate(
        people=_count(deliveries),
        received=_count(deliveries.filter(state=DeliveryState.SENT)),
        opened=_count(deliveries.filter(read_at__isnull=False)),
        must_read_count=_count(
            BriefingEntry.objects.filter(briefing_id=OuterRef("pk"), item__must_read=True)
        ),
    )
    if site is not None:
        briefings = briefings.filter(site=site)
    return briefings.order_by("-date", "site__name")


@dataclass
class Figures:
    people: int = 0
    received: int = 0
    read: int = 0
    acknowledged: int | None = None
    # Of those not acknowledged, the people still active: the ones a reminder can reach.
    waiting: int = 0

    @property
    def acknowledged_share(self):
        """Whole percent of the people meant for it, for a progress bar."""
        if not self.people or self.acknowledged is None:
            return 0
        return round(100 * self.acknowledged / self.people)


@dataclass
class TeamFigures:
    team: Team | None
    overall: Figures
    by_item: dict = field(default_factory=dict)


@dataclass
class ItemFigures:
    item: BriefingItem
    total: Figures
    by_team: list


@dataclass
class BriefingFigures:
    briefing: Briefing
    total: Figures
    teams: list
    items: list


def must_read_items(briefing):
    return list(
        briefing_order(
            with_audience(BriefingItem.objects.filter(entries__briefing=briefing, must_read=True))
        )
    )


def briefing_figures(briefing):
    """The figures of one briefing: overall and per team, and per must-read item and team."""
    items = must_read_items(briefing)
    sent, opened = Q(state=DeliveryState.SENT), Q(read_at__isnull=False)
    columns = {
        "people": Count("pk"),
        "received": Count("pk", filter=sent),
        "read": Count("pk", filter=opened),
    }
    for item in items:
        meant = meant_for(item)
        acknowledged = Exists(
            Acknowledgement.objects.filter(item_id=item.pk, person_id=OuterRef("person_id"))
        )
        columns[f"item_{item.pk}_people"] = Count("pk", filter=meant)
        columns[f"item_{item.pk}_received"] = Count("pk", filter=meant & sent)
        columns[f"item_{item.pk}_read"] = Count("pk", filter=meant & opened)
        columns[f"item_{item.pk}_acknowledged"] = Count("pk", filter=meant & Q(acknowledged))
        columns[f"item_{item.pk}_waiting"] = Count(
            "pk", filter=meant & ~Q(acknowledged) & Q(person__is_active=True)
        )
    rows = list(
        BriefingDelivery.objects.filter(briefing=briefing)
        .values("team_id")
        .annotate(**columns)
        .order_by()
    )
    teams = Team.objects.select_related("site").in_bulk(
        [row["team_id"] for row in rows if row["team_id"] is not None]
    )

    def figures(row, prefix=""):
        return Figures(
            people=row[f"{prefix}people"],
            received=row[f"{prefix}received"],
            read=row[f"{prefix}read"],
            acknowledged=row.get(f"{prefix}acknowledged"),
            waiting=row.get(f"{prefix}waiting", 0),
        )

    team_rows = sorted(
        (
            TeamFigures(
                team=teams.get(row["team_id"]),
                overall=figures(row),
                by_item={item.pk: figures(row, f"item_{item.pk}_") for item in items},
            )
            for row in rows
        ),
        # People without a team come last.
        key=lambda row: (row.team is None, row.team.name if row.team else ""),
    )

    def summed(pick):
        total = Figures(acknowledged=0)
        for row in team_rows:
            part = pick(row)
            total.people += part.people
            total.received += part.received
            total.read += part.read
            total.acknowledged += part.acknowledged or 0
            total.waiting += part.waiting
        return total

    overall = summed(lambda row: row.overall)
    overall.acknowledged = None
    item_figures = [
        ItemFigures(
            item=item,
            total=summed(lambda row, pk=item.pk: row.by_item[pk]),
            by_team=[
                (row.team, row.by_item[item.pk]) for row in team_rows if row.by_item[item.pk].people
            ],
        )
        for item in items
    ]
    return BriefingFigures(briefing=briefing, total=overall, teams=team_rows, items=item_figures)


def reminder_key(item, day):
    """Notification dedupe key: one reminder per person, item and (site-local) day."""
    return f"briefing-reminder:{item.pk}:{day.isoformat()}"


def unacknowledged(briefing, item):
    """The people of a briefing meant for a must-read item who have not acknowledged it."""
    return (
        BriefingDelivery.objects.filter(briefing=briefing, person__is_active=True)
        .filter(meant_for(item))
        .exclude(Exists(Acknowledgement.objects.filter(item=item, person_id=OuterRef("person_id"))))
    )


def not_yet_reminded(briefing, item, day):
    """Of those, the people not reminded about the item on ``day`` yet."""
    reminded = Notification.objects.filter(
        recipient_id=OuterRef("person_id"), dedupe_key=reminder_key(item, day)
    )
    return unacknowledged(briefing, item).exclude(Exists(reminded))


def unacknowledged_page_rows(briefing, item):
    """The list managers see, by team then name, with what is needed to show each row."""
    return (
        unacknowledged(briefing, item)
        .select_related("person__profile", "team")
        .order_by("team__name", "person__profile__display_name", "person_id")
    )
