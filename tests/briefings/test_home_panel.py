"""The briefing's panel on the home page: today's briefing, read or not, what to acknowledge."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings import services
from briefings.models import Acknowledgement, BriefingDelivery
from tests.briefings.conftest import at
from tests.briefings.test_reading import sent_briefing


def home_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def test_home_says_todays_briefing_is_unread_with_must_read_items_to_acknowledge(
    client, agent, travel, submit, approve, run_dispatch
):
    sent_briefing(travel, submit, approve, run_dispatch, "New script", "Outage", must_read=True)
    travel(at("2026-03-11 08:00"))
    client.force_login(agent)

    page, _queries = home_page(client)

    assert "Today's briefing" in page and "Not read yet" in page
    assert "2 new items." in page and "2 must-read items to acknowledge." in page


def test_home_shows_the_briefing_read_once_opened_and_acknowledged(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "New script", must_read=True)
    travel(at("2026-03-11 08:00"))
    client.force_login(agent)
    client.get(reverse("briefings:index"))
    services.acknowledge(item=item, user=agent)

    page, _queries = home_page(client)

    assert "Read" in page and "Not read yet" not in page
    assert "to acknowledge" not in page


def test_home_says_when_the_first_briefing_arrives(client, agent, travel):
    travel(at("2026-03-11 06:00"))
    client.force_login(agent)

    page, _queries = home_page(client)

    assert "Your first briefing arrives on Wednesday 11 March at 07:30" in page


def test_the_briefing_panel_costs_the_same_with_2_or_8_items(
    client, agent, travel, submit, approve, run_dispatch
):
    # Each measured morning also has earlier must-reads to confirm: one briefing's, then two.
    sent_briefing(travel, submit, approve, run_dispatch, "Earlier", must_read=True)

    def briefing_of(day, titles):
        travel(at(f"2026-03-{day - 1} 12:00"))
        for title in titles:
            approve(submit(title, must_read=True))
        travel(at(f"2026-03-{day} 07:31"))
        run_dispatch()
        client.force_login(agent)
        return home_page(client)

    _page, few = briefing_of(12, ["One", "Two"])
    page, many = briefing_of(13, [f"More {number}" for number in range(8)])

    assert "8 new items." in page
    assert many == few


def yesterdays_must_read_left_unconfirmed(travel, submit, approve, run_dispatch):
    """A must-read item in Wednesday's briefing, then Thursday's briefing with other news."""
    (must_read,) = sent_briefing(
        travel, submit, approve, run_dispatch, "Fire exits", must_read=True
    )
    travel(at("2026-03-11 12:00"))
    approve(submit("Thursday news"))
    travel(at("2026-03-12 07:31"))
    run_dispatch()
    travel(at("2026-03-12 08:00"))
    return must_read


def test_home_keeps_an_earlier_unconfirmed_must_read_item_in_view_with_a_link(
    client, agent, travel, submit, approve, run_dispatch
):
    yesterdays_must_read_left_unconfirmed(travel, submit, approve, run_dispatch)
    client.force_login(agent)

    page, _queries = home_page(client)

    wednesday = BriefingDelivery.objects.get(person=agent, date="2026-03-11")
    must_read = wednesday.briefing.entries.get().item
    assert "1 must-read item from earlier briefings still to confirm:" in page
    link = reverse("briefings:briefing", args=[wednesday.briefing_id])
    assert f'href="{link}#must-read-{must_read.pk}"' in page
    assert "Wednesday 11 March: 1 to confirm" in page


def test_home_forgets_earlier_must_read_items_once_confirmed_or_after_two_weeks(
    client, agent, travel, submit, approve, run_dispatch
):
    must_read = yesterdays_must_read_left_unconfirmed(travel, submit, approve, run_dispatch)
    client.force_login(agent)
    services.acknowledge(item=must_read, user=agent)

    page, _queries = home_page(client)
    assert "still to confirm" not in page

    Acknowledgement.objects.all().delete()
    travel(at("2026-03-25 12:00"))
    approve(submit("Two weeks on"))
    travel(at("2026-03-26 07:31"))
    run_dispatch()
    client.force_login(agent)
    page, _queries = home_page(client)
    assert "still to confirm" not in page


def test_the_briefing_panel_costs_the_same_with_1_or_5_earlier_unconfirmed_briefings(
    client, agent, travel, submit, approve, run_dispatch
):
    def briefings_with_must_reads(first, count):
        for day in range(first, first + count):
            travel(at(f"2026-03-{day:02d} 12:00"))
            approve(submit(f"Must read of the {day}", must_read=True))
            travel(at(f"2026-03-{day + 1:02d} 07:31"))
            run_dispatch()
        travel(at(f"2026-03-{first + count:02d} 08:00"))
        client.force_login(agent)
        page, queries = home_page(client)
        return page, queries

    page, few = briefings_with_must_reads(2, 2)
    assert "1 must-read item from earlier briefings" in page
    page, many = briefings_with_must_reads(4, 4)
    assert "5 must-read items from earlier briefings" in page
    assert many == few
