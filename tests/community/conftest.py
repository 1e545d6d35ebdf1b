import pytest

from community import services
from community.models import Section
from portal.audiences import set_audience
from portal.models import Department, Role


@pytest.fixture
def section(db):
    """The built-in section with this slug (created by the community's data migration)."""
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
