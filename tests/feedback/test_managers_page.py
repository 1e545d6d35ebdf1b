"""The "For managers" page: what waits in each channel, engagement per week, and panels."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import idea_services, managers, straight_talk_services
from feedback.models import IdeaSupport
from portal.models import Role


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_and_administrators_open_it(client, make_person, role):
    client.force_login(make_person(role))

    assert client.get(reverse("feedback:managers")).status_code == 403


def test_it_shows_what_waits_in_each_channel(client, manager, agent, post_idea):
    post_idea(title="Needs a look")
    reviewed = post_idea(title="Looked at")
    idea_services.change_status(actor=manager, idea=reviewed, status="under_review")
    straight_talk_services.ask_straight_talk(asker=agent, title="Why?", question="Tell us")
    client.force_login(manager)

    page = client.get(reverse("feedback:managers")).content.decode()

    assert "1 new idea to review" in page and "Needs a look" in page
    assert "Looked at" not in page
    assert "1 request waiting for an answer" in page and "Why?" in page


def test_the_weeks_are_the_last_twelve_mondays_oldest_first():
    weeks = managers.weeks_ending(datetime.date(2026, 11, 25))  # a Wednesday

    assert len(weeks) == 12
    assert weeks[-1] == datetime.date(2026, 11, 23)
    assert weeks[0] == datetime.date(2026, 9, 7)
    assert all(week.weekday() == 0 for week in weeks)


def test_supports_are_counted_in_the_week_they_happened(post_idea, make_person):
    idea = post_idea()
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC)):
        idea_services.support_idea(user=make_person(), idea=idea)
        idea_services.support_idea(user=make_person(), idea=idea)
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC)):
        idea_services.support_idea(user=make_person(), idea=idea)
    # Older than the twelve weeks shown: not counted anywhere.
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)):
        idea_services.support_idea(user=make_person(), idea=idea)

    weeks = managers.weeks_ending(datetime.date(2026, 11, 25))
    counts = managers.weekly_counts(IdeaSupport.objects.all(), "created_at", weeks)

    assert counts[-1] == 1  # week of 23 November
    assert counts[-3] == 2  # week of 9 November
    assert sum(counts) == 3


def test_bars_are_scaled_to_the_busiest_week_of_their_row():
    weeks = managers.weeks_ending(datetime.date(2026, 11, 25))
    panel = managers.Panel(
        key="k",
        title="t",
        icon="i",
        waiting_count=0,
        waiting_label="",
        url="/",
        series=[managers.Series("s", [0] * 9 + [1, 10, 5])],
    )

    ((_series, bars),) = managers.chart(panel, weeks).rows

    assert [bar.step for bar in bars[-3:]] == [2, 20, 10]
    assert bars[0].step == 0


def test_another_channel_adds_its_panel_with_one_function(client, manager):
    @managers.panel(order=20)
    def quarterly_qa(user, weeks):
        return managers.Panel(
            key="qa",
            title="Quarterly Q&A",
            icon="question-circle",
            waiting_count=3,
            waiting_label="3 questions to answer",
            url="/feedback/",
            series=[managers.Series("Questions", [1] * len(weeks))],
        )

    try:
        client.force_login(manager)
        page = client.get(reverse("feedback:managers")).content.decode()
    finally:
        managers._providers.remove((20, quarterly_qa))

    assert "3 questions to answer" in page
    assert page.index("Think tank") < page.index("Quarterly Q&amp;A") < page.index("Straight talk")


def test_the_page_costs_the_same_queries_however_much_happened(
    client, manager, agent, post_idea, make_person
):
    def open_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("feedback:managers")).status_code == 200
        return len(queries)

    def activity(count):
        for n in range(count):
            idea = post_idea(title=f"Idea {n}")
            idea_services.support_idea(user=make_person(), idea=idea)
            straight_talk_services.ask_straight_talk(asker=agent, title=f"Q{n}", question="?")

    client.force_login(manager)
    # More than the five listed, so both visits count the rest.
    activity(6)
    few = open_page()
    activity(20)
    assert open_page() == few


def test_the_landing_page_introduces_every_channel(client, agent):
    client.force_login(agent)

    page = client.get(reverse("feedback:index")).content.decode()

    for channel in ("Think tank", "Quarterly Q&amp;A", "Focus groups", "Straight talk",
                    "Scorecard champions", "Knowledge base"):  # fmt: skip
        assert channel in page
    assert reverse("feedback:ideas") in page and reverse("feedback:straight_talk") in page
    assert reverse("feedback:managers") not in page


def test_the_landing_page_shows_ideas_with_an_answer(client, agent, manager, post_idea):
    idea = post_idea(title="Second screens")
    idea_services.change_status(actor=manager, idea=idea, status="planned", reply="Yes")
    client.force_login(agent)

    page = client.get(reverse("feedback:index")).content.decode()

    assert "Second screens" in page and "planned" in page
