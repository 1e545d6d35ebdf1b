"""Sessions: read from the cache on each page and kept in the database (Redis being down
is in test_cache.py)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def session_queries(queries):
    return [query["sql"] for query in queries if "django_session" in query["sql"]]


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


def test_signing_out_removes_the_cached_session_too(client, agent):
    client.force_login(agent)
    stolen_cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    client.cookies["sessionid"] = stolen_cookie

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
