"""Date formats that follow the reader's language.

Templates and messages spell out day, month and time in a fixed English order ("l j F",
"D j M, H:i"). Django localises the names of days and months but not their order, so a
Chinese reader would get "星期三 2 十二月". ``localised(pattern)`` gives the pattern in the
order of the active language; patterns without a local version are used as they are.
"""

from datetime import datetime, timedelta

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# How far ahead a meeting or event may be planned. A date beyond it is a typo, and the
# last days of year 9999 cannot even be shown in a time zone east of the one typed in.
FURTHEST_AHEAD = timedelta(days=2 * 366)
TOO_FAR_AHEAD = _("Choose a date within the next two years.")


def too_far_ahead(moment, now):
    try:
        return moment - now > FURTHEST_AHEAD
    except OverflowError:
        return True


PATTERNS = {
    "zh-hans": {
        "l j F": "n月j日 l",
        "j M Y": "Y年n月j日",
        "j F Y": "Y年n月j日",
        "l j F Y": "Y年n月j日 l",
        "D j M Y": "Y年n月j日 D",
        "D j F Y": "Y年n月j日 D",
        "l j F Y, H:i T": "Y年n月j日 l H:i T",
        "l j F Y, H:i": "Y年n月j日 l H:i",
        "l j F, H:i T": "n月j日 l H:i T",
        "l j F, H:i": "n月j日 l H:i",
        "j M": "n月j日",
        "D j M": "n月j日 D",
        "D j M, H:i": "n月j日 D H:i",
        "D j M, H:i T": "n月j日 D H:i T",
        "D j M Y, H:i": "Y年n月j日 D H:i",
        "j M, H:i": "n月j日 H:i",
        "j M Y, H:i": "Y年n月j日 H:i",
        "F Y": "Y年n月",
        "M": "n月",
    },
}


def localised(pattern):
    return PATTERNS.get((get_language() or "").lower(), {}).get(pattern, pattern)


# Abbreviations that mean one zone only. Others are shared: CST is China's and Chicago's,
# PST Manila's and Los Angeles', IST India's and Ireland's; they come with their offset.
UNAMBIGUOUS_ZONE_NAMES = {"UTC", "GMT"}


def zone_label(moment):
    """The zone of an aware ``moment`` as nobody can misread it: "GMT", "CST (UTC+8)"."""
    offset = moment.utcoffset()
    name = moment.tzname() or ""
    if name in UNAMBIGUOUS_ZONE_NAMES:
        return name
    minutes = int(offset.total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    utc = f"UTC{'-' if minutes < 0 else '+'}{hours}" + (f":{rest:02d}" if rest else "")
    # Zones without a letter abbreviation have a name like "+08", which says no more.
    return f"{name} ({utc})" if name.isalpha() else utc


def with_zone(pattern, moment):
    """``pattern`` with its zone (the format character ``T``) spelled by ``zone_label``."""
    if "T" not in pattern or not isinstance(moment, datetime) or moment.utcoffset() is None:
        return pattern
    label = "".join(f"\\{character}" for character in zone_label(moment))
    spelled, escaped = [], False
    for character in pattern:
        if escaped:
            spelled.append(f"\\{character}")
            escaped = False
        elif character == "\\":
            escaped = True
        else:
            spelled.append(label if character == "T" else character)
    return "".join(spelled)
