"""The Today's briefing page: reads, acknowledgements, and what shows before 07:30."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.models import Acknowledgement, BriefingDelivery, BriefingItem
from portal.models import Role
from tests.briefings.conftest import at


def sent_briefing(travel, submit, approve, run_dispatch, *titles, must_read=False):
    travel(at("2026-03-10 12:00"))
    items = [approve(submit(title, must_read=must_read)) for title in titles]
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    return items


def test_opening_todays_briefing_records_the_read_once(
    client, agent, travel, submit, approve, run_dispatch
):
    sent_briefing(travel, submit, approve, run_dispatch, "Price rise")
    client.force_login(agent)
    travel(at("2026-03-11 08:00"))
    page = client.get(reverse("briefings:index")).content.decode()
    assert "Price rise" in page and "Today's briefing" in page
    delivery = BriefingDelivery.objects.get(person=agent)
    assert delivery.read_at == at("2026-03-11 08:00")
    travel(at("2026-03-11 09:00"))
    client.get(reverse("briefings:index"))
    delivery.refresh_from_db()
    assert delivery.read_at == at("2026-03-11 08:00")


def test_before_0730_people_see_yesterdays_with_when_todays_arrives(
    client, agent, travel, submit, approve, run_dispatch
):
    sent_briefing(travel, submit, approve, run_dispatch, "Yesterday's news")
    travel(at("2026-03-12 06:45"))
    client.force_login(agent)
    page = client.get(reverse("briefings:index")).content.decode()
    assert "Yesterday&#x27;s news" in page
    assert "Your latest briefing" in page
    assert "arrives on Thursday 12 March at 07:30" in page


def test_someone_with_no_briefing_yet_is_told_when_it_arrives(client, agent, travel):
    travel(at("2026-03-11 06:00"))
    client.force_login(agent)
    page = client.get(reverse("briefings:index")).content.decode()
    assert "Your first briefing is on its way" in page
    assert "arrives on Wednesday 11 March at 07:30" in page


def test_acknowledging_a_must_read_item_with_htmx(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "New script", must_read=True)
    client.force_login(agent)
    page = client.get(reverse("briefings:index")).content.decode()
    assert "I've read this" in page
    url = reverse("briefings:acknowledge", args=[item.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "You have confirmed reading this" in response.content.decode()
    assert "<html" not in response.content.decode()
    client.post(url, headers={"HX-Request": "true"})  # a double click counts once
    assert Acknowledgement.objects.filter(item=item, person=agent).count() == 1
    again = client.get(reverse("briefings:index")).content.decode()
    assert "You have confirmed reading this" in again


def test_acknowledging_without_htmx_redirects_with_a_message(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "New script", must_read=True)
    client.force_login(agent)
    response = client.post(reverse("briefings:acknowledge", args=[item.pk]), follow=True)
    assert "noted that you have read" in response.content.decode()


def test_cannot_acknowledge_an_item_not_delivered_to_you(
    client, agent, make_person, shenzhen, travel, submit, approve, run_dispatch
):
    travel(at("2026-03-10 12:00"))
    item = approve(submit("Cardiff only", must_read=True, sites=[agent.profile.site]))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    far_away = make_person(Role.AGENT, site=shenzhen, team=None)
    client.force_login(far_away)
    response = client.post(reverse("briefings:acknowledge", args=[item.pk]))
    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_cannot_acknowledge_an_item_that_is_not_must_read(
    client, agent, travel, submit, approve, run_dispatch
):
    (item,) = sent_briefing(travel, submit, approve, run_dispatch, "FYI")
    client.force_login(agent)
    assert client.post(reverse("briefings:acknowledge", args=[item.pk])).status_code == 404


def test_archive_lists_past_briefings_and_opens_them(
    client, agent, travel, submit, approve, run_dispatch
):
    sent_briefing(travel, submit, approve, run_dispatch, "Archived news")
    travel(at("2026-03-12 07:31"))
    from briefings import sending

    sending.dispatch()
    client.force_login(agent)
    archive = client.get(reverse("briefings:archive")).content.decode()
    assert "Wed 11 March 2026" in archive and "Thu 12 March 2026" in archive
    briefing_id = BriefingDelivery.objects.get(person=agent, date="2026-03-11").briefing_id
    assert (
        "Archived news"
        in client.get(reverse("briefings:briefing", args=[briefing_id])).content.decode()
    )


def test_agents_cannot_open_another_sites_briefing(
    client, agent, make_person, shenzhen, travel, run_dispatch
):
    from briefings.models import Briefing

    make_person(Role.AGENT, site=shenzhen, team=None)
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    other = Briefing.objects.get(site=shenzhen)
    client.force_login(agent)
    assert client.get(reverse("briefings:briefing", args=[other.pk])).status_code == 404


# Query counts ------------------------------------------------------------------------


def test_todays_page_costs_the_same_queries_for_3_and_30_items(
    client, agent, travel, submit, approve, run_dispatch, image_upload
):
    def open_today():
        client.force_login(agent)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings:index")).status_code == 200
        return len(queries)

    # Each measured morning also has earlier must-reads to confirm: one briefing's, then two.
    travel(at("2026-03-09 12:00"))
    approve(submit("Earlier", must_read=True))
    travel(at("2026-03-10 07:31"))
    run_dispatch()
    travel(at("2026-03-10 12:00"))
    for number in range(3):
        approve(submit(f"Item {number}", must_read=True, attachment=image_upload()))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    three = open_today()
    travel(at("2026-03-11 12:00"))
    for number in range(30):
        approve(submit(f"More {number}", must_read=number % 2 == 0, attachment=image_upload()))
    travel(at("2026-03-12 07:31"))
    run_dispatch()
    thirty = open_today()
    assert BriefingItem.objects.filter(entries__isnull=False).count() == 34
    assert thirty == three


def test_my_items_page_costs_the_same_queries_for_3_and_30_items(
    client, submitter, submit, billing_team, django_assert_max_num_queries
):
    def open_mine():
        client.force_login(submitter)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings:my_items")).status_code == 200
        return len(queries)

    for number in range(3):
        submit(f"Item {number}", teams=[billing_team])
    three = open_mine()
    for number in range(27):
        submit(f"More {number}", teams=[billing_team], roles=[Role.AGENT])
    assert open_mine() == three


def test_review_queue_costs_the_same_queries_for_3_and_30_items(client, manager, submit):
    def open_queue():
        client.force_login(manager)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings:review_queue")).status_code == 200
        return len(queries)

    for number in range(3):
        submit(f"Item {number}")
    three = open_queue()
    for number in range(27):
        submit(f"More {number}")
    assert open_queue() == three


def test_past_briefings_page_costs_the_same_queries_for_3_and_20_days(
    client, agent, manager, travel, submit, approve, run_dispatch
):
    def open_archive(person):
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings:archive")).status_code == 200
        return len(queries)

    def days(first, count):
        for day in range(first, first + count):
            travel(at(f"2026-03-{day:02d} 12:00"))
            approve(submit(f"News of the {day}"))
            travel(at(f"2026-03-{day + 1:02d} 07:31"))
            run_dispatch()

    days(1, 3)
    three = open_archive(agent), open_archive(manager)
    days(4, 17)
    assert (open_archive(agent), open_archive(manager)) == three


def test_past_briefings_mark_must_read_items_still_to_confirm(
    client, agent, travel, submit, approve, run_dispatch
):
    from briefings import services

    must_read, _other = sent_briefing(
        travel, submit, approve, run_dispatch, "Fire exits", "Car park", must_read=True
    )
    travel(at("2026-03-12 08:00"))
    client.force_login(agent)

    archive = client.get(reverse("briefings:archive")).content.decode()
    assert "2 must-reads to confirm" in archive

    services.acknowledge(item=must_read, user=agent)
    archive = client.get(reverse("briefings:archive")).content.decode()
    assert "1 must-read to confirm" in archive
