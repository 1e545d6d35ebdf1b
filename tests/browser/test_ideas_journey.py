"""In a real browser: an agent posts an idea, a colleague supports it, a manager plans it
with a public reply, and the author sees the notification."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Idea
from portal.models import Notification, Role
from tests.browser.test_journey import screenshot

pytestmark = pytest.mark.browser


def test_an_idea_goes_from_an_agent_to_a_planned_reply_the_author_is_told_about(
    live_server, make_person, open_page
):
    author = make_person(Role.AGENT, display_name="Dylan Hughes")
    colleague = make_person(Role.AGENT, display_name="Casey Colleague")
    manager = make_person(Role.MANAGER, display_name="Gareth Price")

    # The agent finds the think tank from the navigation and posts an idea.
    page = open_page(author)
    page.get_by_role("link", name="Feedback").click()
    page.get_by_role("link", name="Think tank").click()
    page.get_by_role("link", name="Post an idea").click()
    page.get_by_label("Title").fill("Callback slots for billing queries")
    page.get_by_label("The problem").fill("The Monday queue goes past **20 minutes**.")
    page.get_by_label("Your proposal").fill("Offer a callback when the wait is long.")
    page.get_by_label("Category").select_option(label="Customer experience")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("alert")).to_contain_text("Your idea is posted")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Callback slots for billing queries"
    )
    idea = Idea.objects.get()

    # A colleague finds it in the list and supports it; htmx updates the figures in place.
    colleague_page = open_page(colleague)
    colleague_page.goto(live_server.url + "/feedback/ideas/")
    colleague_page.get_by_role("link", name=re.compile("Callback slots")).click()
    colleague_page.get_by_role("button", name="Support this idea").click()
    expect(colleague_page.get_by_text("You support this idea.")).to_be_visible()
    expect(colleague_page.locator("[data-supporters]")).to_have_text("1")
    screenshot(colleague_page, "idea-supported.png")

    # The manager plans it, with the public reply the status needs.
    manager_page = open_page(manager)
    manager_page.goto(live_server.url + idea.get_absolute_url())
    manager_page.get_by_role("link", name="Change status and reply").click()
    manager_page.get_by_label("New status").select_option(label="Planned")
    manager_page.get_by_role("button", name="Save and tell them").click()
    expect(manager_page.locator(".sb-error-summary")).to_contain_text(
        "needs a reply everyone can read"
    )
    expect(manager_page.locator(".invalid-feedback")).to_contain_text(
        "needs a reply everyone can read"
    )
    manager_page.get_by_label("Public reply").fill("Callbacks go live for billing in March.")
    manager_page.get_by_role("button", name="Save and tell them").click()
    expect(manager_page.get_by_role("alert")).to_contain_text("is now planned")
    expect(manager_page.get_by_text("Callbacks go live for billing in March.")).to_be_visible()

    # The author sees the notification and follows it to the reply.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name=re.compile(r"Notifications, \d+ unread"))).to_be_visible()
    page.goto(live_server.url + "/notifications/")
    page.get_by_text("“Callback slots for billing queries” is now planned").click()
    expect(page.get_by_text("Managers' reply: planned")).to_be_visible()
    expect(page.get_by_text("Callbacks go live for billing in March.")).to_be_visible()
    screenshot(page, "idea-planned-author.png")

    assert Notification.objects.filter(
        recipient=colleague, message__contains="now planned"
    ).exists()
    assert open_page.problems == []
