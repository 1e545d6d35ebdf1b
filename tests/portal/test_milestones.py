"""The daily milestone job: who is celebrated when, in which time zone, exactly once."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portal import milestones, tasks
from portal.models import Milestone, MilestoneKind, MilestoneRun, Role

UTC = datetime.UTC


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=UTC), tick=False)


def celebrated(kind=MilestoneKind.BIRTHDAY):
    return set(
        Milestone.objects.filter(kind=kind).values_list("person__profile__display_name", "date")
    )


@pytest.fixture
def dispatch(django_capture_on_commit_callbacks):
    """Beat's tick, with the tasks it enqueues after commit run as the worker would."""

    def tick():
        with django_capture_on_commit_callbacks(execute=True):
            tasks.dispatch_milestones()

    return tick


@pytest.fixture
def leap_day_baby(make_person):
    return make_person(display_name="Leap Baby", birthday_day=29, birthday_month=2)


def test_29_february_birthday_is_celebrated_on_28_february_in_a_year_without_one(
    leap_day_baby, dispatch
):
    with at(2027, 2, 28, 6, 0):
        dispatch()

    assert celebrated() == {("Leap Baby", datetime.date(2027, 2, 28))}


def test_29_february_birthday_is_celebrated_on_the_day_in_a_leap_year(leap_day_baby, dispatch):
    with at(2028, 2, 28, 6, 0):
        dispatch()
    assert celebrated() == set()

    with at(2028, 2, 29, 6, 0):
        dispatch()
    assert celebrated() == {("Leap Baby", datetime.date(2028, 2, 29))}


def test_shenzhens_day_starts_eight_hours_before_cardiffs(make_person, shenzhen, cardiff, dispatch):
    make_person(display_name="Li Wei", site=shenzhen, team=None, birthday_day=11, birthday_month=3)
    make_person(display_name="Rhys Jones", site=cardiff, birthday_day=11, birthday_month=3)

    # 16:30 UTC on 10 March is half past midnight on 11 March in Shenzhen (UTC+8).
    with at(2027, 3, 10, 16, 30):
        dispatch()
    assert celebrated() == {("Li Wei", datetime.date(2027, 3, 11))}
    assert set(MilestoneRun.objects.values_list("site__name", "date")) == {
        ("Shenzhen", datetime.date(2027, 3, 11)),
        ("Cardiff", datetime.date(2027, 3, 10)),
    }

    with at(2027, 3, 11, 0, 5):
        dispatch()
    assert celebrated() == {
        ("Li Wei", datetime.date(2027, 3, 11)),
        ("Rhys Jones", datetime.date(2027, 3, 11)),
    }


def test_people_who_opted_out_or_left_are_not_celebrated(make_person, dispatch):
    make_person(display_name="Quiet", birthday_day=5, birthday_month=6, celebrate_birthday=False)
    gone = make_person(display_name="Gone", birthday_day=5, birthday_month=6)
    gone.is_active = False
    gone.save()
    make_person(display_name="Party", birthday_day=5, birthday_month=6)

    with at(2027, 6, 5, 8, 0):
        dispatch()

    assert celebrated() == {("Party", datetime.date(2027, 6, 5))}


def test_work_anniversaries_carry_the_number_of_years(make_person, dispatch):
    make_person(display_name="Three Years", start_date=datetime.date(2024, 9, 1))
    make_person(display_name="Starts Today", start_date=datetime.date(2027, 9, 1))
    make_person(display_name="Leap Starter", start_date=datetime.date(2024, 2, 29))

    with at(2027, 9, 1, 7, 0):
        dispatch()
    with at(2027, 2, 28, 7, 0):
        dispatch()

    years = dict(
        Milestone.objects.filter(kind=MilestoneKind.WORK_ANNIVERSARY).values_list(
            "person__profile__display_name", "number"
        )
    )
    assert years == {"Three Years": 3, "Leap Starter": 3}


def test_running_the_dispatcher_twice_creates_nothing_new(make_person, dispatch):
    make_person(display_name="Party", birthday_day=5, birthday_month=6)
    with at(2027, 6, 5, 8, 0):
        dispatch()
        dispatch()
        again = milestones.run_site_milestones(
            site_id=MilestoneRun.objects.get().site_id, date=datetime.date(2027, 6, 5)
        )

    assert Milestone.objects.count() == 1
    assert MilestoneRun.objects.count() == 1
    assert again.milestones == 1


def test_a_missed_morning_is_caught_up_later_that_day_but_yesterday_is_not_invented(
    make_person, cardiff, dispatch
):
    make_person(display_name="Monday Child", birthday_day=7, birthday_month=6)
    make_person(display_name="Tuesday Child", birthday_day=8, birthday_month=6)

    # Nothing ran on Monday (the scheduler was down); it comes back on Tuesday afternoon.
    with at(2027, 6, 8, 15, 0):
        dispatch()
        late = milestones.run_site_milestones(site_id=cardiff.pk, date=datetime.date(2027, 6, 7))

    assert late is None
    assert celebrated() == {("Tuesday Child", datetime.date(2027, 6, 8))}
    assert not MilestoneRun.objects.filter(date=datetime.date(2027, 6, 7)).exists()


