"""Everything that changes a shift swap: posting, offers, acceptance, approval and expiry.

How a swap moves: the poster posts it (open); colleagues offer to take it; the poster
accepts one offer (waiting for approval) and, at that moment, every other pending offer
is turned down and its maker told the shift has gone, so nobody waits on a swap that is
no longer theirs to win. The team leader (or a manager) approves or declines; both are
final, and after a decline the poster posts the shift again if they still want it
swapped. The poster may withdraw until it is approved. Once the shift starts, a swap
that is still open or waiting closes by itself (``close_started_swaps``).

Every step that can race (two accepts, an accept and a withdrawal, two decisions) is a
conditional UPDATE on the swap's state: the database takes the row lock, re-reads the
state once a concurrent winner commits, and the loser updates no row and gets an error.
"""

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import rules
from community.models import (
    SHIFT_SWAPS,
    SWAP_OFFER_MESSAGE_MAX_LENGTH,
    Section,
    ShiftSwap,
    SwapOffer,
)
from community.services import create_post
from portal import permissions
from portal.audiences import is_visible_to
from portal.dates import localised
from portal.models import NotificationVerb, Role, User
from portal.notifications import notify

# Longer than any real shift: an end time "before" the start beyond this is a typo.
MAX_SHIFT_LENGTH = datetime.timedelta(hours=16)
# How many started swaps the expiry closes per transaction, so memory stays bounded.
EXPIRY_BATCH_SIZE = 500

SHOW_TO_TEAM = "team"
SHOW_TO_SITE = "site"

State = ShiftSwap.State
OfferState = SwapOffer.State


