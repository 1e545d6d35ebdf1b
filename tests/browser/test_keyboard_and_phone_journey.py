"""In a real browser: a keyboard user keeps their place, and a phone shows the tab they are on."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from briefings import services as briefing_services
from community import services
from community.models import Reaction, Section
from community.selectors import FEED_PAGE_SIZE
from portal.models import Role
from tests.browser.test_journey import screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def builtin_sections(transactional_db):
    """The sections the data migration makes, made again after the live server's flush."""
    migration = importlib.import_module("community.migrations.0002_builtin_sections")
    migration.create_sections(django_apps, None)


def test_load_more_with_the_keyboard_focuses_the_first_new_post(
    live_server, builtin_sections, agent, make_person, open_page
):
    colleague = make_person(Role.AGENT, display_name="Casey Colleague")
    general = Section.objects.get(slug="general")
    posts = [
        services.create_post(author=colleague, section=general, body=f"Post number {number}")
        for number in range(FEED_PAGE_SIZE + 2)
    ]
    first_new = posts[1]  # newest first: the oldest two are on the second page
    page = open_page(agent)
    page.goto(live_server.url + "/community/")

    page.get_by_role("link", name="Load more").focus()
    page.keyboard.press("Enter")

    expect(page.locator(f"#post-{first_new.pk}")).to_be_focused()
    # Tab carries on into the new post, not to the footer.
    page.keyboard.press("Tab")
    expect(page.locator(f"#post-{first_new.pk}").get_by_role("link").first).to_be_focused()
    assert open_page.problems == []


def test_on_a_phone_a_late_section_shows_its_tab(live_server, builtin_sections, agent, open_page):
    page = open_page(agent)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/community/?section=tips")

    sections = page.get_by_role("navigation", name="Sections")
    expect(sections.get_by_role("link", name="Tips and know-how")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    assert open_page.problems == []


def test_on_a_phone_the_figures_page_shows_its_briefing_tab(live_server, manager, open_page):
    page = open_page(manager)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/briefing/reports/")

    tabs = page.get_by_role("navigation", name="Briefing pages")
    expect(tabs.get_by_role("link", name="Figures")).to_be_in_viewport()
    expect(tabs.get_by_role("link", name="Today")).not_to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    assert open_page.problems == []


# Where each of the strip's tabs is, in pixels from the strip's left edge.
TAB_POSITIONS = """strip => {
    const edge = strip.getBoundingClientRect().left;
    return [...strip.children].map(tab => {
        const box = tab.getBoundingClientRect();
        return {name: tab.textContent.trim(), left: box.left - edge, right: box.right - edge,
                current: !!tab.querySelector("[aria-current=page]")};
    });
}"""


@pytest.mark.parametrize(
    "address", ["/briefing/review/", "/briefing/calendar/", "/briefing/reports/"]
)
def test_on_a_phone_the_briefing_tabs_open_at_whole_tabs_with_the_current_one_clear(
    live_server, manager, open_page, address
):
    page = open_page(manager)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + address)

    strip = page.get_by_role("navigation", name="Briefing pages").get_by_role("list")
    tabs = strip.evaluate(TAB_POSITIONS)
    width = strip.evaluate("strip => strip.clientWidth")
    # No tab is cut at the left edge ("ings" for "Past briefings"): each is gone or whole.
    assert all(tab["right"] <= 0.5 or tab["left"] >= -0.5 for tab in tabs), tabs
    [current] = [tab for tab in tabs if tab["current"]]
    assert current["left"] >= -0.5 and current["right"] <= width + 0.5, tabs
    # The tab before the current one shows too, when both fit.
    before = tabs[tabs.index(current) - 1]
    if current["right"] - before["left"] <= width - 16:
        assert before["left"] >= -0.5, tabs
    assert page.evaluate("window.scrollY") == 0
    assert open_page.problems == []


