"""Cause groups: representatives run them, anyone joins, posts and events with RSVP."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import group_selectors, group_services, selectors
from community.models import CauseGroup, EventRsvp, GroupEvent, GroupMembership, Post
from portal.models import Notification, NotificationVerb, Role


@pytest.fixture
def rep(make_person):
    return make_person(Role.AGENT, display_name="Rhian Rep")


@pytest.fixture
def group(administrator, rep, builtin_sections):
    return group_services.create_group(
        actor=administrator,
        name="Mind Matters",
        summary="Mental health at work.",
        representatives=[rep],
    )


def in_days(days, hour=12):
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def make_event(group, rep):
    def make(actor=None, **fields):
        fields.setdefault("title", "Lunchtime walk")
        fields.setdefault("description", "")
        fields.setdefault("starts_at", in_days(3))
        fields.setdefault("ends_at", fields["starts_at"] + datetime.timedelta(hours=1))
        fields.setdefault("time_zone", "Europe/London")
        fields.setdefault("place", "Reception")
        fields.setdefault("link", "")
        return group_services.create_event(actor=actor or rep, group=group, **fields)

    return make


def test_an_event_more_than_two_years_ahead_is_refused_as_a_typo(make_event):
    with pytest.raises(ValidationError) as error:
        make_event(starts_at=in_days(3 * 365))
    assert error.value.message_dict["date"] == ["Choose a date within the next two years."]


def test_administrators_create_groups_with_their_own_section_and_representatives(group, rep):
    assert group.slug == "mind-matters" and group.section.name == "Mind Matters"
    assert list(
        GroupMembership.objects.filter(is_representative=True).values_list("user", flat=True)
    ) == [rep.pk]


def test_only_administrators_create_groups(manager, rep):
    with pytest.raises(PermissionDenied):
        group_services.create_group(actor=manager, name="Pride", summary="LGBT+")
    with pytest.raises(PermissionDenied):
        group_services.create_group(actor=rep, name="Pride", summary="LGBT+")


def test_two_groups_cannot_share_a_name(group, administrator):
    with pytest.raises(ValidationError, match="already a group"):
        group_services.create_group(actor=administrator, name="Mind Matters", summary="Again")
    assert CauseGroup.objects.count() == 1


def test_only_representatives_edit_the_group(group, rep, agent, manager, administrator):
    for person in (agent, manager, administrator):
        with pytest.raises(PermissionDenied):
            group_services.edit_group(actor=person, group=group, summary="Hijacked")
    group_services.join_group(user=agent, group=group)
    with pytest.raises(PermissionDenied):  # a member is not a representative
        group_services.edit_group(actor=agent, group=group, summary="Hijacked")

    group_services.edit_group(actor=rep, group=group, summary="Talk and listen.", icon="heart")
    group.refresh_from_db()
    assert group.summary == "Talk and listen." and group.section.icon == "heart"


def test_only_administrators_name_representatives(group, agent, rep, administrator):
    group_services.join_group(user=agent, group=group)
    with pytest.raises(PermissionDenied):
        group_services.set_representative(
            actor=rep, group=group, person=agent, is_representative=True
        )

    group_services.set_representative(
        actor=administrator, group=group, person=agent, is_representative=True
    )
    assert group.memberships.filter(is_representative=True).count() == 2


def test_joining_is_once_and_representatives_hear_about_it_once(group, agent, rep):
    _membership, created = group_services.join_group(user=agent, group=group)
    _membership, again = group_services.join_group(user=agent, group=group)
    group_services.leave_group(user=agent, group=group)
    group_services.join_group(user=agent, group=group)

    assert created and not again
    assert group.memberships.filter(user=agent).count() == 1
    told = Notification.objects.filter(recipient=rep, verb=NotificationVerb.GROUP_MEMBER)
    assert told.count() == 1


def test_the_database_keeps_one_membership_per_person(group, agent):
    group_services.join_group(user=agent, group=group)

    with pytest.raises(IntegrityError):
        GroupMembership.objects.create(group=group, user=agent)


def test_the_last_representative_cannot_walk_away(group, rep):
    with pytest.raises(ValidationError, match="only representative"):
        group_services.leave_group(user=rep, group=group)
    assert group.memberships.filter(user=rep).exists()


def test_members_post_in_the_group_and_outsiders_cannot(group, agent, colleague):
    group_services.join_group(user=agent, group=group)

    post = group_services.post_in_group(author=agent, group=group, body="Hello all")
    with pytest.raises(PermissionDenied):
        group_services.post_in_group(author=colleague, group=group, body="Let me in")

    assert post.section == group.section
    assert Post.objects.count() == 1
    # Group posts are read by everyone in the feed, under the group's name.
    assert post in selectors.feed_for(colleague).posts


def test_group_sections_are_not_feed_tabs_and_their_link_leads_to_the_group(client, group, agent):
    assert group.section not in selectors.visible_sections(agent)
    client.force_login(agent)

    response = client.get(reverse("community:index"), {"section": group.section.slug})

    assert response.url == group.get_absolute_url()


def test_the_general_post_form_refuses_a_group_section_for_outsiders(group, colleague):
    from community import services

    with pytest.raises(PermissionDenied):
        services.create_post(author=colleague, section=group.section, body="Sneaky")


def test_only_representatives_arrange_events(group, make_event, agent, administrator, manager):
    group_services.join_group(user=agent, group=group)
    for person in (agent, administrator, manager):
        with pytest.raises(PermissionDenied):
            make_event(actor=person)

    event = make_event()
    with pytest.raises(PermissionDenied):
        group_services.edit_event(
            actor=agent,
            event=event,
            title="Mine",
            description="",
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            time_zone=event.time_zone,
            place="Here",
            link="",
        )


def test_editing_an_event_raises_its_calendar_sequence(make_event, rep):
    event = make_event()

    group_services.edit_event(
        actor=rep,
        event=event,
        title="Longer walk",
        description="",
        starts_at=event.starts_at,
        ends_at=event.ends_at + datetime.timedelta(hours=1),
        time_zone="Europe/London",
        place="Reception",
        link="",
    )

    event.refresh_from_db()
    assert event.sequence == 1 and event.title == "Longer walk"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"place": "", "link": ""}, "place"),
        ({"starts_at": in_days(2, 14), "ends_at": in_days(2, 13)}, "end_time"),
        ({"starts_at": in_days(-2), "ends_at": in_days(-2, 13)}, "date"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_bad_event_input_is_refused_with_a_reason(make_event, fields, field):
    with pytest.raises(ValidationError) as refused:
        make_event(**fields)

    assert field in refused.value.message_dict
    assert not GroupEvent.objects.exists()


def test_rsvp_is_one_answer_per_person_that_can_change(make_event, agent):
    event = make_event()

    group_services.rsvp(user=agent, event=event, answer="going")
    group_services.rsvp(user=agent, event=event, answer="not_going")

    assert EventRsvp.objects.get(event=event, user=agent).answer == "not_going"
    with pytest.raises(ValidationError):
        group_services.rsvp(user=agent, event=event, answer="maybe")
    with pytest.raises(IntegrityError):
        EventRsvp.objects.create(event=event, user=agent, answer="going")


def test_nobody_answers_for_an_event_that_is_over(make_event, agent):
    event = make_event()
    later = event.ends_at + datetime.timedelta(minutes=1)

    with pytest.raises(ValidationError, match="over"):
        group_services.rsvp(user=agent, event=event, answer="going", now=later)


def test_upcoming_group_events_for_lists_my_groups_and_my_rsvps_in_the_next_fortnight(
    group, make_event, agent, colleague, administrator, rep
):
    other = group_services.create_group(
        actor=administrator, name="Pride Network", summary="LGBT+", representatives=[rep]
    )
    group_services.join_group(user=agent, group=group)
    soon = make_event(title="Soon")
    make_event(title="Too far", starts_at=in_days(20), ends_at=in_days(20, 13))
    elsewhere = group_services.create_event(
        actor=rep,
        group=other,
        title="Pride planning",
        description="",
        starts_at=in_days(4),
        ends_at=in_days(4, 13),
        time_zone="UTC",
        place="",
        link="https://meet.example.com/pride",
    )
    group_services.rsvp(user=agent, event=elsewhere, answer="going")
    group_services.rsvp(user=colleague, event=soon, answer="going")

    events = list(group_selectors.upcoming_group_events_for(agent))

    assert [event.title for event in events] == ["Soon", "Pride planning"]
    assert events[0].going_count == 1 and events[1].my_answer == "going"
    assert list(group_selectors.upcoming_group_events_for(colleague)) == [soon]


# Pages --------------------------------------------------------------------------------


def test_joining_posting_and_rsvp_through_the_pages(client, group, make_event, agent):
    event = make_event()
    client.force_login(agent)

    response = client.post(reverse("groups:join", args=[group.slug]), follow=True)
    assert "Welcome to Mind Matters!" in response.text
    response = client.post(
        reverse("groups:post", args=[group.slug]), {"body": "Hi everyone"}, follow=True
    )
    assert "Hi everyone" in response.text
    response = client.post(
        reverse("groups:rsvp", args=[group.slug, event.pk]), {"answer": "going"}, follow=True
    )
    assert "See you there!" in response.text
    assert response.context["event"].going_count == 1


def test_a_member_who_is_not_a_representative_cannot_open_the_edit_pages(
    client, group, make_event, agent
):
    event = make_event()
    group_services.join_group(user=agent, group=group)
    client.force_login(agent)

    assert client.get(reverse("groups:edit", args=[group.slug])).status_code == 403
    assert client.get(reverse("groups:event_new", args=[group.slug])).status_code == 403
    url = reverse("groups:event_edit", args=[group.slug, event.pk])
    assert client.post(url, {"title": "Mine"}).status_code == 403


def test_a_representative_adds_an_event_in_their_time_zone(client, group, rep):
    client.force_login(rep)
    day = timezone.localdate() + datetime.timedelta(days=10)

    response = client.post(
        reverse("groups:event_new", args=[group.slug]),
        {
            "title": "Mentoring circle",
            "date": day.isoformat(),
            "start_time": "16:00",
            "end_time": "17:00",
            "time_zone": "Europe/London",
            "link": "https://meet.example.com/m",
        },
    )

    event = GroupEvent.objects.get()
    assert response.url == event.get_absolute_url()
    london = zoneinfo.ZoneInfo("Europe/London")
    assert event.starts_at == datetime.datetime.combine(day, datetime.time(16), london)


def test_an_event_ending_before_it_starts_is_shown_back_with_the_reason(client, group, rep):
    client.force_login(rep)
    day = timezone.localdate() + datetime.timedelta(days=10)

    response = client.post(
        reverse("groups:event_new", args=[group.slug]),
        {
            "title": "Backwards",
            "date": day.isoformat(),
            "start_time": "16:00",
            "end_time": "15:00",
            "time_zone": "Europe/London",
            "place": "Room 3",
        },
    )

    assert response.status_code == 400
    assert "must end after it starts" in response.text and "Backwards" in response.text
    assert not GroupEvent.objects.exists()


def test_administrators_name_a_member_representative_on_the_group_page(
    client, group, agent, administrator
):
    group_services.join_group(user=agent, group=group)
    membership = group.memberships.get(user=agent)
    client.force_login(administrator)

    client.post(reverse("groups:representatives", args=[group.slug]), {"membership": membership.pk})

    membership.refresh_from_db()
    assert membership.is_representative


def test_the_group_list_costs_the_same_queries_for_2_and_12_groups(
    client, administrator, rep, agent, builtin_sections
):
    client.force_login(agent)

    def add(names):
        for name in names:
            group = group_services.create_group(
                actor=administrator, name=name, summary="S", representatives=[rep]
            )
            group_services.join_group(user=agent, group=group)

    def read():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("groups:list")).status_code == 200
        return len(queries)

    add(["Group A", "Group B"])
    few = read()
    add([f"Group {n}" for n in range(10)])
    assert read() == few


def test_group_pages_and_event_lists_cost_the_same_queries_with_more_events(
    client, group, make_event, agent, colleague, rep
):
    group_services.join_group(user=agent, group=group)
    client.force_login(agent)

    def add(count, offset):
        for number in range(count):
            event = make_event(
                title=f"E{number}",
                starts_at=in_days(offset + number),
                ends_at=in_days(offset + number, 13),
            )
            group_services.rsvp(user=colleague, event=event, answer="going")
            group_services.post_in_group(author=rep, group=group, body=f"Post {number}")

    def read(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = [
        reverse("groups:detail", args=[group.slug]),
        reverse("groups:events", args=[group.slug]),
        reverse("groups:calendar", args=[group.slug]),
    ]
    add(2, 1)
    few = [read(url) for url in pages]
    add(12, 3)
    assert [read(url) for url in pages] == few


def test_a_called_off_event_leaves_the_lists_refuses_answers_and_stays_in_the_calendar(
    client, group, make_event, rep, agent
):
    from community import icalendar

    group_services.join_group(user=agent, group=group)
    event = make_event()
    group_services.rsvp(user=agent, event=event, answer="going")
    with pytest.raises(PermissionDenied):
        group_services.cancel_event(actor=agent, event=event)

    group_services.cancel_event(actor=rep, event=event)
    group_services.cancel_event(actor=rep, event=event)  # twice changes nothing

    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1
    assert list(group_selectors.upcoming_events(group, agent)) == []
    assert list(group_selectors.upcoming_group_events_for(agent)) == []
    with pytest.raises(ValidationError, match="called off"):
        group_services.rsvp(user=agent, event=event, answer="going")
    text = icalendar.calendar(group_selectors.calendar_events(group), name=group.name)
    assert "STATUS:CANCELLED\r\n" in text and "SEQUENCE:1\r\n" in text


def test_calling_off_through_the_page_is_for_representatives(client, group, make_event, rep, agent):
    event = make_event()
    url = reverse("groups:event_cancel", args=[group.slug, event.pk])
    client.force_login(agent)
    assert client.post(url).status_code == 403

    client.force_login(rep)
    response = client.post(url, follow=True)

    assert "is called off" in response.text and "This event has been called off." in response.text


def test_standing_down_a_representative_keeps_them_a_member_and_never_adds_anyone(
    client, group, rep, agent, administrator
):
    group_services.join_group(user=agent, group=group)
    group_services.set_representative(
        actor=administrator, group=group, person=agent, is_representative=True
    )
    client.force_login(administrator)
    url = reverse("groups:representatives", args=[group.slug])

    client.post(url, {"stand_down": rep.pk})
    client.post(url, {"stand_down": administrator.pk})  # not a member: nothing happens

    assert group.memberships.get(user=rep).is_representative is False
    assert not group.memberships.filter(user=administrator).exists()


@pytest.mark.parametrize(
    "model", ["huddle", "newstarterproject", "causegroup", "groupmembership", "groupevent"]
)
def test_administrators_can_look_things_up_in_the_admin(client, administrator, group, model):
    client.force_login(administrator)

    assert client.get(reverse(f"admin:community_{model}_changelist")).status_code == 200


def test_groups_are_not_added_in_the_admin_because_they_need_their_section(client, administrator):
    client.force_login(administrator)

    assert client.get(reverse("admin:community_causegroup_add")).status_code == 403


@time_machine.travel(datetime.datetime(2030, 11, 1, tzinfo=datetime.UTC))
def test_the_event_page_shows_the_time_in_the_viewers_zone_and_the_events_own_time(
    client, make_event, make_person, shenzhen
):
    starts = datetime.datetime(2030, 12, 2, 17, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    event = make_event(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    zhiwei = make_person(Role.AGENT, site=shenzhen, team=None)
    client.force_login(zhiwei)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Tuesday 3 December 2030, 01:00</time>\u2013<time" in page
    assert "02:00 CST (UTC+8)" in page
    assert "Where it is held: Mon 2 Dec, 17:00\u201318:00 GMT" in page
    assert "Europe/London" not in page


@time_machine.travel(datetime.datetime(2030, 11, 1, tzinfo=datetime.UTC))
def test_the_event_page_in_the_events_own_zone_names_it_once(client, make_event, agent):
    starts = datetime.datetime(2030, 12, 2, 17, 0, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    event = make_event(starts_at=starts, ends_at=starts + datetime.timedelta(hours=1))
    client.force_login(agent)

    page = client.get(event.get_absolute_url()).content.decode()

    assert "Monday 2 December 2030, 17:00</time>\u2013<time" in page and "18:00 GMT" in page
    assert "Where it is held" not in page
