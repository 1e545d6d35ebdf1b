"""``{{ value|ldate:"l j F" }}``: Django's ``date`` filter in the reader's word order."""

from django import template
from django.template.defaultfilters import date as date_filter

from portal.dates import localised, with_zone

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def ldate(value, pattern):
    return date_filter(value, with_zone(localised(pattern), value))
