"""``{{ value|ldate:"l j F" }}``: Django's ``date`` filter in the reader's word order."""

from django import template
from django.template.defaultfilters import date as date_filter

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
