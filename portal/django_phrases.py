"""Django's own words that the portal's catalogue words better, or at all.

The portal's catalogue (``LOCALE_PATHS``) is read before Django's, so its entries for
these msgids win:

- relative times: Django's Chinese writes minutes, hours and seconds as "5分钟之前" but
  days as "2 日前"; here every unit reads alike and as people say it ("5 分钟前", "2 天前");
- the ordinal of 1: Django's Chinese has "第3" for 3rd but leaves "1st" in English.

``makemessages`` only keeps msgids it finds in the portal's own code. Nothing calls
this list: it is what keeps those entries in the catalogue.
"""

from django.utils.translation import gettext_lazy, ngettext_lazy, npgettext_lazy, pgettext_lazy

DJANGO_PHRASES = [
    ngettext_lazy("a second ago", "%(count)s seconds ago", "count"),
    ngettext_lazy("a minute ago", "%(count)s minutes ago", "count"),
    ngettext_lazy("an hour ago", "%(count)s hours ago", "count"),
    ngettext_lazy("a second from now", "%(count)s seconds from now", "count"),
    ngettext_lazy("a minute from now", "%(count)s minutes from now", "count"),
    ngettext_lazy("an hour from now", "%(count)s hours from now", "count"),
    gettext_lazy("%(delta)s from now"),
    npgettext_lazy("naturaltime-past", "%(num)d day", "%(num)d days", "num"),
    npgettext_lazy("naturaltime-future", "%(num)d day", "%(num)d days", "num"),
    pgettext_lazy("ordinal is 1", "{}st"),
]
