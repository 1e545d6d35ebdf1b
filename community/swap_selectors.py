"""Reads for the shift swap pages, each a fixed number of queries however many swaps.

A swap whose shift has started counts as closed here even before the periodic task
has written that down, so the pages are right between ticks.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from community import rules
from community.models import ShiftSwap, SwapOffer
from community.selectors import visible_posts
from portal import permissions

SWAPS_PER_PAGE = 20


def _with_people(swaps):
    return swaps.select_related(
        "post__author__profile", "team", "site", "accepted_offer__offered_by__profile"
    )


def open_swaps_for(user, *, site=None, team=None, wants=None, day=None):
    """Open swaps the person may see and still take, soonest first.

    Each carries ``offer_count`` (pending offers) and ``offered_by_me``.
    """
    pending = SwapOffer.objects.filter(swap=OuterRef("pk"), state=SwapOffer.State.PENDING)
    offer_count = pending.order_by().values("swap").annotate(n=Count("pk")).values("n")
    swaps = _with_people(
        ShiftSwap.objects.filter(
            post__in=visible_posts(user),
            post__deleted_at__isnull=True,
            state=ShiftSwap.State.OPEN,
            starts_at__gt=timezone.now(),
        )
    ).annotate(
        offer_count=Coalesce(Subquery(offer_count, output_field=IntegerField()), Value(0)),
        offered_by_me=Exists(pending.filter(offered_by_id=user.pk)),
    )
    if site is not None:
        swaps = swaps.filter(site=site)
    if team is not None:
        swaps = swaps.filter(team=team)
    if wants:
        swaps = swaps.filter(wants=wants)
    if day is not None:
        swaps = swaps.filter(shift_date=day)
    return swaps.order_by("starts_at", "pk")


def awaiting_approval_by(user):
    """Swaps waiting for this person's decision: their team's, or every team's for managers.

    Never the ones they are part of; those go to someone else.
    """
    swaps = ShiftSwap.objects.filter(
        state=ShiftSwap.State.AWAITING_APPROVAL,
        starts_at__gt=timezone.now(),
        post__deleted_at__isnull=True,
    )
    if not rules.is_moderator(user):
        profile = getattr(user, "profile", None)
        if (
            profile is None
            or profile.team_id is None
            or not rules.leads_team(user, profile.team_id)
        ):
            return ShiftSwap.objects.none()
        swaps = swaps.filter(team_id=profile.team_id)
    swaps = swaps.exclude(post__author_id=user.pk).exclude(accepted_offer__offered_by_id=user.pk)
    return _with_people(swaps).order_by("starts_at", "pk")


@dataclass
class SwapPanel:
    """What the post page shows about its swap, and what this reader may do with it."""

    swap: ShiftSwap
    offers: list = field(default_factory=list)
    my_offer: SwapOffer | None = None
    is_poster: bool = False
    may_offer: bool = False
    may_withdraw: bool = False
    may_decide: bool = False

    @property
    def pending_offers(self):
        return [offer for offer in self.offers if offer.state == SwapOffer.State.PENDING]


def swap_panel_for(user, post):
    """The swap carried by ``post`` (already checked visible), or None for an ordinary post."""
    swap = (
        _with_people(ShiftSwap.objects.filter(post_id=post.pk))
        .select_related("decided_by__profile")
        .first()
    )
    if swap is None:
        return None
    swap.post = post
    offers = list(swap.offers.select_related("offered_by__profile"))
    is_poster = post.author_id == user.pk
    my_offer = next(
        (
            offer
            for offer in reversed(offers)
            if offer.offered_by_id == user.pk and offer.state != SwapOffer.State.WITHDRAWN
        ),
        None,
    )
    live = swap.current_state in ShiftSwap.LIVE_STATES and not post.is_deleted
    return SwapPanel(
        swap=swap,
        offers=offers,
        my_offer=my_offer,
        is_poster=is_poster,
        may_offer=swap.is_open
        and my_offer is None
        and not post.is_deleted
        and permissions.can(user, rules.OFFER_SWAP, swap),
        may_withdraw=live and permissions.can(user, rules.WITHDRAW_SWAP, swap),
        may_decide=swap.is_awaiting_approval and permissions.can(user, rules.DECIDE_SWAP, swap),
    )
