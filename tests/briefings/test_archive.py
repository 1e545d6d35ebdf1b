"""The archive: search and filters over past briefings, only what the person may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings.archive_selectors import archive_items
from briefings.models import BriefingDelivery, Category
from portal.models import Role, Team
from tests.briefings.conftest import at


@pytest.fixture
def sales_team(cardiff, customer_service):
    return Team.objects.create(name="Sales", site=cardiff, department=customer_service)


@pytest.fixture
def two_briefings(travel, submit, approve, run_dispatch, sales_team):
    """Briefings of 11 and 12 March at Cardiff; one item is for the Sales team only."""
    travel(at("2026-03-10 12:00"))
    approve(submit("Refund policy change", body="Refunds now take five days."))
    approve(submit("Refund script for Sales", body="Offer a refund first.", teams=[sales_team]))
    approve(submit("Fire drill", body="Leave by the stairs.", category=Category.HR))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    travel(at("2026-03-11 12:00"))
    approve(submit("New refund form", body="Use the new form.", category=Category.SYSTEM))
    travel(at("2026-03-12 07:31"))
    run_dispatch()


def titles(items):
    return sorted(item.title for item in items)


def test_search_finds_only_items_meant_for_the_person(agent, two_briefings):
    items, found = archive_items(agent, query="refund")
    assert found is not None
    assert titles(items) == ["New refund form", "Refund policy change"]


def test_someone_in_the_items_audience_finds_it(
    make_person, sales_team, travel, submit, approve, run_dispatch
):
    seller = make_person(Role.AGENT, team=sales_team)
    travel(at("2026-03-10 12:00"))
    approve(submit("Refund script for Sales", body="Offer a refund first.", teams=[sales_team]))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    items, _found = archive_items(seller, query="refund script")
    assert titles(items) == ["Refund script for Sales"]


def test_people_find_nothing_from_before_they_received_briefings(make_person, two_briefings):
    newcomer = make_person(Role.AGENT)
    assert list(archive_items(newcomer, query="refund")[0]) == []
    assert list(archive_items(newcomer, category=Category.HR)[0]) == []


def test_a_manager_finds_every_item_that_went_out(manager, two_briefings):
    items, _found = archive_items(manager, query="refund")
    assert titles(items) == ["New refund form", "Refund policy change", "Refund script for Sales"]


def test_category_filter(agent, two_briefings):
    items, found = archive_items(agent, category=Category.HR)
    assert found is None
    assert titles(items) == ["Fire drill"]


def test_date_range_is_inclusive_of_both_ends_and_uses_the_briefing_date(agent, two_briefings):
    import datetime

    march_11, march_12 = datetime.date(2026, 3, 11), datetime.date(2026, 3, 12)
    only_11 = archive_items(agent, date_from=march_11, date_to=march_11)[0]
    assert titles(only_11) == ["Fire drill", "Refund policy change"]
    assert {item.sent_on for item in only_11} == {march_11}
    assert titles(archive_items(agent, date_from=march_12)[0]) == ["New refund form"]
    assert titles(archive_items(agent, query="refund", date_to=march_11)[0]) == [
        "Refund policy change"
    ]


def test_results_link_to_the_persons_own_briefing(client, agent, two_briefings):
    client.force_login(agent)
    page = client.get(reverse("briefings:archive"), {"q": "stairs"}).content.decode()
    briefing_id = BriefingDelivery.objects.get(person=agent, date="2026-03-11").briefing_id
    assert "1 item found" in page
    assert reverse("briefings:briefing", args=[briefing_id]) in page
    assert "by the <mark>stairs</mark>" in page


def test_without_filters_the_archive_lists_briefings_by_date(client, agent, two_briefings):
    client.force_login(agent)
    page = client.get(reverse("briefings:archive")).content.decode()
    assert "Wed 11 March 2026" in page and "Thu 12 March 2026" in page


def test_a_to_date_before_the_from_date_is_explained(client, agent, two_briefings):
    client.force_login(agent)
    response = client.get(
        reverse("briefings:archive"), {"date_from": "2026-03-12", "date_to": "2026-03-11"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The “to” date is before the “from” date." in page
    # What was typed stays in the form.
    assert 'value="2026-03-12"' in page


def test_an_impossible_date_is_explained(client, agent, two_briefings):
    client.force_login(agent)
    page = client.get(reverse("briefings:archive"), {"date_from": "2026-02-31"}).content.decode()
    assert "Enter a valid date." in page


def test_nothing_found_says_what_to_try(client, agent, two_briefings):
    client.force_login(agent)
    page = client.get(reverse("briefings:archive"), {"q": "unicorn"}).content.decode()
    assert "Nothing matches" in page


def test_htmx_gets_only_the_results(client, agent, two_briefings):
    client.force_login(agent)
    response = client.get(
        reverse("briefings:archive"), {"q": "fire"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert 'id="archive-results"' in page and "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_archive_search_costs_the_same_queries_for_more_items(
    client, agent, travel, submit, approve, run_dispatch
):
    def search_page(**params):
        client.force_login(agent)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("briefings:archive"), params).status_code == 200
        return len(queries)

    travel(at("2026-03-10 12:00"))
    for number in range(2):
        approve(submit(f"Refund note {number}", must_read=number == 0))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    few = search_page(q="refund"), search_page(category=Category.PRODUCT)
    travel(at("2026-03-11 12:00"))
    for number in range(25):
        approve(submit(f"Refund update {number}", must_read=number % 3 == 0))
    travel(at("2026-03-12 07:31"))
    run_dispatch()
    many = search_page(q="refund"), search_page(category=Category.PRODUCT)
    assert many == few
