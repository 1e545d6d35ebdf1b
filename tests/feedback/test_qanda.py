"""Quarterly Q&A: planning, asking, upvoting, answering, carrying over and publishing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from feedback import qanda_selectors, qanda_services, rules
from feedback.models import QandaSession, Question, QuestionVote
from portal import permissions
from portal.models import Notification, NotificationVerb, Role
from tests.feedback.voice_fixtures import hold


def test_only_managers_plan_a_session(agent, team_leader):
    for person in (agent, team_leader):
        with pytest.raises(PermissionDenied):
            qanda_services.create_session(
                actor=person,
                title="Q&A",
                panel="Panel",
                scheduled_at=timezone.now() + timedelta(days=3),
            )
    assert not QandaSession.objects.exists()


def test_a_session_must_be_in_the_future(manager):
    with pytest.raises(ValidationError) as error:
        qanda_services.create_session(
            actor=manager, title="Q&A", panel="Panel", scheduled_at=timezone.now()
        )
    assert "scheduled_at" in error.value.error_dict


def test_a_session_more_than_two_years_ahead_is_refused_as_a_typo(manager):
    far = timezone.now().replace(year=9999, month=12, day=31)
    with pytest.raises(ValidationError) as error:
        qanda_services.create_session(actor=manager, title="Q&A", panel="Panel", scheduled_at=far)
    assert error.value.message_dict == {
        "scheduled_at": ["Choose a date within the next two years."]
    }


def test_an_invite_list_with_an_unknown_address_is_refused_and_names_it(manager, agent):
    with pytest.raises(ValidationError) as error:
        qanda_services.create_session(
            actor=manager,
            title="Q&A",
            panel="Panel",
            scheduled_at=timezone.now() + timedelta(days=3),
            invitee_emails=[agent.email, "nobody@example.com"],
        )
    assert "nobody@example.com" in str(error.value.error_dict["invitees"])
    assert not QandaSession.objects.exists()


def test_an_invitation_only_session_is_seen_and_asked_only_by_the_invited(
    make_session, agent, colleague, manager
):
    invited_only = make_session(invitee_emails=[agent.email.upper()])
    assert invited_only.invite_only
    assert permissions.can(agent, rules.QANDA_ASK, invited_only)
    assert not permissions.can(colleague, rules.QANDA_VIEW_SESSION, invited_only)
    assert permissions.can(manager, rules.QANDA_VIEW_SESSION, invited_only)
    with pytest.raises(PermissionDenied):
        qanda_services.ask_question(
            actor=colleague, session=invited_only, body="Me too?", anonymous=False
        )
    assert list(qanda_selectors.sessions_for(colleague)) == []


def test_a_session_aimed_at_a_team_is_hidden_from_other_teams(
    make_session, agent, make_person, mobile_team
):
    outsider = make_person(Role.AGENT, team=mobile_team)
    for_billing = make_session(teams=[agent.profile.team])
    assert list(qanda_selectors.sessions_for(agent)) == [for_billing]
    assert list(qanda_selectors.sessions_for(outsider)) == []


def test_an_open_question_is_kept_with_its_author(session, agent):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="  When is the rota out?  ", anonymous=False
    )
    assert (question.author, question.body, question.is_anonymous) == (
        agent,
        "When is the rota out?",
        False,
    )


def test_an_empty_question_is_refused(session, agent):
    with pytest.raises(ValidationError):
        qanda_services.ask_question(actor=agent, session=session, body="   ", anonymous=False)


def test_questions_close_when_the_session_starts(session, agent):
    hold(session)
    with pytest.raises(PermissionDenied):
        qanda_services.ask_question(actor=agent, session=session, body="Late?", anonymous=True)


def test_a_person_may_send_five_questions_an_hour(session, agent):
    for number in range(qanda_services.QUESTIONS_PER_HOUR):
        qanda_services.ask_question(
            actor=agent, session=session, body=f"Question {number}", anonymous=number % 2 == 0
        )
    with pytest.raises(ValidationError) as error:
        qanda_services.ask_question(actor=agent, session=session, body="One more", anonymous=True)
    assert error.value.code == "rate_limited"
    assert Question.objects.count() == qanda_services.QUESTIONS_PER_HOUR


def test_an_upvote_counts_once_and_can_be_taken_back(session, agent, colleague):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Parking?", anonymous=False
    )
    assert qanda_services.toggle_vote(actor=colleague, question=question) is True
    assert qanda_selectors.questions_in(session, colleague).get().vote_count == 1
    assert qanda_services.toggle_vote(actor=colleague, question=question) is False
    assert not QuestionVote.objects.exists()


def test_the_database_refuses_a_second_upvote_from_the_same_person(session, agent, colleague):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Parking?", anonymous=False
    )
    QuestionVote.objects.create(question=question, voter=colleague)
    with pytest.raises(IntegrityError):
        QuestionVote.objects.create(question=question, voter=colleague)


def test_questions_are_listed_most_upvoted_first(session, agent, colleague, manager):
    first = qanda_services.ask_question(actor=agent, session=session, body="A", anonymous=False)
    second = qanda_services.ask_question(actor=agent, session=session, body="B", anonymous=True)
    qanda_services.toggle_vote(actor=colleague, question=second)
    qanda_services.toggle_vote(actor=manager, question=second)
    qanda_services.toggle_vote(actor=colleague, question=first)
    listed = list(qanda_selectors.questions_in(session, colleague))
    assert [(q.pk, q.vote_count, q.voted) for q in listed] == [
        (second.pk, 2, True),
        (first.pk, 1, True),
    ]


def test_agents_cannot_answer_and_managers_answers_notify_an_open_asker(session, agent, manager):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Headsets?", anonymous=False
    )
    hold(session)
    with pytest.raises(PermissionDenied):
        qanda_services.answer_question(actor=agent, question=question, answer="Soon")
    qanda_services.answer_question(actor=manager, question=question, answer="In October.")
    question.refresh_from_db()
    assert (question.status, question.answer, question.answered_by) == (
        Question.Status.ANSWERED,
        "In October.",
        manager,
    )
    told = Notification.objects.get(recipient=agent)
    assert told.verb == NotificationVerb.QANDA
    assert told.url == question.get_absolute_url()


def test_an_empty_answer_is_refused_and_the_question_stays_waiting(session, agent, manager):
    question = qanda_services.ask_question(actor=agent, session=session, body="?", anonymous=False)
    hold(session)
    with pytest.raises(ValidationError):
        qanda_services.answer_question(actor=manager, question=question, answer=" ")
    question.refresh_from_db()
    assert question.status == Question.Status.WAITING


def test_an_unanswered_question_carries_over_with_its_upvotes(
    make_session, agent, colleague, manager
):
    earlier = make_session(title="Summer")
    question = qanda_services.ask_question(
        actor=agent, session=earlier, body="Car park?", anonymous=False
    )
    qanda_services.toggle_vote(actor=colleague, question=question)
    hold(earlier)
    later = make_session(title="Winter", days_ahead=60)
    assert list(qanda_selectors.sessions_open_for_carry_over(earlier)) == [later]

    moved = qanda_services.carry_over(actor=manager, question=question, to_session=later)

    question.refresh_from_db()
    assert question.status == Question.Status.CARRIED_OVER
    assert (moved.session, moved.body, moved.author, moved.carried_over_from) == (
        later,
        "Car park?",
        agent,
        question,
    )
    assert list(moved.votes.values_list("voter", flat=True)) == [colleague.pk]
    with pytest.raises(PermissionDenied):
        qanda_services.carry_over(actor=manager, question=question, to_session=later)


def test_a_question_cannot_be_carried_over_to_a_session_that_has_started(
    make_session, agent, manager
):
    earlier = make_session(title="Summer")
    question = qanda_services.ask_question(actor=agent, session=earlier, body="?", anonymous=False)
    later = make_session(title="Winter", days_ahead=60)
    with pytest.raises(ValidationError) as error:
        qanda_services.carry_over(actor=manager, question=question, to_session=later)
    assert error.value.code == "too_early"
    hold(earlier)
    other = hold(make_session(title="Also past"), days_ago=2)
    for target in (other, earlier):
        with pytest.raises(ValidationError) as error:
            qanda_services.carry_over(actor=manager, question=question, to_session=target)
        assert "to_session" in error.value.error_dict


def test_the_summary_waits_until_the_session_has_taken_place(session, manager):
    with pytest.raises(ValidationError):
        qanda_services.publish_summary(actor=manager, session=session, summary="Thanks")
    session.refresh_from_db()
    assert session.status == QandaSession.Status.OPEN


def test_the_published_summary_notifies_the_audience_once(
    make_session,
    manager,
    agent,
    colleague,
    make_person,
    mobile_team,
    django_capture_on_commit_callbacks,
):
    outsider = make_person(Role.AGENT, team=mobile_team)
    session = hold(make_session(teams=[agent.profile.team]))
    with pytest.raises(PermissionDenied):
        qanda_services.publish_summary(actor=agent, session=session, summary="Thanks")
    with django_capture_on_commit_callbacks(execute=True):
        qanda_services.publish_summary(actor=manager, session=session, summary="Thanks all")

    told = set(
        Notification.objects.filter(verb=NotificationVerb.QANDA).values_list("recipient", flat=True)
    )
    assert told == {agent.pk, colleague.pk}
    assert outsider.pk not in told
    # Celery delivers at least once: a second run tells nobody twice.
    qanda_services.announce_summary(session_id=session.pk)
    assert Notification.objects.filter(verb=NotificationVerb.QANDA).count() == 2
    with pytest.raises(PermissionDenied):
        qanda_services.publish_summary(actor=manager, session=session, summary="Again")


def test_an_invitation_only_summary_tells_only_the_invited(
    make_session, manager, agent, colleague, django_capture_on_commit_callbacks
):
    session = hold(make_session(invitee_emails=[agent.email]))
    with django_capture_on_commit_callbacks(execute=True):
        qanda_services.publish_summary(actor=manager, session=session, summary="Thanks")
    assert list(
        Notification.objects.filter(verb=NotificationVerb.QANDA).values_list("recipient", flat=True)
    ) == [agent.pk]


def test_a_manager_sees_unanswered_questions_of_past_sessions_waiting(make_session, agent, manager):
    upcoming = make_session(title="Next")
    qanda_services.ask_question(actor=agent, session=upcoming, body="Not yet", anonymous=False)
    past = make_session(title="Past")
    waiting = qanda_services.ask_question(actor=agent, session=past, body="Left", anonymous=True)
    answered = qanda_services.ask_question(actor=agent, session=past, body="Done", anonymous=False)
    hold(past)
    qanda_services.answer_question(actor=manager, question=answered, answer="Yes")
    assert list(qanda_selectors.qanda_waiting_for(manager)) == [waiting]
    assert list(qanda_selectors.qanda_waiting_for(agent)) == []
    assert list(qanda_selectors.sessions_to_publish(manager)) == [past]


def test_engagement_counts_questions_and_upvotes_per_month(session, agent, colleague):
    first = qanda_services.ask_question(actor=agent, session=session, body="A", anonymous=True)
    qanda_services.ask_question(actor=colleague, session=session, body="B", anonymous=False)
    qanda_services.toggle_vote(actor=colleague, question=first)
    month = timezone.localdate().replace(day=1)
    since = timezone.now() - timedelta(days=40)
    assert qanda_selectors.engagement_by_month(since=since) == {month: (2, 1)}


def test_planning_a_session_invites_its_audience_to_send_questions_once(
    manager, agent, make_person, mobile_team, django_capture_on_commit_callbacks
):
    outsider = make_person(Role.AGENT, team=mobile_team)
    with django_capture_on_commit_callbacks(execute=True):
        session = qanda_services.create_session(
            actor=manager,
            title="Winter",
            panel="Panel",
            scheduled_at=timezone.now() + timedelta(days=5),
            teams=[agent.profile.team],
        )
    told = Notification.objects.filter(verb=NotificationVerb.QANDA)
    assert list(told.values_list("recipient", flat=True)) == [agent.pk]
    assert outsider.pk not in told.values_list("recipient", flat=True)
    qanda_services.announce_session(session_id=session.pk)
    assert told.count() == 1


def test_a_manager_moves_a_session_but_not_into_the_past_or_after_publishing(
    session, manager, agent
):
    later = timezone.now() + timedelta(days=30)
    with pytest.raises(PermissionDenied):
        qanda_services.update_session(
            actor=agent, session=session, title="x", scheduled_at=later, panel="p"
        )
    qanda_services.update_session(
        actor=manager, session=session, title="Moved", scheduled_at=later, panel="New panel"
    )
    session.refresh_from_db()
    assert (session.title, session.scheduled_at, session.panel) == ("Moved", later, "New panel")
    with pytest.raises(ValidationError):
        qanda_services.update_session(
            actor=manager,
            session=session,
            title="Moved",
            scheduled_at=timezone.now() - timedelta(days=1),
            panel="p",
        )
    hold(session)
    session.refresh_from_db()
    qanda_services.publish_summary(actor=manager, session=session, summary="Done")
    with pytest.raises(ValidationError):
        qanda_services.update_session(
            actor=manager, session=session, title="Again", scheduled_at=later, panel="p"
        )


def test_a_manager_removes_an_abusive_question_saying_why(session, agent, colleague, manager):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Rude words", anonymous=False
    )
    with pytest.raises(PermissionDenied):
        qanda_services.remove_question(actor=colleague, question=question, reason="No")
    with pytest.raises(ValidationError):
        qanda_services.remove_question(actor=manager, question=question, reason=" ")
    qanda_services.remove_question(actor=manager, question=question, reason="Personal attack")
    question.refresh_from_db()
    assert (question.status, question.removal_reason) == (
        Question.Status.REMOVED,
        "Personal attack",
    )
    assert "Personal attack" in Notification.objects.get(recipient=agent).message
    with pytest.raises(PermissionDenied):
        qanda_services.toggle_vote(actor=colleague, question=question)
    with pytest.raises(PermissionDenied):
        qanda_services.answer_question(actor=manager, question=question, answer="x")


def test_an_answer_cannot_be_recorded_before_the_session_starts(session, agent, manager):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Parking?", anonymous=False
    )

    with pytest.raises(ValidationError) as refused:
        qanda_services.answer_question(actor=manager, question=question, answer="Soon.")

    assert refused.value.code == "too_early"
    question.refresh_from_db()
    assert (question.status, question.answer) == (Question.Status.WAITING, "")
