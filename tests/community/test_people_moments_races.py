"""Races on the last project place, joining a group and opening a huddle: real
concurrent transactions, each thread with its own connection, as two web workers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from community import group_services, huddle_services, project_services
from community.models import GroupMembership, Huddle, ProjectAssignment
from portal.models import Role
from tests.community.test_swap_races import at_the_same_time

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_sections")]


def new_starter(make_person):
    return make_person(Role.AGENT, start_date=timezone.localdate() - datetime.timedelta(weeks=1))


def test_two_new_starters_taking_the_last_place_at_once_give_it_to_one(make_person, team_leader):
    project = project_services.create_project(
        owner=team_leader, title="Glossary", description="Twenty words.", impact="Clarity"
    )
    first, second = new_starter(make_person), new_starter(make_person)

    outcomes = at_the_same_time(
        lambda: project_services.take_project(starter=first, project=project),
        lambda: project_services.take_project(starter=second, project=project),
    )

    wins = [o for o in outcomes if isinstance(o, ProjectAssignment)]
    losses = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert "full" in losses[0].messages[0]
    assert project.assignments.count() == 1


def test_one_starter_picking_two_projects_at_once_gets_one(make_person, team_leader):
    starter = new_starter(make_person)
    projects = [
        project_services.create_project(owner=team_leader, title=title, description="D", impact="I")
        for title in ("One", "Two")
    ]

    outcomes = at_the_same_time(
        *[lambda p=p: project_services.take_project(starter=starter, project=p) for p in projects]
    )

    assert sum(isinstance(o, ProjectAssignment) for o in outcomes) == 1, outcomes
    assert ProjectAssignment.objects.filter(starter=starter).count() == 1


def test_joining_twice_at_once_makes_one_membership(administrator, agent, make_person):
    group = group_services.create_group(
        actor=administrator, name="Roots", summary="Network", representatives=[make_person()]
    )

    outcomes = at_the_same_time(
        lambda: group_services.join_group(user=agent, group=group),
        lambda: group_services.join_group(user=agent, group=group),
    )

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    assert GroupMembership.objects.filter(group=group, user=agent).count() == 1


def test_opening_the_huddle_twice_at_once_makes_one(team_leader, billing_team):
    outcomes = at_the_same_time(
        lambda: huddle_services.open_huddle(leader=team_leader, team=billing_team, focus="A"),
        lambda: huddle_services.open_huddle(leader=team_leader, team=billing_team, focus="B"),
    )

    assert sum(isinstance(o, Huddle) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert Huddle.objects.count() == 1
