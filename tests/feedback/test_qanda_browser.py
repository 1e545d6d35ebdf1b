"""A Q&A in a real browser: an anonymous question, an htmx upvote, the answer read back."""

import pytest
from playwright.sync_api import expect

from tests.browser_support import sign_in
from tests.feedback.voice_fixtures import hold

pytestmark = pytest.mark.browser


def test_an_anonymous_question_is_upvoted_answered_and_read_without_a_name(
    browser, live_server, session, agent, colleague, manager
):
    problems = []
    contexts = [browser.new_context() for _ in range(3)]
    asker, voter, answerer = (context.new_page() for context in contexts)
    asker.on("console", lambda message: message.type == "error" and problems.append(message.text))
    sign_in(asker, live_server, agent)
    asker.goto(live_server.url + session.get_absolute_url())
    asker.get_by_label("Your question").fill("Will the canteen open at weekends?")
    asker.get_by_label("Ask anonymously").check()
    asker.get_by_role("button", name="Send my question").click()
    expect(asker.locator("#messages")).to_contain_text("nobody (you included)")

    sign_in(voter, live_server, colleague)
    voter.goto(live_server.url + session.get_absolute_url())
    question = voter.locator("#questions li").first
    expect(question).to_contain_text("Anonymous")
    question.get_by_role("button", name="Upvote").click()
    # htmx swaps the button in place: pressed, with the new count, no reload.
    expect(question.locator("button[aria-pressed=true]")).to_be_visible()
    expect(question.locator("[aria-label=upvotes]")).to_have_text("1")

    # Answers are recorded once the session has started.
    hold(session)
    sign_in(answerer, live_server, manager)
    answerer.goto(live_server.url + session.get_absolute_url())
    answerer.get_by_role("link", name="Record the answer").click()
    answerer.get_by_role("textbox", name="Answer").fill("Yes, from **March**.")
    answerer.get_by_role("button", name="Save the answer").click()
    expect(answerer.locator("#messages")).to_contain_text("The answer is saved")

    asker.reload()
    listed = asker.locator("#questions")
    expect(listed.locator("strong", has_text="March")).to_be_visible()
    expect(listed).not_to_contain_text(agent.profile.display_name)
    assert problems == []
    for context in contexts:
        context.close()
