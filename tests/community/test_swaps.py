"""Shift swaps through the services: posting, offers, acceptance, approval, expiry, notices."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from community import swap_selectors, swap_services, tasks
from community.models import SHIFT_SWAPS, ShiftSwap, SwapOffer
from portal.models import Notification, NotificationVerb, Role

State = ShiftSwap.State
OfferState = SwapOffer.State
T = datetime.time.fromisoformat


def told(person):
    """The swap messages ``person`` got, oldest first."""
    return list(
        Notification.objects.filter(recipient=person, verb=NotificationVerb.SWAP_UPDATE)
        .order_by("pk")
        .values_list("message", flat=True)
    )


@pytest.fixture
def taker(colleague):
    return colleague


@pytest.fixture
def awaiting(make_swap, taker):
    """A swap whose poster (``agent``) accepted ``taker``'s offer."""
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=taker, swap=swap)
    return swap_services.accept_offer(actor=swap.post.author, offer=offer)


# Posting --------------------------------------------------------------------------


def test_a_swap_is_a_post_in_shift_swaps_for_the_posters_team(agent, billing_team, make_swap):
    swap = make_swap(note="Dentist, sorry!")

    assert swap.post.section.slug == SHIFT_SWAPS
    assert swap.post.author == agent and swap.post.body == "Dentist, sorry!"
    assert (swap.team, swap.site, swap.state) == (billing_team, billing_team.site, State.OPEN)
    assert list(swap.post.audience.teams.all()) == [billing_team]


def test_a_swap_can_be_shown_to_the_whole_site(make_swap, cardiff):
    swap = make_swap(show_to=swap_services.SHOW_TO_SITE)
    assert list(swap.post.audience.sites.all()) == [cardiff]
    assert not swap.post.audience.teams.exists()


def test_a_swap_without_a_note_gets_a_plain_question(make_swap):
    assert make_swap().post.body == "Can anyone take this shift?"


def test_shift_times_are_read_in_the_sites_time_zone(make_person, shenzhen, customer_service):
    from portal.models import Team

    team = Team.objects.create(name="Night desk", site=shenzhen, department=customer_service)
    poster = make_person(site=shenzhen, team=team)
    day = timezone.localdate() + datetime.timedelta(days=3)

    swap = swap_services.create_swap(
        poster=poster, shift_date=day, start_time=T("09:00"), end_time=T("17:00"), wants="any"
    )

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    assert swap.starts_at == datetime.datetime.combine(day, T("09:00"), tzinfo=shanghai)
    assert swap.starts_at.astimezone(datetime.UTC).time() == T("01:00")
    assert swap.ends_at - swap.starts_at == datetime.timedelta(hours=8)


def test_an_end_time_before_the_start_is_an_overnight_shift(make_swap):
    swap = make_swap(start="22:00", end="06:00")
    assert swap.ends_at - swap.starts_at == datetime.timedelta(hours=8)
    assert swap.ends_at.date() == swap.shift_date + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("09:00", "09:00", "must end after it starts"),
        ("09:00", "08:00", "at most 16 hours"),
        ("06:00", "23:30", "at most 16 hours"),
    ],
)
def test_a_shift_that_ends_before_it_could_is_rejected(make_swap, start, end, message):
    with pytest.raises(ValidationError, match=message) as error:
        make_swap(start=start, end=end)
    assert "end_time" in error.value.message_dict
    assert not ShiftSwap.objects.exists()


def test_a_past_shift_cannot_be_swapped(make_swap):
    with pytest.raises(ValidationError, match="already started") as error:
        make_swap(days=-1)
    assert "shift_date" in error.value.message_dict


