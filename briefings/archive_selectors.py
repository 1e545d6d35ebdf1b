"""The briefing archive: the items a person received, searched and filtered.

People see the items of the briefings they received that were meant for them (the
same rule as the briefing itself); managers see every item that went out. Each row
carries the date it went out and the briefing it went out in, read in the same query.
"""

from django.db.models import Exists, OuterRef, Subquery

from briefings import rules
from briefings.models import Acknowledgement, BriefingDelivery, BriefingEntry, BriefingItem
from briefings.selectors import delivered_items
from portal import permissions
from portal.search import search


def _with_sent(queryset, user, *, everything):
    """Annotate ``sent_on`` and ``sent_in`` (the briefing): the person's copy, or the first."""
    if everything:
        sent = BriefingEntry.objects.filter(item=OuterRef("pk")).order_by("briefing__date", "pk")
        date, briefing = "briefing__date", "briefing_id"
    else:
        sent = BriefingDelivery.objects.filter(
            person=user, briefing__entries__item=OuterRef("pk")
        ).order_by("-date")
        date, briefing = "date", "briefing_id"
    return queryset.annotate(
        sent_on=Subquery(sent.values(date)[:1]), sent_in=Subquery(sent.values(briefing)[:1])
    )


def _for_page(queryset, user):
    return (
        queryset.select_related("department")
        .prefetch_related("attachments")
        .annotate(
            acknowledged=Exists(Acknowledgement.objects.filter(item=OuterRef("pk"), person=user))
        )
    )


def archive_items(user, *, query="", category="", date_from=None, date_to=None):
    """What the person may find in the archive, newest first or best match first.

    Returns ``(items, found)``: a lazy queryset to paginate and, when searching, the
    ``portal.search.Search`` whose ``add_snippets`` excerpts the rows shown.
    """
    everything = permissions.can(user, rules.VIEW_ALL_BRIEFINGS)
    if everything:
        items = BriefingItem.objects.filter(
            Exists(BriefingEntry.objects.filter(item=OuterRef("pk")))
        )
    else:
        items = delivered_items(user)
    items = _with_sent(items, user, everything=everything)
    if category:
        items = items.filter(category=category)
    if date_from is not None:
        items = items.filter(sent_on__gte=date_from)
    if date_to is not None:
        items = items.filter(sent_on__lte=date_to)
    if not query.strip():
        return _for_page(items, user).order_by("-sent_on", "-must_read", "-pk"), None
    found = search(items, query, snippet_field="body", newest_first=("-approved_at", "-pk"))
    # The search fetches the rows shown afresh by id (the filters above chose them), so
    # the per-person columns are added to them again.
    ranked = found.results.shape(
        lambda rows: _for_page(_with_sent(rows, user, everything=everything), user)
    )
    return ranked, found
