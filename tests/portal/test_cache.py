"""The cache while Redis is down: the portal carries on as if the cache were empty."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import ResponseError

from portal.cache import ResilientRedisCache
from tests.browser_support import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_unreachable_redis_answers_as_an_empty_cache(redis_down, caplog):
    assert cache.get("anything") is None
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("anything") is False
    assert "anything" not in cache
    assert cache.add("lock", True) is True
    assert cache.set("key", "value") is None
    assert cache.set_many({"a": 1}) == []
    assert cache.touch("key") is False
    assert cache.delete("key") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.get_or_set("computed", "worked out") == "worked out"
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert "Cache: Redis is unreachable" in caplog.text


def test_redis_errors_that_are_not_an_outage_are_still_raised(settings):
    redis_url = settings.CACHES["default"]["LOCATION"]
    if not redis_url.startswith("redis://"):
        pytest.skip("needs REDIS_URL: the Redis cache is only used with Redis")
    reachable = ResilientRedisCache(redis_url, {"KEY_PREFIX": "test-cache-errors"})
    reachable.set("not-a-number", "abc")
    try:
        with pytest.raises(ResponseError):
            reachable.incr("not-a-number")
    finally:
        reachable.delete("not-a-number")


def test_people_can_sign_in_while_redis_is_down(client, make_person, redis_down):
    person = make_person(email="ana@example.com")

    response = client.post(
        reverse("account_login"), {"login": "ana@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(reverse("home")).wsgi_request.user == person


def test_signed_in_pages_and_sign_out_use_the_database_while_redis_is_down(
    client, agent, redis_down
):
    client.force_login(agent)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["user"] == agent
    assert Session.objects.count() == 1

    assert client.post(reverse("account_logout")).status_code == 302
    assert Session.objects.count() == 0
    assert client.get(reverse("home")).status_code == 302