def test_a_shift_that_started_earlier_today_cannot_be_swapped(agent, monkeypatch):
    # A fixed afternoon in Cardiff, so "earlier today" exists whenever the test runs.
    now = datetime.datetime(2026, 6, 15, 14, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    monkeypatch.setattr(timezone, "now", lambda: now.astimezone(datetime.UTC))
    with pytest.raises(ValidationError, match="already started"):
        swap_services.create_swap(
            poster=agent,
            shift_date=now.date(),
            start_time=datetime.time(13, 55),
            end_time=datetime.time(17, 55),
            wants="any",
        )


def test_wanting_a_specific_day_needs_the_day(make_swap):
    with pytest.raises(ValidationError, match="Give the day") as error:
        make_swap(wants=ShiftSwap.Wants.DAY)
    assert "wanted_date" in error.value.message_dict


def test_the_wanted_day_cannot_be_in_the_past(make_swap):
    with pytest.raises(ValidationError, match="already passed"):
        make_swap(
            wants=ShiftSwap.Wants.DAY,
            wanted_date=timezone.localdate() - datetime.timedelta(days=2),
        )


def test_a_wanted_day_is_kept_only_when_a_specific_day_is_wanted(make_swap):
    later = timezone.localdate() + datetime.timedelta(days=5)
    assert make_swap(wants=ShiftSwap.Wants.DAY, wanted_date=later).wanted_date == later
    assert make_swap(wants=ShiftSwap.Wants.GIVEAWAY, wanted_date=later).wanted_date is None


def test_an_unknown_wish_is_rejected(make_swap):
    with pytest.raises(ValidationError, match="in return"):
        make_swap(wants="money")


def test_a_person_without_a_team_must_say_whose_shift_it_is(make_person, make_swap):
    with pytest.raises(ValidationError, match="not in a team"):
        make_swap(make_person(team=None))


def test_a_shift_of_a_team_at_another_site_cannot_be_posted(make_swap, shenzhen, customer_service):
    from portal.models import Team

    far = Team.objects.create(name="Far", site=shenzhen, department=customer_service)
    with pytest.raises(ValidationError, match="your site"):
        make_swap(team=far)


def test_a_shift_of_another_team_at_the_same_site_can_be_posted(make_swap, sales_team):
    assert make_swap(team=sales_team).team == sales_team


@pytest.mark.parametrize(
    "fields",
    [
        {"ends_at_offset": datetime.timedelta(0)},
        {"ends_at_offset": -datetime.timedelta(hours=1)},
        {"wants": "day", "wanted_date": None},
        {"wants": "any", "wanted_date": datetime.date(2030, 1, 1)},
    ],
)
def test_the_database_refuses_an_impossible_swap(make_swap, fields):
    swap = make_swap()
    fields = dict(fields)
    if "ends_at_offset" in fields:
        fields["ends_at"] = swap.starts_at + fields.pop("ends_at_offset")
    with pytest.raises(IntegrityError), transaction.atomic():
        ShiftSwap.objects.filter(pk=swap.pk).update(**fields)


def test_the_database_refuses_a_taken_swap_without_an_accepted_offer(make_swap):
    swap = make_swap()
    with pytest.raises(IntegrityError), transaction.atomic():
        ShiftSwap.objects.filter(pk=swap.pk).update(state=State.APPROVED, decided_at=timezone.now())


# Offers ---------------------------------------------------------------------------


def test_a_colleague_offers_to_take_a_shift(make_swap, taker):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=taker, swap=swap, message="  Happy to!  ")
    assert (offer.swap, offer.offered_by, offer.message) == (swap, taker, "Happy to!")
    assert offer.state == OfferState.PENDING


def test_nobody_can_take_their_own_shift(agent, make_swap):
    swap = make_swap()
    with pytest.raises(PermissionDenied, match="your own shift"):
        swap_services.offer_to_take(actor=agent, swap=swap)
    assert not SwapOffer.objects.exists()


def test_a_person_offers_once_per_swap(make_swap, taker):
    swap = make_swap()
    swap_services.offer_to_take(actor=taker, swap=swap)
    with pytest.raises(ValidationError, match="already offered"):
        swap_services.offer_to_take(actor=taker, swap=swap)
    assert swap.offers.count() == 1


def test_a_withdrawn_offer_can_be_made_again(make_swap, taker):
    swap = make_swap()
    first = swap_services.offer_to_take(actor=taker, swap=swap)
    swap_services.withdraw_offer(actor=taker, offer=first)
    again = swap_services.offer_to_take(actor=taker, swap=swap)
    assert [o.state for o in swap.offers.order_by("pk")] == ["withdrawn", "pending"]
    assert again.pk != first.pk


def test_the_database_keeps_one_live_offer_per_person(make_swap, taker):
    swap = make_swap()
    swap_services.offer_to_take(actor=taker, swap=swap)
    with pytest.raises(IntegrityError), transaction.atomic():
        SwapOffer.objects.create(swap=swap, offered_by=taker)


