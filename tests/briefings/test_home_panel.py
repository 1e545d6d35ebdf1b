"""The briefing's panel on the home page: today's briefing, read or not, what to acknowledge."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings import services
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

    assert "Your first briefing arrives on Wednesday 11 March, 07:30" in page


def test_the_briefing_panel_costs_the_same_with_2_or_8_items(
    client, agent, travel, submit, approve, run_dispatch
):
    sent_briefing(travel, submit, approve, run_dispatch, "One", "Two", must_read=True)
    travel(at("2026-03-11 08:00"))
    client.force_login(agent)
    _page, few = home_page(client)

    travel(at("2026-03-11 12:00"))
    for number in range(6):
        approve(submit(f"More {number}", must_read=True))
    travel(at("2026-03-12 07:31"))
    run_dispatch()
    client.force_login(agent)
    page, many = home_page(client)

    assert "6 new items." in page
    assert many == few
