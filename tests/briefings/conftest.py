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


class RecordingHandler:
    """An aiosmtpd handler that accepts everything except the addresses it is told to refuse."""

    def __init__(self):
        self.received = []  # (recipient, Message-ID)
        self.messages = []  # (recipient, parsed message)
        self.refuse = {}  # address -> "451 ..." or "550 ..."

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email

        message = email.message_from_bytes(envelope.content)
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, message["Message-ID"]))
            self.messages.append((recipient, message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; Django's SMTP backend sends to it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    handler.controllers = [controller]

    def stop():
        handler.controllers.pop().stop()

    def start():
        handler.controllers.append(Controller(handler, hostname="127.0.0.1", port=port))
        handler.controllers[-1].start()

    handler.stop, handler.start = stop, start
    yield handler
    for running in handler.controllers:
        running.stop()
