"""The portal's own panels on the home page: celebrations, mentions and replies, profile."""

from portal import home, milestones
from portal.models import Notification, NotificationVerb

MENTIONS_SHOWN = 5


@home.panel("celebrations", template="portal/home/_celebrations.html", order=5)
def celebrations(request):
    today = milestones.todays_celebrations(request.user)
    return {"celebrations": today} if today else None


@home.panel("mentions", template="portal/home/_mentions.html", order=20)
def mentions_and_replies(request):
    unread = Notification.objects.filter(
        recipient=request.user,
        read_at__isnull=True,
        verb__in=[NotificationVerb.MENTION, NotificationVerb.REPLY],
    )
    latest = list(unread.select_related("actor__profile")[:MENTIONS_SHOWN])
    count = len(latest) if len(latest) < MENTIONS_SHOWN else unread.count()
    return {"notifications": latest, "count": count}


@home.panel("profile", template="portal/home/_profile.html", order=80, column=home.SIDE)
def profile_prompt(request):
    profile = getattr(request.user, "profile", None)
    missing = not profile or not (profile.photo and profile.skills)
    return {"missing": missing}


@home.panel(
    "find_colleague", template="portal/home/_find_colleague.html", order=90, column=home.SIDE
)
def find_a_colleague(request):
    return {}
