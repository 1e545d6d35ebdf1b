"""The pages that refuse or cannot find something keep the portal around them; the
server error page stands alone."""

import datetime

import time_machine
from django.test import RequestFactory
from django.urls import reverse

from portal import views
from portal.models import Milestone, MilestoneKind, MilestoneView

MENU = 'id="main-nav"'


def test_a_refused_page_keeps_the_header_and_menu_for_a_signed_in_person(client, manager):
    client.force_login(manager)

    response = client.get(reverse("people:import"))

    assert response.status_code == 403
    page = response.content.decode()
    assert MENU in page
    assert f'href="{reverse("people:directory")}"' in page
    assert "Only administrators can import people." in page


def test_a_refused_page_offers_the_directory_to_find_whoever_its_message_names(client, agent):
    client.force_login(agent)

    page = client.get(reverse("briefings:review_queue")).content.decode()

    # The message names managers; the help must not send the person to administrators only.
    assert "Only managers review briefing items." in page
    assert f'href="{reverse("people:directory")}">' in page
    assert "?role=administrator" not in page
    assert "Find someone who can help" in page


def test_a_missing_page_keeps_the_header_and_menu_for_a_signed_in_person(client, agent):
    client.force_login(agent)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert MENU in page
    assert "We can't find that page" in page


def test_a_missing_page_for_a_visitor_has_no_menu_and_asks_nothing_of_the_database(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert MENU not in page
    assert "We can't find that page" in page
    assert "Find someone who can help" not in page


@time_machine.travel(datetime.datetime(2027, 6, 5, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_an_error_page_does_not_use_up_todays_celebration_pop_up(client, agent):
    Milestone.objects.create(
        person=agent, kind=MilestoneKind.WORK_ANNIVERSARY, date=datetime.date(2027, 6, 5), number=3
    )
    client.force_login(agent)

    assert client.get("/media/no-such-photo.jpg").status_code == 404
    assert client.get(reverse("people:import")).status_code == 403

    assert not MilestoneView.objects.exists()
    assert client.get(reverse("home")).context["milestone_popup"]


def test_the_server_error_page_stands_alone_and_asks_nothing_of_the_database(
    agent, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = agent

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert MENU not in page
