"""``{{ value|ldate:"l j F" }}``: Django's ``date`` filter in the reader's word order."""

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.dates import localised, with_zone

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def ldate(value, pattern):
    return date_filter(value, with_zone(localised(pattern), value))


@register.filter(expects_localtime=True, is_safe=False)
def ends(value, start):
    """``{{ end|ends:start }}``: the end's time, and its day too when that is not the start's."""
    same_day = start is None or start.astimezone(value.tzinfo).date() == value.date()
    return ldate(value, "H:i T" if same_day else "D j M, H:i T")


@register.simple_tag
def date_range(first, last, today=None):
    """``{% date_range first last %}``: "Wed 25 Nov to Fri 27 Nov", or one day if they are one.

    Both ends carry the year, or neither when both fall in ``today``'s year: "25 Nov to
    27 Nov 2026" reads as if the first day were in another year.
    """
    this_year = (today or timezone.localdate()).year
    pattern = "D j M" if first.year == last.year == this_year else "D j M Y"
    if first == last:
        return ldate(first, pattern)
    # Translators: a range of days, "Wed 25 Nov to Fri 27 Nov"; both ends are written alike.
    return _("%(start)s to %(end)s") % {"start": ldate(first, pattern), "end": ldate(last, pattern)}
