"""What the marketing calendar and the briefing's "Coming up" section read."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from briefings import rules
from briefings.models import Campaign
from portal.permissions import has_role

# A briefing lists campaigns starting on its date or up to this many days later: one that
# starts exactly a week after the briefing is included, so every campaign is announced
# in at least one briefing a full week ahead (given a briefing every day).
COMING_UP_DAYS = 7


def _with_details(queryset):
    return queryset.select_related("department", "author__profile").prefetch_related(
        "channels", "sites"
    )


def _for_site(queryset, site_id):
    """Campaigns for every site (no sites chosen) or for this one."""
    chosen_sites = Campaign.sites.through.objects.filter(campaign_id=OuterRef("pk"))
    return queryset.filter(~Exists(chosen_sites) | Exists(chosen_sites.filter(site_id=site_id)))


def campaigns_for(user):
    """Campaigns the person sees: submitters and managers all, others their site's."""
    campaigns = Campaign.objects.all()
    if not has_role(user, *rules.SUBMITTING_ROLES):
        profile = getattr(user, "profile", None)
        campaigns = _for_site(campaigns, profile.site_id if profile else None)
    return campaigns


def campaign_for(user, pk):
    return _with_details(campaigns_for(user)).get(pk=pk)


def campaigns_starting_soon(site, date):
    """Campaigns for ``site`` starting on ``date`` or in the ``COMING_UP_DAYS`` after it."""
    last_day = date + datetime.timedelta(days=COMING_UP_DAYS)
    starting = Campaign.objects.filter(starts_on__gte=date, starts_on__lte=last_day)
    return list(_with_details(_for_site(starting, site.pk)).order_by("starts_on", "title", "pk"))


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    campaigns: list = field(default_factory=list)


@dataclass
class Month:
    first: datetime.date
    weeks: list
    campaigns: list

    @property
    def previous(self):
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self):
        return (self.first + datetime.timedelta(days=31)).replace(day=1)


def month_for(user, first, *, today):
    """The calendar of the month starting ``first``: weeks from Monday, each day's campaigns.

    One query for the campaigns overlapping the visible weeks (and one per prefetch);
    the days are filled in Python, so the count does not grow with the campaigns.
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    shown_from, shown_to = weeks[0][0], weeks[-1][-1]
    campaigns = list(
        _with_details(
            campaigns_for(user).filter(starts_on__lte=shown_to, ends_on__gte=shown_from)
        ).order_by("starts_on", "title", "pk")
    )
    grid = [
        [
            Day(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                campaigns=[c for c in campaigns if c.starts_on <= day <= c.ends_on],
            )
            for day in week
        ]
        for week in weeks
    ]
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    in_month = [c for c in campaigns if c.starts_on <= last and c.ends_on >= first]
    return Month(first=first, weeks=grid, campaigns=in_month)
