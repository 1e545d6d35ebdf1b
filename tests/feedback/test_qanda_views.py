"""The Q&A pages: who sees what, forms that keep input, htmx upvotes, flat query counts."""

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from feedback import qanda_services
from feedback.models import QandaSession, Question, QuestionVote
from portal.models import Role
from tests.feedback.voice_fixtures import count_queries, hold


def test_a_manager_plans_a_session_from_the_form(client, manager, agent):
    client.force_login(manager)
    when = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("feedback:qanda_new"),
        {"title": "Winter Q&A", "scheduled_at": when, "panel": "Gareth", "invitees": ""},
        follow=True,
    )
    session = QandaSession.objects.get()
    assert response.redirect_chain[-1][0] == session.get_absolute_url()
    assert "The Q&amp;A is planned" in response.text


def test_an_unknown_invitee_keeps_the_form_filled_in(client, manager):
    client.force_login(manager)
    when = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("feedback:qanda_new"),
        {"title": "Winter Q&A", "scheduled_at": when, "panel": "Gareth", "invitees": "x@y.z"},
    )
    assert response.status_code == 200
    assert "Nobody active has these addresses: x@y.z" in response.text
    assert 'value="Winter Q&amp;A"' in response.text
    assert not QandaSession.objects.exists()


def test_agents_cannot_open_the_planning_form(client, agent):
    client.force_login(agent)
    assert client.get(reverse("feedback:qanda_new")).status_code == 403


def test_an_agent_outside_an_invitation_list_gets_403(client, make_session, agent, colleague):
    session = make_session(invitee_emails=[agent.email])
    client.force_login(colleague)
    assert client.get(session.get_absolute_url()).status_code == 403
    response = client.post(
        reverse("feedback:qanda_ask", args=[session.pk]), {"body": "Hi", "anonymous": ""}
    )
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_an_empty_question_shows_an_error_and_saves_nothing(client, session, agent):
    client.force_login(agent)
    response = client.post(reverse("feedback:qanda_ask", args=[session.pk]), {"body": " "})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not Question.objects.exists()


