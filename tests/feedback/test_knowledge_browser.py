"""In a real browser: an agent flags an article, its owner replies, the agent reads the reply."""

import re

import pytest
from playwright.sync_api import expect

from feedback import knowledge_services
from feedback.models import ArticleCategory, ArticleFlag
from tests.browser.test_journey import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def refund_article(transactional_db, manager, submitter):
    category = ArticleCategory.objects.create(name="Billing and payments")
    return knowledge_services.create_article(
        actor=manager,
        title="Refund policy",
        body="Refunds up to **£50** are approved on the call.",
        category=category,
        owner=submitter,
    )


def test_a_flag_goes_to_the_owner_and_the_reply_comes_back(
    live_server,
    agent,
    submitter,
    refund_article,
    open_page,
):
    agent_page = open_page(agent)
    agent_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Knowledge", exact=True
    ).click()
    agent_page.get_by_label("Search the knowledge base").fill("refunds")
    agent_page.get_by_role("button", name="Search").click()
    agent_page.get_by_role("link", name="Refund policy").click()
    expect(agent_page.get_by_role("heading", name="Refund policy")).to_be_visible()

    agent_page.get_by_label("Out of date").check()
    agent_page.get_by_label("Your comment or question").fill("The limit went down to £40.")
    agent_page.get_by_role("button", name="Send to the owner").click()
    expect(agent_page.get_by_text("is asked to check the article")).to_be_visible()
    expect(agent_page.get_by_text("Flagged by 1 colleague")).to_be_visible()
    screenshot(agent_page, "knowledge-flagged.png")

    owner_page = open_page(submitter)
    owner_page.goto(live_server.url + "/feedback/knowledge/review/")
    expect(owner_page.get_by_text("The limit went down to £40.")).to_be_visible()
    owner_page.get_by_label(re.compile("Your reply")).fill("Thanks, fixed: it is £40 since March.")
    owner_page.get_by_role("button", name="Reply and resolve").click()
    expect(owner_page.get_by_text("Your reply is sent to Alex Agent.")).to_be_visible()
    expect(owner_page.get_by_text("Nothing waiting for you")).to_be_visible()

    agent_page.goto(live_server.url + "/notifications/")
    agent_page.get_by_role(
        "link", name=re.compile("replied to your flag on “Refund policy”")
    ).click()
    expect(agent_page.get_by_text("Thanks, fixed: it is £40 since March.")).to_be_visible()
    assert not ArticleFlag.objects.get().is_open
    assert open_page.problems == []
