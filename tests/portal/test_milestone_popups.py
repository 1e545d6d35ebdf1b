"""Pop-ups: the person celebrated, then their team's celebrations together; each shown once,
wishes on the profile."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portal import milestones
from portal.models import (
    Milestone,
    MilestoneKind,
    MilestoneSetting,
    MilestoneView,
    Notification,
    NotificationVerb,
    Role,
    Wish,
)

TODAY = datetime.date(2027, 6, 5)


@pytest.fixture(autouse=True)
def on_the_day():
    with time_machine.travel(datetime.datetime(2027, 6, 5, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def remembering_nothing_to_show(settings):
    """As in production: "no pop-up today" is remembered (the test settings turn it off)."""
    settings.MILESTONE_POPUP_REMEMBER_SECONDS = 600


@pytest.fixture
def priya(make_person):
    return make_person(display_name="Priya Shah")


@pytest.fixture
def owen(make_person):
    return make_person(display_name="Owen Price")


@pytest.fixture
def anniversary(priya):
    return Milestone.objects.create(
        person=priya, kind=MilestoneKind.WORK_ANNIVERSARY, date=TODAY, number=3
    )


def popup_on_page(client, person, path="/"):
    client.force_login(person)
    response = client.get(path)
    assert response.status_code == 200
    popup = response.context["milestone_popup"]
    return popup if popup else None


def test_the_person_celebrated_sees_their_pop_up_once(client, priya, anniversary):
    popup = popup_on_page(client, priya)

    assert popup.own and popup.milestone == anniversary
    assert popup.text == "Happy 3rd work anniversary, Priya Shah! Thank you for everything you do."
    assert popup_on_page(client, priya, reverse("people:directory")) is None


def test_the_pop_up_is_a_dialog_that_opens_itself_without_inline_script(client, priya, anniversary):
    client.force_login(priya)
    html = client.get("/").content.decode()

    assert 'id="milestone-popup"' in html and "data-sb-open-on-load" in html
    assert "js/dialogs.js" in html
    assert "<script>" not in html and "onclick" not in html


def test_a_teammate_sees_the_smaller_pop_up_with_a_wish_button(client, owen, anniversary):
    popup = popup_on_page(client, owen)

    assert not popup.own
    assert [c.text for c in popup.celebrations] == ["It's Priya Shah's 3rd work anniversary."]
    client.force_login(owen)
    MilestoneView.objects.all().delete()
    html = client.get("/").content.decode()
    assert reverse("milestones:wish", args=[anniversary.pk]) in html
    assert "modal-sm" in html and "Send wishes" in html


def test_someone_in_another_team_sees_no_pop_up(
    client, make_person, anniversary, cardiff, customer_service
):
    from portal.models import Team

    other_team = Team.objects.create(name="Sales", site=cardiff, department=customer_service)
    outsider = make_person(display_name="Outsider", team=other_team)

    assert popup_on_page(client, outsider) is None


def test_own_celebration_comes_before_the_teams_and_each_comes_once(
    client, priya, owen, anniversary
):
    birthday = Milestone.objects.create(person=owen, kind=MilestoneKind.BIRTHDAY, date=TODAY)

    own, team, after = [popup_on_page(client, owen) for _ in range(3)]

    assert own.own and own.milestone == birthday
    assert not team.own and [c.milestone for c in team.celebrations] == [anniversary]
    assert after is None


def test_all_of_todays_teammates_celebrations_come_together_in_one_pop_up_once(
    client, make_person, owen, priya, anniversary
):
    """Not one teammate per page: the tester got Eleri's on Home, then Ffion's on the huddle."""
    ffion = make_person(display_name="Ffion Bowen")
    birthday = Milestone.objects.create(person=ffion, kind=MilestoneKind.BIRTHDAY, date=TODAY)

    popup = popup_on_page(client, owen)

    assert [c.milestone for c in popup.celebrations] == [anniversary, birthday]
    assert [c.text for c in popup.celebrations] == [
        "It's Priya Shah's 3rd work anniversary.",
        "It's Ffion Bowen's birthday today.",
    ]
    page = client.get("/").content.decode()
    assert popup_on_page(client, owen, reverse("people:directory")) is None
    assert 'id="milestone-popup"' not in page


def test_the_team_pop_up_offers_a_wish_for_each_teammate(
    client, make_person, owen, priya, anniversary
):
    ffion = make_person(display_name="Ffion Bowen")
    birthday = Milestone.objects.create(person=ffion, kind=MilestoneKind.BIRTHDAY, date=TODAY)
    client.force_login(owen)

    html = client.get("/").content.decode()

    assert html.count('id="milestone-popup"') == 1
    for milestone in (anniversary, birthday):
        assert reverse("milestones:wish", args=[milestone.pk]) in html
    assert "to Priya Shah" in html and "to Ffion Bowen" in html
    assert reverse("milestones:dismiss_team") in html
    assert "modal-sm" not in html


def test_a_pop_up_left_open_counts_as_seen_and_does_not_come_back(client, owen, anniversary):
    """Closing the browser without touching it: the next sign-in shows nothing new."""
    assert popup_on_page(client, owen) is not None
    client.logout()

    assert popup_on_page(client, owen) is None
    assert MilestoneView.objects.get(viewer=owen).dismissed_at is None


def test_a_teammate_celebrating_later_in_the_day_does_not_bring_the_team_pop_up_back(
    client, make_person, owen, anniversary
):
    popup_on_page(client, owen)
    Milestone.objects.create(
        person=make_person(display_name="Late Kudos"),
        kind=MilestoneKind.KUDOS,
        date=TODAY,
        number=10,
    )

    assert popup_on_page(client, owen) is None


def test_a_teammate_already_wished_is_shown_as_wished(client, owen, anniversary):
    Wish.objects.create(milestone=anniversary, sender=owen, message="Early bird")
    client.force_login(owen)

    html = client.get("/").content.decode()

    assert "You have sent your wishes." in html
    assert reverse("milestones:wish", args=[anniversary.pk]) not in html


def test_yesterdays_milestones_do_not_pop_up(client, priya, owen):
    Milestone.objects.create(
        person=priya, kind=MilestoneKind.BIRTHDAY, date=TODAY - datetime.timedelta(days=1)
    )

    assert popup_on_page(client, owen) is None


def test_closing_the_pop_up_is_remembered(client, owen, anniversary):
    popup_on_page(client, owen)

    response = client.post(
        reverse("milestones:dismiss_team"), headers={"X-Requested-With": "fetch"}
    )

    assert response.status_code == 204
    view = MilestoneView.objects.get(milestone=anniversary, viewer=owen)
    assert view.dismissed_at == timezone.now()
    assert popup_on_page(client, owen) is None


def test_closing_without_javascript_goes_back_to_the_page(client, owen, anniversary):
    client.force_login(owen)
    response = client.post(
        reverse("milestones:dismiss", args=[anniversary.pk]), {"next": "/people/"}
    )

    assert response.status_code == 302 and response.url == "/people/"
    assert MilestoneView.objects.get(viewer=owen).dismissed_at is not None


def test_a_kind_switched_off_does_not_pop_up(client, administrator, owen, anniversary):
    milestones.update_setting(
        actor=administrator,
        kind=MilestoneKind.WORK_ANNIVERSARY,
        enabled=False,
        own_text="",
        team_text="",
    )

    assert popup_on_page(client, owen) is None
    assert not MilestoneView.objects.exists()


def test_edited_wording_is_what_the_team_reads(client, administrator, owen, anniversary):
    milestones.update_setting(
        actor=administrator,
        kind=MilestoneKind.WORK_ANNIVERSARY,
        enabled=True,
        own_text="",
        team_text="{name} has been with us {years} years. Say hi!",
    )

    assert [c.text for c in popup_on_page(client, owen).celebrations] == [
        "Priya Shah has been with us 3 years. Say hi!"
    ]


def test_htmx_fragments_never_use_up_the_pop_up(client, owen, anniversary):
    client.force_login(owen)
    client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})

    assert not MilestoneView.objects.exists()
    assert popup_on_page(client, owen) is not None


def test_pop_ups_cost_the_same_queries_however_many_teammates_celebrate(
    client, make_person, owen, priya
):
    client.force_login(owen)
    Milestone.objects.create(person=priya, kind=MilestoneKind.BIRTHDAY, date=TODAY)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("people:directory"))
    MilestoneView.objects.all().delete()
    for number in range(15):
        person = make_person(display_name=f"Teammate {number}")
        Milestone.objects.create(person=person, kind=MilestoneKind.BIRTHDAY, date=TODAY)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("people:directory"))

    assert len(many) == len(few)
    assert MilestoneView.objects.filter(viewer=owen).count() == 16


# Wishes ------------------------------------------------------------------------------


def test_a_one_click_wish_posts_on_the_profile_and_tells_the_person(
    client, owen, priya, anniversary
):
    client.force_login(owen)
    response = client.post(
        reverse("milestones:wish", args=[anniversary.pk]), {"message": "", "next": "/"}, follow=True
    )

    wish = Wish.objects.get()
    assert (wish.sender, wish.message) == (owen, "Happy work anniversary!")
    assert escape("Your wishes are on Priya Shah's profile.") in response.content.decode()
    notification = Notification.objects.get(recipient=priya)
    assert notification.verb == NotificationVerb.WISH
    profile = client.get(reverse("people:detail", args=[priya.pk])).content.decode()
    assert "Happy work anniversary!" in profile and "Owen Price" in profile


def test_a_wish_can_carry_a_message(client, owen, anniversary):
    client.force_login(owen)
    client.post(reverse("milestones:wish", args=[anniversary.pk]), {"message": "  Three years!  "})

    assert Wish.objects.get().message == "Three years!"


def test_one_wish_per_colleague_per_milestone(client, owen, anniversary):
    client.force_login(owen)
    client.post(reverse("milestones:wish", args=[anniversary.pk]), {"message": "One"})
    response = client.post(
        reverse("milestones:wish", args=[anniversary.pk]), {"message": "Two"}, follow=True
    )

    assert list(Wish.objects.values_list("message", flat=True)) == ["One"]
    assert "You have already sent Priya Shah your wishes." in response.content.decode()


def test_nobody_wishes_themselves(client, priya, anniversary):
    client.force_login(priya)
    response = client.post(reverse("milestones:wish", args=[anniversary.pk]))

    assert response.status_code == 403
    assert not Wish.objects.exists()


def test_wishes_for_a_celebration_long_past_are_refused(client, owen, priya):
    old = Milestone.objects.create(
        person=priya, kind=MilestoneKind.BIRTHDAY, date=TODAY - datetime.timedelta(days=30)
    )
    client.force_login(owen)
    response = client.post(reverse("milestones:wish", args=[old.pk]), follow=True)

    assert not Wish.objects.exists()
    assert "wishes can be sent for a week" in response.content.decode()


def test_a_too_long_wish_is_refused_and_nothing_is_saved(client, owen, anniversary):
    client.force_login(owen)
    response = client.post(
        reverse("milestones:wish", args=[anniversary.pk]), {"message": "x" * 281}, follow=True
    )

    assert not Wish.objects.exists()
    assert "at most 280 characters" in response.content.decode()


def test_the_profile_offers_a_wish_for_a_recent_milestone(client, owen, priya, anniversary):
    client.force_login(owen)
    page = client.get(reverse("people:detail", args=[priya.pk])).content.decode()

    assert reverse("milestones:wish", args=[anniversary.pk]) in page


def test_the_profiles_wishes_cost_the_same_queries_however_many(
    client, make_person, owen, priya, anniversary
):
    client.force_login(owen)
    MilestoneView.objects.create(milestone=anniversary, viewer=owen)
    url = reverse("people:detail", args=[priya.pk])
    Wish.objects.create(milestone=anniversary, sender=make_person(), message="Hi")
    client.get(url)  # the first page of the day works out that no pop-up is due
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        Wish.objects.create(milestone=anniversary, sender=make_person(), message=f"Hi {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


# The settings page --------------------------------------------------------------------


def test_only_administrators_open_the_pop_up_settings(client, make_person):
    client.force_login(make_person(Role.MANAGER))

    assert client.get(reverse("milestones:settings")).status_code == 403


def test_an_administrator_switches_a_kind_off_and_rewords_another(client, administrator):
    client.force_login(administrator)
    url = reverse("milestones:settings")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "kind": "birthday",
            "birthday-enabled": "",
            "birthday-own_text": "",
            "birthday-team_text": "",
        },
        follow=True,
    )
    assert "Saved the pop-ups for “Birthday”." in response.content.decode()
    client.post(
        url,
        {
            "kind": "kudos",
            "kudos-enabled": "on",
            "kudos-own_text": "{count} thanks, {name}!",
            "kudos-team_text": "",
        },
    )

    settings = {s.kind: s for s in MilestoneSetting.objects.all()}
    assert not settings["birthday"].enabled
    assert settings["kudos"].enabled and settings["kudos"].own_text == "{count} thanks, {name}!"


def test_bad_wording_on_the_settings_page_is_explained_and_kept(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("milestones:settings"),
        {
            "kind": "birthday",
            "birthday-enabled": "on",
            "birthday-own_text": "Happy {age}th, {name}",
            "birthday-team_text": "",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "{age} cannot be filled in for this kind. You can use: {name}." in page
    assert "Happy {age}th, {name}" in page
    assert not MilestoneSetting.objects.exists()


def test_pages_that_cannot_show_the_pop_up_do_not_use_it_up(client, administrator, anniversary):
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 200

    assert not MilestoneView.objects.exists()
    assert popup_on_page(client, administrator) is not None


def test_a_birthday_opted_out_of_after_the_job_ran_no_longer_pops_up(client, owen, priya):
    Milestone.objects.create(person=priya, kind=MilestoneKind.BIRTHDAY, date=TODAY)
    priya.profile.celebrate_birthday = False
    priya.profile.save()

    assert popup_on_page(client, owen) is None
    page = client.get(reverse("people:detail", args=[priya.pk])).content.decode()
    assert reverse("milestones:wish", args=[Milestone.objects.get().pk]) not in page


def test_no_wishes_for_a_kind_switched_off(client, administrator, owen, anniversary):
    milestones.update_setting(
        actor=administrator,
        kind=MilestoneKind.WORK_ANNIVERSARY,
        enabled=False,
        own_text="",
        team_text="",
    )
    client.force_login(owen)
    response = client.post(reverse("milestones:wish", args=[anniversary.pk]), follow=True)

    assert not Wish.objects.exists()
    assert "This celebration is not shown any more." in response.content.decode()


def test_closing_the_team_pop_up_needs_a_signed_in_person(client, db):
    response = client.post(reverse("milestones:dismiss_team"))

    assert response.status_code == 302 and reverse("account_login") in response.url
    assert not MilestoneView.objects.exists()


# Remembering "nothing to show" ----------------------------------------------------------


def milestone_queries(client, path="/"):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if '"portal_milestone"' in q["sql"]]


def test_once_nothing_is_due_the_next_pages_ask_no_milestone_query(client, owen):
    client.force_login(owen)

    assert milestone_queries(client)
    assert milestone_queries(client, reverse("people:directory")) == []


def test_a_celebration_found_after_nothing_was_remembered_still_pops_up(
    client, owen, priya, cardiff
):
    client.force_login(owen)
    assert popup_on_page(client, owen) is None

    # The daily job inserts in bulk, without model signals.
    milestones._create_milestones(
        [Milestone(person=priya, kind=MilestoneKind.WORK_ANNIVERSARY, date=TODAY, number=2)]
    )

    popup = popup_on_page(client, owen)
    assert popup is not None and [c.milestone.person for c in popup.celebrations] == [priya]


def test_an_achievement_recorded_later_in_the_day_pops_up(client, priya):
    assert popup_on_page(client, priya) is None

    milestones.record_achievement(person=priya, kind=MilestoneKind.AGENT_OF_THE_WEEK)

    popup = popup_on_page(client, priya)
    assert popup is not None and popup.own


def test_switching_a_kind_back_on_brings_its_pop_up_back(client, administrator, owen, anniversary):
    def switch(enabled):
        milestones.update_setting(
            actor=administrator,
            kind=MilestoneKind.WORK_ANNIVERSARY,
            enabled=enabled,
            own_text="",
            team_text="",
        )

    switch(False)
    assert popup_on_page(client, owen) is None

    switch(True)

    assert popup_on_page(client, owen) is not None


def test_the_memory_is_per_person(client, owen, priya, anniversary):
    assert popup_on_page(client, priya).own
    assert popup_on_page(client, priya) is None

    assert popup_on_page(client, owen) is not None


def test_pop_ups_still_work_when_the_cache_is_unreachable(client, owen, anniversary, redis_down):
    assert popup_on_page(client, owen) is not None
    assert popup_on_page(client, owen) is None
