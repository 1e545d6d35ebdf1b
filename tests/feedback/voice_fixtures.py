"""Fixtures for the Q&A, focus group and scorecard tests; test modules import what they use."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback import qanda_services
from feedback.models import FocusGroup
from portal.models import Role, Team


@pytest.fixture
def colleague(make_person):
    """Another agent in the same team as ``agent``."""
    return make_person(Role.AGENT, display_name="Casey Colleague")


@pytest.fixture
def mobile_team(cardiff, customer_service):
    return Team.objects.create(name="Mobile", site=cardiff, department=customer_service)


@pytest.fixture
def shenzhen_team(shenzhen, customer_service):
    return Team.objects.create(name="Mandarin Service", site=shenzhen, department=customer_service)


@pytest.fixture
def make_session(manager):
    def make(*, days_ahead=14, **kwargs):
        kwargs.setdefault("title", "Quarterly Q&A")
        kwargs.setdefault("panel", "Head of Customer Service")
        return qanda_services.create_session(
            actor=manager,
            scheduled_at=timezone.now() + timedelta(days=days_ahead),
            **kwargs,
        )

    return make


@pytest.fixture
def session(make_session):
    return make_session()


def hold(session, *, days_ago=1):
    """Move a session into the past, as if it had taken place."""
    session.scheduled_at = timezone.now() - timedelta(days=days_ago)
    session.save(update_fields=["scheduled_at"])
    return session


@pytest.fixture
def make_group(manager):
    def make(*, meets_at=None, days_ahead=7, size=4, organiser=None, topic="Working patterns"):
        return FocusGroup.objects.create(
            topic=topic,
            meets_at=meets_at or timezone.now() + timedelta(days=days_ahead),
            place="Room Taf",
            size=size,
            organiser=organiser or manager,
        )

    return make


def count_queries(call):
    with CaptureQueriesContext(connection) as context:
        response = call()
    return len(context), response
