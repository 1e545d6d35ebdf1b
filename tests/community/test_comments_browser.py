"""In a real browser: mention a colleague from the keyboard, comment, react with htmx."""

import pytest
from playwright.sync_api import expect

from community.models import Comment, Reaction
from tests.browser.test_journey import problems, screenshot  # noqa: F401 - fixture
from tests.browser_support import sign_in

pytestmark = pytest.mark.browser


def test_an_agent_mentions_a_colleague_comments_and_reacts(
    page,
    live_server,
    agent,
    colleague,
    make_person,
    make_post,
    problems,  # noqa: F811
):
    make_person(display_name="Casey Other")
    post = make_post(colleague, title="Parking", body="The car park closes early today.")
    sign_in(page, live_server, agent)
    page.goto(live_server.url + post.get_absolute_url())

    box = page.get_by_label("Your comment")
    box.click()
    box.press_sequentially("Thanks @cas")
    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-activedescendant", options.nth(0).get_attribute("id"))
    box.press("ArrowDown")
    box.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    screenshot(page, "community-mention-autocomplete.png")
    box.press("Enter")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_value(f"Thanks @[Casey Colleague](person:{colleague.pk}) ")
    box.press_sequentially("for the heads-up @zzz")
    box.press("Escape")
    page.get_by_role("button", name="Comment", exact=True).click()

    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    comment = Comment.objects.get()
    mention = page.locator(f"#comment-{comment.pk}").get_by_role("link", name="@Casey Colleague")
    expect(mention).to_be_visible()

    like = page.get_by_role("button", name="Like")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(page.get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "true")
    assert Reaction.objects.filter(post=post, user=agent, kind="like").exists()
    page.get_by_role("button", name="Like").click()
    expect(page.get_by_role("button", name="Like")).to_have_attribute("aria-pressed", "false")
    screenshot(page, "community-post-with-comments.png")
    assert problems == []
