"""Scorecard champions: naming, the meeting date, private input, the published outcome."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from feedback import rules, scorecard_selectors, scorecard_services
from feedback.models import ScorecardChampion, ScorecardInput, ScorecardMeeting
from portal import permissions
from portal.models import Notification, NotificationVerb, Role, Team
from tests.feedback.voice_fixtures import count_queries


@pytest.fixture
def champion(make_person):
    return make_person(Role.AGENT, display_name="Chris Champion")


@pytest.fixture
def named(champion, manager, billing_team):
    return scorecard_services.name_champion(actor=manager, team=billing_team, champion=champion)


@pytest.fixture
def meeting(named, champion, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return scorecard_services.set_meeting_date(
            actor=champion, meets_on=timezone.localdate() + timedelta(days=5)
        )


def test_only_managers_name_a_champion(agent, champion, billing_team):
    with pytest.raises(PermissionDenied):
        scorecard_services.name_champion(actor=agent, team=billing_team, champion=champion)


def test_a_champion_must_be_in_the_team(manager, make_person, mobile_team, billing_team):
    outsider = make_person(Role.AGENT, team=mobile_team)
    with pytest.raises(ValidationError):
        scorecard_services.name_champion(actor=manager, team=billing_team, champion=outsider)


def test_a_team_has_one_champion_and_naming_another_replaces_them(
    named, manager, billing_team, colleague, champion
):
    assert Notification.objects.get(recipient=champion).verb == NotificationVerb.SCORECARD
    scorecard_services.name_champion(actor=manager, team=billing_team, champion=colleague)
    assert list(ScorecardChampion.objects.values_list("champion", flat=True)) == [colleague.pk]
    with pytest.raises(IntegrityError):
        ScorecardChampion.objects.create(team=billing_team, champion=champion)


def test_only_the_champion_sets_the_meeting_and_not_in_the_past(named, agent, champion):
    with pytest.raises(PermissionDenied):
        scorecard_services.set_meeting_date(actor=agent, meets_on=timezone.localdate())
    with pytest.raises(ValidationError):
        scorecard_services.set_meeting_date(
            actor=champion, meets_on=timezone.localdate() - timedelta(days=1)
        )


def test_setting_the_date_again_moves_the_one_open_meeting_and_tells_the_team_once(
    agent, colleague, meeting, champion, django_capture_on_commit_callbacks
):
    told = set(
        Notification.objects.filter(verb=NotificationVerb.SCORECARD)
        .exclude(recipient=champion)
        .values_list("recipient", flat=True)
    )
    assert {agent.pk, colleague.pk} <= told
    later = timezone.localdate() + timedelta(days=9)
    with django_capture_on_commit_callbacks(execute=True):
        moved = scorecard_services.set_meeting_date(actor=champion, meets_on=later)
    assert (moved.pk, moved.meets_on) == (meeting.pk, later)
    assert Notification.objects.filter(recipient=agent).count() == 1
    with pytest.raises(IntegrityError):
        ScorecardMeeting.objects.create(
            team=meeting.team, champion=champion, meets_on=later, status="collecting"
        )


def test_only_the_sender_and_the_champion_see_an_input(
    meeting, agent, colleague, champion, manager, administrator
):
    sent = scorecard_services.send_input(actor=agent, meeting=meeting, body="Measure effort")
    assert list(scorecard_selectors.inputs_visible_to(meeting, agent)) == [sent]
    assert list(scorecard_selectors.inputs_visible_to(meeting, champion)) == [sent]
    for outsider in (colleague, manager, administrator):
        assert list(scorecard_selectors.inputs_visible_to(meeting, outsider)) == []


def test_the_champion_is_told_of_input_without_its_content(meeting, agent, champion):
    scorecard_services.send_input(actor=agent, meeting=meeting, body="Measure effort")
    told = Notification.objects.filter(recipient=champion).order_by("-pk").first()
    assert "sent you input" in told.message
    assert "Measure effort" not in told.message


def test_the_meeting_page_shows_input_only_to_its_sender_and_champion(
    client, meeting, agent, colleague, champion, manager, administrator
):
    scorecard_services.send_input(actor=agent, meeting=meeting, body="Secret suggestion")
    for reader, sees in [
        (agent, True),
        (champion, True),
        (colleague, False),
        (manager, False),
        (administrator, False),
    ]:
        client.force_login(reader)
        page = client.get(meeting.get_absolute_url())
        assert page.status_code == 200
        assert ("Secret suggestion" in page.text) is sees, reader
    client.force_login(administrator)
    assert client.get("/admin/feedback/scorecardinput/").status_code == 404


def test_people_outside_the_team_cannot_send_input_or_open_the_meeting(
    client, meeting, make_person, mobile_team, champion
):
    outsider = make_person(Role.AGENT, team=mobile_team)
    with pytest.raises(PermissionDenied):
        scorecard_services.send_input(actor=outsider, meeting=meeting, body="Hi")
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 403
    assert not ScorecardInput.objects.exists()


def test_a_new_champion_does_not_inherit_their_predecessors_input(
    meeting, agent, colleague, manager, billing_team
):
    scorecard_services.send_input(actor=agent, meeting=meeting, body="For the first champion")
    scorecard_services.name_champion(actor=manager, team=billing_team, champion=colleague)
    meeting.refresh_from_db()
    assert meeting.champion == colleague
    assert list(scorecard_selectors.inputs_visible_to(meeting, colleague)) == []


def test_the_outcome_is_published_to_the_team_once(
    meeting,
    champion,
    agent,
    colleague,
    make_person,
    mobile_team,
    django_capture_on_commit_callbacks,
):
    outsider = make_person(Role.AGENT, team=mobile_team)
    team = set(
        get_user_model()
        .objects.filter(profile__team=meeting.team)
        .exclude(pk=champion.pk)
        .values_list("pk", flat=True)
    )
    assert {agent.pk, colleague.pk} <= team
    with pytest.raises(ValidationError):
        scorecard_services.publish_outcome(actor=champion, meeting=meeting)
    scorecard_services.record_decision(actor=champion, meeting=meeting, decision="Monthly reviews")
    with pytest.raises(PermissionDenied):
        scorecard_services.publish_outcome(actor=agent, meeting=meeting)
    with pytest.raises(ValidationError):
        scorecard_services.publish_outcome(actor=champion, meeting=meeting)  # meeting is ahead
    with django_capture_on_commit_callbacks(execute=True):
        scorecard_services.publish_outcome(
            actor=champion, meeting=meeting, now=timezone.now() + timedelta(days=6)
        )
    published = Notification.objects.filter(message__contains="outcome")
    assert set(published.values_list("recipient", flat=True)) == team
    assert outsider.pk not in set(published.values_list("recipient", flat=True))
    scorecard_services.tell_team(meeting_id=meeting.pk, news="published")
    assert published.count() == len(team)
    meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        scorecard_services.send_input(actor=agent, meeting=meeting, body="Too late")
    assert not permissions.can(champion, rules.SCORECARD_DECIDE, meeting)


def test_the_champions_page_costs_the_same_queries_with_many_teams(
    client, manager, make_person, cardiff, customer_service
):
    def add_teams(count, start):
        for number in range(start, start + count):
            team = Team.objects.create(
                name=f"Team {number}", site=cardiff, department=customer_service
            )
            member = make_person(Role.AGENT, team=team)
            make_person(Role.AGENT, team=team)
            scorecard_services.name_champion(actor=manager, team=team, champion=member)

    add_teams(1, 0)
    client.force_login(manager)
    few, _ = count_queries(lambda: client.get(reverse("feedback:scorecards")))
    add_teams(8, 1)
    many, response = count_queries(lambda: client.get(reverse("feedback:scorecards")))
    assert response.text.count("Name champion") >= 9
    assert many == few


def test_the_meeting_page_costs_the_same_queries_with_many_inputs(
    client, meeting, agent, colleague, champion
):
    scorecard_services.send_input(actor=agent, meeting=meeting, body="One")
    client.force_login(champion)
    few, _ = count_queries(lambda: client.get(meeting.get_absolute_url()))
    for number in range(10):
        scorecard_services.send_input(
            actor=colleague if number % 2 else agent, meeting=meeting, body=f"Input {number}"
        )
    many, response = count_queries(lambda: client.get(meeting.get_absolute_url()))
    assert "Input 9" in response.text
    assert many == few


def test_a_champion_publishes_from_the_meeting_page(
    client, named, champion, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = scorecard_services.set_meeting_date(actor=champion, meets_on=timezone.localdate())
    client.force_login(champion)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("feedback:scorecard_decide", args=[meeting.pk]),
            {"decision": "We keep **monthly** reviews.", "publish": "1"},
            follow=True,
        )
    assert "The outcome is published" in response.text
    client.force_login(agent)
    page = client.get(meeting.get_absolute_url()).text
    assert "<strong>monthly</strong>" in page
    assert "Send" not in page.split("What the meeting decided", 1)[1].split("</section>", 1)[1]


def test_teams_without_a_champion_are_listed(billing_team, mobile_team, manager, champion):
    scorecard_services.name_champion(actor=manager, team=billing_team, champion=champion)
    assert list(scorecard_selectors.teams_without_champion()) == [mobile_team]
