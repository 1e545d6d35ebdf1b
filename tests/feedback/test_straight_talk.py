"""Straight talk: asking, "me too", ranking by how many asked, answers, raising from an idea."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import straight_talk_selectors as selectors
from feedback import straight_talk_services as services
from feedback.models import StraightTalkAsk, StraightTalkRequest
from portal.models import Notification, NotificationVerb, Role


def fresh(request):
    return StraightTalkRequest.objects.get(pk=request.pk)


@pytest.fixture
def asked(agent):
    return services.ask_straight_talk(
        asker=agent, title="Saturday shifts", question="Why do they change at short notice?"
    )


def test_the_person_asking_is_its_first_asker(asked, agent):
    assert asked.ask_count == 1
    assert list(asked.asks.values_list("user_id", flat=True)) == [agent.pk]


def test_a_request_needs_a_title_and_a_question(agent):
    with pytest.raises(ValidationError) as refused:
        services.ask_straight_talk(asker=agent, title=" ", question="")
    assert set(refused.value.error_dict) == {"title", "question"}


def test_me_too_counts_each_person_once(asked, agent, colleague):
    services.me_too(user=colleague, request=asked)
    services.me_too(user=colleague, request=asked)
    services.me_too(user=agent, request=asked)

    assert fresh(asked).ask_count == 2 == StraightTalkAsk.objects.filter(request=asked).count()


def test_me_too_can_be_withdrawn_until_it_is_answered(asked, colleague, manager):
    services.me_too(user=colleague, request=asked)
    services.withdraw_me_too(user=colleague, request=asked)
    assert fresh(asked).ask_count == 1

    services.answer_straight_talk(actor=manager, request=asked, answer="Because.")
    with pytest.raises(PermissionDenied):
        services.me_too(user=colleague, request=fresh(asked))
    with pytest.raises(ValidationError):
        services.withdraw_me_too(user=colleague, request=fresh(asked))


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_answer(asked, make_person, role):
    with pytest.raises(PermissionDenied):
        services.answer_straight_talk(actor=make_person(role), request=asked, answer="No.")
    assert not fresh(asked).is_answered


def test_an_empty_answer_is_refused(asked, manager):
    with pytest.raises(ValidationError):
        services.answer_straight_talk(actor=manager, request=asked, answer="  ")


def test_the_answer_tells_everyone_who_asked_once(asked, agent, colleague, manager, make_person):
    services.me_too(user=colleague, request=asked)
    bystander = make_person()

    services.answer_straight_talk(actor=manager, request=asked, answer="We will give 14 days.")
    services.answer_straight_talk(
        actor=manager, request=asked, answer="We will give 14 days' notice."
    )

    told = Notification.objects.filter(verb=NotificationVerb.STRAIGHT_TALK_ANSWER)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted([agent.pk, colleague.pk])
    assert not told.filter(recipient=bystander).exists()
    assert fresh(asked).answer == "We will give 14 days' notice."


def test_requests_are_ranked_by_how_many_asked(agent, make_person):
    quiet = services.ask_straight_talk(asker=agent, title="Quiet", question="?")
    loud = services.ask_straight_talk(asker=agent, title="Loud", question="?")
    for _ in range(3):
        services.me_too(user=make_person(), request=loud)

    assert [r.title for r in selectors.waiting_requests(agent)] == ["Loud", "Quiet"]
    assert quiet.ask_count == 1


def test_a_manager_raises_one_from_an_idea_and_it_links_back(manager, post_idea):
    idea = post_idea()

    raised = services.raise_straight_talk(
        actor=manager, title="Why no callbacks?", question="Tell us.", origin=idea
    )

    assert raised.origin == idea
    assert raised.ask_count == 0
    assert selectors.request_for(manager, raised.pk).origin_object == idea


def test_agents_cannot_raise_one(agent, post_idea):
    with pytest.raises(PermissionDenied):
        services.raise_straight_talk(actor=agent, title="T", question="Q", origin=post_idea())


def test_the_straight_talk_list_costs_the_same_queries_for_5_and_50_requests(
    client, agent, make_person
):
    def add(count):
        for n in range(count):
            request = services.ask_straight_talk(asker=make_person(), title=f"Q{n}", question="?")
            services.me_too(user=agent, request=request)

    def open_list():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("feedback:straight_talk")).status_code == 200
        return len(queries)

    client.force_login(agent)
    add(5)
    five = open_list()
    add(45)
    assert open_list() == five


def test_the_answer_is_clearly_marked_on_the_page(client, asked, manager, colleague):
    services.answer_straight_talk(actor=manager, request=asked, answer="**Fourteen** days.")
    client.force_login(colleague)

    page = client.get(asked.get_absolute_url()).content.decode()

    assert "Straight talk: the answer" in page and "<strong>Fourteen</strong>" in page


def test_me_too_from_the_page_confirms_it(client, asked, colleague):
    client.force_login(colleague)

    response = client.post(reverse("feedback:me_too", args=[asked.pk]), {"on": "1"}, follow=True)

    assert "Counted: you will be told when it is answered." in response.content.decode()
    assert fresh(asked).ask_count == 2


def test_agents_cannot_open_the_answer_form(client, asked, colleague):
    client.force_login(colleague)

    assert client.get(reverse("feedback:answer_straight_talk", args=[asked.pk])).status_code == 403


@pytest.fixture
def nobody_asked(asked, agent):
    services.withdraw_me_too(user=agent, request=asked)
    return fresh(asked)


def test_a_request_nobody_is_on_invites_me_too_instead_of_promising_to_tell_anyone(
    client, nobody_asked, colleague
):
    client.force_login(colleague)

    page = client.get(nobody_asked.get_absolute_url()).content.decode()
    listing = client.get(reverse("feedback:straight_talk")).content.decode()

    assert nobody_asked.ask_count == 0
    assert "Nobody has added their name yet — add yours with Me too" in page
    assert "0 people asked" not in page and "Everyone who asked" not in page
    assert "nobody has added their name yet" in listing
    assert "be the first" in listing and ">0<" not in listing.replace(" ", "").replace("\n", "")


def test_answering_a_request_nobody_is_on_does_not_claim_anyone_was_told(
    client, nobody_asked, manager
):
    client.force_login(manager)
    form_url = reverse("feedback:answer_straight_talk", args=[nobody_asked.pk])

    managers_page = client.get(reverse("feedback:managers")).content.decode()
    form = client.get(form_url).content.decode()
    response = client.post(form_url, {"answer": "Because of the lease."}, follow=True)

    assert "0 people asked" not in form and "tell everyone who asked" not in form
    assert "The answer is published." in response.content.decode()
    assert "everyone who asked has been told" not in response.content.decode()
    assert not Notification.objects.exists()
    assert "nobody has added their name yet" in managers_page
    assert "0 asked" not in managers_page
