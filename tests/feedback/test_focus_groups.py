"""Weekly focus groups: scheduling, the rotating proposal, answers, notes and hot topics."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from feedback import focus_group_selectors, focus_group_services
from feedback.models import FocusGroup, FocusGroupInvitation, FocusGroupTheme
from portal.models import Notification, NotificationVerb, Role

Response = FocusGroupInvitation.Response


def took_part(person, group, response=Response.ACCEPTED):
    return FocusGroupInvitation.objects.create(group=group, person=person, response=response)


# Scheduling ------------------------------------------------------------------------


def test_only_managers_schedule_a_group(agent, team_leader):
    for person in (agent, team_leader):
        with pytest.raises(PermissionDenied):
            focus_group_services.create_group(
                actor=person,
                topic="Rota",
                meets_at=timezone.now() + timedelta(days=2),
                place="Room",
            )


def test_a_group_needs_a_topic_a_place_a_future_date_and_a_sensible_size(manager):
    with pytest.raises(ValidationError) as error:
        focus_group_services.create_group(
            actor=manager, topic=" ", meets_at=timezone.now(), place="", size=40
        )
    assert set(error.value.error_dict) == {"topic", "place", "meets_at", "size"}


# Editing -------------------------------------------------------------------------


def _edit(group, actor, **changes):
    details = {
        "topic": group.topic,
        "meets_at": group.meets_at,
        "place": group.place,
        "size": group.size,
    }
    return focus_group_services.update_group(actor=actor, group=group, **{**details, **changes})


def test_any_manager_edits_a_group_and_its_list_stays_as_it_was(
    make_group, manager, make_person, agent, colleague
):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent, colleague])
    focus_group_services.respond(
        actor=agent, invitation=group.invitations.get(person=agent), accept=True
    )
    other_manager = make_person(Role.MANAGER)

    group, told, organiser_told = _edit(group, other_manager, topic="  Rotas and breaks ", size=6)

    group.refresh_from_db()
    assert (group.topic, group.size, group.organiser) == ("Rotas and breaks", 6, manager)
    assert (told, organiser_told) == (0, False)
    assert not Notification.objects.filter(actor=other_manager).exists()
    assert dict(group.invitations.values_list("person", "response")) == {
        agent.pk: Response.ACCEPTED,
        colleague.pk: Response.PENDING,
    }


def test_only_managers_edit_a_group(make_group, manager, agent, team_leader):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    for person in (agent, team_leader):
        with pytest.raises(PermissionDenied):
            _edit(group, person, topic="Mine now")
    group.refresh_from_db()
    assert group.topic == "Working patterns"


def test_an_edit_needs_a_topic_a_place_a_future_date_and_a_sensible_size(make_group, manager):
    group = make_group()
    with pytest.raises(ValidationError) as error:
        _edit(
            group,
            manager,
            topic=" ",
            place="",
            size=2,
            meets_at=timezone.now() - timedelta(hours=1),
        )
    assert set(error.value.error_dict) == {"topic", "place", "meets_at", "size"}


def test_a_group_that_has_met_can_no_longer_be_edited(make_group, manager):
    group = make_group()
    with pytest.raises(ValidationError) as error:
        _edit(group, manager, topic="Too late", now=group.meets_at + timedelta(minutes=1))
    assert error.value.code == "past"
    group.refresh_from_db()
    assert group.topic == "Working patterns"


@time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC))
def test_moving_a_group_tells_everyone_invited_whatever_they_answered(
    make_group, manager, agent, colleague, make_person
):
    group = make_group(meets_at=datetime(2030, 3, 5, 10, 0, tzinfo=UTC))
    declined = make_person(Role.AGENT)
    focus_group_services.invite(actor=manager, group=group, people=[agent, colleague, declined])
    focus_group_services.respond(
        actor=declined, invitation=group.invitations.get(person=declined), accept=False
    )
    Notification.objects.all().delete()

    group, told, organiser_told = _edit(
        group, manager, meets_at=datetime(2030, 3, 6, 14, 30, tzinfo=UTC)
    )

    assert (told, organiser_told) == (3, False)
    moved = Notification.objects.get(recipient=agent)
    assert moved.verb == NotificationVerb.INVITATION
    assert moved.url == group.get_absolute_url()
    # Cardiff's clock: UTC is GMT in March. Only the time changed, so no place is named.
    assert moved.message == (
        "The focus group “Working patterns” has moved from Tuesday 5 March, 10:00 GMT "
        "to Wednesday 6 March, 14:30 GMT. If this changes your answer, update it on the "
        "group's page."
    )
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        agent.pk,
        colleague.pk,
        declined.pk,
    }
    assert group.invitations.get(person=declined).response == Response.DECLINED


def test_invitations_and_moves_are_written_in_each_invitees_language_not_the_managers(
    make_group, manager, agent, make_person
):
    group = make_group()
    li_wei = make_person(Role.AGENT, language="zh-hans")
    with translation.override("zh-hans"):
        focus_group_services.invite(actor=manager, group=group, people=[agent, li_wei])
        _edit(group, manager, meets_at=group.meets_at + timedelta(days=1), place="Room Usk")

    english = list(
        Notification.objects.filter(recipient=agent)
        .order_by("pk")
        .values_list("message", flat=True)
    )
    chinese = list(
        Notification.objects.filter(recipient=li_wei)
        .order_by("pk")
        .values_list("message", flat=True)
    )
    assert len(english) == len(chinese) == 2
    assert english[0].startswith("You are invited")
    assert english[1].startswith("The focus group")
    assert all("焦点小组" in message for message in chinese)
    # The old and the new date alike, written the Chinese way.
    assert chinese[1].count("星期") == 2 and "day " not in chinese[1]


def test_a_new_place_tells_the_invitees_the_old_and_new_place_but_no_time(
    make_group, manager, agent
):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    Notification.objects.all().delete()
    _group, told, _organiser_told = _edit(group, manager, place="https://meet.example/focus")
    assert told == 1
    assert Notification.objects.get(recipient=agent).message == (
        "The focus group “Working patterns” has moved from Room Taf to "
        "https://meet.example/focus. If this changes your answer, update it on the group's page."
    )


@time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC))
def test_a_move_names_the_old_and_new_time_and_place_on_each_invitees_clock(
    make_group, manager, agent, make_person, shenzhen
):
    group = make_group(meets_at=datetime(2030, 3, 5, 10, 0, tzinfo=UTC))
    li_wei = make_person(Role.AGENT, site=shenzhen, team=None)
    focus_group_services.invite(actor=manager, group=group, people=[agent, li_wei])
    Notification.objects.all().delete()

    _edit(group, manager, meets_at=datetime(2030, 4, 2, 9, 0, tzinfo=UTC), place="Room Usk")

    # Cardiff's clocks go forward on 31 March: the old time is GMT, the new one BST.
    assert Notification.objects.get(recipient=agent).message == (
        "The focus group “Working patterns” has moved from Tuesday 5 March, 10:00 GMT at "
        "Room Taf to Tuesday 2 April, 10:00 BST (UTC+1) at Room Usk. If this changes your "
        "answer, update it on the group's page."
    )
    assert "from Tuesday 5 March, 18:00 CST (UTC+8) at Room Taf to Tuesday 2 April, " in (
        Notification.objects.get(recipient=li_wei).message
    )


def test_a_new_topic_or_size_or_the_same_minute_tells_nobody(make_group, manager, agent):
    group = make_group(meets_at=datetime(2030, 3, 5, 10, 0, 42, tzinfo=UTC))
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    Notification.objects.all().delete()
    # The form sends the time without seconds: that is not a move.
    group, told, organiser_told = _edit(
        group, manager, topic="Breaks", size=10, meets_at=datetime(2030, 3, 5, 10, 0, tzinfo=UTC)
    )
    assert (told, organiser_told) == (0, False)
    assert not Notification.objects.exists()
    group.refresh_from_db()
    assert group.meets_at == datetime(2030, 3, 5, 10, 0, 42, tzinfo=UTC)


def test_the_size_cannot_go_below_the_people_still_coming_and_nothing_changes(
    make_group, manager, make_person
):
    group = make_group(size=6)
    people = [make_person(Role.AGENT) for _ in range(5)]
    focus_group_services.invite(actor=manager, group=group, people=people)
    focus_group_services.respond(
        actor=people[0], invitation=group.invitations.get(person=people[0]), accept=False
    )

    with pytest.raises(ValidationError) as error:
        _edit(group, manager, topic="Breaks", size=3)

    assert error.value.message_dict == {
        "size": [
            "4 people are already invited and have not declined: choose 4 or more, "
            "or take people off the list first."
        ]
    }
    group.refresh_from_db()
    assert (group.topic, group.size) == ("Working patterns", 6)
    assert group.invitations.count() == 5


def test_the_size_can_come_down_to_the_people_still_coming_as_declining_frees_a_seat(
    make_group, manager, make_person
):
    group = make_group(size=6)
    people = [make_person(Role.AGENT) for _ in range(5)]
    focus_group_services.invite(actor=manager, group=group, people=people)
    focus_group_services.respond(
        actor=people[0], invitation=group.invitations.get(person=people[0]), accept=False
    )

    _edit(group, manager, size=4)

    group.refresh_from_db()
    assert group.size == 4
    assert focus_group_selectors.seats_left(group) == 0


def test_a_size_below_the_list_is_reported_with_the_other_problems_at_once(
    make_group, manager, make_person
):
    group = make_group(size=5)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(4)]
    )
    with pytest.raises(ValidationError) as error:
        _edit(group, manager, topic=" ", size=3)
    assert set(error.value.error_dict) == {"topic", "size"}


@time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC))
def test_another_manager_moving_a_group_tells_the_organiser_on_their_own_clock(
    make_group, make_person, agent, shenzhen
):
    organiser = make_person(Role.MANAGER, display_name="Olu Organiser", site=shenzhen, team=None)
    group = make_group(meets_at=datetime(2030, 3, 5, 10, 0, tzinfo=UTC), organiser=organiser)
    focus_group_services.invite(actor=organiser, group=group, people=[agent])
    covering = make_person(Role.MANAGER, display_name="Cora Cover")
    Notification.objects.all().delete()

    group, told, organiser_told = _edit(
        group, covering, meets_at=datetime(2030, 3, 6, 14, 30, tzinfo=UTC), place="Room Usk"
    )

    assert (told, organiser_told) == (1, True)
    notice = Notification.objects.get(recipient=organiser)
    assert (notice.verb, notice.actor, notice.url) == (
        NotificationVerb.FOCUS_GROUP,
        covering,
        group.get_absolute_url(),
    )
    # Shenzhen's clock, for the old time as for the new: UTC+8.
    assert notice.message == (
        "Cora Cover moved your focus group “Working patterns” from Tuesday 5 March, "
        "18:00 CST (UTC+8) at Room Taf to Wednesday 6 March, 22:30 CST (UTC+8) at Room Usk."
    )


def test_the_organiser_is_told_of_a_move_in_their_own_language_not_the_movers(
    make_group, make_person
):
    organiser = make_person(Role.MANAGER, language="zh-hans")
    group = make_group(organiser=organiser)
    covering = make_person(Role.MANAGER)

    with translation.override("en"):
        _group, _told, organiser_told = _edit(
            group, covering, meets_at=group.meets_at + timedelta(days=1)
        )

    assert organiser_told
    message = Notification.objects.get(recipient=organiser).message
    # Both dates, the old and the new, are written the Chinese way.
    assert message.count("星期") == 2 and "day " not in message


def test_an_organiser_moving_their_own_group_tells_only_the_invitees(make_group, manager, agent):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    Notification.objects.all().delete()

    _group, told, organiser_told = _edit(group, manager, place="Room Usk")

    assert (told, organiser_told) == (1, False)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [agent.pk]


def test_an_organiser_on_their_own_list_gets_one_notice_of_a_move_the_organisers(
    make_group, manager, agent, make_person
):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[manager, agent])
    covering = make_person(Role.MANAGER, display_name="Cora Cover")
    Notification.objects.all().delete()

    _group, told, organiser_told = _edit(group, covering, place="Room Usk")

    assert (told, organiser_told) == (1, True)
    (notice,) = Notification.objects.filter(recipient=manager)
    assert notice.verb == NotificationVerb.FOCUS_GROUP
    assert notice.message == (
        "Cora Cover moved your focus group “Working patterns” from Room Taf to Room Usk."
    )
    assert Notification.objects.filter(recipient=agent).count() == 1


def test_a_deactivated_organiser_is_not_told_of_a_move(make_group, manager, make_person):
    group = make_group()
    manager.is_active = False
    manager.save(update_fields=["is_active"])

    _group, told, organiser_told = _edit(group, make_person(Role.MANAGER), place="Room Usk")

    assert (told, organiser_told) == (0, False)
    assert not Notification.objects.exists()


# The proposal --------------------------------------------------------------------


def test_the_proposal_puts_people_who_never_took_part_before_those_who_did_long_ago(
    make_person, make_group
):
    long_ago = make_person(Role.AGENT, display_name="Long Ago")
    recently = make_person(Role.AGENT, display_name="Recently")
    never = make_person(Role.AGENT, display_name="Never")
    took_part(long_ago, make_group(days_ahead=-60))
    took_part(recently, make_group(days_ahead=-7))
    group = make_group(size=3)
    assert focus_group_selectors.propose_invitees(group) == [never, long_ago]


def test_declining_is_not_taking_part(make_person, make_group):
    decliner = make_person(Role.AGENT)
    took_part(decliner, make_group(days_ahead=-7), response=Response.DECLINED)
    assert focus_group_selectors.propose_invitees(make_group(size=3)) == [decliner]


def test_someone_invited_to_a_group_next_week_is_rested(make_person, make_group):
    booked = make_person(Role.AGENT)
    free = make_person(Role.AGENT)
    took_part(booked, make_group(days_ahead=14), response=Response.PENDING)
    assert focus_group_selectors.propose_invitees(make_group(days_ahead=7, size=3)) == [free]


def test_only_active_agents_with_a_team_who_are_not_on_the_list_are_proposed(
    make_person, make_group, team_leader, manager
):
    invited = make_person(Role.AGENT)
    make_person(Role.AGENT, team=None)
    gone = make_person(Role.AGENT)
    gone.is_active = False
    gone.save()
    candidate = make_person(Role.AGENT)
    group = make_group(size=5)
    took_part(invited, group, response=Response.PENDING)
    assert focus_group_selectors.propose_invitees(group) == [candidate]


def test_the_proposal_mixes_teams_and_then_sites(
    make_person, make_group, billing_team, mobile_team, shenzhen_team, shenzhen
):
    by_team = {}
    for team in (billing_team, mobile_team, shenzhen_team):
        site = shenzhen if team == shenzhen_team else billing_team.site
        by_team[team.pk] = [make_person(Role.AGENT, team=team, site=site) for _ in range(4)]

    three = focus_group_selectors.propose_invitees(make_group(size=3))
    assert sorted(person.profile.team_id for person in three) == sorted(by_team)

    six = focus_group_selectors.propose_invitees(make_group(size=6, days_ahead=8))
    teams = [person.profile.team_id for person in six]
    assert {team: teams.count(team) for team in by_team} == {team: 2 for team in by_team}
    # The first two seats go to different sites.
    assert six[0].profile.team.site_id != six[1].profile.team.site_id


def test_the_proposal_is_stable_for_a_group(make_person, make_group, mobile_team):
    for number in range(10):
        make_person(Role.AGENT, **({"team": mobile_team} if number % 2 else {}))
    group = make_group(size=5)
    first = focus_group_selectors.propose_invitees(group)
    assert len(first) == 5
    assert focus_group_selectors.propose_invitees(group) == first


def test_the_proposal_rotates_week_after_week(make_person, make_group):
    agents = {make_person(Role.AGENT).pk for _ in range(6)}
    start = timezone.now() - timedelta(weeks=10)

    def week(number):
        group = make_group(meets_at=start + timedelta(weeks=number), size=3)
        proposal = {person.pk for person in focus_group_selectors.propose_invitees(group)}
        for pk in proposal:
            FocusGroupInvitation.objects.create(group=group, person_id=pk, response="accepted")
        return proposal

    first, second = week(0), week(1)
    assert first.isdisjoint(second)
    assert first | second == agents
    # Two weeks later everyone took part within the rest period: nobody is proposed.
    assert week(3) == set()
    # Five weeks after the first group, its people have rested longest and come back first.
    assert week(5) == first


# Invitations and answers ---------------------------------------------------------


def test_the_organiser_invites_and_each_invitee_is_notified_once(make_group, manager, agent):
    group = make_group()
    assert focus_group_services.invite(actor=manager, group=group, people=[agent, agent]) == 1
    assert focus_group_services.invite(actor=manager, group=group, people=[agent]) == 0
    told = Notification.objects.get(recipient=agent)
    assert told.verb == NotificationVerb.INVITATION
    assert told.url == group.get_absolute_url()


def test_invitations_count_the_places_left_in_the_group_as_it_is_now(
    make_group, manager, make_person
):
    group = make_group(size=8)
    proposal = [make_person(Role.AGENT) for _ in range(5)]
    # The organiser lowers the size after ``group`` was read, before the invitations go.
    FocusGroup.objects.filter(pk=group.pk).update(size=3)

    with pytest.raises(ValidationError) as error:
        focus_group_services.invite(actor=manager, group=group, people=proposal)

    assert error.value.code == "no_seats"
    assert error.value.messages == [
        "Only 3 places are left, so nobody was invited: tick at most 3 people, or raise the size."
    ]
    assert not group.invitations.exists()
    assert not Notification.objects.exists()


def test_a_list_with_every_place_taken_takes_nobody_more_from_the_proposal(
    make_group, manager, make_person
):
    group = make_group(size=3)
    focus_group_services.invite(
        actor=manager, group=group, people=[make_person(Role.AGENT) for _ in range(3)]
    )

    with pytest.raises(ValidationError) as error:
        focus_group_services.invite(actor=manager, group=group, people=[make_person(Role.AGENT)])

    assert error.value.messages == [
        "Every place already has an invitation, so nobody was invited. Raise the size, "
        "or invite people by email beyond it."
    ]
    assert group.invitations.count() == 3


def test_people_named_by_email_may_take_the_list_beyond_the_size(make_group, manager, make_person):
    group = make_group(size=3)
    seated = [make_person(Role.AGENT) for _ in range(3)]
    by_email = [make_person(Role.TEAM_LEADER) for _ in range(2)]

    invited = focus_group_services.invite(
        actor=manager, group=group, people=seated, beyond_size=[*by_email, seated[0]]
    )

    assert invited == 5
    assert group.invitations.count() == 5


def test_a_list_taken_beyond_the_size_by_email_still_lets_the_group_be_moved(
    make_group, manager, make_person
):
    group = make_group(size=4)
    focus_group_services.invite(
        actor=manager,
        group=group,
        people=[make_person(Role.AGENT) for _ in range(4)],
        beyond_size=[make_person(Role.TEAM_LEADER) for _ in range(2)],
    )

    _edit(group, manager, place="Room Taf")
    with pytest.raises(ValidationError) as error:
        _edit(group, manager, size=3, place="Room Elái")

    group.refresh_from_db()
    assert (group.place, group.size) == ("Room Taf", 4)
    assert error.value.message_dict["size"][0].startswith("6 people are already invited")


def test_only_the_organiser_invites(make_group, make_person, agent):
    other_manager = make_person(Role.MANAGER)
    with pytest.raises(PermissionDenied):
        focus_group_services.invite(actor=agent, group=make_group(), people=[agent])
    with pytest.raises(PermissionDenied):
        focus_group_services.invite(actor=other_manager, group=make_group(), people=[agent])


def test_an_invitee_accepts_and_the_organiser_is_told(make_group, manager, agent):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    invitation = group.invitations.get()
    focus_group_services.respond(actor=agent, invitation=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.response == Response.ACCEPTED
    told = Notification.objects.get(recipient=manager)
    assert told.verb == NotificationVerb.FOCUS_GROUP
    assert "is coming" in told.message


def test_nobody_answers_someone_elses_invitation(make_group, manager, agent, make_person):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent])
    with pytest.raises(PermissionDenied):
        focus_group_services.respond(
            actor=make_person(Role.AGENT), invitation=group.invitations.get(), accept=False
        )


def test_answers_close_when_the_group_has_met(make_group, agent):
    group = make_group(days_ahead=-1)
    invitation = took_part(agent, group, response=Response.PENDING)
    with pytest.raises(ValidationError):
        focus_group_services.respond(actor=agent, invitation=invitation, accept=True)


# Notes and themes ----------------------------------------------------------------


def test_notes_wait_until_the_group_has_met(make_group, manager):
    with pytest.raises(ValidationError):
        focus_group_services.record_notes(
            actor=manager, group=make_group(), notes="Early", themes=[]
        )


def test_themes_are_folded_case_insensitively_and_replaced_on_edit(make_group, manager):
    group = make_group(days_ahead=-1)
    focus_group_services.record_notes(
        actor=manager,
        group=group,
        notes="We talked.",
        themes=["Rota  changes", "rota changes", "Headsets"],
    )
    assert sorted(group.themes.values_list("key", "name")) == [
        ("headsets", "Headsets"),
        ("rota changes", "Rota changes"),
    ]
    focus_group_services.record_notes(
        actor=manager, group=group, notes="We talked more.", themes=["ROTA CHANGES", "Parking"]
    )
    assert sorted(group.themes.values_list("key", flat=True)) == ["parking", "rota changes"]
    assert FocusGroupTheme.objects.get(key="rota changes").name == "ROTA CHANGES"


def test_only_the_organiser_records_notes_and_empty_notes_are_refused(make_group, manager, agent):
    group = make_group(days_ahead=-1)
    with pytest.raises(PermissionDenied):
        focus_group_services.record_notes(actor=agent, group=group, notes="x", themes=[])
    with pytest.raises(ValidationError):
        focus_group_services.record_notes(actor=manager, group=group, notes=" ", themes=["A"])
    assert not group.themes.exists()


def test_a_manager_sees_their_groups_that_met_without_notes(make_group, manager, make_person):
    waiting = make_group(days_ahead=-2)
    done = make_group(days_ahead=-9)
    focus_group_services.record_notes(actor=manager, group=done, notes="x", themes=[])
    make_group(days_ahead=3)
    make_group(days_ahead=-2, organiser=make_person(Role.MANAGER))
    assert list(focus_group_selectors.focus_groups_needing_notes(manager)) == [waiting]


# Hot topics ----------------------------------------------------------------------


@time_machine.travel(datetime(2026, 6, 25, 12, 0, tzinfo=UTC), tick=False)
def test_hot_topics_count_themes_per_week_and_put_recurring_ones_first(make_group, manager):
    def met(day, themes):
        group = make_group(meets_at=datetime(2026, 6, day, 10, 0, tzinfo=UTC))
        focus_group_services.record_notes(actor=manager, group=group, notes="x", themes=themes)

    met(3, ["Headsets", "Rota changes"])  # week of 1 June
    met(10, ["rota CHANGES"])  # week of 8 June
    met(11, ["Headsets"])  # same week, second group
    met(24, ["Parking", "Rota changes"])  # this week
    starts, rows = focus_group_selectors.hot_topics(period="week", count=4)

    assert [start.date().isoformat() for start in starts] == [
        "2026-06-01",
        "2026-06-08",
        "2026-06-15",
        "2026-06-22",
    ]
    summary = [(r["name"], r["times"], r["periods"], r["counts"]) for r in rows]
    assert summary == [
        ("Rota changes", 3, 3, [1, 1, 0, 1]),
        ("Headsets", 2, 2, [1, 1, 0, 0]),
        ("Parking", 1, 1, [0, 0, 0, 1]),
    ]
    assert [r["keeps_coming_back"] for r in rows] == [True, True, False]


@time_machine.travel(datetime(2026, 6, 25, 12, 0, tzinfo=UTC), tick=False)
def test_hot_topics_by_month_leave_out_older_themes(make_group, manager):
    for month, theme in [(1, "Old news"), (5, "Headsets"), (6, "Headsets")]:
        group = make_group(meets_at=datetime(2026, month, 5, 10, 0, tzinfo=UTC))
        focus_group_services.record_notes(actor=manager, group=group, notes="x", themes=[theme])
    starts, rows = focus_group_selectors.hot_topics(period="month", count=3)
    assert [start.month for start in starts] == [4, 5, 6]
    assert [(r["name"], r["counts"]) for r in rows] == [("Headsets", [0, 1, 1])]


def test_the_proposal_fills_only_the_seats_still_free(make_person, make_group):
    for _ in range(6):
        make_person(Role.AGENT)
    group = make_group(size=4)
    coming, declined = make_person(Role.AGENT), make_person(Role.AGENT)
    took_part(coming, group, response=Response.PENDING)
    took_part(declined, group, response=Response.DECLINED)
    assert len(focus_group_selectors.propose_invitees(group)) == 3
    for person in focus_group_selectors.propose_invitees(group):
        took_part(person, group, response=Response.ACCEPTED)
    assert focus_group_selectors.propose_invitees(group) == []


@time_machine.travel(datetime(2026, 6, 25, 12, 0, tzinfo=UTC), tick=False)
def test_attendance_counts_people_who_came_per_month(make_group, make_person):
    may = make_group(meets_at=datetime(2026, 5, 6, 10, 0, tzinfo=UTC))
    june = make_group(meets_at=datetime(2026, 6, 3, 10, 0, tzinfo=UTC))
    upcoming = make_group(meets_at=datetime(2026, 6, 30, 10, 0, tzinfo=UTC))
    accepted, declined, pending = Response.ACCEPTED, Response.DECLINED, Response.PENDING
    for group, answers in [
        (may, [accepted, accepted, declined]),
        (june, [accepted, pending]),
        (upcoming, [accepted, accepted]),
    ]:
        for answer in answers:
            took_part(make_person(Role.AGENT), group, response=answer)
    since = datetime(2026, 1, 1, tzinfo=UTC)
    assert {
        month.isoformat(): n
        for month, n in focus_group_selectors.attendance_by_month(since=since).items()
    } == {"2026-05-01": 2, "2026-06-01": 1}


def test_the_organiser_takes_someone_off_the_list_until_the_group_meets(
    make_group, manager, agent, colleague
):
    group = make_group()
    focus_group_services.invite(actor=manager, group=group, people=[agent, colleague])
    with pytest.raises(PermissionDenied):
        focus_group_services.uninvite(actor=agent, invitation=group.invitations.get(person=agent))
    focus_group_services.uninvite(actor=manager, invitation=group.invitations.get(person=agent))
    assert list(group.invitations.values_list("person", flat=True)) == [colleague.pk]
    with pytest.raises(ValidationError):
        focus_group_services.uninvite(
            actor=manager,
            invitation=group.invitations.get(),
            now=group.meets_at + timedelta(hours=1),
        )


def test_a_group_more_than_two_years_ahead_is_refused_as_a_typo(make_group, manager):
    group = make_group()
    with pytest.raises(ValidationError) as error:
        _edit(group, manager, meets_at=timezone.now() + timedelta(days=3 * 365))
    assert error.value.message_dict == {"meets_at": ["Choose a date within the next two years."]}