def test_the_database_keeps_one_accepted_offer_per_swap(make_swap, taker, make_person):
    swap = make_swap()
    SwapOffer.objects.create(swap=swap, offered_by=taker, state=OfferState.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        SwapOffer.objects.create(swap=swap, offered_by=make_person(), state=OfferState.ACCEPTED)


def test_a_swap_shown_to_one_team_cannot_be_taken_from_another(make_swap, make_person, sales_team):
    swap = make_swap()
    with pytest.raises(PermissionDenied, match="not shown to you"):
        swap_services.offer_to_take(actor=make_person(team=sales_team), swap=swap)


def test_a_swap_shown_to_the_site_can_be_taken_by_another_team(make_swap, make_person, sales_team):
    swap = make_swap(show_to=swap_services.SHOW_TO_SITE)
    assert swap_services.offer_to_take(actor=make_person(team=sales_team), swap=swap)


def test_no_offers_once_the_shift_has_started(make_swap, taker, start_shift):
    swap = start_shift(make_swap())
    with pytest.raises(ValidationError, match="has started"):
        swap_services.offer_to_take(actor=taker, swap=swap)


def test_no_offers_once_an_offer_is_accepted(awaiting, make_person):
    with pytest.raises(ValidationError, match="already been accepted"):
        swap_services.offer_to_take(actor=make_person(), swap=awaiting)


def test_an_overlong_offer_message_is_rejected(make_swap, taker):
    with pytest.raises(ValidationError, match="at most 500"):
        swap_services.offer_to_take(actor=taker, swap=make_swap(), message="x" * 501)


def test_only_the_person_who_offered_withdraws_the_offer(make_swap, taker, make_person):
    offer = swap_services.offer_to_take(actor=taker, swap=make_swap())
    with pytest.raises(PermissionDenied):
        swap_services.withdraw_offer(actor=make_person(), offer=offer)


def test_an_accepted_offer_cannot_be_withdrawn(awaiting, taker):
    with pytest.raises(ValidationError, match="ask the poster"):
        swap_services.withdraw_offer(actor=taker, offer=awaiting.accepted_offer)


# Accepting ------------------------------------------------------------------------


def test_accepting_an_offer_waits_for_approval_and_turns_down_the_others(
    agent, make_swap, taker, make_person
):
    swap = make_swap()
    chosen = swap_services.offer_to_take(actor=taker, swap=swap)
    other = swap_services.offer_to_take(actor=make_person(), swap=swap)

    swap = swap_services.accept_offer(actor=agent, offer=chosen)

    assert swap.state == State.AWAITING_APPROVAL and swap.accepted_offer == chosen
    assert swap.accepted_at is not None
    chosen.refresh_from_db()
    other.refresh_from_db()
    assert (chosen.state, other.state) == (OfferState.ACCEPTED, OfferState.REJECTED)


def test_only_the_poster_accepts_an_offer(make_swap, taker, make_person):
    offer = swap_services.offer_to_take(actor=taker, swap=make_swap())
    for person in [taker, make_person(Role.TEAM_LEADER), make_person(Role.MANAGER)]:
        with pytest.raises(PermissionDenied, match="posted the swap"):
            swap_services.accept_offer(actor=person, offer=offer)
    assert offer.swap.offers.get().state == OfferState.PENDING


def test_a_second_offer_cannot_be_accepted(agent, make_swap, taker, make_person):
    swap = make_swap()
    first = swap_services.offer_to_take(actor=taker, swap=swap)
    second = swap_services.offer_to_take(actor=make_person(), swap=swap)
    swap_services.accept_offer(actor=agent, offer=first)

    with pytest.raises(ValidationError, match="already been accepted"):
        swap_services.accept_offer(actor=agent, offer=second)
    assert swap.offers.filter(state=OfferState.ACCEPTED).get() == first


def test_an_offer_cannot_be_accepted_after_the_shift_started(agent, make_swap, taker, start_shift):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=taker, swap=swap)
    start_shift(swap)
    with pytest.raises(ValidationError, match="has started"):
        swap_services.accept_offer(actor=agent, offer=offer)
    swap.refresh_from_db()
    assert swap.state == State.OPEN and swap.accepted_offer is None