def test_an_htmx_upvote_returns_the_button_pressed_with_the_new_count(client, session, agent):
    question = qanda_services.ask_question(actor=agent, session=session, body="?", anonymous=True)
    client.force_login(agent)
    response = client.post(
        reverse("feedback:qanda_vote", args=[question.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert f'id="vote-{question.pk}"' in response.text
    assert "<html" not in response.text
    assert QuestionVote.objects.filter(question=question, voter=agent).exists()


def test_upvotes_close_with_the_questions(client, session, agent):
    question = qanda_services.ask_question(actor=agent, session=session, body="?", anonymous=True)
    hold(session)
    client.force_login(agent)
    response = client.post(reverse("feedback:qanda_vote", args=[question.pk]))
    assert response.status_code == 403


def test_a_manager_records_an_answer_and_publishes_the_summary(
    client, session, agent, manager, django_capture_on_commit_callbacks
):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Parking?", anonymous=False
    )
    hold(session)
    client.force_login(manager)
    client.post(
        reverse("feedback:qanda_answer", args=[question.pk]),
        {"answer": "**Soon**", "in_writing": "on"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("feedback:qanda_publish", args=[session.pk]),
            {"summary": "We covered parking."},
            follow=True,
        )
    assert "The summary is published" in response.text
    client.force_login(agent)
    page = client.get(session.get_absolute_url()).text
    assert "We covered parking." in page
    assert "<strong>Soon</strong>" in page
    assert "Answered in writing" in page


def test_agents_cannot_answer_or_publish(client, session, agent):
    question = qanda_services.ask_question(actor=agent, session=session, body="?", anonymous=False)
    hold(session)
    client.force_login(agent)
    assert client.get(reverse("feedback:qanda_answer", args=[question.pk])).status_code == 403
    assert client.get(reverse("feedback:qanda_publish", args=[session.pk])).status_code == 403


def test_the_empty_list_says_what_to_do(client, agent, manager):
    client.force_login(agent)
    assert "When leadership plans the next Q&A" in client.get(reverse("feedback:qanda")).text
    client.force_login(manager)
    assert "Plan the next quarterly Q&A" in client.get(reverse("feedback:qanda")).text


def _add_questions(session, people, count):
    for number in range(count):
        asker = people[number % len(people)]
        question = Question.objects.create(
            session=session,
            body=f"Question {number}",
            is_anonymous=number % 2 == 0,
            author=None if number % 2 == 0 else asker,
            created_at=timezone.now(),
        )
        QuestionVote.objects.bulk_create(QuestionVote(question=question, voter=p) for p in people)


def test_the_session_page_costs_the_same_queries_with_many_questions(
    client, session, agent, colleague, manager
):
    people = [agent, colleague, manager]
    _add_questions(session, people, 2)
    client.force_login(manager)
    few, response = count_queries(lambda: client.get(session.get_absolute_url()))
    assert response.status_code == 200
    _add_questions(session, people, 25)
    many, response = count_queries(lambda: client.get(session.get_absolute_url()))
    assert response.text.count('id="question-') == 27
    assert many == few


def test_the_session_list_costs_the_same_queries_with_many_sessions(
    client, make_session, agent, make_person
):
    make_session(title="First")
    hold(make_session(title="Held"))
    client.force_login(agent)
    few, _ = count_queries(lambda: client.get(reverse("feedback:qanda")))
    for number in range(12):
        session = make_session(title=f"Session {number}", days_ahead=number + 2)
        if number % 2:
            hold(session, days_ago=number)
    many, response = count_queries(lambda: client.get(reverse("feedback:qanda")))
    assert response.text.count('id="session-') == 14
    assert many == few


def test_a_team_leader_sees_a_session_for_team_leaders_and_an_agent_does_not(
    client, make_session, agent, team_leader
):
    session = make_session(roles=[Role.TEAM_LEADER])
    client.force_login(team_leader)
    assert client.get(session.get_absolute_url()).status_code == 200
    client.force_login(agent)
    assert client.get(session.get_absolute_url()).status_code == 403


def test_a_manager_edits_a_session_from_its_page(client, session, manager, agent):
    client.force_login(agent)
    assert client.get(reverse("feedback:qanda_edit", args=[session.pk])).status_code == 403
    client.force_login(manager)
    page = client.get(session.get_absolute_url()).text
    assert reverse("feedback:qanda_edit", args=[session.pk]) in page
    when = (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("feedback:qanda_edit", args=[session.pk]),
        {"title": "Renamed", "scheduled_at": when, "panel": "HR", "description": ""},
        follow=True,
    )
    assert "The session is updated." in response.text
    session.refresh_from_db()
    assert (session.title, session.panel) == ("Renamed", "HR")


def test_a_removed_question_shows_the_reason_and_hides_its_text_from_agents(
    client, session, agent, colleague, manager
):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Something nasty", anonymous=True
    )
    client.force_login(manager)
    response = client.post(
        reverse("feedback:qanda_remove", args=[question.pk]), {"reason": "Off topic"}, follow=True
    )
    assert "The question is removed" in response.text
    client.force_login(colleague)
    page = client.get(session.get_absolute_url()).text
    assert "A manager removed this question: Off topic" in page
    assert "Something nasty" not in page


def test_before_the_session_a_manager_gets_no_answer_button_and_is_told_why(
    client, session, agent, manager
):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Parking?", anonymous=False
    )
    client.force_login(manager)

    page = client.get(session.get_absolute_url()).text
    response = client.post(
        reverse("feedback:qanda_answer", args=[question.pk]), {"answer": "Soon"}, follow=True
    )

    assert "Record the answer" not in page
    assert "record the answers once it has started" in page
    assert "Answers are recorded once the session has started." in response.text
    question.refresh_from_db()
    assert question.answer == ""


def test_once_the_session_has_started_a_manager_can_record_answers(client, session, agent, manager):
    qanda_services.ask_question(actor=agent, session=session, body="Parking?", anonymous=False)
    hold(session)
    client.force_login(manager)

    assert "Record the answer" in client.get(session.get_absolute_url()).text


def test_q_and_a_pages_lead_back_through_feedback(client, session, manager):
    client.force_login(manager)

    page = client.get(session.get_absolute_url()).text
    crumbs = page.split('class="breadcrumb"')[1].split("</ol>")[0]

    assert reverse("feedback:index") in crumbs and reverse("feedback:qanda") in crumbs


def test_the_planning_form_says_the_time_is_read_in_the_managers_own_zone(
    client, make_person, shenzhen, make_session
):
    shenzhen_manager = make_person(Role.MANAGER, site=shenzhen, team=None)
    client.force_login(shenzhen_manager)
    zone = (
        "In your time zone, Shanghai, CST (UTC+8). Each person invited sees the time in their own."
    )

    page = html.unescape(client.get(reverse("feedback:qanda_new")).text)
    assert zone in page and "Questions can be sent until the session starts." in page
    session = make_session()
    page = html.unescape(client.get(reverse("feedback:qanda_edit", args=[session.pk])).text)
    assert zone in page
