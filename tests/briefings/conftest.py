import datetime

import pytest
import time_machine
from django.utils import timezone

from briefings import sending, services
from briefings.models import Category


def at(text, zone="Europe/London"):
    """An aware instant from a local wall-clock time, e.g. at("2026-03-10 15:55")."""
    import zoneinfo

    naive = datetime.datetime.fromisoformat(text)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))


@pytest.fixture
def travel():
    """Move the clock: ``travel(at("2026-03-10 07:31"))``; stays until the test ends."""
    travellers = []

    def go(moment):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield go
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def submit(submitter):
    def make(title="Price change", *, author=None, category=Category.PRODUCT, **fields):
        fields.setdefault("body", f"All about {title.lower()}.")
        return services.submit_item(
            author=author or submitter, title=title, category=category, **fields
        )

    return make


@pytest.fixture
def approve(manager):
    def go(item, now=None):
        return services.review_item(item=item, reviewer=manager, decision="approved", now=now)

    return go


@pytest.fixture
def run_dispatch(django_capture_on_commit_callbacks):
    """Run the dispatcher as beat would, with the batch tasks it enqueues (eager)."""

    def go(now=None):
        with django_capture_on_commit_callbacks(execute=True):
            touched = sending.dispatch(now=now or timezone.now())
        return touched

    return go
