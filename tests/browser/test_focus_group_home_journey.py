"""In a real browser: an agent answers a focus-group invitation from Home and stays there."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback import focus_group_services
from feedback.models import FocusGroup, FocusGroupInvitation

pytestmark = pytest.mark.browser
WILL_COME = re.compile(r"I will come\W+Headsets")


@pytest.fixture
def invitation(transactional_db, manager, agent):
    group = FocusGroup.objects.create(
        topic="Headsets",
        meets_at=timezone.now() + timedelta(days=7),
        place="Room Taf",
        size=4,
        organiser=manager,
    )
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    return group.invitations.get()


def test_i_will_come_on_home_answers_in_place_and_keeps_the_keyboard_there(
    live_server, invitation, agent, open_page
):
    page = open_page(agent)
    page.goto(live_server.url + "/")

    page.get_by_role("button", name=WILL_COME).press("Enter")

    confirmation = page.get_by_role("status").filter(has_text="the organiser knows you are coming")
    expect(confirmation).to_be_focused()
    assert page.url == live_server.url + "/"
    expect(page.get_by_role("button", name=WILL_COME)).to_have_count(0)
    invitation.refresh_from_db()
    assert invitation.response == FocusGroupInvitation.Response.ACCEPTED
    assert open_page.problems == []


def test_without_javascript_i_will_come_comes_back_to_home_with_a_message(
    live_server, invitation, agent, open_page
):
    page = open_page(agent, java_script_enabled=False)
    page.goto(live_server.url + "/")

    page.get_by_role("button", name=WILL_COME).click()

    assert page.url == live_server.url + "/"
    expect(page.get_by_text("Thanks: the organiser knows you are coming.")).to_be_visible()
