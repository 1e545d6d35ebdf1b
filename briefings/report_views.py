"""Managers' figures per briefing and team, who still has to acknowledge, and reminders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from briefings import report_selectors, report_services, rules
from briefings.models import Briefing, BriefingItem
from briefings.selectors import with_audience
from briefings.views import _tabs
from portal import permissions
from portal.models import Site

BRIEFINGS_PAGE_SIZE = 20
PEOPLE_PAGE_SIZE = 50


def _require_reports(user):
    permissions.require(
        user, rules.VIEW_REPORTS, message=_("Only managers see the briefing figures.")
    )


def index(request):
    _require_reports(request.user)
    sites = list(Site.objects.order_by("name"))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), None)
    page = Paginator(
        report_selectors.briefings_with_figures(site=site), BRIEFINGS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "briefings/reports/index.html",
        {
            "page": page,
            "sites": sites,
            "site": site,
            "query": f"site={site.pk}" if site else "",
            **_tabs(request.user, "reports"),
        },
    )


def briefing_report(request, pk):
    _require_reports(request.user)
    briefing = get_object_or_404(Briefing.objects.select_related("site"), pk=pk)
    return render(
        request,
        "briefings/reports/briefing.html",
        {"figures": report_selectors.briefing_figures(briefing), **_tabs(request.user, "reports")},
    )


def _briefing_and_item(briefing_pk, item_pk):
    briefing = get_object_or_404(Briefing.objects.select_related("site"), pk=briefing_pk)
    item = (
        with_audience(BriefingItem.objects.filter(entries__briefing=briefing, must_read=True))
        .filter(pk=item_pk)
        .first()
    )
    if item is None:
        raise Http404
    return briefing, item


def waiting(request, pk, item_pk):
    """Who has not acknowledged a must-read item of a briefing yet, and the reminder button."""
    _require_reports(request.user)
    briefing, item = _briefing_and_item(pk, item_pk)
    page = Paginator(
        report_selectors.unacknowledged_page_rows(briefing, item), PEOPLE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "briefings/reports/waiting.html",
        {
            "briefing": briefing,
            "item": item,
            "page": page,
            "may_remind": permissions.can(request.user, rules.SEND_REMINDERS, item),
            **_tabs(request.user, "reports"),
        },
    )


@require_POST
def remind(request, pk, item_pk):
    _require_reports(request.user)
    briefing, item = _briefing_and_item(pk, item_pk)
    try:
        count = report_services.request_reminders(briefing=briefing, item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if count:
            messages.success(
                request,
                ngettext(
                    "Sending a reminder to %(count)s person who has not acknowledged “%(title)s”.",
                    "Sending a reminder to %(count)s people who have not acknowledged “%(title)s”.",
                    count,
                )
                % {"count": count, "title": item.title},
            )
        else:
            messages.info(
                request,
                _(
                    "Nobody to remind about “%(title)s”: everyone has acknowledged it or has "
                    "already been reminded today."
                )
                % {"title": item.title},
            )
    return redirect("briefings:report_waiting", pk=briefing.pk, item_pk=item.pk)