def shift_times(*, site, shift_date, start_time, end_time):
    """The shift's start and end as instants, reading the times in the site's time zone.

    An end time earlier than the start is an overnight shift ending the next day.
    """
    if end_time == start_time:
        raise ValidationError(
            {"end_time": _("The shift must end after it starts.")}, code="no_length"
        )
    zone = zoneinfo.ZoneInfo(site.time_zone)
    end_day = shift_date if end_time > start_time else shift_date + datetime.timedelta(days=1)
    starts_at = datetime.datetime.combine(shift_date, start_time, tzinfo=zone)
    ends_at = datetime.datetime.combine(end_day, end_time, tzinfo=zone)
    # Compare in UTC: Python subtracts same-zone datetimes by wall clock, ignoring DST.
    utc = datetime.UTC
    if ends_at.astimezone(utc) - starts_at.astimezone(utc) > MAX_SHIFT_LENGTH:
        raise ValidationError(
            {
                "end_time": _(
                    "A shift can be at most %(hours)s hours long. Check the start and end "
                    "times: an end time before the start means the shift ends the next day."
                )
                % {"hours": int(MAX_SHIFT_LENGTH.total_seconds() // 3600)}
            },
            code="too_long",
        )
    return starts_at, ends_at


def describe_shift(swap):
    """ "Tue 4 Jun, 09:00 to 17:00" in the site's local time, for messages."""
    zone = zoneinfo.ZoneInfo(swap.site.time_zone)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": date_format(swap.shift_date, localised("D j M")),
        "start": time_format(timezone.localtime(swap.starts_at, zone), "H:i"),
        "end": time_format(timezone.localtime(swap.ends_at, zone), "H:i"),
    }


def _name(user):
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.email


def _tell(recipients, *, swap, actor, key, message):
    """Notify each person once per step: the key makes a repeated step notify nobody twice."""
    for recipient in recipients:
        notify(
            recipient=recipient,
            verb=NotificationVerb.SWAP_UPDATE,
            actor=actor,
            target=swap,
            message=message,
            url=swap.post.get_absolute_url(),
            dedupe_key=f"swap:{swap.pk}:{key}",
        )


def approvers_of(swap):
    """Who is asked to approve: the team's leaders, or the site's managers if it has none."""
    involved = [swap.post.author_id]
    if swap.accepted_offer_id is not None:
        involved.append(swap.accepted_offer.offered_by_id)
    people = User.objects.filter(is_active=True).exclude(pk__in=involved)
    leaders = list(people.filter(role=Role.TEAM_LEADER, profile__team_id=swap.team_id))
    if leaders:
        return leaders
    return list(people.filter(role=Role.MANAGER, profile__site_id=swap.site_id))


def _closed_error(swap):
    """Why an action on ``swap`` could not happen, read after a conditional update missed."""
    swap.refresh_from_db(fields=["state", "starts_at"])
    if swap.current_state == State.EXPIRED:
        return ValidationError(_("The shift has started, so this swap is closed."), code="started")
    messages = {
        State.OPEN: _("This swap is still open: no offer has been accepted yet."),
        State.AWAITING_APPROVAL: _(
            "An offer has already been accepted; the swap is waiting for approval."
        ),
        State.APPROVED: _("This swap is already approved."),
        State.DECLINED: _("This swap was declined."),
        State.WITHDRAWN: _("This swap was withdrawn by the person who posted it."),
    }
    return ValidationError(messages[swap.state], code=swap.state)


@transaction.atomic
def create_swap(
    *,
    poster,
    shift_date,
    start_time,
    end_time,
    wants,
    wanted_date=None,
    team=None,
    note="",
    show_to=SHOW_TO_TEAM,
):
    """Post a shift for swapping: the post (text, audience) and the swap, together.

    ``team`` defaults to the poster's own; another team must be at the poster's site.
    ``show_to`` is who sees it: the team (the default) or everyone at the team's site.
    """
    profile = getattr(poster, "profile", None)
    team = team or (profile.team if profile else None)
    if team is None:
        raise ValidationError(
            {
                "team": _(
                    "Choose the team the shift belongs to. You are not in a team yet: "
                    "ask an administrator to add you to one."
                )
            },
            code="no_team",
        )
    if profile is None or (team.pk != profile.team_id and team.site_id != profile.site_id):
        raise ValidationError(
            {"team": _("You can only offer shifts of your own team or of a team at your site.")},
            code="other_site",
        )
    if wants not in ShiftSwap.Wants.values:
        raise ValidationError({"wants": _("Say what you would like in return.")}, code="wants")
    site = team.site
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(site.time_zone))
    if wants != ShiftSwap.Wants.DAY:
        wanted_date = None
    elif wanted_date is None:
        raise ValidationError(
            {"wanted_date": _("Give the day you would like a shift on in return.")},
            code="wanted_date_missing",
        )
    elif wanted_date < today:
        raise ValidationError(
            {"wanted_date": _("The day you want in return has already passed.")},
            code="wanted_date_past",
        )
    starts_at, ends_at = shift_times(
        site=site, shift_date=shift_date, start_time=start_time, end_time=end_time
    )
    if starts_at <= timezone.now():
        raise ValidationError(
            {"shift_date": _("That shift has already started. Only future shifts can be swapped.")},
            code="past",
        )
    if show_to not in (SHOW_TO_TEAM, SHOW_TO_SITE):
        raise ValidationError({"show_to": _("Choose who can see the swap.")}, code="show_to")
    audience = {"teams": [team]} if show_to == SHOW_TO_TEAM else {"sites": [site]}
    post = create_post(
        author=poster,
        section=Section.objects.get(slug=SHIFT_SWAPS),
        body=(note or "").strip() or _("Can anyone take this shift?"),
        **audience,
    )
    return ShiftSwap.objects.create(
        post=post,
        site=site,
        team=team,
        shift_date=shift_date,
        starts_at=starts_at,
        ends_at=ends_at,
        wants=wants,
        wanted_date=wanted_date,
    )


