import datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from portal import demo
from portal.models import Department, Profile, Role, Site, Team, User

TODAY = datetime.date(2026, 3, 9)


@pytest.fixture
def seeded(db):
    return demo.seed_demo(today=TODAY)


def test_seeding_creates_about_150_people_with_every_role(seeded):
    assert 130 <= User.objects.count() <= 170
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.filter(role=Role.AGENT).count() > User.objects.count() / 2
    assert User.objects.filter(role=Role.ADMINISTRATOR).count() == 2


def test_seeding_creates_two_sites_in_their_own_time_zones(seeded):
    assert dict(Site.objects.values_list("name", "time_zone")) == {
        "Cardiff": "Europe/London",
        "Shenzhen": "Asia/Shanghai",
    }
    assert set(Team.objects.values_list("site__name", flat=True)) == {"Cardiff", "Shenzhen"}
    assert Team.objects.count() == 10
    assert Department.objects.count() == 6


def test_every_team_has_one_team_leader_and_some_agents(seeded):
    for team in Team.objects.all():
        members = team.members.select_related("user")
        assert [p.user.role for p in members].count(Role.TEAM_LEADER) == 1
        assert [p.user.role for p in members].count(Role.AGENT) >= 5


def test_every_department_outside_customer_service_has_a_submitter(seeded):
    for department in Department.objects.exclude(name=demo.CUSTOMER_SERVICE):
        assert department.people.filter(user__role=Role.SUBMITTER).exists(), department


def test_some_birthdays_and_work_anniversaries_fall_on_the_seeding_day(seeded):
    birthdays = Profile.objects.filter(birthday_day=TODAY.day, birthday_month=TODAY.month)
    assert birthdays.count() >= 3
    assert birthdays.filter(celebrate_birthday=False).exists()
    anniversaries = Profile.objects.filter(
        start_date__day=TODAY.day, start_date__month=TODAY.month, start_date__lt=TODAY
    )
    assert anniversaries.count() >= 2
    assert Profile.objects.filter(celebrate_birthday=False).count() > 3


def test_demo_profiles_are_filled_in(seeded):
    profiles = Profile.objects.all()
    assert all(p.job_title and p.skills and p.languages and p.start_date for p in profiles)
    assert profiles.exclude(bio="").count() > 20
    assert profiles.filter(languages__contains="Welsh").exists()
    assert profiles.filter(languages__contains="Mandarin").exists()
    oldest = min(p.start_date for p in profiles)
    assert TODAY - oldest > datetime.timedelta(days=6 * 365)


def test_demo_logins_sign_in_with_the_shared_password(seeded):
    for role, (email, _name) in demo.DEMO_LOGINS.items():
        user = authenticate(email=email, password=demo.DEMO_PASSWORD)
        assert user is not None and user.role == role


def test_seeding_is_the_same_every_time_for_the_same_day():
    first = [(s.email, s.birthday_day, s.job_title) for s in demo.people_specs(TODAY)]
    second = [(s.email, s.birthday_day, s.job_title) for s in demo.people_specs(TODAY)]
    assert first == second
    assert len({email for email, *_rest in first}) == len(first)


def test_seeding_twice_changes_nothing(seeded):
    before = list(Profile.objects.order_by("pk").values())
    again = demo.seed_demo(today=TODAY + datetime.timedelta(days=40))
    assert not again.changed
    assert list(Profile.objects.order_by("pk").values()) == before


def test_the_command_says_when_nothing_changed(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    assert "Created 150 people" in capsys.readouterr().out
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert "nothing changed" in output
    assert "admin@switchboard.example" in output and demo.DEMO_PASSWORD in output


def test_the_command_refuses_to_seed_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_command_seeds_with_debug_off_when_forced(db, settings):
    settings.DEBUG = False
    call_command("seed_demo", force=True)
    assert User.objects.filter(email="admin@switchboard.example").exists()


def test_the_benchmark_crowd_is_added_in_bulk_only_once(db):
    assert demo.seed_crowd(30) == 30
    assert demo.seed_crowd(30) == 0
    crowd = Profile.objects.filter(user__email__startswith="crowd")
    assert crowd.count() == 30
    assert all(p.team.site_id == p.site_id for p in crowd.select_related("team"))
