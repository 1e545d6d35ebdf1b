"""Answering a focus-group invitation from Home stays on Home, and an invitee's view of the
group shows their own answer and how many are coming, never who else was asked."""

import html

import pytest
from django.urls import reverse

from feedback import focus_group_services, rules
from feedback.models import FocusGroupInvitation
from portal import permissions
from portal.models import Role

Response = FocusGroupInvitation.Response


@pytest.fixture
def invited(make_group, manager, agent):
    """``agent``'s invitation to a group next week, organised by ``manager``."""
    group = make_group(topic="Headsets")
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    return group.invitations.get(person=agent)


def answer(client, invitation, value, **extra):
    return client.post(
        reverse("feedback:focus_group_respond", args=[invitation.pk]),
        {"answer": value, "back": "home"},
        **extra,
    )


def test_home_offers_each_invitation_an_answer_in_place(client, invited, agent):
    client.force_login(agent)

    page = client.get(reverse("home")).text

    assert f'hx-post="{reverse("feedback:focus_group_respond", args=[invited.pk])}"' in page
    assert f'hx-target="#focus-group-invitation-{invited.pk}"' in page
    assert 'name="back" value="home"' in page


def test_answering_from_home_with_htmx_swaps_the_item_for_its_confirmation(client, invited, agent):
    client.force_login(agent)

    response = answer(client, invited, "accept", headers={"HX-Request": "true"})

    assert response.status_code == 200
    item = response.text.strip()
    assert item.startswith(
        f'<li class="list-group-item px-0" id="focus-group-invitation-{invited.pk}"'
    )
    assert item.endswith("</li>")
    assert 'role="status"' in item and "the organiser knows you are coming" in item
    assert "<form" not in item
    invited.refresh_from_db()
    assert invited.response == Response.ACCEPTED


def test_answering_from_home_without_javascript_goes_back_home_with_the_confirmation(
    client, invited, agent
):
    client.force_login(agent)

    response = answer(client, invited, "decline")

    assert response.status_code == 302 and response.url == reverse("home")
    page = client.get(response.url).text
    assert "the organiser knows you cannot come" in page
    # Answered, it leaves the panel.
    assert f"focus-group-invitation-{invited.pk}" not in page


def test_an_answer_too_late_from_home_says_why_in_place(client, invited, agent):
    invited.group.meets_at = invited.group.meets_at.replace(year=2020)
    invited.group.save()
    client.force_login(agent)

    in_place = answer(client, invited, "accept", headers={"HX-Request": "true"})
    plain = answer(client, invited, "accept")

    assert 'role="alert"' in in_place.text and "This group has already met." in in_place.text
    assert plain.url == reverse("home")
    assert "This group has already met." in client.get(plain.url).text
    invited.refresh_from_db()
    assert invited.response == Response.PENDING


def test_nobody_answers_someone_elses_invitation_from_home(client, invited, make_person):
    client.force_login(make_person(Role.AGENT))

    response = answer(client, invited, "accept", headers={"HX-Request": "true"})

    assert response.status_code == 403
    invited.refresh_from_db()
    assert invited.response == Response.PENDING


def test_answering_on_the_groups_page_stays_on_the_groups_page(client, invited, agent):
    client.force_login(agent)

    response = client.post(
        reverse("feedback:focus_group_respond", args=[invited.pk]), {"answer": "accept"}
    )

    assert response.url == invited.group.get_absolute_url()


# Who sees the list --------------------------------------------------------------------


@pytest.fixture
def full_list(invited, manager, make_person):
    """Two colleagues on ``invited``'s list: one coming, one not."""
    coming = make_person(Role.AGENT, display_name="Priya Shah")
    not_coming = make_person(Role.AGENT, display_name="Owen Price")
    focus_group_services.invite(actor=manager, group=invited.group, people=[coming, not_coming])
    for person, accept in [(coming, True), (not_coming, False)]:
        focus_group_services.respond(
            actor=person, invitation=invited.group.invitations.get(person=person), accept=accept
        )
    return invited.group


def test_an_invitee_sees_their_own_answer_and_how_many_are_coming_but_nobody_else(
    client, full_list, agent
):
    client.force_login(agent)

    page = html.unescape(client.get(full_list.get_absolute_url()).text)

    assert "Priya Shah" not in page and "Owen Price" not in page
    assert "Not coming" not in page and "Not answered yet" not in page
    assert "1 person has said they are coming so far." in page
    assert "Please let the organiser know whether you can come." in page


@pytest.mark.parametrize("viewer", ["manager", "another_manager"])
def test_the_organiser_and_other_managers_see_who_was_invited_and_their_answers(
    client, full_list, manager, make_person, viewer
):
    client.force_login(manager if viewer == "manager" else make_person(Role.MANAGER))

    page = client.get(full_list.get_absolute_url()).text

    assert "Priya Shah" in page and "Owen Price" in page and "Alex Agent" in page
    assert "Coming" in page and "Not coming" in page and "Not answered yet" in page


def test_only_managers_and_the_organiser_may_see_the_answers(
    full_list, manager, agent, make_person, administrator
):
    assert permissions.can(manager, rules.FOCUS_GROUP_SEE_ANSWERS, full_list)
    assert permissions.can(make_person(Role.MANAGER), rules.FOCUS_GROUP_SEE_ANSWERS, full_list)
    assert permissions.can(administrator, rules.FOCUS_GROUP_SEE_ANSWERS, full_list)
    assert not permissions.can(agent, rules.FOCUS_GROUP_SEE_ANSWERS, full_list)
    assert not permissions.can(
        make_person(Role.TEAM_LEADER), rules.FOCUS_GROUP_SEE_ANSWERS, full_list
    )
