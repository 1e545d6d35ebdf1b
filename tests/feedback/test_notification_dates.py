"""Notification messages name days in words, on the recipient's site clock, and say which
question an answer is for."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import focus_group_services, qanda_services, scorecard_services
from portal.models import Notification, NotificationVerb, Role
from tests.feedback.voice_fixtures import hold

# A Thursday in winter: London is on UTC, Shenzhen eight hours ahead.
MEETS_AT = datetime.datetime(2027, 12, 16, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture
def shenzhen_agent(make_person, shenzhen, shenzhen_team):
    return make_person(Role.AGENT, site=shenzhen, team=shenzhen_team)


def message_for(person):
    return Notification.objects.get(recipient=person).message


def test_a_focus_group_invitation_gives_the_time_on_each_invitees_site_clock(
    make_group, manager, agent, shenzhen_agent
):
    group = make_group(meets_at=MEETS_AT, topic="Night shifts")

    focus_group_services.invite(actor=manager, group=group, people=[agent, shenzhen_agent])

    assert "on Thursday 16 December, 14:00 GMT." in message_for(agent)
    assert "on Thursday 16 December, 22:00 CST (UTC+8)." in message_for(shenzhen_agent)
    assert "2027-12-16" not in message_for(agent)


def test_the_q_and_a_announcement_gives_the_session_time_in_words(manager, agent, shenzhen_agent):
    session = qanda_services.create_session(
        actor=manager, title="Winter Q&A", panel="Panel", scheduled_at=MEETS_AT
    )
    Notification.objects.all().delete()

    qanda_services.announce_session(session_id=session.pk)

    assert "“Winter Q&A” is on Thursday 16 December, 14:00 GMT." in message_for(agent)
    assert "“Winter Q&A” is on Thursday 16 December, 22:00 CST (UTC+8)." in message_for(
        shenzhen_agent
    )


def test_the_scorecard_meeting_news_names_the_day_in_words(
    manager, agent, make_person, billing_team
):
    champion = make_person(Role.AGENT, display_name="Eleri Price")
    scorecard_services.name_champion(actor=manager, team=billing_team, champion=champion)
    meets_on = timezone.localdate() + timedelta(days=5)
    meeting = scorecard_services.set_meeting_date(actor=champion, meets_on=meets_on)

    scorecard_services.tell_team(meeting_id=meeting.pk, news="scheduled")

    expected = meets_on.strftime("%A ") + str(meets_on.day) + meets_on.strftime(" %B")
    assert f"Eleri Price, your scorecard champion, meets on {expected}." in message_for(agent)
    assert meets_on.isoformat() not in message_for(agent)


def test_the_answer_notification_names_the_question(session, manager, agent):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Will the  car park\nopen at night?", anonymous=False
    )
    hold(session)

    qanda_services.answer_question(actor=manager, question=question, answer="Yes, from May.")

    told = Notification.objects.get(recipient=agent, verb=NotificationVerb.QANDA)
    assert told.message.startswith("Your question “Will the car park open at night?” for")


def test_a_long_question_is_shortened_in_the_answer_notification(session, manager, agent):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Why " * 100, anonymous=False
    )
    hold(session)

    qanda_services.answer_question(actor=manager, question=question, answer="Because.")

    message = Notification.objects.get(recipient=agent, verb=NotificationVerb.QANDA).message
    assert "Why Why" in message and "…”" in message and len(message) < 160


def test_nobody_is_told_of_an_answer_to_an_anonymous_question(session, manager, agent):
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Is my job safe?", anonymous=True
    )
    Notification.objects.all().delete()
    hold(session)

    qanda_services.answer_question(actor=manager, question=question, answer="Yes.")

    assert not Notification.objects.exists()
