"""Straight talk raised by a manager from a Q&A question or a focus-group theme."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from feedback import focus_group_services, qanda_services, straight_talk_services
from feedback.models import FocusGroupInvitation, StraightTalkRequest
from portal.models import Role
from tests.feedback.test_qanda_anonymity import rows_pointing_at
from tests.feedback.voice_fixtures import hold


@pytest.fixture
def anonymous_question(session, agent):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Why are the targets kept secret?", anonymous=True
    )
    hold(session)
    return question


@pytest.fixture
def named_question(session, colleague):
    return qanda_services.ask_question(
        actor=colleague, session=session, body="When do rotas come out?", anonymous=False
    )


@pytest.fixture
def theme(make_group, manager, agent):
    group = make_group(topic="Working patterns")
    FocusGroupInvitation.objects.create(
        group=group, person=agent, response=FocusGroupInvitation.Response.ACCEPTED
    )
    group.meets_at = timezone.now() - timedelta(hours=2)
    group.save(update_fields=["meets_at"])
    focus_group_services.record_notes(
        actor=manager, group=group, notes="Rotas came up a lot.", themes=["Rota swaps"]
    )
    return group.themes.get()


def question_url(question):
    return reverse("feedback:raise_straight_talk_from_question", args=[question.pk])


def theme_url(theme):
    return reverse("feedback:raise_straight_talk_from_theme", args=[theme.pk])


def test_a_manager_raises_straight_talk_from_a_question_on_the_session_page(
    client, manager, named_question
):
    client.force_login(manager)
    session_page = client.get(named_question.session.get_absolute_url()).content.decode()
    assert question_url(named_question) in session_page

    form = client.get(question_url(named_question)).content.decode()
    assert "When do rotas come out?" in form

    response = client.post(
        question_url(named_question),
        {"title": "When do rotas come out?", "question": "Six weeks ahead, please."},
        follow=True,
    )

    page = response.content.decode()
    raised = StraightTalkRequest.objects.get()
    assert response.redirect_chain[-1][0] == raised.get_absolute_url()
    assert raised.origin == named_question and raised.raised_by == manager
    assert "The straight-talk request is up." in page
    assert "Raised from" in page and named_question.get_absolute_url() in page


def test_the_question_links_to_the_straight_talk_raised_from_it(
    client, manager, agent, named_question
):
    raised = straight_talk_services.raise_straight_talk(
        actor=manager, title="Rota dates", question="When?", origin=named_question
    )
    client.force_login(agent)

    page = client.get(named_question.session.get_absolute_url()).content.decode()

    assert raised.get_absolute_url() in page and "Rota dates" in page
    assert question_url(named_question) not in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_raise_from_a_question(client, make_person, named_question, role):
    client.force_login(make_person(role))

    assert client.get(question_url(named_question)).status_code == 403
    response = client.post(question_url(named_question), {"title": "T", "question": "Q"})
    assert response.status_code == 403
    assert not StraightTalkRequest.objects.exists()


def test_a_removed_question_cannot_be_raised(client, manager, named_question):
    qanda_services.remove_question(actor=manager, question=named_question, reason="Personal")
    client.force_login(manager)

    assert client.get(question_url(named_question)).status_code == 403
    with pytest.raises(PermissionDenied):
        straight_talk_services.raise_straight_talk(
            actor=manager, title="T", question="Q", origin=named_question
        )


def test_an_empty_form_is_refused_and_keeps_what_was_typed(client, manager, named_question):
    client.force_login(manager)

    response = client.post(question_url(named_question), {"title": "Kept", "question": ""})

    assert response.status_code == 400
    assert 'value="Kept"' in response.content.decode()
    assert not StraightTalkRequest.objects.exists()


def test_raising_an_anonymous_question_reveals_nothing_about_its_asker(
    client, manager, agent, anonymous_question
):
    before = rows_pointing_at(agent)
    client.force_login(manager)
    client.post(
        question_url(anonymous_question),
        {"title": "Targets", "question": anonymous_question.body},
    )
    raised = StraightTalkRequest.objects.get()

    assert rows_pointing_at(agent) == before
    assert raised.ask_count == 0 and not raised.asks.exists()
    # Even a manager, who may open everything, finds no trace of the asker.
    page = client.get(raised.get_absolute_url()).content.decode()
    assert "Raised from" in page and anonymous_question.get_absolute_url() in page
    assert agent.profile.display_name not in page and agent.email not in page


def test_people_who_cannot_open_the_session_see_the_origin_without_a_link(
    client, manager, make_session, make_person
):
    private = make_session(title="Leadership only")
    private.invite_only = True
    private.save(update_fields=["invite_only"])
    question = qanda_services.ask_question(
        actor=manager, session=private, body="Budget for next year?", anonymous=False
    )
    raised = straight_talk_services.raise_straight_talk(
        actor=manager, title="Budget", question="?", origin=question
    )
    client.force_login(make_person(Role.AGENT))

    page = client.get(raised.get_absolute_url()).content.decode()

    assert "Raised from" in page and "Budget for next year?" in page
    assert private.get_absolute_url() not in page


def test_a_manager_raises_straight_talk_from_a_focus_group_theme(client, manager, theme):
    client.force_login(manager)
    group_page = client.get(theme.group.get_absolute_url()).content.decode()
    assert theme_url(theme) in group_page

    form = client.get(theme_url(theme)).content.decode()
    assert "Rota swaps" in form and "Working patterns" in form

    response = client.post(
        theme_url(theme),
        {"title": "Why are rota swaps so hard?", "question": "It keeps coming up."},
        follow=True,
    )

    raised = StraightTalkRequest.objects.get()
    assert raised.origin == theme
    page = response.content.decode()
    assert "Raised from" in page and f"{theme.group.get_absolute_url()}#theme-{theme.pk}" in page
    group_page = client.get(theme.group.get_absolute_url()).content.decode()
    assert raised.get_absolute_url() in group_page and f'id="theme-{theme.pk}"' in group_page


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER])
def test_only_managers_raise_from_a_theme(client, make_person, agent, theme, role):
    # The invited agent may open the group, and still may not raise from it.
    for person in (agent, make_person(role)):
        client.force_login(person)
        assert client.get(theme_url(theme)).status_code == 403
        assert client.post(theme_url(theme), {"title": "T", "question": "Q"}).status_code == 403
    assert not StraightTalkRequest.objects.exists()
    client.force_login(agent)
    assert theme_url(theme) not in client.get(theme.group.get_absolute_url()).content.decode()


def test_a_theme_raised_from_a_group_the_reader_was_not_in_is_named_but_not_linked(
    client, manager, make_person, theme
):
    raised = straight_talk_services.raise_straight_talk(
        actor=manager, title="Rota swaps", question="?", origin=theme
    )
    client.force_login(make_person(Role.AGENT))

    page = client.get(raised.get_absolute_url()).content.decode()

    assert "Raised from" in page and "Rota swaps" in page
    assert theme.group.get_absolute_url() not in page


def test_the_theme_stays_linked_when_the_notes_are_edited(manager, theme):
    raised = straight_talk_services.raise_straight_talk(
        actor=manager, title="Rota swaps", question="?", origin=theme
    )

    focus_group_services.record_notes(
        actor=manager, group=theme.group, notes="Edited.", themes=["rota  SWAPS", "Parking"]
    )

    assert StraightTalkRequest.objects.get(pk=raised.pk).origin == theme


def test_an_unknown_question_or_theme_is_not_found(client, manager):
    client.force_login(manager)

    assert (
        client.get(reverse("feedback:raise_straight_talk_from_question", args=[9999])).status_code
        == 404
    )
    assert (
        client.get(reverse("feedback:raise_straight_talk_from_theme", args=[9999])).status_code
        == 404
    )


def test_hot_topics_raise_from_the_latest_group_that_raised_the_theme(
    client, manager, make_group, theme
):
    # The fixture's group met two hours ago; this one since.
    later = make_group(topic="Tools", meets_at=timezone.now() - timedelta(minutes=30))
    focus_group_services.record_notes(
        actor=manager, group=later, notes="Again.", themes=["ROTA swaps"]
    )
    latest = later.themes.get()
    client.force_login(manager)

    page = client.get(reverse("feedback:hot_topics")).content.decode()

    assert theme_url(latest) in page and theme_url(theme) not in page


def test_a_question_removed_after_it_was_raised_is_no_longer_quoted(
    client, manager, agent, named_question
):
    raised = straight_talk_services.raise_straight_talk(
        actor=manager,
        title="Rota dates",
        question="When are rotas published?",
        origin=named_question,
    )
    qanda_services.remove_question(actor=manager, question=named_question, reason="Duplicate")
    client.force_login(agent)

    page = client.get(raised.get_absolute_url()).content.decode()

    assert "Raised from" in page and "a question a manager removed" in page
    assert named_question.body not in page and named_question.get_absolute_url() not in page
