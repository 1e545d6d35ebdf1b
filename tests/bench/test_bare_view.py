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
