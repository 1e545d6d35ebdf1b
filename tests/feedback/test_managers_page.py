"""The "For managers" page: what waits in each channel, engagement per week, and panels."""

import datetime
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback import idea_services, managers, straight_talk_services
from feedback.models import (
    FocusGroup,
    FocusGroupInvitation,
    FocusGroupTheme,
    IdeaSupport,
    QandaSession,
    Question,
    QuestionVote,
    ScorecardChampion,
    ScorecardInput,
    ScorecardMeeting,
)
from portal.models import Role, Team


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
    @managers.panel(order=35)
    def team_huddles(user, weeks):
        return managers.Panel(
            key="huddles",
            title="Team huddles",
            icon="people",
            waiting_count=3,
            waiting_label="3 huddles to write up",
            url="/feedback/",
            series=[managers.Series("Questions", [1] * len(weeks))],
        )

    try:
        client.force_login(manager)
        page = client.get(reverse("feedback:managers")).content.decode()
    finally:
        managers._providers.remove((35, team_huddles))

    assert "3 huddles to write up" in page
    assert page.index("Focus groups") < page.index("Team huddles") < page.index("Straight talk")


def held_session(title, *, days_ago=2):
    now = timezone.now()
    return QandaSession.objects.create(
        title=title, scheduled_at=now - timedelta(days=days_ago), panel="Heads of service"
    )


def met_group(topic, organiser, *, days_ago=2):
    return FocusGroup.objects.create(
        topic=topic,
        meets_at=timezone.now() - timedelta(days=days_ago),
        place="Room Taf",
        organiser=organiser,
    )


def published_scorecard_meeting(team, champion, sender):
    meeting = ScorecardMeeting.objects.create(
        team=team,
        champion=champion,
        meets_on=timezone.localdate(),
        status=ScorecardMeeting.Status.PUBLISHED,
        decision="Measure effort",
        published_at=timezone.now(),
    )
    ScorecardInput.objects.create(meeting=meeting, sender=sender, recipient=champion, body="?")
    return meeting


def test_the_page_costs_the_same_queries_however_much_happened(
    client, manager, agent, post_idea, make_person, cardiff, customer_service
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
            question = Question.objects.create(
                session=held_session(f"Session {n}"), body=f"Why {n}?", created_at=timezone.now()
            )
            QuestionVote.objects.create(question=question, voter=agent)
            group = met_group(f"Group {n}", manager)
            FocusGroupInvitation.objects.create(
                group=group, person=agent, response=FocusGroupInvitation.Response.ACCEPTED
            )
            FocusGroupTheme.objects.create(group=group, name=f"Theme {n}", key=f"theme {n}")
            team = Team.objects.create(
                name=f"Team {count}-{n}", site=cardiff, department=customer_service
            )
            published_scorecard_meeting(team, manager, agent)

    client.force_login(manager)
    # More than the five listed, so both visits count the rest.
    activity(6)
    few = open_page()
    activity(20)
    assert open_page() == few


def test_the_qanda_panel_lists_held_questions_most_upvoted_first_and_summaries_to_publish(
    client, manager, make_person
):
    held = held_session("Autumn Q&A")
    quiet = Question.objects.create(session=held, body="Quiet one", created_at=timezone.now())
    popular = Question.objects.create(session=held, body="Popular one", created_at=timezone.now())
    for _ in range(3):
        QuestionVote.objects.create(question=popular, voter=make_person())
    QuestionVote.objects.create(question=quiet, voter=make_person())
    upcoming = QandaSession.objects.create(
        title="Winter Q&A", scheduled_at=timezone.now() + timedelta(days=9), panel="HR"
    )
    Question.objects.create(session=upcoming, body="Not held yet", created_at=timezone.now())
    client.force_login(manager)

    page = client.get(reverse("feedback:managers")).content.decode()

    assert "2 questions without an answer · 1 summary to publish" in page
    assert page.index("Autumn Q&amp;A") < page.index("Popular one") < page.index("Quiet one")
    assert "3 upvotes" in page and popular.get_absolute_url() in page
    assert "Not held yet" not in page


def test_the_focus_group_panel_lists_the_organisers_groups_waiting_for_notes(
    client, manager, make_person
):
    met_group("Night shifts", manager)
    met_group("Someone else's", make_person(Role.MANAGER))
    noted = met_group("Already written up", manager)
    noted.notes, noted.notes_recorded_at = "Done", timezone.now()
    noted.save()
    client.force_login(manager)

    page = client.get(reverse("feedback:managers")).content.decode()

    assert "1 group waiting for notes" in page and "Night shifts" in page
    assert "Someone else" not in page and "Already written up" not in page


def test_focus_group_attendance_and_themes_count_in_the_week_the_group_met(manager, agent):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)):
        group = met_group("Rotas", manager, days_ago=14)  # Wednesday 11 November
        FocusGroupInvitation.objects.create(
            group=group, person=agent, response=FocusGroupInvitation.Response.ACCEPTED
        )
        FocusGroupTheme.objects.create(group=group, name="Rota swaps", key="rota swaps")
        weeks = managers.weeks_ending(datetime.date(2026, 11, 25))
        panels, _weeks = managers.panels_for(manager, today=weeks[-1])
        panel = next(p for p in panels if p.key == "focus_groups")

    took_part, themes = panel.series
    assert took_part.counts[-3] == 1 and sum(took_part.counts) == 1
    assert themes.counts[-3] == 1 and sum(themes.counts) == 1


def test_the_scorecard_panel_lists_teams_without_a_champion(
    client, manager, agent, billing_team, cardiff, customer_service
):
    ScorecardChampion.objects.create(team=billing_team, champion=agent, named_by=manager)
    Team.objects.create(name="Broadband", site=cardiff, department=customer_service)
    published_scorecard_meeting(billing_team, agent, manager)
    client.force_login(manager)

    page = client.get(reverse("feedback:managers")).content.decode()

    assert "1 team without a champion" in page and "Broadband" in page
    scorecards = next(p for p in managers.panels_for(manager)[0] if p.key == "scorecards")
    assert [series.counts[-1] for series in scorecards.series] == [1, 1]


def test_the_panels_come_in_the_channels_order(client, manager):
    client.force_login(manager)

    page = client.get(reverse("feedback:managers")).content.decode()

    titles = ["Think tank", "Quarterly Q&amp;A", "Focus groups", "Straight talk",
              "Knowledge base", "Scorecard champions"]  # fmt: skip
    keys = ["ideas", "qanda", "focus_groups", "straight_talk", "knowledge", "scorecards"]
    positions = [page.index(f'id="panel-{key}"') for key in keys]
    assert positions == sorted(positions)
    assert all(title in page for title in titles)


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