def test_a_withdrawn_offer_cannot_be_accepted_and_the_swap_stays_open(agent, make_swap, taker):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=taker, swap=swap)
    swap_services.withdraw_offer(actor=taker, offer=offer)

    with pytest.raises(ValidationError, match="withdrawn"):
        swap_services.accept_offer(actor=agent, offer=offer)
    swap.refresh_from_db()
    assert swap.state == State.OPEN and swap.accepted_offer is None


# Approving and declining ----------------------------------------------------------


def test_the_team_leader_approves(awaiting, team_leader):
    swap = swap_services.approve_swap(actor=team_leader, swap=awaiting)
    assert swap.state == State.APPROVED
    assert swap.decided_by == team_leader and swap.decided_at is not None


def test_the_team_leader_declines(awaiting, team_leader):
    swap = swap_services.decline_swap(actor=team_leader, swap=awaiting)
    assert swap.state == State.DECLINED and swap.decided_by == team_leader


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMINISTRATOR])
def test_managers_and_administrators_may_approve_any_team(awaiting, make_person, role):
    assert swap_services.approve_swap(actor=make_person(role), swap=awaiting).state == "approved"


def test_an_agent_cannot_approve(awaiting, make_person):
    with pytest.raises(PermissionDenied, match="team leader of Billing"):
        swap_services.approve_swap(actor=make_person(Role.AGENT), swap=awaiting)
    awaiting.refresh_from_db()
    assert awaiting.state == State.AWAITING_APPROVAL


def test_the_leader_of_another_team_cannot_approve(awaiting, make_person, sales_team):
    with pytest.raises(PermissionDenied):
        swap_services.approve_swap(
            actor=make_person(Role.TEAM_LEADER, team=sales_team), swap=awaiting
        )


def test_an_agent_of_another_team_cannot_approve(awaiting, make_person, sales_team):
    with pytest.raises(PermissionDenied):
        swap_services.decline_swap(actor=make_person(team=sales_team), swap=awaiting)


def test_nobody_approves_a_swap_they_are_part_of(make_person, make_swap):
    poster = make_person(Role.TEAM_LEADER)
    taker = make_person(Role.TEAM_LEADER)
    swap = make_swap(poster)
    offer = swap_services.offer_to_take(actor=taker, swap=swap)
    swap = swap_services.accept_offer(actor=poster, offer=offer)
    for person in (poster, taker):
        with pytest.raises(PermissionDenied):
            swap_services.approve_swap(actor=person, swap=swap)


def test_an_open_swap_cannot_be_approved(make_swap, team_leader):
    with pytest.raises(ValidationError, match="no offer has been accepted"):
        swap_services.approve_swap(actor=team_leader, swap=make_swap())


def test_a_decision_is_final(awaiting, team_leader, manager):
    swap_services.approve_swap(actor=team_leader, swap=awaiting)
    with pytest.raises(ValidationError, match="already approved"):
        swap_services.decline_swap(actor=manager, swap=awaiting)


def test_a_swap_cannot_be_approved_after_the_shift_started(awaiting, team_leader, start_shift):
    start_shift(awaiting)
    with pytest.raises(ValidationError, match="has started"):
        swap_services.approve_swap(actor=team_leader, swap=awaiting)


# Withdrawing ----------------------------------------------------------------------


def test_the_poster_withdraws_an_open_swap(agent, make_swap, taker):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=taker, swap=swap)
    swap = swap_services.withdraw_swap(actor=agent, swap=swap)
    offer.refresh_from_db()
    assert swap.state == State.WITHDRAWN and swap.closed_at is not None
    assert offer.state == OfferState.REJECTED
    assert told(taker) == [f"Alex Agent withdrew the shift swap on {describe(swap)}."]


def test_the_poster_withdraws_a_swap_waiting_for_approval(agent, awaiting, taker):
    assert swap_services.withdraw_swap(actor=agent, swap=awaiting).state == State.WITHDRAWN
    assert "withdrew" in told(taker)[-1]


def test_only_the_poster_withdraws_a_swap(make_swap, taker, manager):
    swap = make_swap()
    for person in (taker, manager):
        with pytest.raises(PermissionDenied):
            swap_services.withdraw_swap(actor=person, swap=swap)


def test_an_approved_swap_cannot_be_withdrawn(agent, awaiting, team_leader):
    swap_services.approve_swap(actor=team_leader, swap=awaiting)
    with pytest.raises(ValidationError, match="already approved"):
        swap_services.withdraw_swap(actor=agent, swap=awaiting)


