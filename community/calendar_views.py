"""Calendar subscriptions: the page that gives people their secret calendar address, and
the feeds that calendar apps (Outlook, Google Calendar) fetch with it, with no session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from community import group_selectors, group_services, icalendar, rules
from community.models import CauseGroup
from portal import languages, permissions
from portal.middleware import mfa_not_required

CALENDAR_TYPE = "text/calendar; charset=utf-8"
# How often subscribed calendar apps are asked to fetch a feed again.
REFRESH_INTERVAL = "PT1H"


def calendar_response(text, filename):
    response = HttpResponse(text, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Someone's own calendar: a shared cache (a proxy) must never hand it to anyone else.
    patch_cache_control(response, private=True, max_age=0)
    return response


def _feed_urls(request, feed, groups):
    # The address this person reached the portal at, which their calendar app can reach
    # too; SITE_URL may name another host or port (a second server, a proxy's inside).
    def url(name, *args):
        return request.build_absolute_uri(reverse(name, args=[feed.token, *args]))

    return url("calendars:feed"), [
        (group, url("calendars:group_feed", group.slug)) for group in groups
    ]


def subscription(request):
    permissions.require(request.user, rules.VIEW_GROUPS)
    feed = group_selectors.calendar_feed_of(request.user)
    context = {"feed": feed}
    if feed is not None:
        context["my_events_url"], context["group_urls"] = _feed_urls(
            request, feed, group_selectors.member_groups(request.user)
        )
    return render(request, "community/calendars/subscription.html", context)


@require_POST
def reset(request):
    _feed, created = group_services.issue_calendar_feed(user=request.user)
    if created:
        messages.success(
            request, _("Your calendar links are ready. Copy one into your calendar app.")
        )
    else:
        messages.success(
            request,
            _(
                "You have new calendar links. The old ones stopped working: subscribe "
                "again with a new one."
            ),
        )
    return redirect("calendars:subscription")


def _owner_or_404(token):
    owner = group_selectors.calendar_feed_owner(token)
    # A deactivated person, or one who may no longer see groups: as if it never existed.
    if owner is None or not permissions.can(owner, rules.VIEW_GROUPS):
        raise Http404
    return owner


@login_not_required
@mfa_not_required
@require_safe
def my_events_feed(request, token):
    owner = _owner_or_404(token)
    with languages.written_for(owner):
        name = _("My Switchboard events")
    text = icalendar.calendar(
        group_selectors.feed_events(owner),
        name=name,
        refresh_interval=REFRESH_INTERVAL,
    )
    return calendar_response(text, "switchboard-events.ics")


@login_not_required
@mfa_not_required
@require_safe
def group_feed(request, token, slug):
    owner = _owner_or_404(token)
    group = get_object_or_404(CauseGroup, slug=slug)
    text = icalendar.calendar(
        group_selectors.feed_events(owner, group=group),
        name=group.name,
        refresh_interval=REFRESH_INTERVAL,
    )
    return calendar_response(text, f"{group.slug}.ics")