@transaction.atomic
def offer_to_take(*, actor, swap, message=""):
    """Offer to take ``swap``'s shift; one live offer per person, only while it is open."""
    permissions.require(actor, rules.OFFER_SWAP, swap, _("You cannot take your own shift."))
    if swap.post.is_deleted or not is_visible_to(swap.post, actor):
        raise PermissionDenied(_("This swap is not shown to you."))
    message = (message or "").strip()
    if len(message) > SWAP_OFFER_MESSAGE_MAX_LENGTH:
        raise ValidationError(
            _("A message can be at most %(limit)s characters."),
            params={"limit": SWAP_OFFER_MESSAGE_MAX_LENGTH},
            code="too_long",
        )
    # Locking the swap queues this offer behind a concurrent accept or withdrawal, so an
    # offer never lands on a swap that has just stopped being open.
    locked = ShiftSwap.objects.select_for_update().get(pk=swap.pk)
    if locked.current_state != State.OPEN:
        raise _closed_error(locked)
    try:
        with transaction.atomic():
            offer = SwapOffer.objects.create(swap=locked, offered_by=actor, message=message)
    except IntegrityError:
        raise ValidationError(
            _("You have already offered to take this shift."), code="duplicate"
        ) from None
    _tell(
        [swap.post.author],
        swap=swap,
        actor=actor,
        key=f"offer:{offer.pk}",
        message=lambda: (
            _("%(name)s offered to take your shift on %(shift)s.")
            % {"name": _name(actor), "shift": describe_shift(swap)}
        ),
    )
    return offer


@transaction.atomic
def withdraw_offer(*, actor, offer):
    permissions.require(
        actor,
        rules.WITHDRAW_SWAP_OFFER,
        offer,
        _("Only the person who made an offer can withdraw it."),
    )
    withdrawn = SwapOffer.objects.filter(pk=offer.pk, state=OfferState.PENDING).update(
        state=OfferState.WITHDRAWN
    )
    if not withdrawn:
        raise ValidationError(
            _(
                "Only an offer still waiting for the poster can be withdrawn. If yours was "
                "accepted, ask the poster to withdraw the swap."
            ),
            code="not_pending",
        )
    offer.state = OfferState.WITHDRAWN
    return offer


@transaction.atomic
def accept_offer(*, actor, offer):
    """The poster picks ``offer``; the swap waits for approval and the other offers lapse."""
    swap = offer.swap
    permissions.require(
        actor,
        rules.ACCEPT_SWAP_OFFER,
        swap,
        _("Only the person who posted the swap can accept an offer."),
    )
    now = timezone.now()
    moved = ShiftSwap.objects.filter(pk=swap.pk, state=State.OPEN, starts_at__gt=now).update(
        state=State.AWAITING_APPROVAL, accepted_offer=offer, accepted_at=now
    )
    if not moved:
        raise _closed_error(swap)
    taken = SwapOffer.objects.filter(pk=offer.pk, swap=swap, state=OfferState.PENDING).update(
        state=OfferState.ACCEPTED
    )
    if not taken:
        # Raising rolls the swap's move back too: the transaction is all or nothing.
        raise ValidationError(
            _("That offer is no longer available (it was withdrawn). Choose another one."),
            code="offer_gone",
        )
    others = list(
        swap.offers.filter(state=OfferState.PENDING).select_related("offered_by__profile")
    )
    SwapOffer.objects.filter(pk__in=[other.pk for other in others]).update(
        state=OfferState.REJECTED
    )
    swap.refresh_from_db()
    offer.refresh_from_db()
    _tell(
        [offer.offered_by],
        swap=swap,
        actor=actor,
        key="accepted",
        message=lambda: (
            _(
                "%(name)s accepted your offer to take their shift on %(shift)s. "
                "It now waits for the team leader's approval."
            )
            % {"name": _name(actor), "shift": describe_shift(swap)}
        ),
    )
    _tell(
        [other.offered_by for other in others],
        swap=swap,
        actor=actor,
        key="gone",
        message=lambda: (
            _("The shift on %(shift)s you offered to take has gone to someone else.")
            % {"shift": describe_shift(swap)}
        ),
    )
    _tell(
        approvers_of(swap),
        swap=swap,
        actor=actor,
        key=f"approve:{offer.pk}",
        message=lambda: (
            _("A shift swap on %(shift)s (%(team)s) is waiting for your approval.")
            % {"shift": describe_shift(swap), "team": swap.team.name}
        ),
    )
    return swap


