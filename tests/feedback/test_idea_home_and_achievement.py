"""Closing the loop outside the think tank: the home page and the "idea done" pop-up."""

import html
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import idea_services
from feedback.models import IdeaStatus
from portal.models import Milestone, MilestoneKind


def home_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def test_supporters_see_news_of_an_idea_on_their_home_page(client, idea, colleague, manager):
    idea_services.support_idea(user=colleague, idea=idea)
    idea_services.change_status(
        actor=manager, idea=idea, status=IdeaStatus.PLANNED, reply="We start in March."
    )
    client.force_login(colleague)

    page, _queries = home_page(client)

    assert "News on your ideas" in page
    assert idea.title in page and "Now Planned" in page


def test_an_idea_changed_twice_shows_once_with_its_latest_status(client, idea, colleague, manager):
    idea_services.support_idea(user=colleague, idea=idea)
    idea_services.change_status(
        actor=manager,
        idea=idea,
        status=IdeaStatus.PLANNED,
        reply="We start in March.",
        now=timezone.now() - timedelta(days=7),
    )
    idea_services.change_status(
        actor=manager, idea=idea, status=IdeaStatus.DONE, now=timezone.now() - timedelta(days=3)
    )
    client.force_login(colleague)

    page, _queries = home_page(client)
    panel = page.split('id="idea-updates-title"')[1].split("</section>")[0]

    assert panel.count(idea.title) == 1
    assert "Now Done" in panel and "Now Planned" not in panel


def test_people_with_no_idea_news_see_no_idea_panel(client, idea, colleague, manager):
    idea_services.change_status(actor=manager, idea=idea, status=IdeaStatus.UNDER_REVIEW)
    client.force_login(colleague)

    page, _queries = home_page(client)

    assert "News on your ideas" not in page


def test_the_idea_panel_costs_the_same_with_1_or_6_updates(client, post_idea, colleague, manager):
    def supported_and_reviewed(title):
        idea = post_idea(title=title)
        idea_services.support_idea(user=colleague, idea=idea)
        idea_services.change_status(actor=manager, idea=idea, status=IdeaStatus.UNDER_REVIEW)

    client.force_login(colleague)
    supported_and_reviewed("First idea")
    _page, few = home_page(client)
    for number in range(5):
        supported_and_reviewed(f"Idea number {number}")
    _page, many = home_page(client)

    assert many == few


def test_an_idea_done_is_celebrated_as_its_authors_achievement(idea, manager):
    idea_services.change_status(actor=manager, idea=idea, status=IdeaStatus.DONE)

    milestone = Milestone.objects.get(person=idea.author, kind=MilestoneKind.IDEA_DONE)
    assert milestone.detail == idea.title


def test_an_idea_done_twice_in_a_day_is_celebrated_once(idea, manager):
    idea_services.change_status(actor=manager, idea=idea, status=IdeaStatus.DONE)
    idea_services.change_status(
        actor=manager, idea=idea, status=IdeaStatus.PLANNED, reply="Reopened for phase two."
    )
    idea_services.change_status(actor=manager, idea=idea, status=IdeaStatus.DONE)

    assert Milestone.objects.filter(person=idea.author, kind=MilestoneKind.IDEA_DONE).count() == 1
