"""In a real browser: a department submits before the cut-off, a manager approves, the 07:30
dispatcher sends it, and the agent reads and acknowledges it in the portal."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from briefings import sending, services
from briefings.models import Acknowledgement, BriefingDelivery, BriefingItem, ItemState
from tests.browser.test_journey import screenshot

pytestmark = pytest.mark.browser
LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(date, hour, minute):
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=LONDON)


def test_submitted_at_1555_approved_and_in_the_agents_0730_briefing(
    live_server,
    submitter,
    manager,
    agent,
    open_page,
):
    # Today's real date keeps the browser's cookies valid while the server's clock travels.
    today = timezone.localdate(timezone=LONDON)
    tomorrow = today + datetime.timedelta(days=1)

    with time_machine.travel(london(today, 15, 55), tick=True):
        page = open_page(submitter)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Briefing").click()
        page.get_by_role("link", name="My items").click()
        page.get_by_role("link", name="Submit an item").first.click()
        page.get_by_label("Title").fill("New broadband bundles")
        page.get_by_label("Category").select_option(label="Product update")
        page.get_by_label("Details").fill("Add **TV** for £10 a month.")
        page.get_by_label("Must read").check()
        landing = page.locator("#landing")
        expect(landing).to_contain_text(f"the briefing of {tomorrow:%A} {tomorrow.day}")
        screenshot(page, "briefing-submit.png")
        page.get_by_role("button", name="Submit for review").click()
        expect(page.get_by_text("Submitted “New broadband bundles” for review")).to_be_visible()
        expect(page.get_by_text(f"the briefing of {tomorrow:%A} {tomorrow.day}")).to_be_visible()

    with time_machine.travel(london(today, 15, 58), tick=True):
        page = open_page(manager)
        page.goto(live_server.url + "/briefing/review/")
        card = page.locator("article").filter(has_text="New broadband bundles")
        card.get_by_role("button", name="Approve").click()
        expect(page.get_by_text("Approved “New broadband bundles”")).to_be_visible()
        expect(page.get_by_text("Nothing waiting for review")).to_be_visible()
    assert BriefingItem.objects.get().state == ItemState.APPROVED

    with time_machine.travel(london(tomorrow, 7, 30) + datetime.timedelta(seconds=20), tick=True):
        sending.dispatch()  # what beat's tick runs
        to_agent = [message for message in mail.outbox if message.to == [agent.email]]
        assert len(to_agent) == 1
        assert "New broadband bundles" in to_agent[0].body

        page = open_page(agent)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Briefing").click()
        expect(page.get_by_role("heading", name="Today's briefing")).to_be_visible()
        item = page.locator("article").filter(has_text="New broadband bundles")
        expect(item).to_contain_text("Must read")
        item.get_by_role("button", name="I've read this").click()
        expect(item.get_by_text("You have confirmed reading this.")).to_be_visible()
        screenshot(page, "briefing-today.png")

    delivery = BriefingDelivery.objects.get(person=agent)
    assert delivery.read_at is not None and delivery.date == tomorrow
    assert Acknowledgement.objects.filter(person=agent, item=BriefingItem.objects.get()).exists()
    assert open_page.problems == []


@pytest.mark.parametrize("java_script", [True, False], ids=["js", "no-js"])
def test_a_manager_working_down_a_long_queue_lands_on_the_next_item_and_reads_the_confirmation(
    live_server, submitter, manager, open_page, java_script
):
    items = [
        services.submit_item(
            author=submitter,
            title=f"Item {number}",
            body="A long item.\n\n" + "More detail. " * 60,
            category="product",
        )
        for number in range(1, 9)
    ]
    page = open_page(manager, java_script_enabled=java_script)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/briefing/review/")
    card = page.locator("article").filter(has_text="Item 5")
    card.get_by_label("Comment or reason").fill("Add the price.")
    card.get_by_role("button", name="Return").click()

    page.wait_for_url("**#review-done")
    confirmation = page.get_by_role("status").filter(has_text="Returned “Item 5”")
    expect(confirmation).to_be_in_viewport()
    expect(confirmation).to_be_focused()
    expect(page.locator(f"#queue-item-{items[5].pk}").get_by_role("status")).to_have_count(1)
    expect(page.get_by_role("heading", name="Item 6")).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Waiting for review")).not_to_be_in_viewport()
    assert page.title().startswith("Returned “Item 5” to the submitter with your comment.")
    # The keyboard carries on from the item landed on.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Item 6")).to_be_focused()


@pytest.mark.parametrize("java_script", [True, False], ids=["htmx", "no-js"])
def test_confirming_a_must_read_keeps_the_keyboard_at_that_item(
    live_server, submitter, manager, agent, open_page, java_script
):
    today = timezone.localdate(timezone=LONDON)
    yesterday = today - datetime.timedelta(days=1)
    with time_machine.travel(london(yesterday, 12, 0)):
        for title in ("Fire exits", "Parking", "New script"):
            item = services.submit_item(
                author=submitter,
                title=title,
                body="Please read this.\n\n" + "More detail. " * 60,
                category="system",
                must_read=True,
            )
            services.review_item(item=item, reviewer=manager, decision="approved")
    with time_machine.travel(london(today, 7, 31)):
        sending.dispatch()

    page = open_page(agent, java_script_enabled=java_script)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/briefing/")
    second = page.locator("article").filter(has_text="Parking")
    second.get_by_role("button", name="I've read this").focus()
    page.keyboard.press("Enter")

    confirmation = second.get_by_role("status")
    expect(confirmation).to_have_text("You have confirmed reading this.")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_be_in_viewport()
    # Tab carries on to the next must-read's button, not from the top of the page.
    page.keyboard.press("Tab")
    next_must_read = page.locator("article").filter(has_text="New script")
    expect(next_must_read.get_by_role("button", name="I've read this")).to_be_focused()
    assert open_page.problems == []


@pytest.mark.parametrize("java_script", [True, False], ids=["htmx", "no-js"])
def test_an_earlier_must_read_link_on_today_lands_on_the_item_still_to_confirm(
    live_server, submitter, manager, agent, open_page, java_script
):
    today = timezone.localdate(timezone=LONDON)
    yesterday, before = today - datetime.timedelta(days=1), today - datetime.timedelta(days=2)
    with time_machine.travel(london(before, 12, 0)):
        for title in ("Fire exits", "Parking", "New script"):
            item = services.submit_item(
                author=submitter,
                title=title,
                body="Please read this.\n\n" + "More detail. " * 60,
                category="system",
                must_read=True,
            )
            services.review_item(item=item, reviewer=manager, decision="approved")
    with time_machine.travel(london(yesterday, 7, 31)):
        sending.dispatch()
    services.acknowledge(item=BriefingItem.objects.get(title="Fire exits"), user=agent)
    with time_machine.travel(london(yesterday, 12, 0)):
        news = services.submit_item(
            author=submitter, title="Canteen hours", body="Open till 8.", category="system"
        )
        services.review_item(item=news, reviewer=manager, decision="approved")
    with time_machine.travel(london(today, 7, 31)):
        sending.dispatch()

    page = open_page(agent, java_script_enabled=java_script)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/briefing/")
    page.get_by_role("link", name="2 to confirm").focus()
    page.keyboard.press("Enter")

    parking = page.get_by_role("article", name="Parking")
    expect(parking).to_be_focused()
    expect(parking).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Parking")).to_be_in_viewport()
    # Its confirm button is the next stop, not the top of the page.
    page.keyboard.press("Tab")
    expect(parking.get_by_role("button", name="I've read this")).to_be_focused()
    assert open_page.problems == []


@pytest.mark.parametrize("java_script", [True, False], ids=["dialog", "no-js"])
def test_withdrawing_an_item_asks_first_and_says_it_is_withdrawn(
    live_server, submitter, open_page, java_script
):
    item = services.submit_item(
        author=submitter, title="Old offer", body="Ends soon.", category="marketing"
    )
    page = open_page(submitter, java_script_enabled=java_script)
    page.goto(live_server.url + item.get_absolute_url())

    page.get_by_role("link", name="Withdraw", exact=True).click()
    question = page.get_by_role("dialog") if java_script else page.locator("main")
    expect(question.get_by_role("heading", name="Withdraw “Old offer”?")).to_be_visible()
    question.get_by_role("button" if java_script else "link", name="Keep it").click()
    assert BriefingItem.objects.get().state == ItemState.SUBMITTED

    if java_script:
        expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_role("link", name="Withdraw", exact=True).click()
    page.get_by_role("button", name="Withdraw item").click()

    expect(page.get_by_text("Withdrew “Old offer”: it will not go out")).to_be_visible()
    expect(page.get_by_role("heading", name="My briefing items")).to_be_visible()
    assert BriefingItem.objects.get().state == ItemState.WITHDRAWN
    assert open_page.problems == []
