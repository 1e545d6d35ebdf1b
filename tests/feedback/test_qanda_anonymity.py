"""Anonymous Q&A questions: nothing in the product, the database or the admin names the asker."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, models
from django.urls import reverse

from feedback import qanda_services
from feedback.models import Question
from portal.models import Notification
from tests.feedback.voice_fixtures import hold


def rows_pointing_at(person):
    """How many rows, in every table of the project, hold a foreign key to ``person``."""
    total = 0
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is apps.get_model(settings.AUTH_USER_MODEL)
                and field.concrete
            ):
                total += model._default_manager.filter(**{field.attname: person.pk}).count()
    return total


def test_no_column_anywhere_holds_the_anonymous_asker(session, agent):
    before = rows_pointing_at(agent)
    question = qanda_services.ask_question(
        actor=agent, session=session, body="Why are targets secret?", anonymous=True
    )
    assert rows_pointing_at(agent) == before
    stored = Question.objects.filter(pk=question.pk).values().get()
    assert stored["author_id"] is None
    values = {str(value) for value in stored.values()}
    assert not values & {str(agent.pk), agent.email, agent.profile.display_name}


def test_the_database_refuses_an_anonymous_question_with_an_author(session, agent):
    with pytest.raises(IntegrityError):
        Question.objects.create(
            session=session,
            body="?",
            is_anonymous=True,
            author=agent,
            created_at=session.scheduled_at,
        )


@time_machine.travel(datetime(2026, 3, 2, 9, 47, 13, tzinfo=UTC), tick=False)
def test_an_anonymous_question_keeps_only_the_hour_it_was_sent(session, agent):
    question = qanda_services.ask_question(actor=agent, session=session, body="?", anonymous=True)
    assert question.created_at == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_rate_limit_counts_per_person_not_per_question_or_session(make_session, agent):
    first, second = make_session(title="One"), make_session(title="Two")
    qanda_services.ask_question(actor=agent, session=first, body="?", anonymous=True)
    qanda_services.ask_question(actor=agent, session=second, body="?", anonymous=True)
    # One counter for the person, holding a number only: nothing in it points at a question.
    assert cache.get(f"feedback:qanda:questions-this-hour:{agent.pk}") == 2


def questions_on(page):
    """The questions list of a session page, without the menus that name the viewer."""
    return page.split('id="questions"', 1)[1].split("</ol>", 1)[0]


def test_the_session_page_and_the_admin_do_not_show_who_asked(
    client, session, agent, administrator, manager
):
    client.force_login(agent)
    response = client.post(
        reverse("feedback:qanda_ask", args=[session.pk]),
        {"body": "Will bonuses change?", "anonymous": "on"},
        follow=True,
    )
    assert "nobody (you included) can link it back to you" in response.text
    name = agent.profile.display_name
    for viewer in (manager, administrator, agent):
        client.force_login(viewer)
        listed = questions_on(client.get(session.get_absolute_url()).text)
        assert "Will bonuses change?" in listed
        assert "Anonymous" in listed
        assert name not in listed
    client.force_login(administrator)
    admin_page = client.get(reverse("admin:feedback_qandasession_change", args=[session.pk]))
    assert admin_page.status_code == 200
    assert "Will bonuses change?" in admin_page.text
    assert name not in admin_page.text
    assert agent.email not in admin_page.text


def test_answering_an_anonymous_question_notifies_nobody(session, agent, manager):
    question = qanda_services.ask_question(actor=agent, session=session, body="?", anonymous=True)
    hold(session)
    qanda_services.answer_question(actor=manager, question=question, answer="Here it is.")
    assert not Notification.objects.exists()


def test_the_form_says_how_anonymity_is_guaranteed(client, session, agent):
    client.force_login(agent)
    page = client.get(session.get_absolute_url()).text
    assert "Your name is not stored with an anonymous question at all" in page


def test_after_an_anonymous_question_the_address_does_not_name_it(client, session, agent):
    client.force_login(agent)
    response = client.post(
        reverse("feedback:qanda_ask", args=[session.pk]), {"body": "?", "anonymous": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == session.get_absolute_url()
