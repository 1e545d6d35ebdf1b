import datetime
import io

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone, translation

from community import selectors, swap_selectors, swap_services
from community.models import (
    AgentOfTheWeek,
    Comment,
    CustomerFeedback,
    Kudos,
    LostItem,
    Nomination,
    Post,
    PostView,
    Reaction,
    Report,
    Section,
    ShiftSwap,
    current_week,
)
from portal import demo
from portal.models import (
    Department,
    Notification,
    Profile,
    Role,
    Site,
    Team,
    User,
)

TODAY = datetime.date(2026, 3, 9)


@pytest.fixture
def people_only(monkeypatch):
    """The people part alone: the community part takes seconds and has its own tests below."""
    monkeypatch.setattr(demo, "seed_community", lambda: None)


@pytest.fixture
def seeded(db, people_only):
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


def test_seeding_the_people_twice_changes_nothing(seeded):
    before = list(Profile.objects.order_by("pk").values())
    again = demo.seed_demo(today=TODAY + datetime.timedelta(days=40))
    assert not again.changed
    assert list(Profile.objects.order_by("pk").values()) == before


def test_the_command_says_when_nothing_changed(db, people_only, settings, capsys):
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


def test_the_command_seeds_with_debug_off_when_forced(db, people_only, settings):
    settings.DEBUG = False
    call_command("seed_demo", force=True)
    assert User.objects.filter(email="admin@switchboard.example").exists()


