"""The marketing calendar: a month of campaigns, and adding, changing and deleting them."""

import datetime
import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from briefings import calendar_selectors, calendar_services, rules
from briefings.calendar_forms import CampaignForm
from briefings.models import Campaign
from briefings.selectors import zone_for
from briefings.views import _tabs
from portal import permissions
from portal.forms import add_service_error

MONTHS_FROM, MONTHS_TO = 2000, 2200


def _today(user):
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(zone_for(user)))


def _month_from(request, today):
    """The month asked for as ?month=YYYY-MM, else this month; nonsense falls back quietly."""
    try:
        first = datetime.date.fromisoformat(f"{request.GET.get('month', '')}-01")
    except ValueError:
        return today.replace(day=1)
    # Far enough for any plan, and the previous and next links stay valid dates.
    if not MONTHS_FROM <= first.year <= MONTHS_TO:
        return today.replace(day=1)
    return first


def _month_url(first):
    return f"{reverse('briefings:calendar')}?month={first:%Y-%m}"


def month(request):
    permissions.require(request.user, rules.VIEW_CALENDAR)
    today = _today(request.user)
    shown = calendar_selectors.month_for(request.user, _month_from(request, today), today=today)
    return render(
        request,
        "briefings/calendar/month.html",
        {
            "month": shown,
            "today": today,
            "previous_url": _month_url(shown.previous),
            "next_url": _month_url(shown.next),
            "this_month_url": _month_url(today.replace(day=1)),
            "is_this_month": shown.first == today.replace(day=1),
            "may_add": permissions.can(request.user, rules.ADD_CAMPAIGN),
            **_tabs(request.user, "calendar"),
        },
    )


def _campaign_or_404(user, pk):
    try:
        return calendar_selectors.campaign_for(user, pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def campaign_detail(request, pk):
    permissions.require(request.user, rules.VIEW_CALENDAR)
    campaign = _campaign_or_404(request.user, pk)
    return render(
        request,
        "briefings/calendar/campaign.html",
        {
            "campaign": campaign,
            "may_change": permissions.can(request.user, rules.CHANGE_CAMPAIGN, campaign),
            "month_url": _month_url(campaign.starts_on.replace(day=1)),
            **_tabs(request.user, "calendar"),
        },
    )


def _form_page(request, form, campaign=None):
    return render(
        request,
        "briefings/calendar/campaign_form.html",
        {"form": form, "campaign": campaign, **_tabs(request.user, "calendar")},
    )


def new_campaign(request):
    permissions.require(
        request.user, rules.ADD_CAMPAIGN, message=_("Only submitters and managers add campaigns.")
    )
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = calendar_services.create_campaign(author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Added “%(title)s” to the marketing calendar.") % {"title": campaign.title},
            )
            return redirect(campaign)
    return _form_page(request, form)


def edit_campaign(request, pk):
    campaign = _campaign_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.CHANGE_CAMPAIGN,
        campaign,
        message=_("Only its department and managers can change this campaign."),
    )
    form = CampaignForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.update_campaign(
                campaign=campaign, editor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Saved your changes to “%(title)s”.") % {"title": campaign.title}
            )
            return redirect(campaign)
    return _form_page(request, form, campaign)


@require_POST
def delete_campaign(request, pk):
    campaign = _campaign_or_404(request.user, pk)
    calendar_services.delete_campaign(campaign=campaign, user=request.user)
    messages.success(
        request,
        _("Deleted “%(title)s” from the marketing calendar.") % {"title": campaign.title},
    )
    return redirect(_month_url(campaign.starts_on.replace(day=1)))