# Notifications at each step --------------------------------------------------------


def describe(swap):
    return swap_services.describe_shift(swap)


def test_the_poster_is_told_about_each_offer(agent, make_swap, taker):
    swap = make_swap()
    swap_services.offer_to_take(actor=taker, swap=swap)
    assert told(agent) == [f"Casey Colleague offered to take your shift on {describe(swap)}."]
    notification = Notification.objects.get(recipient=agent)
    assert notification.url == swap.post.get_absolute_url() and notification.target == swap


def test_accepting_tells_the_taker_the_others_and_the_team_leaders(
    agent, make_swap, taker, make_person, team_leader, sales_team
):
    other_leader = make_person(Role.TEAM_LEADER, team=sales_team)
    swap = make_swap()
    chosen = swap_services.offer_to_take(actor=taker, swap=swap)
    loser = make_person(display_name="Lou Loser")
    swap_services.offer_to_take(actor=loser, swap=swap)

    swap_services.accept_offer(actor=agent, offer=chosen)

    shift = describe(swap)
    assert told(taker) == [
        f"Alex Agent accepted your offer to take their shift on {shift}. "
        "It now waits for the team leader's approval."
    ]
    assert told(loser) == [f"The shift on {shift} you offered to take has gone to someone else."]
    assert told(team_leader) == [f"A shift swap on {shift} (Billing) is waiting for your approval."]
    assert told(other_leader) == []


def test_an_offer_accepted_in_chinese_names_the_shift_in_each_readers_language(
    agent, make_swap, taker, make_person, team_leader
):
    swap = make_swap()
    chosen = swap_services.offer_to_take(actor=taker, swap=swap)
    loser = make_person(display_name="Lou Loser", language="zh-hans")
    swap_services.offer_to_take(actor=loser, swap=swap)

    # The poster's own request runs in Chinese.
    with translation.override("zh-hans"):
        swap_services.accept_offer(actor=agent, offer=chosen)
        in_chinese = describe(swap)

    in_english = describe(swap)
    assert in_english in told(taker)[-1] and in_english in told(team_leader)[-1]
    assert in_chinese in told(loser)[-1]
    for notice in Notification.objects.filter(verb=NotificationVerb.SWAP_UPDATE, actor=agent):
        assert in_english in notice.messages["en-gb"]
        assert in_chinese in notice.messages["zh-hans"]


@pytest.fixture
def shenzhen_manager(make_person, shenzhen):
    return make_person(Role.MANAGER, site=shenzhen, team=None)


def test_without_a_team_leader_the_sites_managers_are_asked(manager, shenzhen_manager, awaiting):
    # Fixture order matters: both managers exist before the offer is accepted.
    assert told(manager) == [
        f"A shift swap on {describe(awaiting)} (Billing) is waiting for your approval."
    ]
    assert told(shenzhen_manager) == []


@pytest.mark.parametrize(
    ("decide", "verb"),
    [(swap_services.approve_swap, "approved"), (swap_services.decline_swap, "declined")],
)
def test_the_poster_and_the_taker_hear_the_decision(
    agent, awaiting, taker, team_leader, decide, verb
):
    decide(actor=team_leader, swap=awaiting)
    expected = f"Tess Leader {verb} the shift swap on {describe(awaiting)}."
    assert told(agent)[-1] == expected and told(taker)[-1] == expected


def test_a_decision_taken_in_chinese_reaches_english_readers_in_english_and_keeps_both(
    agent, awaiting, taker, team_leader
):
    # The team leader's own request runs in Chinese.
    with translation.override("zh-hans"):
        swap_services.approve_swap(actor=team_leader, swap=awaiting)
        in_chinese = describe(awaiting)

    decision = Notification.objects.filter(recipient=taker).latest("pk")
    assert decision.message == f"Tess Leader approved the shift swap on {describe(awaiting)}."
    assert decision.messages == {
        "en-gb": decision.message,
        "zh-hans": f"Tess Leader 批准了 {in_chinese} 的换班。",
    }


# Closing when the shift starts ----------------------------------------------------


