"""Everything the briefing pages read, with the joins that keep query counts flat."""

import datetime
from collections import defaultdict

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from briefings import schedule
from briefings.models import (
    Acknowledgement,
    Briefing,
    BriefingDelivery,
    BriefingEntry,
    BriefingItem,
    Category,
    ItemState,
)
from portal.audiences import visible_to
from portal.models import Site

CATEGORY_ORDER = Case(
    *(When(category=value, then=Value(index)) for index, value in enumerate(Category.values)),
    output_field=IntegerField(),
)


def briefing_order(queryset):
    """Must-read first, then by category, then in the order they were approved."""
    return queryset.annotate(category_rank=CATEGORY_ORDER).order_by(
        "-must_read", "category_rank", "approved_at", "pk"
    )


def with_audience(queryset):
    return queryset.select_related("audience").prefetch_related(
        "audience__sites", "audience__teams__site", "audience__departments", "audience__roles"
    )


def sites_for(item, *, all_sites=None):
    """The sites an item can reach: its sites, else its teams' sites, else every site."""
    audience = item.audience
    if audience is not None:
        sites = list(audience.sites.all())
        if sites:
            return sorted(sites, key=lambda site: site.name)
        teams = list(audience.teams.all())
        if teams:
            return sorted({team.site for team in teams}, key=lambda site: site.name)
    if all_sites is not None:
        return sorted(all_sites, key=lambda site: site.name)
    return list(Site.objects.order_by("name"))


def landings(item, *, now=None):
    """Per site, the briefing the item goes (or went) into, for showing its author."""
    now = now or timezone.now()
    sent = {
        entry.site_id: entry.briefing
        for entry in BriefingEntry.objects.filter(item=item).select_related("briefing")
    }
    result = []
    for site in sites_for(item):
        if site.pk in sent:
            briefing = sent[site.pk]
            result.append(
                schedule.Landing(
                    site=site,
                    date=briefing.date,
                    send_at=briefing.started_at,
                    cutoff=schedule.cutoff_for(site, briefing.date),
                )
            )
        else:
            result.append(schedule.expected_landing(item, site, now=now))
    return result


def compiled_items(briefing):
    """The items in a briefing, in briefing order, with their audiences and attachments."""
    return list(
        briefing_order(
            with_audience(BriefingItem.objects.filter(entries__briefing=briefing))
        ).prefetch_related("attachments")
    )


def delivered_items(user):
    """Items in any briefing the person received that are meant for them."""
    received = BriefingDelivery.objects.filter(person=user, briefing__entries__item=OuterRef("pk"))
    return visible_to(BriefingItem.objects.filter(Exists(received)), user)


def current_delivery(user):
    """The person's newest briefing, or None before their first one."""
    return (
        BriefingDelivery.objects.filter(person=user)
        .select_related("briefing__site")
        .order_by("-date")
        .first()
    )


def items_for(delivery, user):
    """The items of a delivered briefing meant for the person, with their acknowledgement."""
    items = visible_to(
        BriefingItem.objects.filter(entries__briefing_id=delivery.briefing_id), user
    ).annotate(
        acknowledged=Exists(Acknowledgement.objects.filter(item=OuterRef("pk"), person=user))
    )
    return list(briefing_order(items).prefetch_related("attachments"))


def next_briefing_for(user, *, now=None):
    """When the person's next briefing goes out (their site's time), or None without a site."""
    now = now or timezone.now()
    profile = getattr(user, "profile", None)
    site = profile.site if profile else None
    if site is None:
        return None
    date = schedule.next_send_date(site, now)
    return schedule.send_at(site, date)


def _unconfirmed_must_read_items(user):
    """Per delivery (inside a subquery): must-read items meant for the person not yet confirmed."""
    acknowledged = Acknowledgement.objects.filter(item=OuterRef("pk"), person=user)
    return visible_to(
        BriefingItem.objects.filter(
            entries__briefing_id=OuterRef("briefing_id"), must_read=True
        ).exclude(Exists(acknowledged)),
        user,
    )


def unconfirmed_must_reads(user):
    """Per delivery (as a subquery): how many must-read items the person has to confirm."""
    items = _unconfirmed_must_read_items(user)
    count = items.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def first_unconfirmed_must_read(user):
    """Per delivery (as a subquery): the pk of the first of those, in the briefing's order,
    for a link that lands on it."""
    first = briefing_order(_unconfirmed_must_read_items(user)).values("pk")[:1]
    return Subquery(first, output_field=IntegerField())


def archive_for(user):
    """The person's past briefings, newest first, with how many items each had and how
    many of its must-read items they have still to confirm."""
    return (
        BriefingDelivery.objects.filter(person=user)
        .select_related("briefing__site")
        .annotate(item_count=Count("briefing__entries"), to_confirm=unconfirmed_must_reads(user))
        .order_by("-date")
    )


# Must-read items from briefings this recent stay in view (home page, Today) until confirmed.
UNCONFIRMED_WINDOW = datetime.timedelta(days=14)


