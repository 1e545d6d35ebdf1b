"""When things happen, in each site's own time zone.

The rules, deterministic for any number of sites and zones:

- A site's briefing for local date D is due at the site's send time on D (07:30 by
  default) and takes the items submitted before the site's cut-off on D - 1 (16:00 by
  default). An item submitted after the cut-off goes into the briefing of D + 1.
- Each site applies this rule to the same submission instant in its own zone, so an
  item aimed at Cardiff and Shenzhen can land on different dates at the two sites.
- An item goes into the first briefing of the site that starts after it is approved
  and is on or after its cut-off date: approval after the send time means the next one.
- An urgent item (a manager's call) goes into the first briefing of each site whose
  send time is still to come when it was marked urgent: today's, where it has not gone.
- Briefings go out every day, weekends included: contact centres work seven days.

Local times that do not exist (the hour skipped when clocks go forward) resolve to the
instant one hour later, as ``zoneinfo`` does with ``fold=0``; times that happen twice
resolve to the first.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

# A briefing started more than this after its send time is marked late.
LATE_AFTER = datetime.timedelta(minutes=5)


def zone_of(site):
    return zoneinfo.ZoneInfo(site.time_zone)


def local_moment(site, date, time):
    """The aware instant of ``time`` on ``date`` in the site's zone."""
    naive = datetime.datetime.combine(date, time)
    # Normalise through UTC so a time skipped by DST becomes a real instant.
    aware = naive.replace(tzinfo=zone_of(site))
    return aware.astimezone(datetime.UTC).astimezone(zone_of(site))


def local_date(site, moment):
    return moment.astimezone(zone_of(site)).date()


def send_at(site, date):
    return local_moment(site, date, site.briefing_send_time)


def cutoff_for(site, date):
    """The last instant (exclusive) to submit for the briefing of ``date``."""
    return local_moment(site, date - datetime.timedelta(days=1), site.briefing_cutoff_time)


def tomorrows_cutoff_passed(site, moment):
    """Whether ``moment`` is past the cut-off of the site's briefing of the next local day,
    so that something submitted now waits a day longer."""
    return moment >= cutoff_for(site, local_date(site, moment) + datetime.timedelta(days=1))


def cutoff_date(site, submitted_at):
    """The first briefing date whose cut-off is after ``submitted_at``."""
    date = local_date(site, submitted_at) + datetime.timedelta(days=1)
    if tomorrows_cutoff_passed(site, submitted_at):
        date += datetime.timedelta(days=1)
    return date


def shared_times(sites):
    """(cut-off, send time) when all of ``sites`` keep the same ones, else None."""
    times = {(site.briefing_cutoff_time, site.briefing_send_time) for site in sites}
    return times.pop() if len(times) == 1 else None


def next_send_date(site, moment):
    """The first briefing date whose send time is after ``moment``."""
    date = local_date(site, moment)
    if moment >= send_at(site, date):
        date += datetime.timedelta(days=1)
    return date


def current_date(site, now):
    """The latest briefing date whose send time has passed: the one that should be out."""
    return next_send_date(site, now) - datetime.timedelta(days=1)


def scheduled_date(item, site):
    """The earliest briefing date of ``site`` the item may go into (see the module rules)."""
    if item.urgent and item.urgent_marked_at is not None:
        return next_send_date(site, item.urgent_marked_at)
    return cutoff_date(site, item.submitted_at)


@dataclass(frozen=True)
class Landing:
    """Where an item lands at one site, for showing to the submitter."""

    site: object
    date: datetime.date
    send_at: datetime.datetime
    cutoff: datetime.datetime
    # Submitted now, it missed the cut-off of the next day's briefing (previews only).
    missed_cutoff: bool = False


def expected_landing(item, site, *, now):
    """The briefing an item will go into at ``site`` if approved ``now`` (or when it was)."""
    approved_or_now = item.approved_at or now
    date = max(scheduled_date(item, site), next_send_date(site, approved_or_now))
    return Landing(site=site, date=date, send_at=send_at(site, date), cutoff=cutoff_for(site, date))