def test_started_swaps_close_by_themselves_and_everyone_involved_is_told(
    agent, make_swap, taker, make_person, start_shift
):
    open_swap = make_swap()
    pending = make_person(display_name="Pat Pending")
    swap_services.offer_to_take(actor=pending, swap=open_swap)
    waiting = make_swap(days=2)
    offer = swap_services.offer_to_take(actor=taker, swap=waiting)
    swap_services.accept_offer(actor=agent, offer=offer)
    future = make_swap(days=3)
    start_shift(open_swap)
    start_shift(waiting)

    assert swap_services.close_started_swaps() == 2

    states = dict(ShiftSwap.objects.values_list("pk", "state"))
    assert states == {open_swap.pk: "expired", waiting.pk: "expired", future.pk: "open"}
    assert SwapOffer.objects.get(offered_by=pending).state == OfferState.REJECTED
    closed = "has started, so its swap closed without being approved."
    assert sum(closed in message for message in told(agent)) == 2
    assert closed in told(pending)[-1] and closed in told(taker)[-1]


def test_closing_started_swaps_twice_notifies_nobody_twice(agent, make_swap, taker, start_shift):
    swap = make_swap()
    swap_services.offer_to_take(actor=taker, swap=swap)
    start_shift(swap)

    assert swap_services.close_started_swaps() == 1
    count = Notification.objects.count()
    assert swap_services.close_started_swaps() == 0
    # Even a batch replayed after a crash between commit and acknowledgement is silent.
    ShiftSwap.objects.filter(pk=swap.pk).update(state=State.OPEN)
    assert swap_services.close_started_swaps() == 1
    assert Notification.objects.count() == count


def test_final_swaps_are_left_alone_by_the_closer(agent, awaiting, team_leader, start_shift):
    swap_services.approve_swap(actor=team_leader, swap=awaiting)
    start_shift(awaiting)
    assert swap_services.close_started_swaps() == 0
    awaiting.refresh_from_db()
    assert awaiting.state == State.APPROVED


def test_the_periodic_task_closes_started_swaps(make_swap, start_shift, settings):
    swap = start_shift(make_swap())
    assert settings.CELERY_BEAT_SCHEDULE["community.close_started_swaps"] == {
        "task": "community.tasks.close_started_swaps",
        "schedule": 300,
    }
    tasks.close_started_swaps.delay()
    tasks.close_started_swaps.delay()
    swap.refresh_from_db()
    assert swap.state == State.EXPIRED


def test_a_started_swap_reads_as_closed_before_the_task_runs(agent, make_swap, start_shift):
    swap = start_shift(make_swap())
    assert swap.state == State.OPEN
    assert swap.current_state == State.EXPIRED and not swap.is_open
    assert list(swap_selectors.open_swaps_for(agent, site=None)) == []


# Lists ----------------------------------------------------------------------------


def test_open_swaps_are_the_ones_a_person_can_still_take(
    agent, colleague, make_swap, make_person, sales_team
):
    mine = make_swap()
    theirs = make_swap(colleague, days=2)
    make_swap(make_person(team=sales_team), days=3)  # shown to Sales only
    site_wide = make_swap(make_person(team=sales_team), days=4, show_to="site")
    withdrawn = make_swap(colleague, days=5)
    swap_services.withdraw_swap(actor=colleague, swap=withdrawn)
    swap_services.offer_to_take(actor=agent, swap=theirs)

    swaps = list(swap_selectors.open_swaps_for(agent))

    assert swaps == [mine, theirs, site_wide]
    assert [(s.offer_count, s.offered_by_me) for s in swaps] == [(0, False), (1, True), (0, False)]
    assert list(swap_selectors.open_swaps_for(agent, team=sales_team)) == [site_wide]
    assert list(swap_selectors.open_swaps_for(agent, wants="giveaway")) == []
    assert list(swap_selectors.open_swaps_for(agent, day=theirs.shift_date)) == [theirs]


def test_team_leaders_see_their_teams_swaps_waiting_for_approval(
    awaiting, team_leader, make_person, sales_team, manager, taker
):
    assert list(swap_selectors.awaiting_approval_by(team_leader)) == [awaiting]
    assert list(swap_selectors.awaiting_approval_by(manager)) == [awaiting]
    other_leader = make_person(Role.TEAM_LEADER, team=sales_team)
    assert list(swap_selectors.awaiting_approval_by(other_leader)) == []
    assert list(swap_selectors.awaiting_approval_by(make_person())) == []
    assert list(swap_selectors.awaiting_approval_by(taker)) == []
