"""In a real browser, on a phone-sized screen: a member goes from their group's page to the
calendar subscription, copies the group's link with the keyboard, and a calendar app (a
client with no session) fetches it; then they make new links and the copied one stops."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from community import group_services
from community.models import CalendarFeed
from portal.models import Role
from tests.browser.test_journey import PASSWORD, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def group(transactional_db, administrator, make_person, agent):
    migration = importlib.import_module("community.migrations.0002_builtin_sections")
    migration.create_sections(django_apps, None)
    representative = make_person(Role.AGENT, display_name="Rhian Rep")
    group = group_services.create_group(
        actor=administrator,
        name="Mind Matters",
        summary="Mental health at work.",
        representatives=[representative],
    )
    group_services.join_group(user=agent, group=group)
    starts = (timezone.now() + datetime.timedelta(days=3)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    group_services.create_event(
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
    return group


def test_a_member_copies_their_groups_calendar_link_and_can_replace_it(
    browser, live_server, settings, agent, group
):
    # The links on the page are built from SITE_URL, the address calendar apps use.
    settings.SITE_URL = live_server.url
    problems = []
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(live_server.url + group.get_absolute_url())
    page.get_by_role("link", name="Subscribe in Outlook or Google").click()
    page.get_by_role("button", name="Make my calendar links").click()
    expect(page.get_by_role("alert")).to_contain_text("Your calendar links are ready.")

    link = page.get_by_role("textbox", name="Mind Matters")
    copy = page.get_by_role("button", name="Copy Mind Matters")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#group-link-mind-matters-status")).to_have_text(
        "Link copied. Paste it into your calendar app."
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    screenshot(page, "calendar-subscription.png")

    calendar_app = browser.new_context()
    fetched = calendar_app.request.get(copied)
    assert copied == link.input_value()
    assert fetched.status == 200
    assert fetched.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Lunchtime walk\r\n" in fetched.text()

    page.get_by_role("button", name="Make new links").click()
    page.get_by_role("dialog").get_by_role("button", name="Make new links").click()
    expect(page.get_by_role("alert")).to_contain_text("You have new calendar links.")
    expect(link).not_to_have_value(copied)

    assert calendar_app.request.get(copied).status == 404
    assert calendar_app.request.get(link.input_value()).status == 200
    assert CalendarFeed.objects.filter(user=agent).count() == 1
    calendar_app.close()
    context.close()
    assert problems == []
