"""In a real browser: an agent with a birthday today sees their pop-up once, and a teammate
sends a wish from the smaller pop-up that then shows on the agent's profile."""

import pytest
from playwright.sync_api import expect

from portal import milestones
from portal.models import MilestoneView, Role, Wish
from tests.browser.test_journey import screenshot
from tests.browser.test_swap_journey import builtin_sections  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


@pytest.fixture
def birthday_today(make_person, cardiff, builtin_sections):  # noqa: F811
    today = milestones.local_today(cardiff)
    person = make_person(
        Role.AGENT, display_name="Priya Shah", birthday_day=today.day, birthday_month=today.month
    )
    milestones.run_site_milestones(site_id=cardiff.pk, date=today)
    return person


@pytest.fixture
def teammate(make_person):
    return make_person(Role.AGENT, display_name="Owen Price")


def test_a_birthday_pop_up_and_a_teammates_wish_on_the_profile(
    open_page,
    live_server,
    birthday_today,
    teammate,
):
    page = open_page(birthday_today)
    dialog = page.get_by_role("dialog", name="A day to celebrate")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Happy birthday, Priya Shah!")
    screenshot(page, "milestones-own-popup.png")
    # Closed with the keyboard; the browser tells the server it was dismissed.
    expect(dialog).to_have_attribute("data-sb-shown", "")
    with page.expect_response(lambda response: "/dismiss/" in response.url):
        page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", name="Hello, Priya Shah")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)

    page = open_page(teammate)
    dialog = page.get_by_role("dialog", name="Your team is celebrating")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("It's Priya Shah's birthday today.")
    expect(dialog).to_have_attribute("data-sb-shown", "")
    screenshot(page, "milestones-team-popup.png")
    dialog.get_by_label("Your message (optional)").fill("Have a brilliant day!")
    dialog.get_by_role("button", name="Send wishes").click()
    expect(page.get_by_role("alert")).to_contain_text("Your wishes are on Priya Shah's profile.")

    page.goto(
        page.url.split("/", 3)[0]
        + "//"
        + page.url.split("/", 3)[2]
        + f"/people/{birthday_today.pk}/"
    )
    wishes = page.locator("#wishes")
    expect(wishes).to_contain_text("Have a brilliant day!")
    expect(wishes).to_contain_text("Owen Price")
    expect(wishes).to_contain_text("You sent wishes for their birthday.")
    screenshot(page, "milestones-wish-on-profile.png")

    assert Wish.objects.get().sender == teammate
    assert MilestoneView.objects.get(viewer=birthday_today).dismissed_at is not None
    assert open_page.problems == []
