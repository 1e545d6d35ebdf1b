"""Sessions: read from the cache on each page, kept in the database, and still working
when the cache is down."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def session_queries(queries):
    return [query["sql"] for query in queries if "django_session" in query["sql"]]


@pytest.fixture
def cache_down(monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for method in ("get", "set", "delete", "has_key"):
        monkeypatch.setattr(cache, method, unreachable)


def test_a_signed_in_page_reads_its_session_from_the_cache_not_the_database(client, agent):
    client.force_login(agent)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    assert session_queries(queries.captured_queries) == []


def test_a_session_missing_from_the_cache_is_read_from_the_database_and_kept(client, agent):
    client.force_login(agent)
    cache.clear()

    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("home")).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(reverse("home")).status_code == 200

    assert len(session_queries(first.captured_queries)) == 1
    assert session_queries(second.captured_queries) == []


def test_pages_still_work_from_the_database_when_the_cache_is_down(
    client, agent, cache_down, caplog
):
    client.force_login(agent)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["user"] == agent
    assert "Sessions: the cache is unreachable" in caplog.text


def test_a_new_session_starts_and_signing_out_ends_it_when_the_cache_is_down(
    client, agent, cache_down
):
    client.force_login(agent)
    assert client.get(reverse("home")).status_code == 200
    assert Session.objects.count() == 1

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert Session.objects.count() == 0
    assert client.get(reverse("home")).status_code == 302


def test_signing_out_removes_the_cached_session_too(client, agent):
    client.force_login(agent)
    stolen_cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = stolen_cookie

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
