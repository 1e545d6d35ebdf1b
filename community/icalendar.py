"""iCalendar (RFC 5545) text for cause-group events, written by hand.

The format is small but strict: lines end in CRLF, are folded at 75 octets (never
inside a UTF-8 character), text values escape backslash, semicolon, comma and
newlines, and times are given in UTC with a trailing Z.
"""

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

PRODUCT_ID = "-//Switchboard//Cause group events//EN"
LINE_OCTETS = 75


def escape_text(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line):
    """Split a content line into 75-octet pieces, continuation lines starting with a space."""
    pieces, current, size = [], [], 0
    limit = LINE_OCTETS
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            # The leading space of a continuation line counts towards its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(character)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _domain():
    return urlsplit(settings.SITE_URL).hostname or "switchboard.invalid"


def event_uid(event):
    return f"group-event-{event.pk}@{_domain()}"


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _event_lines(event, *, stamp):
    url = _absolute(event.get_absolute_url())
    description = "\n\n".join(part for part in (event.description.strip(), url) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(event)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(event.starts_at)}",
        f"DTEND:{utc_stamp(event.ends_at)}",
        f"SEQUENCE:{event.sequence}",
        f"STATUS:{'CANCELLED' if event.is_cancelled else 'CONFIRMED'}",
        f"LAST-MODIFIED:{utc_stamp(event.updated_at)}",
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description)}",
        f"LOCATION:{escape_text(event.place or event.link)}",
        f"URL:{event.link or url}",
        f"CATEGORIES:{escape_text(event.group.name)}",
        "END:VEVENT",
    ]
    return lines


def calendar(events, *, name, now=None, refresh_interval=None):
    """A VCALENDAR with one VEVENT per event (each event needs ``group`` loaded).

    ``refresh_interval``, an RFC 5545 duration such as ``PT1H``, tells the calendar apps
    that subscribe to a feed how often to fetch it again.
    """
    stamp = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if refresh_interval:
        # The standard property (RFC 7986), and the older one Outlook reads.
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{refresh_interval}")
        lines.append(f"X-PUBLISHED-TTL:{refresh_interval}")
    for event in events:
        lines.extend(_event_lines(event, stamp=stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
