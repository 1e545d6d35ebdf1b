"""The shift swap pages: the form, the feed card, the post page panel and the lists."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import swap_services
from community.models import ShiftSwap, SwapOffer
from portal.models import Role


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def form_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=2)
    return {
        "shift_date": day.isoformat(),
        "start_time": "08:00",
        "end_time": "16:00",
        "wants": "any",
        "wanted_date": "",
        "show_to": "team",
        "note": "",
        **overrides,
    }


def test_the_swap_form_preselects_my_team_and_explains_the_wanted_day(
    signed_in, agent, billing_team
):
    response = signed_in(agent).get(reverse("community:swap_new"))

    assert response.status_code == 200
    assert f'<option value="{billing_team.pk}" selected>' in response.text
    assert 'type="date"' in response.text and 'type="time"' in response.text
    assert "Only when you want a shift on a specific day in return." in response.text
    assert "data-swap-wanted" in response.text and "js/community-swaps.js" in response.text


def test_posting_a_swap_shows_it_on_its_post_page(signed_in, agent, billing_team):
    client = signed_in(agent)
    response = client.post(
        reverse("community:swap_new"), form_data(team=billing_team.pk, note="Wedding!")
    )

    swap = ShiftSwap.objects.get()
    assert response.status_code == 302 and response.url == swap.post.get_absolute_url()
    page = client.get(response.url)
    assert "is up for swapping" in page.text
    assert "08:00" in page.text and "16:00" in page.text and "Wedding!" in page.text
    assert "No offers yet" in page.text and "Withdraw the swap" in page.text


def test_bad_swap_input_keeps_what_was_typed(signed_in, agent, billing_team):
    client = signed_in(agent)
    response = client.post(
        reverse("community:swap_new"),
        form_data(team=billing_team.pk, wants="day", note="Keep me"),
    )

    assert response.status_code == 200 and not ShiftSwap.objects.exists()
    assert "Give the day you would like a shift on in return." in response.text
    assert "Keep me" in response.text and 'value="08:00"' in response.text


def test_a_past_shift_is_refused_on_the_form(signed_in, agent, billing_team):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = signed_in(agent).post(
        reverse("community:swap_new"), form_data(team=billing_team.pk, shift_date=yesterday)
    )
    assert "Only future shifts can be swapped." in response.text
    assert not ShiftSwap.objects.exists()


def test_the_feed_shows_a_swap_card_with_take_this_shift(signed_in, colleague, make_swap, agent):
    swap = make_swap()

    theirs = signed_in(colleague).get(reverse("community:index"))
    assert "Take this shift" in theirs.text and "Any shift in return" in theirs.text
    assert reverse("community:swap_offer", args=[swap.pk]) in theirs.text

    mine = signed_in(agent).get(reverse("community:index"))
    assert "Billing · Cardiff" in mine.text and "Take this shift" not in mine.text


def test_taking_a_shift_from_the_feed_makes_an_offer(signed_in, colleague, make_swap):
    swap = make_swap()
    response = signed_in(colleague).post(
        reverse("community:swap_offer", args=[swap.pk]), {"next": reverse("community:index")}
    )
    assert response.status_code == 302 and response.url == reverse("community:index")
    assert SwapOffer.objects.get().offered_by == colleague


def test_taking_my_own_shift_is_forbidden(signed_in, agent, make_swap):
    swap = make_swap()
    response = signed_in(agent).post(reverse("community:swap_offer", args=[swap.pk]))
    assert response.status_code == 403 and not SwapOffer.objects.exists()


def test_offering_twice_says_so(signed_in, colleague, make_swap):
    swap = make_swap()
    client = signed_in(colleague)
    client.post(reverse("community:swap_offer", args=[swap.pk]))
    page = client.post(reverse("community:swap_offer", args=[swap.pk]), follow=True)
    assert "You have already offered to take this shift." in page.text
    assert "Withdraw my offer" in page.text


def test_the_poster_accepts_an_offer_and_the_leader_approves(
    signed_in, agent, colleague, team_leader, make_swap
):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=colleague, swap=swap, message="Glad to help")

    poster = signed_in(agent)
    page = poster.get(swap.post.get_absolute_url())
    assert "Glad to help" in page.text
    assert reverse("community:swap_offer_accept", args=[offer.pk]) in page.text
    accepted = poster.post(reverse("community:swap_offer_accept", args=[offer.pk]), follow=True)
    assert "Offer accepted" in accepted.text and "Waiting for approval" in accepted.text

    leader = signed_in(team_leader)
    page = leader.get(swap.post.get_absolute_url())
    assert "Your approval is needed" in page.text
    approved = leader.post(reverse("community:swap_approve", args=[swap.pk]), follow=True)
    assert "Swap approved" in approved.text and "Approved by Tess Leader" in approved.text
    swap.refresh_from_db()
    assert swap.state == ShiftSwap.State.APPROVED


def test_an_agent_from_another_team_cannot_approve(
    signed_in, agent, colleague, make_person, sales_team, make_swap
):
    swap = make_swap(show_to="site")
    offer = swap_services.offer_to_take(actor=colleague, swap=swap)
    swap_services.accept_offer(actor=agent, offer=offer)
    outsider = make_person(team=sales_team)

    page = signed_in(outsider).get(swap.post.get_absolute_url())
    assert "Your approval is needed" not in page.text
    response = signed_in(outsider).post(reverse("community:swap_approve", args=[swap.pk]))
    assert response.status_code == 403
    swap.refresh_from_db()
    assert swap.state == ShiftSwap.State.AWAITING_APPROVAL


def test_a_started_swap_shows_as_closed_before_the_task_runs(
    signed_in, colleague, make_swap, start_shift
):
    swap = start_shift(make_swap())
    page = signed_in(colleague).get(swap.post.get_absolute_url())
    assert "Closed: the shift has started" in page.text
    assert "Take this shift" not in page.text


def test_the_swap_list_starts_at_my_site_and_says_what_to_do_when_empty(signed_in, agent):
    response = signed_in(agent).get(reverse("community:swaps"))
    assert response.status_code == 200
    assert "No open swaps at your site" in response.text
    assert reverse("community:swap_new") in response.text


def test_the_swap_list_filters_with_htmx(signed_in, agent, colleague, make_swap, sales_team):
    make_swap(colleague)
    client = signed_in(agent)

    everything = client.get(reverse("community:swaps"))
    assert "1 open swap" in everything.text and "Take this shift" in everything.text

    fragment = client.get(
        reverse("community:swaps"), {"team": sales_team.pk}, headers={"HX-Request": "true"}
    )
    assert "<html" not in fragment.text and 'id="swap-results"' in fragment.text
    assert "No open swaps match" in fragment.text
    assert "HX-Request" in fragment["Vary"]


def test_the_swap_list_costs_the_same_queries_for_5_and_50_swaps(
    client, agent, colleague, make_person, make_swap
):
    def open_list():
        client.force_login(agent)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:swaps"))
        assert response.status_code == 200
        return len(queries), response

    takers = [make_person() for _ in range(3)]

    def add(count):
        for n in range(count):
            swap = make_swap(colleague, days=1 + n % 20, start=f"{6 + n % 12:02d}:00", end="20:00")
            SwapOffer.objects.create(swap=swap, offered_by=takers[n % 3])

    add(5)
    five, response = open_list()
    assert response.text.count("Take this shift") == 5
    add(45)
    fifty, response = open_list()
    assert response.text.count("Take this shift") == 20  # one page
    assert fifty == five


def test_team_leaders_see_what_waits_for_their_approval(
    signed_in, agent, colleague, team_leader, make_swap
):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=colleague, swap=swap)
    swap_services.accept_offer(actor=agent, offer=offer)
    client = signed_in(team_leader)

    listing = client.get(reverse("community:swaps"))
    assert reverse("community:swaps_waiting") in listing.text
    waiting = client.get(reverse("community:swaps_waiting"))
    assert "Alex Agent gives this shift to Casey Colleague" in waiting.text

    declined = client.post(
        reverse("community:swap_decline", args=[swap.pk]),
        {"next": reverse("community:swaps_waiting")},
        follow=True,
    )
    assert "Swap declined" in declined.text and "Nothing waiting for you" in declined.text


def test_the_approval_list_costs_the_same_queries_for_5_and_50_swaps(
    client, make_person, team_leader, make_swap
):
    poster, taker = make_person(), make_person()

    def add(count):
        for n in range(count):
            swap = make_swap(poster, days=1 + n % 20, start=f"{6 + n % 12:02d}:00", end="20:00")
            offer = swap_services.offer_to_take(actor=taker, swap=swap)
            swap_services.accept_offer(actor=poster, offer=offer)

    def open_list():
        client.force_login(team_leader)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:swaps_waiting"))
        return len(queries), response

    add(5)
    five, response = open_list()
    assert response.text.count("gives this shift to") == 5
    add(45)
    fifty, response = open_list()
    assert response.text.count("gives this shift to") == 20
    assert fifty == five


def test_an_agent_has_nothing_waiting_and_no_link_to_it(signed_in, agent):
    client = signed_in(agent)
    assert reverse("community:swaps_waiting") not in client.get(reverse("community:swaps")).text
    assert "Nothing waiting for you" in client.get(reverse("community:swaps_waiting")).text


def test_the_shift_swaps_section_offers_the_swap_form(signed_in, agent):
    page = signed_in(agent).get(reverse("community:index"), {"section": "shift-swaps"})
    assert reverse("community:swap_new") in page.text and reverse("community:swaps") in page.text


def test_a_manager_approving_from_the_waiting_list_returns_there(
    signed_in, make_person, agent, colleague, make_swap
):
    manager = make_person(Role.MANAGER)
    swap = make_swap()
    swap_services.accept_offer(
        actor=agent, offer=swap_services.offer_to_take(actor=colleague, swap=swap)
    )
    response = signed_in(manager).post(
        reverse("community:swap_approve", args=[swap.pk]),
        {"next": reverse("community:swaps_waiting")},
    )
    assert response.url == reverse("community:swaps_waiting")
