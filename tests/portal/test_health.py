import pytest
from django.urls import reverse

from portal.celery import app


@pytest.fixture
def broker_down(monkeypatch):
    """Point Celery at a port where nothing listens, as when Redis has stopped."""
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:9/0")
    monkeypatch.setitem(app.conf, "broker_write_url", "redis://127.0.0.1:9/0")
    monkeypatch.setitem(app.conf, "broker_transport_options", {})


def test_health_check_reports_database_and_broker_ok(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_check_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


def test_health_check_is_unavailable_when_the_broker_is_down(client, db, broker_down, caplog):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "unavailable"}
    assert "Traceback" not in response.content.decode()
    assert "broker unavailable" in caplog.text
    assert all(record.exc_info is None for record in caplog.records)


def test_health_check_only_answers_get(client, db):
    assert client.post(reverse("healthz")).status_code == 405


def test_the_favicon_address_points_at_the_portal_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
