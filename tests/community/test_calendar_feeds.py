"""Calendar subscriptions: one secret address per person, which calendar apps fetch with no
session, carrying only the events that person may see, for as long as they may see them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import group_services
from community.models import CalendarFeed, GroupEvent
from portal.models import Role
from portal.services import deactivate_person
from tests.community.test_group_calendar import parse, unescape


@pytest.fixture
def rep(make_person):
    return make_person(Role.AGENT, display_name="Rhian Rep")


@pytest.fixture
def group(administrator, rep, builtin_sections):
    return group_services.create_group(
        actor=administrator, name="Mind Matters", summary="Mental health", representatives=[rep]
    )


@pytest.fixture
def other_group(administrator, rep, builtin_sections):
    return group_services.create_group(
        actor=administrator, name="Pride Network", summary="LGBT+", representatives=[rep]
    )


def in_days(days, hour=12):
    moment = timezone.now() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def make_event(rep):
    def make(group, title="Lunchtime walk", days=3):
        return group_services.create_event(
            actor=rep,
            group=group,
            title=title,
            description="",
            starts_at=in_days(days),
            ends_at=in_days(days, 13),
            time_zone="Europe/London",
            place="Reception",
            link="",
        )

    return make


def feed_of(person):
    feed, _created = group_services.issue_calendar_feed(user=person)
    return feed


def my_events_url(feed):
    return reverse("calendars:feed", args=[feed.token])


def group_url(feed, group):
    return reverse("calendars:group_feed", args=[feed.token, group.slug])


def events_in(response):
    assert response.status_code == 200
    return {
        unescape(properties["SUMMARY"]): properties
        for kind, properties in parse(response.content.decode("utf-8"))
        if kind == "VEVENT"
    }


def calendar_of(response):
    return dict(parse(response.content.decode("utf-8")))["VCALENDAR"]


# The feeds -----------------------------------------------------------------------------


def test_my_feed_holds_my_groups_events_and_those_i_am_going_to_and_nothing_else(
    client, agent, colleague, group, other_group, make_event, rep
):
    group_services.join_group(user=agent, group=group)
    make_event(group, "Walk", days=2)
    declined = make_event(group, "Talk I will miss", days=3)
    group_services.rsvp(user=agent, event=declined, answer="not_going")
    called_off = make_event(group, "Called off", days=4)
    group_services.cancel_event(actor=rep, event=called_off)
    long_ago = make_event(group, "Long ago", days=5)
    GroupEvent.objects.filter(pk=long_ago.pk).update(
        starts_at=in_days(-120), ends_at=in_days(-120, 13)
    )
    picnic = make_event(other_group, "Picnic", days=6)
    group_services.rsvp(user=agent, event=picnic, answer="going")
    parade = make_event(other_group, "Parade", days=7)
    group_services.rsvp(user=colleague, event=parade, answer="going")

    events = events_in(client.get(my_events_url(feed_of(agent))))

    assert list(events) == ["Walk", "Called off", "Picnic"]
    assert events["Called off"]["STATUS"] == "CANCELLED"
    assert events["Walk"]["STATUS"] == "CONFIRMED"


def test_a_feed_is_a_private_calendar_that_needs_no_session(client, agent, group, make_event):
    group_services.join_group(user=agent, group=group)
    make_event(group)
    feed = feed_of(agent)

    for url in (my_events_url(feed), group_url(feed, group)):
        response = client.get(url)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "private" in response["Cache-Control"]
        assert not response.cookies
        calendar = calendar_of(response)
        assert calendar["REFRESH-INTERVAL;VALUE=DURATION"] == "PT1H"
        assert client.head(url).status_code == 200
    assert calendar_of(client.get(my_events_url(feed)))["X-WR-CALNAME"] == "My Switchboard events"
    assert calendar_of(client.get(group_url(feed, group)))["X-WR-CALNAME"] == "Mind Matters"


def test_my_events_calendar_is_named_in_its_owners_language(client, agent):
    agent.profile.language = "zh-hans"
    agent.profile.save(update_fields=["language"])
    feed = feed_of(agent)

    name = calendar_of(client.get(my_events_url(feed)))["X-WR-CALNAME"]

    assert name == "我的 Switchboard 活动"


def test_an_unknown_address_is_not_found(client, agent, group):
    feed = feed_of(agent)
    stranger = "x" * len(feed.token)
    urls = [
        reverse("calendars:feed", args=[stranger]),
        reverse("calendars:group_feed", args=[stranger, group.slug]),
        reverse("calendars:group_feed", args=[feed.token, "no-such-group"]),
    ]

    assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def test_new_links_stop_the_old_address_at_once(client, agent, group):
    old = feed_of(agent)

    new, created = group_services.issue_calendar_feed(user=agent)

    assert not created and new.token != old.token
    assert CalendarFeed.objects.filter(user=agent).count() == 1
    assert client.get(my_events_url(old)).status_code == 404
    assert client.get(group_url(old, group)).status_code == 404
    assert client.get(my_events_url(new)).status_code == 200


def test_a_deactivated_persons_feeds_are_gone(client, administrator, agent, group, make_event):
    group_services.join_group(user=agent, group=group)
    make_event(group)
    feed = feed_of(agent)

    deactivate_person(actor=administrator, user=agent)

    assert client.get(my_events_url(feed)).status_code == 404
    assert client.get(group_url(feed, group)).status_code == 404


def test_leaving_a_group_takes_its_events_out_of_both_feeds(client, agent, group, make_event):
    group_services.join_group(user=agent, group=group)
    make_event(group, "Walk")
    feed = feed_of(agent)
    assert list(events_in(client.get(my_events_url(feed)))) == ["Walk"]
    assert list(events_in(client.get(group_url(feed, group)))) == ["Walk"]

    group_services.leave_group(user=agent, group=group)

    # An empty calendar, not an error: calendar apps then remove the events they had.
    assert events_in(client.get(my_events_url(feed))) == {}
    assert events_in(client.get(group_url(feed, group))) == {}


def test_after_leaving_the_events_i_said_i_am_going_to_stay(client, agent, group, make_event):
    group_services.join_group(user=agent, group=group)
    make_event(group, "Walk", days=2)
    picnic = make_event(group, "Picnic", days=3)
    group_services.rsvp(user=agent, event=picnic, answer="going")
    feed = feed_of(agent)

    group_services.leave_group(user=agent, group=group)

    assert list(events_in(client.get(my_events_url(feed)))) == ["Picnic"]
    assert list(events_in(client.get(group_url(feed, group)))) == ["Picnic"]


def test_a_group_feed_never_shows_someone_elses_group(
    client, agent, colleague, group, other_group, make_event
):
    group_services.join_group(user=agent, group=group)
    group_services.join_group(user=colleague, group=other_group)
    make_event(group, "Walk")
    make_event(other_group, "Pride planning")
    mine, theirs = feed_of(agent), feed_of(colleague)

    assert list(events_in(client.get(group_url(mine, group)))) == ["Walk"]
    assert events_in(client.get(group_url(mine, other_group))) == {}
    assert list(events_in(client.get(my_events_url(mine)))) == ["Walk"]
    assert list(events_in(client.get(my_events_url(theirs)))) == ["Pride planning"]


def test_the_signed_in_downloads_still_need_a_sign_in_and_still_work(
    client, agent, group, make_event
):
    event = make_event(group, "Walk")
    urls = [
        reverse("groups:calendar", args=[group.slug]),
        reverse("groups:event_calendar", args=[group.slug, event.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302

    client.force_login(agent)

    for url in urls:
        response = client.get(url)
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "private" in response["Cache-Control"]
        assert list(events_in(response)) == ["Walk"]


def test_staff_without_two_step_sign_in_still_get_their_feed(client, settings, manager, group):
    settings.MFA_REQUIRED_FOR_STAFF = True
    feed = feed_of(manager)
    client.force_login(manager)

    assert client.get(my_events_url(feed)).status_code == 200
    assert client.get(group_url(feed, group)).status_code == 200
    assert client.get(reverse("calendars:subscription"))["Location"] == reverse("mfa_activate_totp")


def test_feeds_cost_the_same_queries_for_2_and_12_events(client, agent, group, make_event):
    group_services.join_group(user=agent, group=group)
    feed = feed_of(agent)

    def read(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    urls = [my_events_url(feed), group_url(feed, group)]
    for day in range(2):
        make_event(group, f"Event {day}", days=day + 1)
    few = [read(url) for url in urls]
    for day in range(10):
        make_event(group, f"More {day}", days=day + 3)

    assert [read(url) for url in urls] == few
    assert len(events_in(client.get(urls[0]))) == 12


def test_the_database_keeps_tokens_unique_and_full_length(agent, colleague):
    token = feed_of(agent).token

    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=colleague, token="short")
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=colleague, token=token)


def test_a_deactivated_person_cannot_make_links(administrator, agent):
    deactivate_person(actor=administrator, user=agent)

    with pytest.raises(PermissionDenied):
        group_services.issue_calendar_feed(user=agent)
    assert not CalendarFeed.objects.exists()


# The subscription page -------------------------------------------------------------------


def test_the_subscription_page_needs_a_sign_in(client, db):
    response = client.get(reverse("calendars:subscription"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(reverse("calendars:reset")).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_a_person_makes_their_links_and_sees_one_per_group(client, agent, colleague, group):
    group_services.join_group(user=agent, group=group)
    theirs = feed_of(colleague)
    client.force_login(agent)

    page = client.get(reverse("calendars:subscription"))
    assert page.context["feed"] is None
    assert reverse("calendars:reset") in page.content.decode()

    response = client.post(reverse("calendars:reset"), follow=True)

    feed = CalendarFeed.objects.get(user=agent)
    html = response.content.decode()
    assert "Your calendar links are ready." in html
    assert my_events_url(feed) in html and group_url(feed, group) in html
    assert f'id="group-{group.slug}"' in html and 'data-copy-target="my-events-link"' in html
    assert "Subscribe from web" in html and "From URL" in html
    assert theirs.token not in html


def test_the_links_use_the_address_the_person_reached_the_portal_at(client, agent, settings):
    settings.ALLOWED_HOSTS = ["intranet.example.com"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    feed = feed_of(agent)
    client.force_login(agent)

    page = client.get(reverse("calendars:subscription"), HTTP_HOST="intranet.example.com")

    assert page.context["my_events_url"] == "http://intranet.example.com" + my_events_url(feed)
    assert "127.0.0.1:8000" not in page.content.decode()


def test_new_links_through_the_page_say_the_old_ones_stopped(client, agent):
    old = feed_of(agent)
    client.force_login(agent)

    response = client.post(reverse("calendars:reset"), follow=True)

    assert "The old ones stopped working" in response.content.decode()
    assert old.token not in response.content.decode()
    assert CalendarFeed.objects.get(user=agent).token != old.token


def test_links_are_only_made_by_a_post(client, agent):
    client.force_login(agent)

    assert client.get(reverse("calendars:reset")).status_code == 405
    assert not CalendarFeed.objects.exists()


def test_the_subscription_page_costs_the_same_queries_for_1_and_6_groups(
    client, administrator, agent, rep, builtin_sections
):
    feed_of(agent)
    client.force_login(agent)

    def add(names):
        for name in names:
            group = group_services.create_group(
                actor=administrator, name=name, summary="S", representatives=[rep]
            )
            group_services.join_group(user=agent, group=group)

    def read():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("calendars:subscription")).status_code == 200
        return len(queries)

    add(["Group A"])
    few = read()
    add([f"Group {number}" for number in range(5)])
    assert read() == few


def test_the_group_pages_and_the_settings_lead_to_the_subscription(client, agent, group):
    group_services.join_group(user=agent, group=group)
    client.force_login(agent)
    subscription = reverse("calendars:subscription")

    for page in ("groups:detail", "groups:events"):
        html = client.get(reverse(page, args=[group.slug])).content.decode()
        assert f"{subscription}#group-{group.slug}" in html
    assert subscription in client.get(reverse("notifications:preferences")).content.decode()
