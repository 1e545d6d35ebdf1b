from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from briefings import rules, schedule, selectors, services
from briefings.calendar_selectors import campaigns_starting_soon
from briefings.forms import ItemForm, ReviewForm
from briefings.models import (
    Briefing,
    BriefingAttachment,
    BriefingDelivery,
    BriefingItem,
    ItemState,
)
from portal import permissions
from portal.audiences import describe
from portal.forms import add_service_error
from portal.uploads import content_disposition

ITEMS_PAGE_SIZE = 30


def _is_fragment(request):
    return request.htmx and not request.htmx.history_restore_request


def _tabs(user, active):
    return {
        "active_tab": active,
        "may_submit": permissions.can(user, rules.SUBMIT),
        "may_review": permissions.can(user, rules.REVIEW),
        "may_see_figures": permissions.can(user, rules.VIEW_REPORTS),
    }


def today(request):
    permissions.require(request.user, rules.READ)
    now = timezone.now()
    delivery = selectors.current_delivery(request.user)
    zone = selectors.zone_for(request.user)
    context = {
        "delivery": delivery,
        "user_zone": zone,
        "next_briefing_at": selectors.next_briefing_for(request.user, now=now),
        **_tabs(request.user, "today"),
    }
    if delivery is not None:
        services.record_read(delivery=delivery, now=now)
        earlier = selectors.earlier_unconfirmed(request.user, before=delivery.date)
        context.update(
            items=selectors.items_for(delivery, request.user),
            earlier_unconfirmed=earlier,
            earlier_to_confirm=sum(row.to_confirm for row in earlier),
            upcoming_campaigns=campaigns_starting_soon(delivery.briefing.site, delivery.date),
            is_today=delivery.date == schedule.local_date(delivery.briefing.site, now),
        )
    return render(request, "briefings/today.html", context)


def briefing_detail(request, pk):
    """A past briefing: the person's own copy, or (for managers) any site's."""
    permissions.require(request.user, rules.READ)
    delivery = (
        BriefingDelivery.objects.filter(person=request.user, briefing_id=pk)
        .select_related("briefing__site")
        .first()
    )
    if delivery is None:
        if not permissions.can(request.user, rules.VIEW_ALL_BRIEFINGS):
            raise Http404
        briefing = get_object_or_404(Briefing.objects.select_related("site"), pk=pk)
        items = selectors.briefing_order(
            BriefingItem.objects.filter(entries__briefing=briefing)
        ).prefetch_related("attachments")
        return render(
            request,
            "briefings/briefing.html",
            {
                "briefing": briefing,
                "items": items,
                "as_manager": True,
                "upcoming_campaigns": campaigns_starting_soon(briefing.site, briefing.date),
                **_tabs(request.user, ""),
            },
        )
    services.record_read(delivery=delivery)
    return render(
        request,
        "briefings/briefing.html",
        {
            "briefing": delivery.briefing,
            "delivery": delivery,
            "items": selectors.items_for(delivery, request.user),
            "upcoming_campaigns": campaigns_starting_soon(delivery.briefing.site, delivery.date),
            **_tabs(request.user, "archive"),
        },
    )


def my_items(request):
    permissions.require(
        request.user, rules.SUBMIT, message=_("Only submitters and managers submit items.")
    )
    page = Paginator(selectors.items_by(request.user), ITEMS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "briefings/my_items.html",
        {
            "page": page,
            "user_zone": selectors.zone_for(request.user),
            **_tabs(request.user, "mine"),
        },
    )


def _form_page(request, form, *, item=None):
    return render(
        request,
        "briefings/item_form.html",
        {
            "form": form,
            "item": item,
            "audience_chosen": any(form[name].value() for name in ItemForm.audience_fields),
            **_preview(request, form),
            **_tabs(request.user, "mine"),
        },
    )


