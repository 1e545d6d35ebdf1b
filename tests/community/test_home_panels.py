"""The community's huddle and group-event panels on the home page."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import group_services, huddle_services
from portal.models import Role
from tests.community.test_groups import in_days


@pytest.fixture
def cause_group(administrator, make_person, builtin_sections):
    representative = make_person(Role.AGENT, display_name="Rhian Rep")
    return group_services.create_group(
        actor=administrator,
        name="Mind Matters",
        summary="Mental health at work.",
        representatives=[representative],
    )


@pytest.fixture
def make_event(cause_group):
    representative = cause_group.memberships.get(is_representative=True).user

    def make(*, title="Lunchtime walk", starts_at):
        return group_services.create_event(
            actor=representative,
            group=cause_group,
            title=title,
            description="",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=1),
            time_zone="Europe/London",
            place="Reception",
            link="",
        )

    return make


@pytest.fixture
def open_huddle(team_leader, billing_team):
    def open_(focus="First-call resolution on broadband"):
        return huddle_services.open_huddle(leader=team_leader, team=billing_team, focus=focus)

    return open_


def home_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def test_team_members_see_todays_huddle_and_whether_they_checked_in(client, agent, open_huddle):
    huddle = open_huddle(focus="Broadband first-call resolution")
    client.force_login(agent)

    page, _queries = home_page(client)
    assert "Today's huddle" in page and "Broadband first-call resolution" in page
    assert "Join the huddle" in page

    huddle_services.check_in(person=agent, huddle=huddle)
    page, _queries = home_page(client)
    assert "Checked in" in page and "Open the huddle" in page


def test_a_leader_without_todays_huddle_is_invited_to_open_it(client, team_leader):
    client.force_login(team_leader)

    page, _queries = home_page(client)

    assert "Your team's huddle is not open yet today." in page


def test_an_agent_whose_huddle_is_not_open_sees_no_huddle_panel(client, agent):
    client.force_login(agent)

    page, _queries = home_page(client)

    assert "Today's huddle" not in page


def test_members_see_their_groups_next_events(client, agent, cause_group, make_event):
    group_services.join_group(user=agent, group=cause_group)
    make_event(title="Lunchtime walk", starts_at=in_days(2))
    make_event(title="Next month's talk", starts_at=in_days(30))
    client.force_login(agent)

    page, _queries = home_page(client)

    assert "Coming up in your groups" in page and "Lunchtime walk" in page
    assert "Next month's talk" not in page


def test_home_panels_cost_the_same_with_1_or_4_events(
    client, agent, cause_group, make_event, make_person, open_huddle
):
    huddle = open_huddle()
    group_services.join_group(user=agent, group=cause_group)
    make_event(starts_at=in_days(1))
    client.force_login(agent)
    _page, few = home_page(client)

    for day in range(2, 5):
        event = make_event(title=f"Event {day}", starts_at=in_days(day))
        group_services.rsvp(user=agent, event=event, answer="going")
    huddle_services.check_in(person=agent, huddle=huddle)
    for number in range(3):
        huddle_services.check_in(
            person=make_person(Role.AGENT, display_name=f"Teammate {number}"), huddle=huddle
        )
    page, many = home_page(client)

    assert "You're going" in page
    assert many == few
