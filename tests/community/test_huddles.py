"""Team huddles: the leader opens today's, the team asks and checks in, history stays."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import huddle_selectors, huddle_services
from community.models import Huddle, HuddleAttendance, HuddleQuestion
from portal.models import Notification, NotificationVerb, Role


@pytest.fixture
def open_huddle(team_leader, billing_team):
    def open_(**fields):
        fields.setdefault("focus", "First-call resolution on broadband")
        return huddle_services.open_huddle(leader=team_leader, team=billing_team, **fields)

    return open_


@pytest.fixture
def sales_leader(make_person, sales_team):
    return make_person(Role.TEAM_LEADER, display_name="Sol Sales", team=sales_team)


def test_the_team_leader_opens_todays_huddle_with_focus_news_and_figures(
    open_huddle, billing_team, team_leader
):
    huddle = open_huddle(
        announcements="Quiz on **Thursday**",
        figures=[("Calls answered", "1,204"), ("NPS", "62")],
    )

    assert huddle.team == billing_team and huddle.led_by == team_leader
    assert huddle.date == timezone.localdate(timezone.now(), datetime.UTC)
    assert [(f.label, f.value) for f in huddle.figures.all()] == [
        ("Calls answered", "1,204"),
        ("NPS", "62"),
    ]


def test_a_team_has_one_huddle_a_day(open_huddle):
    open_huddle()

    with pytest.raises(ValidationError, match="already open"):
        open_huddle(focus="Another one")
    assert Huddle.objects.count() == 1


def test_the_database_refuses_a_second_huddle_for_the_same_team_and_day(open_huddle, billing_team):
    huddle = open_huddle()

    with pytest.raises(IntegrityError):
        Huddle.objects.create(team=billing_team, date=huddle.date, focus="Sneaky")


def test_the_huddle_day_is_the_teams_site_day_not_the_servers(
    make_person, shenzhen, customer_service
):
    from portal.models import Team

    night_team = Team.objects.create(name="Overnight", site=shenzhen, department=customer_service)
    leader = make_person(Role.TEAM_LEADER, site=shenzhen, team=night_team)
    # 20:00 UTC on 3 March is already 04:00 on 4 March in Shenzhen.
    with time_machine.travel(datetime.datetime(2026, 3, 3, 20, 0, tzinfo=datetime.UTC)):
        huddle = huddle_services.open_huddle(leader=leader, team=night_team, focus="Outages")

    assert huddle.date == datetime.date(2026, 3, 4)


def test_only_the_teams_own_leader_opens_its_huddle(
    billing_team, sales_leader, manager, agent, administrator
):
    for person in (sales_leader, manager, agent, administrator):
        with pytest.raises(PermissionDenied):
            huddle_services.open_huddle(leader=person, team=billing_team, focus="Mine now")
    assert not Huddle.objects.exists()


def test_only_the_teams_own_leader_edits_its_huddle(open_huddle, sales_leader, team_leader):
    huddle = open_huddle()

    with pytest.raises(PermissionDenied):
        huddle_services.edit_huddle(leader=sales_leader, huddle=huddle, focus="Changed")
    huddle_services.edit_huddle(
        leader=team_leader, huddle=huddle, focus="Changed", figures=[("AHT", "6:10")]
    )
    huddle.refresh_from_db()
    assert huddle.focus == "Changed" and huddle.figures.get().label == "AHT"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"focus": "   "}, "focus", "focuses on today"),
        ({"figures": [("Calls", "")]}, "figures", "label and a value"),
        ({"figures": [(f"Figure {n}", str(n)) for n in range(7)]}, "figures", "at most 6"),
        ({"focus": "x" * 301}, "focus", "300 characters"),
    ],
)
def test_bad_huddle_input_is_refused_with_a_reason(open_huddle, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        open_huddle(**fields)

    assert message in " ".join(refused.value.message_dict[field])
    assert not Huddle.objects.exists()


def test_team_members_ask_and_the_leader_answers_and_the_asker_is_told_once(
    open_huddle, agent, team_leader
):
    huddle = open_huddle()
    question = huddle_services.ask_question(author=agent, huddle=huddle, body="Refund limit?")

    huddle_services.answer_question(leader=team_leader, question=question, answer="£50.")
    huddle_services.answer_question(leader=team_leader, question=question, answer="£50, yes.")

    question.refresh_from_db()
    assert question.answer == "£50, yes." and question.is_answered
    told = Notification.objects.filter(recipient=agent, verb=NotificationVerb.HUDDLE_ANSWER)
    assert told.count() == 1


def test_people_outside_the_team_cannot_ask_and_only_the_leader_answers(
    open_huddle, make_person, sales_team, sales_leader, agent, manager
):
    huddle = open_huddle()
    outsider = make_person(Role.AGENT, team=sales_team)

    with pytest.raises(PermissionDenied):
        huddle_services.ask_question(author=outsider, huddle=huddle, body="Can I join?")
    question = huddle_services.ask_question(author=agent, huddle=huddle, body="Rota?")
    for person in (agent, sales_leader, manager):
        with pytest.raises(PermissionDenied):
            huddle_services.answer_question(leader=person, question=question, answer="Friday")


def test_an_empty_question_is_refused(open_huddle, agent):
    with pytest.raises(ValidationError, match="question first"):
        huddle_services.ask_question(author=agent, huddle=open_huddle(), body="  ")


def test_questions_close_when_the_huddle_day_is_over(open_huddle, agent):
    huddle = open_huddle()
    tomorrow = timezone.now() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError, match="huddle is over"):
        huddle_services.ask_question(author=agent, huddle=huddle, body="Late?", now=tomorrow)


def test_members_check_in_once_and_the_leader_can_correct_attendance(
    open_huddle, agent, colleague, team_leader
):
    huddle = open_huddle()

    huddle_services.check_in(person=agent, huddle=huddle)
    huddle_services.check_in(person=agent, huddle=huddle)
    assert HuddleAttendance.objects.filter(huddle=huddle, person=agent).count() == 1

    huddle_services.record_attendance(leader=team_leader, huddle=huddle, present=[colleague])
    assert set(huddle.attendance.values_list("person", flat=True)) == {colleague.pk}


def test_the_leader_who_opens_the_huddle_is_counted_there(open_huddle, team_leader):
    huddle = open_huddle()

    attendance = huddle.attendance.get()
    assert attendance.person == team_leader and attendance.recorded_by == team_leader


def test_the_leader_cannot_tick_people_from_another_team(
    open_huddle, team_leader, make_person, sales_team
):
    huddle = open_huddle()
    outsider = make_person(Role.AGENT, team=sales_team)

    with pytest.raises(ValidationError, match="not in Billing"):
        huddle_services.record_attendance(leader=team_leader, huddle=huddle, present=[outsider])
    assert list(huddle.attendance.values_list("person", flat=True)) == [team_leader.pk]


def test_outsiders_cannot_check_in(open_huddle, make_person, sales_team):
    with pytest.raises(PermissionDenied):
        huddle_services.check_in(
            person=make_person(Role.AGENT, team=sales_team), huddle=open_huddle()
        )


def test_todays_huddle_for_gives_the_persons_team_huddle_or_none(open_huddle, agent, submitter):
    assert huddle_selectors.todays_huddle_for(agent) is None
    huddle = open_huddle(figures=[("NPS", "62")])
    huddle_services.check_in(person=agent, huddle=huddle)

    found = huddle_selectors.todays_huddle_for(agent)

    assert found == huddle and found.checked_in and found.attendance_count == 2  # and the leader
    assert huddle_selectors.todays_huddle_for(submitter) is None  # in no team


# Pages --------------------------------------------------------------------------------


def test_a_team_member_is_taken_to_their_teams_huddle(client, agent, billing_team):
    client.force_login(agent)

    response = client.get(reverse("huddles:index"))

    assert response.url == reverse("huddles:team", args=[billing_team.pk])


def test_before_it_opens_members_are_told_to_wait_and_the_leader_gets_the_form(
    client, agent, team_leader, billing_team
):
    url = reverse("huddles:team", args=[billing_team.pk])
    client.force_login(agent)
    assert "not open yet" in client.get(url).text

    client.force_login(team_leader)
    response = client.post(
        reverse("huddles:open", args=[billing_team.pk]),
        {"focus": "Kindness", "figures": "Calls: 10\nNPS: 62", "announcements": ""},
        follow=True,
    )
    assert "Today&#x27;s huddle is open" in response.text
    assert Huddle.objects.get().figures.count() == 2


def test_a_figure_line_without_a_colon_is_shown_back_with_the_line_number(
    client, team_leader, billing_team
):
    client.force_login(team_leader)

    response = client.post(
        reverse("huddles:open", args=[billing_team.pk]),
        {"focus": "Kindness", "figures": "Calls: 10\nNPS 62"},
    )

    assert response.status_code == 400
    assert "Line 2 needs a label" in response.text
    assert "NPS 62" in response.text  # what was typed is kept
    assert not Huddle.objects.exists()


def test_other_teams_cannot_see_a_huddle_but_managers_can(
    client, open_huddle, make_person, sales_team, manager
):
    huddle = open_huddle()
    client.force_login(make_person(Role.AGENT, team=sales_team))
    assert client.get(huddle.get_absolute_url()).status_code == 403

    client.force_login(manager)
    response = client.get(huddle.get_absolute_url())
    assert response.status_code == 200 and "First-call resolution" in response.text
    assert "I&#x27;m here" not in response.text  # managers watch, they do not check in


def test_a_manager_cannot_open_a_teams_huddle_through_the_page(client, manager, billing_team):
    client.force_login(manager)

    response = client.post(reverse("huddles:open", args=[billing_team.pk]), {"focus": "Mine"})

    assert response.status_code == 403 and not Huddle.objects.exists()


def test_asking_checking_in_and_answering_through_the_pages(
    client, open_huddle, agent, team_leader
):
    huddle = open_huddle()
    client.force_login(agent)
    client.post(reverse("huddles:ask", args=[huddle.pk]), {"body": "Refund limit?"})
    response = client.post(reverse("huddles:check_in", args=[huddle.pk]), follow=True)
    assert "You are checked in" in response.text

    question = HuddleQuestion.objects.get()
    client.force_login(team_leader)
    response = client.post(
        reverse("huddles:answer", args=[question.pk]), {"answer": "£50."}, follow=True
    )
    assert "£50." in response.text
    assert huddle.attendance.filter(person=agent).exists()


def test_an_empty_question_keeps_the_page_and_says_why(client, open_huddle, agent):
    huddle = open_huddle()
    client.force_login(agent)

    response = client.post(reverse("huddles:ask", args=[huddle.pk]), {"body": ""})

    assert response.status_code == 400 and "Write your question first." in response.text


def _bulk_past_huddles(team, leader, members, count, *, start):
    huddles = Huddle.objects.bulk_create(
        Huddle(team=team, date=start - datetime.timedelta(days=n), led_by=leader, focus=f"F{n}")
        for n in range(count)
    )
    HuddleQuestion.objects.bulk_create(
        HuddleQuestion(huddle=huddle, author=members[0], body="Q?") for huddle in huddles
    )
    HuddleAttendance.objects.bulk_create(
        HuddleAttendance(huddle=huddle, person=person) for huddle in huddles for person in members
    )


def test_the_huddle_history_costs_the_same_queries_for_3_and_40_huddles(
    client, billing_team, team_leader, agent, colleague
):
    client.force_login(agent)
    url = reverse("huddles:history", args=[billing_team.pk])
    today = timezone.localdate()

    def read_history():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response

    _bulk_past_huddles(billing_team, team_leader, [agent, colleague], 3, start=today)
    few, _response = read_history()
    _bulk_past_huddles(
        billing_team, team_leader, [agent, colleague], 37, start=today - datetime.timedelta(3)
    )
    many, response = read_history()

    assert many == few
    assert len(response.context["page"].object_list) == huddle_selectors.HUDDLES_PER_PAGE
    first = response.context["page"].object_list[0]
    assert first.question_count == 1 and first.attendance_count == 2


def test_a_huddle_page_costs_the_same_queries_with_more_questions_and_people(
    client, open_huddle, agent, team_leader, make_person
):
    huddle = open_huddle(figures=[("NPS", "62")])
    client.force_login(team_leader)

    def read():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(huddle.get_absolute_url()).status_code == 200
        return len(queries)

    huddle_services.ask_question(author=agent, huddle=huddle, body="One?")
    few = read()
    for number in range(6):
        person = make_person(Role.AGENT)
        question = huddle_services.ask_question(author=person, huddle=huddle, body=f"Q{number}")
        huddle_services.answer_question(leader=team_leader, question=question, answer="A")
        huddle_services.check_in(person=person, huddle=huddle)

    assert read() == few


def test_managers_see_every_teams_huddle_today_for_the_same_queries_however_many_teams(
    client, manager, make_person, cardiff, shenzhen, customer_service
):
    from portal.models import Team

    client.force_login(manager)

    def add_teams(count, offset):
        for number in range(offset, offset + count):
            site = cardiff if number % 2 else shenzhen
            team = Team.objects.create(name=f"T{number}", site=site, department=customer_service)
            leader = make_person(Role.TEAM_LEADER, site=site, team=team)
            if number % 3:
                huddle_services.open_huddle(leader=leader, team=team, focus=f"Focus {number}")

    def read():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("huddles:index"))
        assert response.status_code == 200
        return len(queries), response

    add_teams(2, 0)
    few, _response = read()
    add_teams(10, 2)
    many, response = read()

    assert many == few
    overview = dict(response.context["overview"])
    opened = [huddle for huddle in overview.values() if huddle]
    assert len(overview) == 13 and len(opened) == 8  # the fixture's Billing team has none


def test_the_menu_offers_huddle_to_team_members_and_managers_only(
    client, agent, submitter, manager
):
    def menu(person):
        client.force_login(person)
        return [
            str(item["label"]) for item in client.get(reverse("groups:list")).context["navigation"]
        ]

    assert "Huddle" in menu(agent) and "Huddle" in menu(manager)
    assert "Huddle" not in menu(submitter)  # in no team
    assert {"Projects", "Groups"} <= set(menu(submitter))