def _preview(request, form):
    """The form's "when it goes out" box: where the item would land, from what the form
    holds right now, and the cut-off and send times of the sites it would reach."""
    landings = _landings_for_form(request, form)
    return {
        "landings": landings,
        "shared_times": schedule.shared_times(landing.site for landing in landings),
        "user_zone": selectors.zone_for(request.user),
    }


def _landings_for_form(request, form):
    data = form.data if form.is_bound else None
    sites = form.fields["sites"].queryset.filter(pk__in=data.getlist("sites")) if data else []
    teams = form.fields["teams"].queryset.filter(pk__in=data.getlist("teams")) if data else []
    urgent = bool(data and data.get("urgent")) and permissions.can(request.user, rules.MARK_URGENT)
    if not data and form.instance.pk:
        return selectors.landings(form.instance)
    return selectors.preview_landings(
        sites=list(sites), teams=list(teams), urgent=urgent, now=timezone.now()
    )


def new_item(request):
    permissions.require(
        request.user, rules.SUBMIT, message=_("Only submitters and managers submit items.")
    )
    may_mark_urgent = permissions.can(request.user, rules.MARK_URGENT)
    form = ItemForm(request.POST or None, request.FILES or None, may_mark_urgent=may_mark_urgent)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.submit_item(author=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Submitted “%(title)s” for review. The dates it goes out are below.")
                % {"title": item.title},
            )
            return redirect(item)
    return _form_page(request, form)


def landing_preview(request):
    """The htmx fragment under the form: the briefing date(s) as the form stands."""
    permissions.require(request.user, rules.SUBMIT)
    form = ItemForm(request.GET, may_mark_urgent=permissions.can(request.user, rules.MARK_URGENT))
    return render(request, "briefings/item_form.html#landing", _preview(request, form))


def _item_or_404(user, pk):
    try:
        item = selectors.item_for(user, pk)
    except BriefingItem.DoesNotExist:
        raise Http404 from None
    if not permissions.can(user, rules.VIEW_ITEM, item):
        raise Http404
    return item


def item_detail(request, pk):
    permissions.require(request.user, rules.READ)
    item = _item_or_404(request.user, pk)
    may_review = permissions.can(request.user, rules.REVIEW, item)
    failed_item_pk, failed_form = (
        _failed_review_form(request, [item]) if may_review else (None, None)
    )
    return render(
        request,
        "briefings/item.html",
        {
            "item": item,
            "audience": describe(item.audience),
            "landings": selectors.landings(item)
            if item.state in {ItemState.SUBMITTED, ItemState.RETURNED, ItemState.APPROVED}
            else [],
            "user_zone": selectors.zone_for(request.user),
            "may_edit": permissions.can(request.user, rules.EDIT_ITEM, item),
            "may_withdraw": permissions.can(request.user, rules.WITHDRAW_ITEM, item),
            "review_form": ReviewForm() if may_review else None,
            "failed_item_pk": failed_item_pk,
            "failed_form": failed_form,
            **_tabs(request.user, "review" if may_review else "mine"),
        },
    )


