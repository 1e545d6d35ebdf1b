"""Dates in notification messages, which are stored as text: formatted when they are made."""

from zoneinfo import ZoneInfo

from django.utils import formats, timezone

from portal.dates import localised, with_zone

DAY_FORMAT = "l j F"
MOMENT_FORMAT = "l j F, H:i T"


def day_in_words(day):
    """A calendar date as people read it, e.g. "Monday 30 November"."""
    return formats.date_format(day, localised(DAY_FORMAT))


def moment_for(person, moment):
    """``moment`` on the clock of ``person``'s site: "Wednesday 16 December, 14:00 GMT".

    Load the recipients with ``select_related("profile__site")`` to keep this query-free.
    """
    profile = getattr(person, "profile", None)
    site = profile.site if profile is not None else None
    zone = ZoneInfo(site.time_zone) if site is not None else timezone.get_current_timezone()
    local = timezone.localtime(moment, zone)
    return formats.date_format(local, with_zone(localised(MOMENT_FORMAT), local))
