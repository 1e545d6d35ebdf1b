"""The briefing's panel on the home page: today's briefing and whether it has been read."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from briefings import schedule, selectors
from briefings.models import Acknowledgement, BriefingItem
from portal import home
from portal.audiences import visible_to


@home.panel("briefing", template="briefings/home/_briefing.html", order=10)
def todays_briefing(request):
    user = request.user
    now = timezone.now()
    delivery = selectors.current_delivery(user)
    if delivery is None:
        return {
            "delivery": None,
            "next_briefing_at": selectors.next_briefing_for(user, now=now),
            "user_zone": selectors.zone_for(user),
        }
    acknowledged = Acknowledgement.objects.filter(item=OuterRef("pk"), person=user)
    counts = visible_to(
        BriefingItem.objects.filter(entries__briefing_id=delivery.briefing_id), user
    ).aggregate(
        items=Count("pk"),
        to_acknowledge=Count("pk", filter=Q(must_read=True) & ~Exists(acknowledged)),
    )
    earlier = selectors.earlier_unconfirmed(user, before=delivery.date)
    return {
        "delivery": delivery,
        "is_today": delivery.date == schedule.local_date(delivery.briefing.site, now),
        "earlier_unconfirmed": earlier,
        "earlier_to_confirm": sum(row.to_confirm for row in earlier),
        **counts,
    }
