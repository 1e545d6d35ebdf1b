"""The server log: a refused request is one line, a real error keeps its traceback."""

import io
import logging

import pytest
from django.urls import reverse

from portal.models import Role


@pytest.fixture
def console_log():
    """What the configured console handler writes, filters and all."""
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler, logging.StreamHandler) and handler.filters
    )
    written = io.StringIO()
    previous = console.setStream(written)
    yield written
    console.setStream(previous)


def test_a_403_is_logged_as_one_line_without_a_traceback(client, make_person, console_log):
    client.force_login(make_person(Role.AGENT))

    assert client.get(reverse("milestones:settings")).status_code == 403

    lines = console_log.getvalue().splitlines()
    assert len(lines) == 1
    assert "Forbidden (Permission denied): /milestones/settings/" in lines[0]
    assert "Traceback" not in console_log.getvalue()


def test_other_errors_keep_their_traceback(console_log):
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("django.request").error(
            "Internal Server Error: /", exc_info=True, extra={"status_code": 500}
        )

    assert "Traceback" in console_log.getvalue() and "ValueError: boom" in console_log.getvalue()
