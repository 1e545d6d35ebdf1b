"""A submitter plans a campaign in a real browser; an agent sees it on the month grid."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from briefings.models import Campaign
from tests.browser_support import sign_in

pytestmark = pytest.mark.browser


def test_a_submitter_adds_a_campaign_and_an_agent_finds_it(
    page, live_server, submitter, agent, browser
):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(page, live_server, submitter)
    page.goto(live_server.url + "/briefing/calendar/")
    page.get_by_role("link", name="Add a campaign").first.click()

    today = timezone.localdate()
    page.get_by_label("Title").fill("Spring broadband sale")
    page.get_by_label("First day").fill(today.isoformat())
    page.get_by_label("Last day").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Email").check()
    page.get_by_label("High").check()
    page.get_by_role("button", name="Add to the calendar").click()
    expect(page.locator(".sb-error-summary")).to_be_focused()
    expect(
        page.get_by_role("link", name="Last day: The last day cannot be before the first day.")
    ).to_be_visible()
    expect(
        page.get_by_text("The last day cannot be before the first day.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("Spring broadband sale")

    page.get_by_label("Last day").fill((today + datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add to the calendar").click()
    expect(
        page.get_by_text("Added “Spring broadband sale” to the marketing calendar.")
    ).to_be_visible()
    assert Campaign.objects.get().channel_labels() == ["Email"]

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = context.new_page()
    desk.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(desk, live_server, agent)
    desk.goto(live_server.url + "/briefing/calendar/")
    today_cell = desk.locator('td[aria-current="date"]')
    expect(today_cell.get_by_role("link", name="Spring broadband sale")).to_be_visible()
    expect(today_cell.get_by_text("High volume")).to_be_visible()
    context.close()
    assert problems == []


def test_on_a_phone_the_month_buttons_fit_on_one_row_and_keep_their_full_names(
    live_server, agent, open_page
):
    page = open_page(agent)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/briefing/calendar/?month=2026-01")

    months = page.get_by_role("navigation", name="Months")
    previous = months.get_by_role("link", name="December 2025")
    following = months.get_by_role("link", name="February 2026")
    # What the links are called stays whole; what shows is short.
    expect(previous.get_by_text("Dec", exact=True)).to_be_visible()
    expect(following.get_by_text("Feb", exact=True)).to_be_visible()
    assert previous.bounding_box()["width"] < 90 and following.bounding_box()["width"] < 90
    items = [previous, months.get_by_role("heading"), following]
    items.append(months.get_by_role("link", name="This month"))
    middles = [box["y"] + box["height"] / 2 for box in (item.bounding_box() for item in items)]
    # One row: every item's middle on the same line (a wrapped one sits a row lower).
    assert max(middles) - min(middles) < 4, middles
    assert months.evaluate("nav => nav.scrollWidth <= nav.clientWidth")
    assert open_page.problems == []