def test_a_return_without_a_comment_focuses_the_comment_box(
    live_server, submitter, manager, open_page
):
    for number in range(1, 4):
        briefing_services.submit_item(
            author=submitter,
            title=f"Item {number}",
            body="A long item.\n\n" + "More detail. " * 60,
            category="product",
        )
    page = open_page(manager)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/briefing/review/")
    page.locator("article").filter(has_text="Item 2").get_by_role("button", name="Return").click()

    box = page.get_by_label("Your comment or reason for “Item 2”")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(
        "Say what needs changing before returning it. "
        "Needed to return or reject: the submitter reads it."
    )
    # Scrolled to the box, the label naming the item is still in sight.
    expect(page.get_by_text("Your comment or reason for “Item 2”")).to_be_in_viewport()
    screenshot(page, "briefing-review-failed-return.png")
    assert open_page.problems == []


def test_next_page_of_results_with_the_keyboard_focuses_the_new_results(
    live_server, agent, open_page
):
    from feedback import idea_services
    from feedback.idea_views import IDEAS_PER_PAGE
    from feedback.models import IdeaCategory

    for number in range(IDEAS_PER_PAGE + 1):
        idea_services.post_idea(
            author=agent,
            title=f"Idea number {number}",
            problem="Callers wait too long.",
            proposal="Answer faster.",
            category=IdeaCategory.values[0],
        )
    page = open_page(agent)
    page.goto(live_server.url + "/feedback/ideas/")

    page.get_by_role("link", name="Next").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.locator("#idea-results")).to_be_focused()
    # Tab carries on into the new page's first idea, not to the footer.
    page.keyboard.press("Tab")
    expect(page.locator("#idea-results").get_by_role("link").first).to_be_focused()
    assert open_page.problems == []


def test_a_reaction_from_a_search_result_keeps_the_keyboard_on_the_pressed_button(
    live_server, builtin_sections, agent, make_person, open_page
):
    colleague = make_person(Role.AGENT, display_name="Casey Colleague")
    general = Section.objects.get(slug="general")
    post = services.create_post(
        author=colleague, section=general, title="Parking", body="Parking is free on Sundays."
    )
    page = open_page(agent)
    page.set_viewport_size(PHONE)
    search = live_server.url + "/community/search/?q=parking"
    page.goto(search)

    thanks = page.locator(f"#reaction-{post.pk}-thanks")
    thanks.focus()
    page.keyboard.press("Enter")

    expect(thanks).to_have_attribute("aria-pressed", "true")
    expect(thanks).to_be_focused()
    assert page.url == search
    assert list(Reaction.objects.values_list("user", "kind")) == [(agent.pk, "thanks")]
    # On a phone the four buttons fit one line, each named for screen readers.
    bar = page.get_by_role("group", name="Reactions to the post by Casey Colleague")
    tops = {round(button.bounding_box()["y"]) for button in bar.get_by_role("button").all()}
    assert len(tops) == 1
    expect(bar.get_by_role("button", name="Thanks")).to_be_visible()
    # The result's stretched link does not cover the bar: a click reacts, it does not open.
    page.get_by_role("button", name="Like").click()
    expect(page.locator(f"#reaction-{post.pk}-like")).to_have_attribute("aria-pressed", "true")
    assert page.url == search
    screenshot(page, "search-result-reacted-phone.png")
    assert open_page.problems == []


def test_without_javascript_a_card_reaction_lands_on_the_pressed_button_with_its_confirmation(
    live_server, builtin_sections, agent, make_person, open_page
):
    colleague = make_person(Role.AGENT, display_name="Casey Colleague")
    general = Section.objects.get(slug="general")
    posts = [
        services.create_post(author=colleague, section=general, body=f"Post number {number}")
        for number in range(8)
    ]
    further_down = posts[2]  # newest first: the sixth card
    page = open_page(agent, java_script_enabled=False)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/community/")

    celebrate = page.locator(f"#reaction-{further_down.pk}-celebrate")
    celebrate.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(f"/community/#reaction-{further_down.pk}-celebrate$"))
    expect(celebrate).to_have_attribute("aria-pressed", "true")
    expect(celebrate).to_be_focused()
    expect(celebrate).to_have_accessible_description("You reacted: Celebrate.")
    confirmation = page.locator(f"#post-{further_down.pk}").get_by_role("status")
    expect(confirmation).to_have_text("You reacted: Celebrate.")
    expect(confirmation).to_be_in_viewport()
    expect(page.get_by_role("status")).to_have_count(1)
    expect(page.locator("#messages").get_by_role("alert")).to_have_count(0)
    screenshot(page, "feed-card-reacted-without-javascript-phone.png")
    assert open_page.problems == []
