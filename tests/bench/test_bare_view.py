"""The bench's floor: a view that answers without the database, a session or a template."""

import pytest

pytestmark = pytest.mark.django_db


def test_bare_view_answers_anyone_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/bare")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_bare_view_answers_a_signed_in_person_without_a_query(
    client, agent, django_assert_num_queries
):
    client.force_login(agent)

    with django_assert_num_queries(0):
        response = client.get("/bench/bare")

    assert response.status_code == 200


def test_bare_view_only_reads(client):
    assert client.post("/bench/bare").status_code == 405


def test_signed_in_floor_is_the_page_frame_with_nothing_in_it(client, agent):
    client.force_login(agent)

    response = client.get("/bench/signed-in")

    assert response.status_code == 200
    assert response.templates[0].name == "portal/bench_signed_in.html"
    assert "base.html" in {template.name for template in response.templates}


def test_signed_in_floor_needs_a_signed_in_person(client):
    response = client.get("/bench/signed-in")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_floor_costs_the_same_queries_as_any_page_frame(
    client, agent, django_assert_max_num_queries
):
    client.force_login(agent)

    with django_assert_max_num_queries(6):
        client.get("/bench/signed-in")
