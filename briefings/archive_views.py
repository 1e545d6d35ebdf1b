"""The briefing archive: past briefings by date, and search and filters over their items."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from briefings import archive_selectors, rules, selectors
from briefings.archive_forms import ArchiveFilterForm
from briefings.views import _is_fragment, _tabs
from portal import permissions

PAGE_SIZE = 20


@vary_on_headers("HX-Request")
def archive(request):
    permissions.require(request.user, rules.READ)
    form = ArchiveFilterForm(request.GET or None)
    all_sites = permissions.can(request.user, rules.VIEW_ALL_BRIEFINGS)
    context = {"form": form, "all_sites": all_sites, **_tabs(request.user, "archive")}
    if form.is_filtering:
        query = request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
        if form.is_valid():
            data = form.cleaned_data
            items, found = archive_selectors.archive_items(
                request.user,
                query=data["q"],
                category=data["category"],
                date_from=data["date_from"],
                date_to=data["date_to"],
            )
            page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
            if found is not None:
                found.add_snippets(page.object_list)
            context.update(page=page, searching=True)
    else:
        rows = selectors.all_briefings() if all_sites else selectors.archive_for(request.user)
        context["page"] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "briefings/archive/index.html"
    if _is_fragment(request):
        template += "#results"
    return render(request, template, context)
