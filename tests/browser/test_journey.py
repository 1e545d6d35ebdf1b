"""An agent's first minute, in a real browser: sign in, find a colleague, read their profile."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from portal.models import Role

pytestmark = pytest.mark.browser

PASSWORD = "s3cret-Passw0rd"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def colleagues(make_person):
    make_person(Role.AGENT, display_name="Owen Price", languages="English, Welsh")
    return make_person(
        Role.TEAM_LEADER,
        display_name="Priya Shah",
        job_title="Complaints specialist",
        skills="complaints, Excel, billing disputes",
        bio="Ask me about **complaints**. See [our guide](https://example.com/guide).",
    )


@pytest.fixture
def problems(page):
    """Everything the browser complains about: console errors (CSP included) and failed files."""
    found = []
    page.on("console", lambda message: message.type == "error" and found.append(message.text))
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and found.append(f"{response.status} {response.url}")
        ),
    )
    return found


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / name, full_page=True)


def test_an_agent_signs_in_finds_a_colleague_and_reads_their_profile(
    page, live_server, agent, colleagues, problems
):
    page.goto(live_server.url + "/")

    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    screenshot(page, "journey-sign-in.png")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    nav.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()
    expect(page.locator("#results")).to_contain_text("3 people")

    page.get_by_role("searchbox", name="Name or skill").fill("complaints")
    results = page.locator("#results")
    expect(results).to_contain_text("1 person")
    expect(results.get_by_role("link", name="Owen Price")).to_have_count(0)
    # The search is in the address, so it survives a reload or a shared link.
    expect(page).to_have_url(re.compile(r"/people/\?q=complaints(&|$)"))
    screenshot(page, "journey-directory.png")

    results.get_by_role("link", name="Priya Shah").click()

    expect(page.get_by_role("heading", name="Priya Shah", level=1)).to_be_visible()
    expect(page.get_by_text("Complaints specialist")).to_be_visible()
    guide = page.get_by_role("link", name="our guide")
    expect(guide).to_have_attribute("rel", "noopener nofollow")
    # The stylesheets loaded: Bootstrap's spacing and the portal's card style apply.
    assert page.evaluate("getComputedStyle(document.querySelector('main')).paddingTop") == "24px"
    assert page.evaluate("document.styleSheets.length") >= 3
    screenshot(page, "journey-profile.png")
    assert problems == []


def test_the_directory_works_without_javascript_too(
    browser, live_server, agent, colleagues, problems
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto(live_server.url + "/people/")
    page.get_by_role("searchbox", name="Name or skill").fill("Welsh")
    page.get_by_role("button", name="Find").click()

    expect(page.locator("#results")).to_contain_text("1 person")
    expect(page.locator("#results").get_by_role("link", name="Owen Price")).to_be_visible()
    context.close()


def test_on_a_phone_the_menu_folds_away_and_opens(page, live_server, agent, colleagues, problems):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    people = page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    expect(people).to_be_hidden()
    page.get_by_role("button", name="Show menu").click()
    expect(people).to_be_visible()
    people.click()

    expect(page.locator("#results")).to_contain_text("3 people")
    screenshot(page, "journey-phone-directory.png")
    assert problems == []
