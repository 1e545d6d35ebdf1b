"""The personal home page: panels from each app, each a fixed cost however much there is."""

import datetime
import html
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import services as community
from community import swap_services
from community.models import Section
from portal import home
from portal.models import Milestone, MilestoneKind, MilestoneView, Role


@pytest.fixture(autouse=True)
def sections(db):
    importlib.import_module("community.migrations.0002_builtin_sections").create_sections(
        django_apps, None
    )


@pytest.fixture
def colleague(make_person):
    return make_person(display_name="Cara Colleague")


def open_home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def add_floor_activity(*, agent, make_person, how_many):
    """Posts, mentions, replies, swaps with offers and celebrations: ``how_many`` of each."""
    general = Section.objects.get(slug="general")
    today = timezone.localdate()
    for number in range(how_many):
        someone = make_person(display_name=f"Person {number}")
        community.create_post(
            author=someone,
            section=general,
            body=f"Hello @[Alex Agent](person:{agent.pk}) number {number}",
        )
        mine = community.create_post(author=agent, section=general, body=f"Mine {number}")
        community.add_comment(author=someone, post=mine, body="A reply")
        swap = swap_services.create_swap(
            poster=agent,
            shift_date=today + datetime.timedelta(days=number + 1),
            start_time=datetime.time(9),
            end_time=datetime.time(17),
            wants="any",
        )
        swap_services.offer_to_take(actor=someone, swap=swap)
        Milestone.objects.create(person=someone, kind=MilestoneKind.BIRTHDAY, date=today)


def test_home_shows_what_needs_the_person_now(client, make_person, agent):
    add_floor_activity(agent=agent, make_person=make_person, how_many=1)
    client.force_login(agent)

    page, _queries = open_home(client)

    assert "Today's celebrations" in page and "It's Person 0's birthday today." in page
    assert "Mentions and replies" in page
    assert "Swaps waiting for you" in page and "1 offer to answer" in page
    assert "Latest on the floor" in page


def test_a_quiet_day_shows_no_empty_swap_or_celebration_panels(client, agent):
    client.force_login(agent)

    page, _queries = open_home(client)

    assert "Swaps waiting for you" not in page and "Today's celebrations" not in page
    assert "Nobody is waiting for your answer" in page
    assert "Nothing posted yet" in page


def test_a_team_leader_sees_swaps_to_approve(client, make_person, agent, team_leader, colleague):
    swap = swap_services.create_swap(
        poster=agent,
        shift_date=timezone.localdate() + datetime.timedelta(days=2),
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        wants="any",
    )
    offer = swap_services.offer_to_take(actor=colleague, swap=swap)
    swap_services.accept_offer(actor=agent, offer=offer)
    client.force_login(team_leader)

    page, _queries = open_home(client)

    assert "Approve: Cara Colleague takes Alex Agent's shift" in page


def test_home_costs_the_same_queries_with_3_or_12_of_everything(client, make_person, agent):
    client.force_login(agent)
    add_floor_activity(agent=agent, make_person=make_person, how_many=3)
    _page, few = open_home(client)
    add_floor_activity(agent=agent, make_person=make_person, how_many=9)
    # The team's pop-up comes once a day: let it come again, listing all twelve.
    MilestoneView.objects.all().delete()
    _page, many = open_home(client)

    assert many == few


def test_a_panel_name_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        home.panel("celebrations", template="x.html")(lambda request: {})


def test_an_administrator_with_no_team_still_gets_a_home_page(client, make_person):
    client.force_login(make_person(Role.ADMINISTRATOR, team=None, site=None))

    _page, _queries = open_home(client)


def test_a_kind_switched_off_leaves_todays_celebrations(client, make_person, agent, administrator):
    from portal import milestones

    someone = make_person(display_name="Quiet Achiever")
    Milestone.objects.create(person=someone, kind=MilestoneKind.BIRTHDAY, date=timezone.localdate())
    milestones.update_setting(
        actor=administrator, kind=MilestoneKind.BIRTHDAY, enabled=False, own_text="", team_text=""
    )
    client.force_login(agent)

    page, _queries = open_home(client)

    assert "Quiet Achiever" not in page and "Today's celebrations" not in page