def _decide(*, actor, swap, state):
    permissions.require(
        actor,
        rules.DECIDE_SWAP,
        swap,
        _(
            "Only the team leader of %(team)s or a manager can approve or decline this swap, "
            "and never one they are part of."
        )
        % {"team": swap.team.name},
    )
    now = timezone.now()
    moved = ShiftSwap.objects.filter(
        pk=swap.pk, state=State.AWAITING_APPROVAL, starts_at__gt=now
    ).update(state=state, decided_by=actor, decided_at=now)
    if not moved:
        raise _closed_error(swap)
    swap.refresh_from_db()
    if state == State.APPROVED:
        template = gettext_lazy("%(name)s approved the shift swap on %(shift)s.")
    else:
        template = gettext_lazy("%(name)s declined the shift swap on %(shift)s.")
    _tell(
        [swap.post.author, swap.accepted_offer.offered_by],
        swap=swap,
        actor=actor,
        key="decided",
        message=lambda: template % {"name": _name(actor), "shift": describe_shift(swap)},
    )
    return swap


@transaction.atomic
def approve_swap(*, actor, swap):
    return _decide(actor=actor, swap=swap, state=State.APPROVED)


@transaction.atomic
def decline_swap(*, actor, swap):
    return _decide(actor=actor, swap=swap, state=State.DECLINED)


@transaction.atomic
def withdraw_swap(*, actor, swap):
    """The poster takes the swap back, until it is approved; offerers are told."""
    permissions.require(
        actor, rules.WITHDRAW_SWAP, swap, _("Only the person who posted the swap can withdraw it.")
    )
    now = timezone.now()
    moved = ShiftSwap.objects.filter(
        pk=swap.pk, state__in=ShiftSwap.LIVE_STATES, starts_at__gt=now
    ).update(state=State.WITHDRAWN, closed_at=now)
    if not moved:
        raise _closed_error(swap)
    involved = list(
        swap.offers.filter(state__in=[OfferState.PENDING, OfferState.ACCEPTED]).select_related(
            "offered_by__profile"
        )
    )
    swap.offers.filter(state=OfferState.PENDING).update(state=OfferState.REJECTED)
    swap.refresh_from_db()
    _tell(
        [offer.offered_by for offer in involved],
        swap=swap,
        actor=actor,
        key="withdrawn",
        message=lambda: (
            _("%(name)s withdrew the shift swap on %(shift)s.")
            % {"name": _name(actor), "shift": describe_shift(swap)}
        ),
    )
    return swap


def close_started_swaps(*, now=None):
    """Close every open or waiting swap whose shift has started; return how many.

    Safe to run twice or side by side: a batch is locked (``skip_locked``) and updated
    in one transaction with its notifications, a closed swap is not picked again, and
    the dedupe keys stop a retried batch from notifying anyone twice.
    """
    now = now or timezone.now()
    closed = 0
    while True:
        with transaction.atomic():
            batch = list(
                ShiftSwap.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(state__in=ShiftSwap.LIVE_STATES, starts_at__lte=now)
                .select_related("post__author__profile", "site")
                .order_by("starts_at", "pk")[:EXPIRY_BATCH_SIZE]
            )
            if not batch:
                return closed
            ids = [swap.pk for swap in batch]
            ShiftSwap.objects.filter(pk__in=ids).update(state=State.EXPIRED, closed_at=now)
            offers_by_swap = {}
            for offer in SwapOffer.objects.filter(
                swap_id__in=ids, state__in=[OfferState.PENDING, OfferState.ACCEPTED]
            ).select_related("offered_by__profile"):
                offers_by_swap.setdefault(offer.swap_id, []).append(offer.offered_by)
            SwapOffer.objects.filter(swap_id__in=ids, state=OfferState.PENDING).update(
                state=OfferState.REJECTED
            )
            for swap in batch:
                _tell(
                    [swap.post.author, *offers_by_swap.get(swap.pk, [])],
                    swap=swap,
                    actor=None,
                    key="expired",
                    message=lambda swap=swap: (
                        _(
                            "The shift on %(shift)s has started, so its swap closed without "
                            "being approved."
                        )
                        % {"shift": describe_shift(swap)}
                    ),
                )
            closed += len(batch)