def test_a_run_queued_before_midnight_and_executed_after_it_does_nothing(make_person, cardiff):
    make_person(display_name="Party", birthday_day=5, birthday_month=6)
    with at(2027, 6, 6, 0, 2):
        assert (
            milestones.run_site_milestones(site_id=cardiff.pk, date=datetime.date(2027, 6, 5))
            is None
        )
    assert not Milestone.objects.exists()


# Achievements -------------------------------------------------------------------------


def test_other_apps_record_achievements_once_per_day(agent):
    day = datetime.date(2027, 6, 5)
    first, created = milestones.record_achievement(
        person=agent, kind=MilestoneKind.IDEA_DONE, date=day, detail="Callback slots"
    )
    again, created_again = milestones.record_achievement(
        person=agent, kind=MilestoneKind.IDEA_DONE, date=day, detail="Callback slots"
    )

    assert created and not created_again and first == again
    assert first.detail == "Callback slots"


def test_a_birthday_is_not_an_achievement(agent):
    with pytest.raises(ValidationError, match="not an achievement"):
        milestones.record_achievement(
            person=agent, kind=MilestoneKind.BIRTHDAY, date=datetime.date(2027, 6, 5)
        )


@pytest.fixture
def recognition_section(db):
    import importlib

    from django.apps import apps as django_apps

    importlib.import_module("community.migrations.0002_builtin_sections").create_sections(
        django_apps, None
    )


def test_the_tenth_kudos_and_agent_of_the_week_become_milestones_that_day(
    make_person, manager, recognition_section, dispatch
):
    from community import services as community
    from community.models import Nomination

    star = make_person(display_name="Star")
    fans = [make_person(display_name=f"Fan {n}") for n in range(10)]
    with at(2027, 6, 1, 9, 0):
        for fan in fans[:9]:
            community.give_kudos(giver=fan, recipient=star, value="helpful", message="Thanks!")
        dispatch()
    assert not Milestone.objects.filter(kind=MilestoneKind.KUDOS).exists()

    with at(2027, 6, 2, 9, 0):
        community.give_kudos(giver=fans[9], recipient=star, value="helpful", message="Ten!")
        Nomination.objects.create(
            week=datetime.date(2027, 5, 31), nominee=star, nominated_by=fans[0], reason="Great"
        )
        community.pick_agent_of_the_week(actor=manager, winner=star, citation="Always there")
        dispatch()
        dispatch()

    assert set(Milestone.objects.values_list("kind", "number", "date")) == {
        (MilestoneKind.KUDOS, 10, datetime.date(2027, 6, 2)),
        (MilestoneKind.AGENT_OF_THE_WEEK, None, datetime.date(2027, 6, 2)),
    }


# Wording --------------------------------------------------------------------------------


def test_wording_with_an_unknown_placeholder_is_refused_with_the_ones_allowed(administrator):
    with pytest.raises(ValidationError) as refused:
        milestones.update_setting(
            actor=administrator,
            kind=MilestoneKind.BIRTHDAY,
            enabled=True,
            own_text="Happy {years}th, {name}",
            team_text="",
        )
    assert "{years} cannot be filled in" in str(refused.value)
    assert "You can use: {name}" in str(refused.value)


def test_wording_with_a_stray_brace_is_refused(administrator):
    with pytest.raises(ValidationError, match="Check the braces"):
        milestones.update_setting(
            actor=administrator,
            kind=MilestoneKind.WORK_ANNIVERSARY,
            enabled=True,
            own_text="",
            team_text="It's {name's day",
        )


def test_only_administrators_change_the_wording(manager):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        milestones.update_setting(
            actor=manager, kind=MilestoneKind.BIRTHDAY, enabled=False, own_text="", team_text=""
        )


def test_edited_wording_fills_in_the_placeholders(administrator, agent):
    setting = milestones.update_setting(
        actor=administrator,
        kind=MilestoneKind.WORK_ANNIVERSARY,
        enabled=True,
        own_text="{years} years of you, {name}!",
        team_text="",
    )
    milestone = Milestone(person=agent, kind=MilestoneKind.WORK_ANNIVERSARY, number=3)

    assert milestones.wording(setting, milestone, own=True) == "3 years of you, Alex Agent!"
    assert (
        milestones.wording(setting, milestone, own=False)
        == "It's Alex Agent's 3rd work anniversary."
    )


def test_a_team_leader_is_not_an_administrator(make_person):
    leader = make_person(Role.TEAM_LEADER)
    from portal import permissions

    assert not permissions.can(leader, milestones.MANAGE_MILESTONES)


def test_the_database_refuses_a_second_run_or_milestone_for_the_same_day(agent, cardiff):
    from django.db import IntegrityError, transaction

    day = datetime.date(2027, 6, 5)
    MilestoneRun.objects.create(site=cardiff, date=day)
    Milestone.objects.create(person=agent, kind=MilestoneKind.BIRTHDAY, date=day)

    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneRun.objects.create(site=cardiff, date=day)
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.create(person=agent, kind=MilestoneKind.BIRTHDAY, date=day)


def test_in_summer_cardiffs_day_starts_at_23_00_utc(make_person, dispatch):
    make_person(display_name="Summer Child", birthday_day=5, birthday_month=6)

    with at(2027, 6, 4, 22, 55):
        dispatch()
    assert celebrated() == set()

    # British Summer Time: midnight in Cardiff is 23:00 UTC the day before.
    with at(2027, 6, 4, 23, 5):
        dispatch()
    assert celebrated() == {("Summer Child", datetime.date(2027, 6, 5))}