def earlier_unconfirmed(user, *, before):
    """The person's briefings of the two weeks before ``before`` (a date, not included) that
    still have must-read items for them to confirm, newest first, each with how many
    (``to_confirm``) and the first of them (``first_to_confirm``).

    Two plain queries: the same as correlated subqueries per delivery cost more to build
    in Python than the home page and Today spend on anything else.
    """
    deliveries = list(
        BriefingDelivery.objects.filter(
            person=user, date__gte=before - UNCONFIRMED_WINDOW, date__lt=before
        ).order_by("-date")
    )
    if not deliveries:
        return []
    acknowledged = Acknowledgement.objects.filter(item=OuterRef("item_id"), person=user)
    visible = visible_to(BriefingItem.objects.filter(must_read=True), user).values("pk")
    entries = (
        BriefingEntry.objects.filter(
            briefing_id__in={delivery.briefing_id for delivery in deliveries},
            item_id__in=visible,
        )
        .exclude(Exists(acknowledged))
        .values_list("briefing_id", "item_id", "item__category", "item__approved_at")
    )
    # In each briefing's own order (``briefing_order``: all of these are must-read).
    rank = {category: index for index, category in enumerate(Category.values)}
    waiting = defaultdict(list)
    for briefing_id, item_id, *_order in sorted(
        entries, key=lambda entry: (rank[entry[2]], entry[3], entry[1])
    ):
        waiting[briefing_id].append(item_id)
    earlier = []
    for delivery in deliveries:
        if items := waiting.get(delivery.briefing_id):
            delivery.to_confirm, delivery.first_to_confirm = len(items), items[0]
            earlier.append(delivery)
    return earlier


def all_briefings():
    return (
        Briefing.objects.select_related("site")
        .annotate(item_count=Count("entries", distinct=True))
        .order_by("-date", "site__name")
    )


def items_by(user):
    """The person's own items, newest first."""
    return with_audience(BriefingItem.objects.filter(author=user)).order_by("-submitted_at", "-pk")


def review_queue():
    """Items waiting for review, oldest first: the cut-off is measured from submission."""
    return (
        with_audience(BriefingItem.objects.filter(state=ItemState.SUBMITTED))
        .select_related("author__profile", "department")
        .prefetch_related(Prefetch("attachments"))
        .order_by("submitted_at", "pk")
    )


def next_in_queue(item):
    """Where a reviewer working down the queue goes once ``item`` is decided.

    (pk, 1-based position in the queue) of the waiting item after it, or of the one
    before it if it was the last; None once nothing is waiting.
    """
    waiting = BriefingItem.objects.filter(state=ItemState.SUBMITTED).exclude(pk=item.pk)
    after = Q(submitted_at__gt=item.submitted_at) | Q(
        submitted_at=item.submitted_at, pk__gt=item.pk
    )
    landing = (
        waiting.filter(after).order_by("submitted_at", "pk").values("pk", "submitted_at").first()
        or waiting.exclude(after)
        .order_by("-submitted_at", "-pk")
        .values("pk", "submitted_at")
        .first()
    )
    if landing is None:
        return None
    ahead = waiting.filter(
        Q(submitted_at__lt=landing["submitted_at"])
        | Q(submitted_at=landing["submitted_at"], pk__lt=landing["pk"])
    ).count()
    return landing["pk"], ahead + 1


def queue_landings(items, *, now):
    """Per queued item's pk, where it would land at each site if approved ``now``.

    Queued items have not gone out yet, so no briefing entries are read; the sites are
    read once for the whole page."""
    all_sites = list(Site.objects.all())
    return {
        item.pk: [
            schedule.expected_landing(item, site, now=now)
            for site in sites_for(item, all_sites=all_sites)
        ]
        for item in items
    }


def item_for(user, pk):
    return (
        with_audience(BriefingItem.objects.all())
        .select_related("author__profile", "department", "reviewed_by__profile")
        .prefetch_related("attachments")
        .get(pk=pk)
    )


def recent_reviews():
    return (
        BriefingItem.objects.filter(~Q(state=ItemState.SUBMITTED), reviewed_at__isnull=False)
        .select_related("author__profile")
        .order_by("-reviewed_at")
    )


def preview_landings(*, sites, teams, urgent, now, all_sites=None):
    """Where a new item would land at each site if submitted and approved ``now``."""
    if sites:
        chosen = sorted(sites, key=lambda site: site.name)
    elif teams:
        chosen = sorted({team.site for team in teams}, key=lambda site: site.name)
    else:
        chosen = all_sites if all_sites is not None else list(Site.objects.order_by("name"))
    result = []
    for site in chosen:
        earliest = schedule.next_send_date(site, now) if urgent else schedule.cutoff_date(site, now)
        date = max(earliest, schedule.next_send_date(site, now))
        result.append(
            schedule.Landing(
                site=site,
                date=date,
                send_at=schedule.send_at(site, date),
                cutoff=schedule.cutoff_for(site, date),
                missed_cutoff=not urgent and schedule.tomorrows_cutoff_passed(site, now),
            )
        )
    return result


def zone_for(user):
    """The person's own time zone: their site's, else the portal's."""
    from django.conf import settings

    profile = getattr(user, "profile", None)
    if profile is not None and profile.site_id is not None:
        return profile.site.time_zone
    return settings.TIME_ZONE
