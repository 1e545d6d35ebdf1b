"""The home page's "Your say" panel: focus-group invitations to answer, Q&A taking questions."""

import html
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import FocusGroupInvitation, QandaInvitation

PANEL = "Your say"


def home_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(queries)


def invite(group, person, response=FocusGroupInvitation.Response.PENDING):
    return FocusGroupInvitation.objects.create(group=group, person=person, response=response)


def test_a_quiet_day_shows_no_panel(client, agent):
    client.force_login(agent)

    page, _queries = home_page(client)

    assert PANEL not in page


def test_an_invitation_waiting_for_an_answer_is_shown_and_answered_from_home(
    client, agent, make_group
):
    invitation = invite(make_group(topic="Night shifts"), agent)
    client.force_login(agent)

    page, _queries = home_page(client)
    assert PANEL in page and "Focus group: Night shifts" in page
    assert reverse("feedback:focus_group_respond", args=[invitation.pk]) in page

    response = client.post(
        reverse("feedback:focus_group_respond", args=[invitation.pk]),
        {"answer": "accept"},
        follow=True,
    )
    assert "the organiser knows you are coming" in response.content.decode()
    page, _queries = home_page(client)
    assert "Night shifts" not in page


def test_answered_past_and_other_peoples_invitations_are_not_shown(
    client, agent, colleague, make_group
):
    invite(make_group(topic="Already yes"), agent, FocusGroupInvitation.Response.ACCEPTED)
    invite(make_group(topic="Already no"), agent, FocusGroupInvitation.Response.DECLINED)
    invite(make_group(topic="Met already", days_ahead=-1), agent)
    invite(make_group(topic="Not mine"), colleague)
    client.force_login(agent)

    page, _queries = home_page(client)

    assert PANEL not in page


def test_sessions_taking_questions_that_the_person_may_join_are_shown(client, agent, make_session):
    make_session(title="Spring Q&A")
    private = make_session(title="Leaders only")
    private.invite_only = True
    private.save(update_fields=["invite_only"])
    past = make_session(title="Last quarter")
    past.scheduled_at = timezone.now() - timedelta(days=1)
    past.save(update_fields=["scheduled_at"])
    client.force_login(agent)

    page, _queries = home_page(client)

    assert "Q&A taking questions: Spring Q&A" in page
    assert "Leaders only" not in page and "Last quarter" not in page

    QandaInvitation.objects.create(session=private, person=agent)
    page, _queries = home_page(client)
    assert "Leaders only" in page


def test_the_panel_costs_the_same_with_1_or_6_of_each(client, agent, make_group, make_session):
    def more(count):
        for number in range(count):
            invite(make_group(topic=f"Group {number}", days_ahead=number + 1), agent)
            make_session(title=f"Session {number}", days_ahead=number + 2)

    client.force_login(agent)
    more(1)
    page, few = home_page(client)
    assert PANEL in page
    more(5)
    _page, many = home_page(client)

    assert many == few
