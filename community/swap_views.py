from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import rules, swap_selectors, swap_services
from community.models import ShiftSwap, SwapOffer
from community.swap_forms import OfferForm, SwapFilterForm, SwapForm
from portal import permissions
from portal.forms import add_service_error


def _back(request, fallback):
    """Where the form came from (``next``), when it is one of ours; else ``fallback``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


def _swap_or_404(pk):
    return get_object_or_404(
        ShiftSwap.objects.select_related("post", "team", "site", "accepted_offer"), pk=pk
    )


def swap_list(request):
    permissions.require(request.user, rules.VIEW)
    profile = getattr(request.user, "profile", None)
    # With no filter chosen, the list starts at the person's own site.
    data = request.GET if request.GET else {"site": profile.site_id if profile else ""}
    form = SwapFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    swaps = swap_selectors.open_swaps_for(
        request.user,
        site=filters.get("site"),
        team=filters.get("team"),
        wants=filters.get("wants"),
        day=filters.get("day"),
    )
    page = Paginator(swaps, swap_selectors.SWAPS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    template = "community/swaps.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    response = render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": bool(request.GET),
            "may_approve": profile is not None
            and rules.may_approve_swaps_of(request.user, profile.team_id),
        },
    )
    response["Vary"] = "HX-Request"
    return response


def new_swap(request):
    permissions.require(request.user, rules.VIEW)
    form = SwapForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            swap = swap_services.create_swap(poster=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your shift on %(shift)s is up for swapping. "
                    "We will tell you when someone offers."
                )
                % {"shift": swap_services.describe_shift(swap)},
            )
            return redirect(swap)
    return render(request, "community/swap_form.html", {"form": form})


def awaiting_approval(request):
    permissions.require(request.user, rules.VIEW)
    swaps = swap_selectors.awaiting_approval_by(request.user)
    page = Paginator(swaps, swap_selectors.SWAPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "community/swaps_waiting.html", {"page": page})


def _run(request, action, success, **kwargs):
    """Call a service; report its outcome as a message. PermissionDenied stays a 403."""
    try:
        action(actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@require_POST
def offer(request, pk):
    swap = _swap_or_404(pk)
    form = OfferForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    _run(
        request,
        swap_services.offer_to_take,
        _("Offer sent. We will tell you if the poster accepts it."),
        swap=swap,
        message=message,
    )
    return _back(request, swap.get_absolute_url())


@require_POST
def withdraw_offer(request, pk):
    offer = get_object_or_404(SwapOffer.objects.select_related("swap__post"), pk=pk)
    _run(
        request,
        swap_services.withdraw_offer,
        _("Your offer is withdrawn."),
        offer=offer,
    )
    return redirect(offer.swap)


@require_POST
def accept_offer(request, pk):
    offer = get_object_or_404(
        SwapOffer.objects.select_related("swap__post", "swap__team", "swap__site"), pk=pk
    )
    _run(
        request,
        swap_services.accept_offer,
        _("Offer accepted. The team leader is asked to approve the swap."),
        offer=offer,
    )
    return redirect(offer.swap)


@require_POST
def approve(request, pk):
    swap = _swap_or_404(pk)
    _run(
        request,
        swap_services.approve_swap,
        _("Swap approved. Both colleagues are told."),
        swap=swap,
    )
    return _back(request, swap.get_absolute_url())


@require_POST
def decline(request, pk):
    swap = _swap_or_404(pk)
    _run(
        request,
        swap_services.decline_swap,
        _("Swap declined. Both colleagues are told."),
        swap=swap,
    )
    return _back(request, swap.get_absolute_url())


@require_POST
def withdraw(request, pk):
    swap = _swap_or_404(pk)
    _run(request, swap_services.withdraw_swap, _("Your swap is withdrawn."), swap=swap)
    return redirect(swap)
