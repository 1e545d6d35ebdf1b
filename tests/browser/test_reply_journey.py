"""In a real browser: a keyboard user opens a comment's reply box, writes in it and leaves it."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from community import services
from community.models import Section
from portal.models import Role

pytestmark = pytest.mark.browser


@pytest.fixture
def comment(transactional_db, make_person):
    """A colleague's comment on a post, made after the live server's flush."""
    importlib.import_module("community.migrations.0002_builtin_sections").create_sections(
        django_apps, None
    )
    colleague = make_person(Role.AGENT, display_name="Casey Colleague")
    post = services.create_post(
        author=colleague, section=Section.objects.get(slug="general"), body="Who has a charger?"
    )
    return services.add_comment(author=colleague, post=post, body="Mine is at desk 4.")


def _reply_control(page):
    return page.get_by_text("Reply", exact=True)


def test_opening_reply_with_the_keyboard_puts_the_cursor_in_the_reply_box(
    live_server, comment, agent, open_page
):
    page = open_page(agent)
    page.goto(live_server.url + comment.post.get_absolute_url())

    _reply_control(page).focus()
    page.keyboard.press("Enter")

    box = page.get_by_label("Your reply to Casey Colleague")
    expect(box).to_be_focused()
    # What the person types goes into the box; Space does not close it.
    page.keyboard.type("Thanks, on my way")
    expect(box).to_have_value("Thanks, on my way")
    expect(box).to_be_visible()
    assert open_page.problems == []


def test_escape_closes_the_reply_box_and_gives_the_keyboard_back_to_reply(
    live_server, comment, agent, open_page
):
    page = open_page(agent)
    page.goto(live_server.url + comment.post.get_absolute_url())
    reply = _reply_control(page)
    reply.focus()
    page.keyboard.press("Enter")

    page.keyboard.press("Escape")

    expect(reply).to_be_focused()
    expect(page.locator("details[data-reply-box] textarea")).to_be_hidden()
    assert open_page.problems == []


def test_cancel_closes_the_reply_box_and_gives_the_keyboard_back_to_reply(
    live_server, comment, agent, open_page
):
    page = open_page(agent)
    page.goto(live_server.url + comment.post.get_absolute_url())
    reply = _reply_control(page)
    reply.click()
    expect(page.locator("details[data-reply-box] textarea")).to_be_focused()

    page.get_by_role("button", name="Cancel").press("Enter")

    expect(reply).to_be_focused()
    expect(page.locator("details[data-reply-box] textarea")).to_be_hidden()
    assert open_page.problems == []


def test_without_javascript_the_reply_box_opens_and_has_no_dead_cancel_button(
    live_server, comment, agent, open_page
):
    page = open_page(agent, java_script_enabled=False)
    page.goto(live_server.url + comment.post.get_absolute_url())

    _reply_control(page).click()

    expect(page.locator("details[data-reply-box] textarea")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without"])
def test_a_reply_sent_with_the_keyboard_lands_focused_on_its_confirmation_beside_it(
    live_server, comment, agent, open_page, javascript
):
    page = open_page(agent, java_script_enabled=javascript, viewport={"width": 390, "height": 700})
    # A thread long enough that the top of the page is far out of sight from its end.
    for number in range(12):
        services.add_comment(author=agent, post=comment.post, body=f"Note {number}", parent=comment)
    page.goto(live_server.url + comment.post.get_absolute_url())
    _reply_control(page).focus()
    page.keyboard.press("Enter")
    box = page.get_by_label("Your reply to Casey Colleague")
    box.focus()
    page.keyboard.type("On my way to desk 4")
    page.get_by_role("button", name="Send reply").focus()
    page.keyboard.press("Enter")

    confirmation = page.get_by_role("status").filter(has_text="Your reply is posted.")
    expect(confirmation).to_be_focused()
    expect(confirmation).to_be_in_viewport()
    expect(page.get_by_text("On my way to desk 4")).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^Your reply is posted\. · "))
    assert open_page.problems == []


def test_a_comments_delete_is_a_plain_action_that_asks_first_and_works_by_keyboard(
    live_server, comment, agent, open_page
):
    mine = services.add_comment(author=agent, post=comment.post, body="Wrong thread, sorry")
    page = open_page(agent)
    page.goto(live_server.url + mine.get_absolute_url())
    delete = page.locator(f"#comment-{mine.pk} summary", has_text="Delete")

    # Like "Edit" beside it: no disclosure triangle before the word.
    assert delete.evaluate("summary => getComputedStyle(summary).display") != "list-item"
    assert delete.evaluate("summary => getComputedStyle(summary).listStyleType") == "none"
    confirm = page.get_by_role("button", name="Delete comment")
    expect(confirm).to_be_hidden()
    delete.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Delete this comment for everyone?")).to_be_visible()
    page.keyboard.press("Tab")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_text("The comment is deleted.")).to_be_visible()
    expect(page.get_by_text("Wrong thread, sorry")).to_have_count(0)
    assert open_page.problems == []
