"""In a real browser: a form that comes back with errors takes the keyboard to its summary."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without"])
def test_a_failed_focus_group_plan_focuses_its_error_summary_whose_links_reach_the_fields(
    live_server, manager, open_page, javascript
):
    page = open_page(
        manager, java_script_enabled=javascript, viewport={"width": 390, "height": 700}
    )
    page.goto(live_server.url + "/feedback/focus-groups/new/")
    page.get_by_label("How many to invite").fill("2")
    page.get_by_role("button", name="Schedule").focus()
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert").filter(has_text="Please correct the highlighted fields.")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    page.keyboard.press("Tab")
    to_topic = summary.get_by_role("link", name="Topic: This field is required.")
    expect(to_topic).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Topic")).to_be_focused()
    assert open_page.problems == []