def edit_item(request, pk):
    item = _item_or_404(request.user, pk)
    permissions.require(
        request.user,
        rules.EDIT_ITEM,
        item,
        message=_("This item can no longer be changed: it has been reviewed or withdrawn."),
    )
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        instance=item,
        may_mark_urgent=permissions.can(request.user, rules.MARK_URGENT),
    )
    if request.method == "POST" and form.is_valid():
        was_returned = item.state == ItemState.RETURNED
        try:
            saved = services.edit_item(item=item, editor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if was_returned and saved.state == ItemState.SUBMITTED:
                messages.success(
                    request,
                    _("Saved your changes and sent “%(title)s” back for review.")
                    % {"title": item.title},
                )
            else:
                messages.success(request, _("Saved your changes."))
            return redirect(item)
    return _form_page(request, form, item=item)


@require_http_methods(["GET", "POST"])
def withdraw_item(request, pk):
    """Asks first (a page of its own, for browsers without JavaScript; the item page asks
    in a dialog), then withdraws."""
    item = _item_or_404(request.user, pk)
    if item.author_id == request.user.pk and not item.is_editable:
        return _not_withdrawn(request, item)
    if request.method == "GET":
        permissions.require(
            request.user, rules.WITHDRAW_ITEM, item, message=services.WITHDRAW_REFUSED
        )
        return render(
            request,
            "briefings/withdraw_item.html",
            {"item": item, **_tabs(request.user, "mine")},
        )
    try:
        services.withdraw_item(item=item, user=request.user)
    except PermissionDenied:
        # Reviewed between this request's read and the service's lock?
        item.refresh_from_db()
        if item.author_id != request.user.pk or item.is_editable:
            raise
        return _not_withdrawn(request, item)
    messages.success(
        request,
        _(
            "Withdrew “%(title)s”: it will not go out in any briefing. "
            "To send it after all, submit it again."
        )
        % {"title": item.title},
    )
    return redirect("briefings:my_items")


def _not_withdrawn(request, item):
    """The author asked to withdraw an item already withdrawn or reviewed (a second tab, the
    back button, a manager quicker): told on the item's page, not shown a 403."""
    if item.state == ItemState.WITHDRAWN:
        messages.info(request, _("“%(title)s” is already withdrawn.") % {"title": item.title})
    else:
        messages.warning(
            request,
            _("“%(title)s” had already been reviewed (%(state)s); it was not withdrawn.")
            % {"title": item.title, "state": item.get_state_display()},
        )
    return redirect(item)


# A review that did not go through, kept for the page the reviewer is sent back to.
FAILED_REVIEW_KEY = "briefings:failed_review"
DONE_REVIEW_KEY = "briefings:done_review"
# The confirmation of a decision, which the queue opens at: the browser scrolls to it and
# gives it the keyboard focus (it is focusable), with the next item's card right after it.
DONE_REVIEW_ID = "review-done"


def _queue_url(page):
    url = reverse("briefings:review_queue")
    return f"{url}?page={page}" if page.isdigit() else url


def _next_in_queue_url(item):
    """The queue at the next item still waiting, so a reviewer keeps their place: (its pk,
    the queue's address at the decision's confirmation, which is shown beside that item).

    The page is the one that item is on now: the same page the review came from, unless
    the queue moved meanwhile or the last item of the last page was decided.
    """
    landing = selectors.next_in_queue(item)
    if landing is None:
        return None, f"{_queue_url('')}#{DONE_REVIEW_ID}"
    pk, position = landing
    page = (position - 1) // ITEMS_PAGE_SIZE + 1
    return pk, f"{_queue_url(str(page))}#{DONE_REVIEW_ID}"


@require_POST
def review_item(request, pk):
    item = _item_or_404(request.user, pk)
    form = ReviewForm(request.POST)
    from_queue = request.POST.get("from") == "queue"
    page = request.POST.get("page", "") if from_queue else ""
    back = _queue_url(page) if from_queue else item.get_absolute_url()
    if not item.is_editable and permissions.can(request.user, rules.REVIEW):
        return _already_reviewed(request, item, back)
    service_errors = {}
    if form.is_valid():
        try:
            services.review_item(
                item=item,
                reviewer=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied:
            if not permissions.can(request.user, rules.REVIEW):
                raise
            # Another reviewer's decision landed between this page's check and the lock.
            item.refresh_from_db()
            return _already_reviewed(request, item, back)
        except ValidationError as error:
            service_errors = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {NON_FIELD_ERRORS: error.messages}
            )
        else:
            done = {
                ItemState.APPROVED: _("Approved “%(title)s”; the submitter has been told."),
                ItemState.RETURNED: _("Returned “%(title)s” to the submitter with your comment."),
                ItemState.REJECTED: _("Rejected “%(title)s”; the submitter has been told why."),
            }[form.cleaned_data["decision"]]
            landing, url = _next_in_queue_url(item)
            # Shown beside the item landed on rather than at the top of the page, which
            # the jump down the queue scrolls out of sight.
            request.session[DONE_REVIEW_KEY] = {
                "message": done % {"title": item.title},
                "landing": landing,
            }
            return redirect(url)
    # Post/redirect/get: the page the review came from shows the error beside this item's
    # comment box, with what was typed, and a reload does not send the review again.
    # Browsers focus a box the address points at (and skip autofocus on such a page).
    request.session[FAILED_REVIEW_KEY] = {
        "item": item.pk,
        "data": {name: request.POST.get(name, "") for name in form.fields},
        "errors": service_errors,
    }
    return redirect(f"{back}#comment-{item.pk}")


def _already_reviewed(request, item, back):
    """Two managers share the queue: the second to decide is told, not shown a 403."""
    messages.warning(
        request,
        _(
            "“%(title)s” had already been reviewed (%(state)s) when yours arrived; "
            "yours was not applied."
        )
        % {"title": item.title, "state": item.get_state_display()},
    )
    return redirect(back)


def _failed_review_form(request, items):
    """The failed review kept for one of ``items``, as (item pk, bound form), once only."""
    failed = request.session.pop(FAILED_REVIEW_KEY, None)
    if failed is None or failed["item"] not in {item.pk for item in items}:
        return None, None
    form = ReviewForm(failed["data"])
    # The form finds its own errors again; the service's were kept as they were said.
    if form.is_valid():
        add_service_error(form, ValidationError(failed["errors"]))
    return failed["item"], form


def _done_review(request, items):
    """The confirmation of the review just made, once only, as (message, item pk to show it
    beside); with no such item on this page it goes under the heading."""
    done = request.session.pop(DONE_REVIEW_KEY, None)
    if done is None:
        return None, None
    beside = done["landing"] if done["landing"] in {item.pk for item in items} else None
    return done["message"], beside


def review_queue(request):
    permissions.require(
        request.user, rules.REVIEW, message=_("Only managers review briefing items.")
    )
    page = Paginator(selectors.review_queue(), ITEMS_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    landings = selectors.queue_landings(page.object_list, now=timezone.now())
    for item in page.object_list:
        item.landings = landings[item.pk]
    failed_item_pk, failed_form = _failed_review_form(request, page.object_list)
    done, done_beside = _done_review(request, page.object_list)
    return render(
        request,
        "briefings/review_queue.html",
        {
            "page": page,
            "failed_item_pk": failed_item_pk,
            "failed_form": failed_form,
            "done_review": done,
            "done_beside": done_beside,
            "done_review_id": DONE_REVIEW_ID,
            "user_zone": selectors.zone_for(request.user),
            **_tabs(request.user, "review"),
        },
    )


@require_POST
def acknowledge(request, pk):
    item = get_object_or_404(BriefingItem, pk=pk)
    try:
        services.acknowledge(item=item, user=request.user)
    except PermissionDenied:
        raise Http404 from None
    item.acknowledged = True
    if _is_fragment(request):
        return render(
            request,
            "briefings/_item.html#acknowledgement",
            {"item": item, "just_acknowledged": True},
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # Back at the item's own confirmation, not at the top of the page with a message.
        return redirect(f"{back.partition('#')[0]}#acknowledged-{item.pk}")
    messages.success(
        request, _("Thanks: noted that you have read “%(title)s”.") % {"title": item.title}
    )
    return redirect("briefings:index")


def attachment(request, pk):
    permissions.require(request.user, rules.READ)
    found = get_object_or_404(BriefingAttachment.objects.select_related("item"), pk=pk)
    if not permissions.can(request.user, rules.VIEW_ITEM, found.item):
        raise Http404
    try:
        upload = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(upload, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition(
        found.original_name, as_attachment=not found.content_type.startswith("image/")
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response
