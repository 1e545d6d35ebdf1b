import importlib

import pytest
from django.apps import apps as django_apps

from community import services
from community.models import Section
from portal.audiences import set_audience
from portal.models import Department, Role


@pytest.fixture
def builtin_sections(db):
    """The sections the data migration makes, made again after a transactional test's flush."""
    migration = importlib.import_module("community.migrations.0002_builtin_sections")
    migration.create_sections(django_apps, None)


@pytest.fixture
def section(builtin_sections):
    """The built-in section with this slug."""
    return lambda slug: Section.objects.get(slug=slug)


@pytest.fixture
def general(section):
    return section("general")


@pytest.fixture
def announcements(section):
    return section("announcements")


@pytest.fixture
def hr(section):
    return section("hr")


@pytest.fixture
def hr_officer(make_person):
    return make_person(
        Role.AGENT,
        display_name="Hana HR",
        department=Department.objects.get(name="HR"),
        team=None,
    )


@pytest.fixture
def shenzhen_agent(make_person, shenzhen):
    return make_person(Role.AGENT, display_name="Shen Agent", site=shenzhen, team=None)


@pytest.fixture
def colleague(make_person):
    """Another agent in the same Cardiff team as ``agent``."""
    return make_person(Role.AGENT, display_name="Casey Colleague")


@pytest.fixture
def shenzhen_section(db, shenzhen):
    section = Section.objects.create(name="Shenzhen floor", slug="shenzhen-floor", icon="geo")
    set_audience(section, sites=[shenzhen])
    return section


@pytest.fixture
def make_post(general):
    """Post through the service, so every test post obeys the same rules as real ones."""

    def make(author, *, section=None, body="Hello, floor!", **fields):
        return services.create_post(author=author, section=section or general, body=body, **fields)

    return make


@pytest.fixture
def make_comment():
    """Comment through the service: ``make_comment(author, post, parent=..., body=...)``."""

    def make(author, post, *, body="Good point!", parent=None):
        return services.add_comment(author=author, post=post, body=body, parent=parent)

    return make


@pytest.fixture
def mention():
    """The text the autocomplete inserts for a person."""
    return lambda person: f"@[{person.profile.display_name}](person:{person.pk})"


# Shift swaps ---------------------------------------------------------------------


@pytest.fixture
def sales_team(cardiff, customer_service):
    """A second Cardiff team, with its own leader when a test asks for one."""
    from portal.models import Team

    return Team.objects.create(name="Sales", site=cardiff, department=customer_service)


@pytest.fixture
def make_swap(agent):
    """Post a swap through the service: by default ``agent``'s 09:00-17:00 shift tomorrow."""
    import datetime

    from django.utils import timezone

    from community import swap_services
    from community.models import ShiftSwap

    def make(poster=None, *, days=1, start="09:00", end="17:00", wants=ShiftSwap.Wants.ANY, **kw):
        return swap_services.create_swap(
            poster=poster or agent,
            shift_date=timezone.localdate() + datetime.timedelta(days=days),
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            wants=wants,
            **kw,
        )

    return make


@pytest.fixture
def start_shift():
    """Move a swap's shift so it started a minute ago, as if time had passed."""
    import datetime

    from django.utils import timezone

    from community.models import ShiftSwap

    def start(swap):
        now = timezone.now()
        ShiftSwap.objects.filter(pk=swap.pk).update(
            shift_date=now.date(),
            starts_at=now - datetime.timedelta(minutes=1),
            ends_at=now + datetime.timedelta(hours=8),
        )
        swap.refresh_from_db()
        return swap

    return start


@pytest.fixture
def give_kudos(db):
    def give(giver, recipient, *, value="helpful", message="Thanks for the help today!"):
        return services.give_kudos(giver=giver, recipient=recipient, value=value, message=message)

    return give


@pytest.fixture
def report_item(db):
    """Post a lost or found item through the service; found umbrella in the kitchen by default."""

    # Imported here: this file's head is shared with other branches, so it is appended to only.
    from datetime import timedelta

    from django.utils import timezone

    def report(author, *, kind="found", what="Blue umbrella", **fields):
        fields.setdefault("where", "Kitchen, 2nd floor")
        fields.setdefault("when", timezone.now() - timedelta(hours=2))
        return services.report_lost_item(author=author, kind=kind, what=what, **fields)

    return report


@pytest.fixture
def share_feedback(db):
    def share(author, *, kind="compliment", channel="phone", body="Quick and kind.", **fields):
        return services.share_customer_feedback(
            author=author, kind=kind, channel=channel, body=body, **fields
        )

    return share