@pytest.fixture(scope="class")
def community_seed(django_db_setup, django_db_blocker):
    """One full ``seed_demo`` for the class (it takes seconds), rolled back afterwards.

    Returns what the command printed.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        call_command("seed_demo", force=True, stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.mark.usefixtures("community_seed", "db")
class TestTheCommunityDemo:
    def test_the_command_says_what_it_created(self, community_seed):
        assert "Created 150 people" in community_seed
        # Huddles, projects and cause groups are seeded on their own; their posts are theirs.
        community = Post.objects.filter(section__cause_group__isnull=True).exclude(
            section__slug="new-starters"
        )
        assert f"Created {community.count()} community posts" in community_seed

    def test_the_groups_posts_are_spread_in_time_not_on_top_of_the_feed(self):
        newest = list(Post.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[:20])
        in_groups = Post.objects.filter(pk__in=newest, section__cause_group__isnull=False)
        assert in_groups.count() < 10

    def test_a_few_hundred_posts_fill_every_section(self):
        assert 200 <= Post.objects.count() <= 400
        counts = dict(Post.objects.values_list("section__slug").annotate(n=Count("pk")))
        assert set(counts) == set(Section.objects.values_list("slug", flat=True))
        assert min(counts.values()) >= 5
        assert Comment.objects.count() >= 200
        assert Reaction.objects.count() >= 500
        assert set(Reaction.objects.values_list("kind", flat=True)) == {
            "like",
            "thanks",
            "celebrate",
            "insightful",
        }

    def test_announcements_come_from_managers_and_hr_posts_from_the_hr_department(self):
        announcements = Post.objects.filter(section__slug="announcements")
        assert set(announcements.values_list("author__role", flat=True)) == {Role.MANAGER}
        hr = Post.objects.filter(section__slug="hr")
        assert set(hr.values_list("author__profile__department__name", flat=True)) == {"HR"}

    def test_two_announcements_are_pinned_and_some_posts_are_for_one_site(self):
        pinned = Post.objects.filter(pinned=True)
        assert pinned.count() == 2
        assert set(pinned.values_list("section__slug", flat=True)) == {"announcements"}
        for site in ("Cardiff", "Shenzhen"):
            assert Post.objects.filter(audience__sites__name=site).exists()

    def test_shenzhen_writes_some_posts_in_chinese(self):
        from_shenzhen = Post.objects.filter(author__profile__site__name="Shenzhen")
        chinese = [post for post in from_shenzhen if demo._CJK.search(post.title + post.body)]
        assert len(chinese) >= 5

    def test_posts_are_seen_commented_and_mentioned(self):
        assert (
            PostView.objects.values("post").distinct().count()
            > 0.9 * Post.objects.filter(deleted_at__isnull=True).count()
        )
        assert not PostView.objects.filter(user=F("post__author")).exists()
        assert Comment.objects.filter(parent__isnull=False).count() >= 20
        assert Comment.objects.filter(body__contains="(person:").count() >= 10
        assert Notification.objects.filter(verb="mention").exists()

    def test_history_spreads_over_three_weeks_and_nothing_is_in_the_future(self):
        now = timezone.now()
        times = list(Post.objects.values_list("created_at", flat=True))
        assert max(times) <= now
        assert now - min(times) > datetime.timedelta(days=18)
        assert not Comment.objects.filter(created_at__gt=now).exists()
        assert not Comment.objects.filter(created_at__lt=F("post__created_at")).exists()

    def test_shift_swaps_are_in_every_state(self):
        states = set(ShiftSwap.objects.values_list("state", flat=True))
        assert states == set(ShiftSwap.State.values)
        open_swaps = ShiftSwap.objects.filter(state="open")
        assert not open_swaps.filter(starts_at__lte=timezone.now()).exists()
        assert open_swaps.filter(offers__isnull=False).exists()
        waiting = ShiftSwap.objects.filter(state="awaiting_approval")
        assert not waiting.filter(accepted_offer__isnull=True).exists()
        assert not ShiftSwap.objects.filter(state="expired", starts_at__gt=timezone.now()).exists()

    def test_swaps_moved_into_the_past_are_named_by_their_new_day_in_every_language(self):
        moved = ShiftSwap.objects.filter(state="approved", starts_at__lt=timezone.now())
        assert moved.exists()
        for swap in moved.select_related("site"):
            notices = Notification.objects.filter(
                content_type=ContentType.objects.get_for_model(ShiftSwap), object_id=swap.pk
            )
            assert notices.exists()
            for language in ("en-gb", "zh-hans"):
                with translation.override(language):
                    shift = swap_services.describe_shift(swap)
                assert all(shift in notice.messages[language] for notice in notices)
            # Demo people have no language of their own, so they are written to in English.
            assert all(notice.message == notice.messages["en-gb"] for notice in notices)

    def test_recognition_lost_and_found_and_customer_feedback_are_there(self):
        assert Kudos.objects.values("value").distinct().count() >= 4
        this_week = current_week()
        assert AgentOfTheWeek.objects.filter(week=this_week - datetime.timedelta(7)).exists()
        assert Nomination.objects.filter(week=this_week).count() >= 3
        assert LostItem.objects.filter(state="returned", returned_to__isnull=False).exists()
        assert LostItem.objects.filter(state="open", claims__isnull=False).exists()
        assert LostItem.objects.filter(state="open", claims__isnull=True).exists()
        kinds = set(CustomerFeedback.objects.values_list("kind", flat=True))
        assert kinds == {"compliment", "complaint"}
        assert CustomerFeedback.objects.filter(highlighted=True).count() == 1

    def test_one_post_is_edited_one_deleted_one_hidden_and_one_waits_for_a_moderator(self):
        assert Post.objects.filter(edited_at__isnull=False).count() == 1
        assert Post.objects.filter(deleted_at__isnull=False).count() == 1
        assert Post.objects.filter(hidden_at__isnull=False).count() == 1
        assert Report.objects.filter(resolved_at__isnull=True).count() == 1

    def test_the_demo_logins_have_something_to_see(self):
        agent, leader, manager = (
            User.objects.get(email=demo.DEMO_LOGINS[role][0])
            for role in (Role.AGENT, Role.TEAM_LEADER, Role.MANAGER)
        )
        unread = set(
            Notification.objects.filter(recipient=agent, read_at__isnull=True).values_list(
                "verb", flat=True
            )
        )
        assert {"mention", "reply", "kudos"} <= unread
        assert selectors.feed_for(agent).posts[0].is_unread
        assert len(swap_selectors.awaiting_approval_by(leader)) >= 1
        assert Notification.objects.filter(
            recipient=leader, verb="swap_update", read_at__isnull=True
        ).exists()
        assert selectors.moderation_queue().exists()
        assert selectors.feed_for(manager).pinned

    def test_seeding_again_adds_nothing_and_says_so(self):
        counts = [model.objects.count() for model in (Post, Comment, Reaction, Notification)]
        output = io.StringIO()
        call_command("seed_demo", force=True, stdout=output)
        assert "nothing changed" in output.getvalue()
        assert [m.objects.count() for m in (Post, Comment, Reaction, Notification)] == counts


def test_demo_briefing_items_about_cardiff_go_to_cardiff_alone(seeded):
    from briefings import demo as briefing_demo
    from briefings.models import BriefingEntry, BriefingItem

    items = BriefingItem.objects.filter(title__in=briefing_demo.CARDIFF_ONLY)
    assert items.exists()
    for item in items:
        assert [site.name for site in item.audience.sites.all()] == ["Cardiff"]
    assert not BriefingEntry.objects.filter(item__in=items, site__name="Shenzhen").exists()
