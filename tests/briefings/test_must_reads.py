"""Must-read items: earlier ones still to confirm are listed on Today as on Home, and
confirming one keeps the reader's place at that item, with or without JavaScript."""

import html

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings import services
from briefings.models import Acknowledgement, BriefingDelivery
from tests.briefings.conftest import at
from tests.briefings.test_home_panel import yesterdays_must_read_left_unconfirmed
from tests.briefings.test_reading import sent_briefing

EARLIER = "must-read item from earlier briefings still to confirm"


def today_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("briefings:index"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def acknowledge(client, item, **data):
    return client.post(reverse("briefings:acknowledge", args=[item.pk]), data)


def test_today_lists_an_earlier_must_read_still_to_confirm_with_a_link(
    client, agent, travel, submit, approve, run_dispatch
):
    yesterdays_must_read_left_unconfirmed(travel, submit, approve, run_dispatch)
    client.force_login(agent)

    page, _queries = today_page(client)

    wednesday = BriefingDelivery.objects.get(person=agent, date="2026-03-11")
    must_read = wednesday.briefing.entries.get().item
    assert f"1 {EARLIER}:" in page
    link = reverse("briefings:briefing", args=[wednesday.briefing_id])
    assert f'<a href="{link}#must-read-{must_read.pk}">Wednesday 11 March: 1 to confirm</a>' in page
    assert "Thursday news" in page  # today's briefing is still the page


def test_an_earlier_briefings_link_lands_on_its_first_must_read_still_to_confirm(
    client, agent, travel, submit, approve, run_dispatch
):
    travel(at("2026-03-10 12:00"))
    news = approve(submit("Canteen news"))
    first, second, third = (approve(submit(title, must_read=True)) for title in "ABC")
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    services.acknowledge(item=first, user=agent)
    travel(at("2026-03-11 12:00"))
    approve(submit("Thursday news"))
    travel(at("2026-03-12 07:31"))
    run_dispatch()
    client.force_login(agent)

    page, _queries = today_page(client)

    wednesday = BriefingDelivery.objects.get(person=agent, date="2026-03-11")
    link = reverse("briefings:briefing", args=[wednesday.briefing_id])
    assert f'<a href="{link}#must-read-{second.pk}">Wednesday 11 March: 2 to confirm</a>' in page
    # The briefing has that spot, focusable, and only must-read items have one.
    briefing = client.get(link).text
    assert f'id="must-read-{second.pk}" tabindex="-1"' in briefing
    assert f'id="must-read-{third.pk}"' in briefing and f'id="must-read-{news.pk}"' not in briefing


def test_today_forgets_an_earlier_must_read_once_confirmed(
    client, agent, travel, submit, approve, run_dispatch
):
    must_read = yesterdays_must_read_left_unconfirmed(travel, submit, approve, run_dispatch)
    services.acknowledge(item=must_read, user=agent)
    client.force_login(agent)

    page, _queries = today_page(client)

    assert "still to confirm" not in page


def test_today_costs_the_same_with_1_or_5_earlier_unconfirmed_briefings(
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
        return today_page(client)

    page, few = briefings_with_must_reads(2, 2)
    assert f"1 {EARLIER}" in page
    page, many = briefings_with_must_reads(4, 4)
    assert "5 must-read items from earlier briefings" in page
    assert many == few


def test_with_htmx_the_confirmation_replaces_the_button_and_takes_the_focus(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "Fire exits", must_read=True)
    client.force_login(agent)

    fragment = client.post(
        reverse("briefings:acknowledge", args=[item.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert (
        f'<p class="text-success mb-0" id="acknowledged-{item.pk}" tabindex="-1" '
        'role="status" autofocus>' in fragment
    )
    assert "You have confirmed reading this." in fragment
    # A page opened later does not pull the focus to an old confirmation.
    page, _queries = today_page(client)
    assert f'id="acknowledged-{item.pk}"' in page and "autofocus" not in page


def test_without_javascript_the_page_comes_back_at_the_items_confirmation(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "Fire exits", must_read=True)
    client.force_login(agent)
    page, _queries = today_page(client)
    assert '<input type="hidden" name="next" value="/briefing/">' in page

    response = acknowledge(client, item, next="/briefing/")

    assert response.status_code == 302
    assert response.url == f"/briefing/#acknowledged-{item.pk}"
    page, _queries = today_page(client)
    assert f'id="acknowledged-{item.pk}" tabindex="-1" role="status"' in page
    # Said beside the item only, not again at the top of the page.
    assert "noted that you have read" not in page
    assert Acknowledgement.objects.filter(item=item, person=agent).count() == 1


def test_confirming_on_an_earlier_briefing_comes_back_to_that_briefing(
    client, agent, travel, submit, approve, run_dispatch
):
    must_read = yesterdays_must_read_left_unconfirmed(travel, submit, approve, run_dispatch)
    wednesday = BriefingDelivery.objects.get(person=agent, date="2026-03-11")
    briefing_url = reverse("briefings:briefing", args=[wednesday.briefing_id])
    client.force_login(agent)

    response = acknowledge(client, must_read, next=briefing_url)

    assert response.url == f"{briefing_url}#acknowledged-{must_read.pk}"
    page = html.unescape(client.get(briefing_url).content.decode())
    assert f'id="acknowledged-{must_read.pk}"' in page


def test_a_next_address_off_the_portal_is_ignored(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "Fire exits", must_read=True)
    client.force_login(agent)

    response = acknowledge(client, item, next="https://elsewhere.example/briefing/")

    assert response.url == reverse("briefings:index")
    assert Acknowledgement.objects.filter(item=item, person=agent).exists()
