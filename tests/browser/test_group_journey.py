"""In a real browser, on a phone-sized screen: an agent finds a cause group from the menu,
joins it, says they are going to its next event and downloads the event for a calendar."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from community import group_services
from community.models import EventRsvp, GroupMembership
from portal.models import Notification, NotificationVerb, Role
from tests.browser.test_journey import PASSWORD, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def builtin_sections(transactional_db):
    migration = importlib.import_module("community.migrations.0002_builtin_sections")
    migration.create_sections(django_apps, None)


@pytest.fixture
def event(builtin_sections, administrator, make_person):
    representative = make_person(Role.AGENT, display_name="Rhian Rep")
    group = group_services.create_group(
        actor=administrator,
        name="Mind Matters",
        summary="Mental health at work.",
        representatives=[representative],
    )
    starts = (timezone.now() + datetime.timedelta(days=3)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    return group_services.create_event(
        actor=representative,
        group=group,
        title="Lunchtime walk",
        description="",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        time_zone="Europe/London",
        place="Reception",
        link="",
    )


def test_an_agent_joins_a_group_and_says_they_are_going_to_its_walk(
    browser, live_server, agent, event
):
    problems = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("button", name="Show menu").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Groups").click()
    page.get_by_role("link", name="Mind Matters").click()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_role("alert")).to_contain_text("Welcome to Mind Matters!")
    expect(page.get_by_role("button", name="Leave the group")).to_be_visible()

    page.get_by_role("link", name="Lunchtime walk").click()
    page.get_by_role("button", name="Going", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("See you there!")
    expect(page.get_by_role("heading", name="1 going")).to_be_visible()
    expect(page.get_by_role("button", name="Going", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = download.value.path().read_bytes().decode("utf-8")
    screenshot(page, "group-journey-event.png")
    context.close()

    assert "SUMMARY:Lunchtime walk\r\n" in calendar
    assert GroupMembership.objects.filter(user=agent, group=event.group).exists()
    assert EventRsvp.objects.get(user=agent, event=event).answer == "going"
    assert Notification.objects.filter(verb=NotificationVerb.GROUP_MEMBER).count() == 1
    assert problems == []
