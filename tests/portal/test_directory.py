"""The People directory: find colleagues by name, skill, site, team or role."""

import pytest
from django.urls import reverse

from portal.models import Role, Team


@pytest.fixture
def sales_team(shenzhen, customer_service):
    return Team.objects.create(name="Sales", site=shenzhen, department=customer_service)


@pytest.fixture
def colleagues(make_person, shenzhen, sales_team):
    return {
        "priya": make_person(display_name="Priya Shah", skills="complaints, Excel"),
        "owen": make_person(display_name="Owen Price", languages="English, Welsh"),
        "li": make_person(
            Role.TEAM_LEADER,
            display_name="Li Wei",
            site=shenzhen,
            team=sales_team,
            skills="billing disputes",
        ),
    }


@pytest.fixture
def signed_in(client, agent):
    client.force_login(agent)
    return client


def names(response):
    return [profile.display_name for profile in response.context["page"].object_list]


def directory(client, **params):
    return client.get(reverse("people:directory"), params)


def test_everyone_active_is_listed_in_name_order(signed_in, colleagues):
    assert names(directory(signed_in)) == ["Alex Agent", "Li Wei", "Owen Price", "Priya Shah"]


def test_search_finds_a_name_ignoring_case(signed_in, colleagues):
    assert names(directory(signed_in, q="priya")) == ["Priya Shah"]


def test_search_finds_a_skill_or_a_language(signed_in, colleagues):
    assert names(directory(signed_in, q="excel")) == ["Priya Shah"]
    assert names(directory(signed_in, q="Welsh")) == ["Owen Price"]


def test_every_word_of_a_search_must_match(signed_in, colleagues):
    assert names(directory(signed_in, q="billing wei")) == ["Li Wei"]
    assert names(directory(signed_in, q="billing owen")) == []


def test_filtering_by_site(signed_in, colleagues, shenzhen):
    assert names(directory(signed_in, site=shenzhen.pk)) == ["Li Wei"]


def test_filtering_by_team(signed_in, colleagues, billing_team):
    assert names(directory(signed_in, team=billing_team.pk)) == [
        "Alex Agent",
        "Owen Price",
        "Priya Shah",
    ]


def test_filtering_by_role(signed_in, colleagues):
    assert names(directory(signed_in, role=Role.TEAM_LEADER)) == ["Li Wei"]


def test_filters_combine(signed_in, colleagues, cardiff):
    assert names(directory(signed_in, site=cardiff.pk, q="excel")) == ["Priya Shah"]
    assert names(directory(signed_in, site=cardiff.pk, role=Role.TEAM_LEADER)) == []


def test_deactivated_people_are_hidden_from_the_list_and_their_page(signed_in, colleagues, agent):
    owen = colleagues["owen"]
    owen.is_active = False
    owen.save()

    assert "Owen Price" not in names(directory(signed_in))
    assert names(directory(signed_in, q="Welsh")) == []
    assert signed_in.get(reverse("people:detail", args=[owen.pk])).status_code == 404


def test_nobody_matching_says_so_and_offers_to_clear_the_filters(signed_in, colleagues):
    response = directory(signed_in, q="nobody-by-this-name")

    page = response.content.decode()
    assert "Nobody matches" in page
    assert "Clear filters" in page


def test_a_filter_value_that_does_not_exist_is_ignored_not_an_error(signed_in, colleagues):
    response = directory(signed_in, site=999_999, role="wizard")

    assert response.status_code == 200


def test_the_directory_is_paginated(signed_in, make_person, settings):
    settings.PEOPLE_PER_PAGE = 4
    for number in range(9):
        make_person(display_name=f"Person {number:02}")

    first = directory(signed_in)
    last = directory(signed_in, page=3)
    beyond = directory(signed_in, page=99)

    # Alex Agent (signed in) plus nine others: ten people over three pages.
    assert first.context["page"].paginator.num_pages == 3
    assert names(first) == ["Alex Agent", "Person 00", "Person 01", "Person 02"]
    assert names(last) == ["Person 07", "Person 08"]
    assert names(beyond) == names(last)
    assert "Page 1 of 3" in first.content.decode()


def test_the_next_page_link_keeps_the_search(signed_in, make_person, settings):
    settings.PEOPLE_PER_PAGE = 2
    for number in range(5):
        make_person(display_name=f"Helper {number}", skills="refunds")

    page = directory(signed_in, q="refunds").content.decode()

    assert "?q=refunds&amp;page=2" in page


def test_an_htmx_request_gets_only_the_results(signed_in, colleagues):
    full = directory(signed_in, q="priya")
    fragment = signed_in.get(
        reverse("people:directory"), {"q": "priya"}, headers={"HX-Request": "true"}
    )

    assert "<html" in full.content.decode()
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "<form" not in body
    assert "Priya Shah" in body
    for response in (full, fragment):
        assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(signed_in, colleagues):
    response = signed_in.get(
        reverse("people:directory"),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


# Each page of the directory costs the same, however many people there are: the user
# (the session comes from the cache), the count, the page of people, the site and team
# choices for the filters, the signed-in person's profile for the menu, and today's
# milestone pop-ups for them.
DIRECTORY_QUERIES = 7


@pytest.mark.parametrize("people", [5, 60])
def test_the_query_count_is_flat_however_many_people(
    people, signed_in, make_person, shenzhen, sales_team, django_assert_num_queries
):
    for number in range(people):
        make_person(
            Role.AGENT if number % 2 else Role.TEAM_LEADER,
            skills="refunds, complaints",
            **({"site": shenzhen, "team": sales_team} if number % 3 == 0 else {}),
        )

    with django_assert_num_queries(DIRECTORY_QUERIES):
        response = directory(signed_in)
    # A site filter adds one: the form checks that the site exists.
    with django_assert_num_queries(DIRECTORY_QUERIES + 1):
        directory(signed_in, q="refunds", site=shenzhen.pk, page=2)

    assert response.status_code == 200
