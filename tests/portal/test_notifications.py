from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import notifications
from portal.models import Notification, NotificationPreference, NotificationVerb, Site


@pytest.fixture
def colleague(make_person):
    return make_person(display_name="Casey Colleague")


def mention(recipient, actor, **overrides):
    arguments = {
        "recipient": recipient,
        "verb": NotificationVerb.MENTION,
        "actor": actor,
        "message": f"{actor} mentioned you in “Printer on floor 2”",
        "url": "/community/",
        **overrides,
    }
    return notifications.notify(**arguments)


def email_count_after_commit(capture, mailoutbox, send):
    with capture(execute=True):
        send()
    return len(mailoutbox)


# The service -------------------------------------------------------------------


def test_notify_creates_one_unread_notification_pointing_at_its_target(agent, colleague, cardiff):
    notification = mention(agent, colleague, target=cardiff)

    assert Notification.objects.get() == notification
    assert notification.recipient == agent
    assert notification.actor == colleague
    assert notification.verb == NotificationVerb.MENTION
    assert notification.message == "Casey Colleague mentioned you in “Printer on floor 2”"
    assert notification.url == "/community/"
    assert notification.is_unread
    fresh = Notification.objects.get(pk=notification.pk)
    assert fresh.content_type == ContentType.objects.get_for_model(Site)
    assert fresh.target == cardiff


def test_people_are_not_notified_of_their_own_doing(agent):
    assert mention(agent, agent) is None
    assert not Notification.objects.exists()


def test_deactivated_people_get_no_notification_and_no_email(
    agent, colleague, django_capture_on_commit_callbacks, mailoutbox
):
    agent.is_active = False
    agent.save()

    sent = email_count_after_commit(
        django_capture_on_commit_callbacks, mailoutbox, lambda: mention(agent, colleague)
    )

    assert not Notification.objects.exists()
    assert sent == 0


def test_notifying_twice_with_the_same_dedupe_key_makes_one_notification_and_one_email(
    agent, colleague, django_capture_on_commit_callbacks, mailoutbox
):
    def twice():
        first = mention(agent, colleague, dedupe_key="post:7:mention")
        second = mention(agent, colleague, dedupe_key="post:7:mention", message="Changed")
        assert first == second

    sent = email_count_after_commit(django_capture_on_commit_callbacks, mailoutbox, twice)

    assert Notification.objects.count() == 1
    assert Notification.objects.get().message.startswith("Casey Colleague mentioned you")
    assert sent == 1


def test_a_dedupe_key_is_per_recipient_and_no_key_never_dedupes(agent, colleague, team_leader):
    mention(agent, colleague, dedupe_key="post:7:mention")
    mention(team_leader, colleague, dedupe_key="post:7:mention")
    mention(agent, colleague)
    mention(agent, colleague)

    assert Notification.objects.filter(recipient=agent).count() == 3
    assert Notification.objects.filter(recipient=team_leader).count() == 1


def test_the_database_refuses_a_second_row_with_the_same_dedupe_key(agent):
    fields = {"recipient": agent, "verb": "mention", "message": "Hi", "url": "/"}
    Notification.objects.create(dedupe_key="same", **fields)
    Notification.objects.create(**fields)
    Notification.objects.create(**fields)

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(dedupe_key="same", **fields)


def test_the_database_refuses_a_notification_without_a_verb(agent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=agent, verb="", message="Hi", url="/")


def test_an_unknown_verb_is_refused(agent, colleague):
    with pytest.raises(ValidationError, match="not a kind of notification"):
        mention(agent, colleague, verb="poke")
    assert not Notification.objects.exists()


def test_a_long_message_is_shortened_to_fit(agent, colleague):
    notification = mention(agent, colleague, message="word " * 200)

    assert len(notification.message) == notifications.MESSAGE_MAX_LENGTH
    assert notification.message.endswith("…")


def test_a_mention_is_emailed_by_default_once_the_transaction_commits(
    agent, colleague, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = mention(agent, colleague)
    assert mailoutbox == []
    assert len(callbacks) == 1

    callbacks[0]()

    [email] = mailoutbox
    assert email.to == [agent.email]
    assert email.subject == "[Switchboard] Casey Colleague mentioned you in “Printer on floor 2”"
    open_link = "http://127.0.0.1:8000" + reverse("notifications:open", args=[notification.pk])
    assert open_link in email.body
    assert "Hello Alex Agent" in email.body
    assert reverse("notifications:preferences") in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert open_link in html


@pytest.mark.parametrize(
    ("verb", "emailed"),
    [
        (NotificationVerb.MENTION, True),
        (NotificationVerb.KUDOS, True),
        (NotificationVerb.SWAP_UPDATE, True),
        (NotificationVerb.REACTION, False),
        (NotificationVerb.REPLY, False),
    ],
)
def test_email_follows_the_default_for_each_verb(
    agent, colleague, django_capture_on_commit_callbacks, mailoutbox, verb, emailed
):
    sent = email_count_after_commit(
        django_capture_on_commit_callbacks, mailoutbox, lambda: mention(agent, colleague, verb=verb)
    )

    assert Notification.objects.count() == 1
    assert sent == (1 if emailed else 0)


@pytest.mark.parametrize(
    ("verb", "email"), [(NotificationVerb.MENTION, False), (NotificationVerb.REACTION, True)]
)
def test_a_preference_overrides_the_default(
    agent, colleague, django_capture_on_commit_callbacks, mailoutbox, verb, email
):
    notifications.set_email_preference(user=agent, verb=verb, email=email)

    sent = email_count_after_commit(
        django_capture_on_commit_callbacks, mailoutbox, lambda: mention(agent, colleague, verb=verb)
    )

    assert notifications.wants_email(agent, verb) is email
    assert sent == (1 if email else 0)


def test_someone_elses_preference_does_not_change_mine(agent, colleague):
    notifications.set_email_preference(user=colleague, verb=NotificationVerb.MENTION, email=False)

    assert notifications.wants_email(agent, NotificationVerb.MENTION) is True


def test_setting_a_preference_twice_keeps_one_row(agent):
    notifications.set_email_preference(user=agent, verb=NotificationVerb.REPLY, email=True)
    notifications.set_email_preference(user=agent, verb=NotificationVerb.REPLY, email=False)

    assert NotificationPreference.objects.get(user=agent).email is False


def test_a_preference_for_an_unknown_verb_is_refused(agent):
    with pytest.raises(ValidationError, match="not a kind of notification"):
        notifications.set_email_preference(user=agent, verb="poke", email=True)


def test_mark_read_marks_only_the_persons_own_notifications(agent, colleague, team_leader):
    mine = [mention(agent, colleague), mention(agent, team_leader)]
    theirs = mention(colleague, agent)

    assert notifications.mark_read(user=agent) == 2

    assert all(
        n.read_at is not None for n in Notification.objects.filter(pk__in=[m.pk for m in mine])
    )
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_mark_read_by_id_ignores_ids_that_belong_to_someone_else(agent, colleague, team_leader):
    mine = mention(agent, colleague)
    other_of_mine = mention(agent, team_leader)
    theirs = mention(colleague, agent)

    assert notifications.mark_read(user=agent, notification_ids=[mine.pk, theirs.pk]) == 1

    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    other_of_mine.refresh_from_db()
    assert other_of_mine.is_unread


def test_marking_read_again_changes_nothing(agent, colleague):
    mention(agent, colleague)
    notifications.mark_read(user=agent)
    read_at = Notification.objects.get().read_at

    assert notifications.mark_read(user=agent) == 0
    assert Notification.objects.get().read_at == read_at


def test_unread_count_counts_only_my_unread_notifications(agent, colleague, team_leader):
    first = mention(agent, colleague)
    mention(agent, team_leader)
    mention(colleague, agent)
    notifications.mark_read(user=agent, notification_ids=[first.pk])

    assert notifications.unread_count(agent) == 1


def test_recent_for_lists_newest_first_with_the_actor_in_one_query(
    agent, make_person, django_assert_num_queries
):
    actors = [make_person() for _ in range(4)]
    for actor in actors:
        mention(agent, actor)

    with django_assert_num_queries(1):
        recent = notifications.recent_for(agent, limit=3)
        names = [n.actor.profile.display_name for n in recent]

    assert names == [actor.profile.display_name for actor in reversed(actors)][:3]


# The pages --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        reverse("notifications:index"),
        reverse("notifications:preferences"),
        reverse("notifications:bell"),
        reverse("notifications:open", args=[1]),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_bell_polled_after_the_session_ended_stays_a_plain_bell_and_stops_polling(client, db):
    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})

    assert response.status_code == 286
    assert reverse("notifications:index") in response.content.decode()
    assert "badge" not in response.content.decode()


def test_the_bell_shows_the_unread_count(client, agent, colleague, team_leader):
    mention(agent, colleague)
    mention(agent, team_leader)
    mention(colleague, agent)
    client.force_login(agent)

    response = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert 'data-unread-count="2"' in response.content.decode()
    assert "Notifications, 2 unread" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_the_bell_shows_no_badge_when_everything_is_read(client, agent, colleague):
    mention(agent, colleague)
    notifications.mark_read(user=agent)
    client.force_login(agent)

    response = client.get(reverse("notifications:bell"))

    assert "data-unread-count" not in response.content.decode()


def test_every_page_polls_the_bell_and_links_to_notification_settings(client, agent):
    client.force_login(agent)

    content = client.get(reverse("notifications:index")).content.decode()

    assert f'hx-get="{reverse("notifications:bell")}"' in content
    assert 'hx-trigger="load, every 60s"' in content
    assert f'href="{reverse("notifications:preferences")}"' in content


def test_the_notification_centre_highlights_unread_notifications(client, agent, colleague):
    read = mention(agent, colleague, message="Old news")
    notifications.mark_read(user=agent)
    unread = mention(agent, colleague, message="Fresh news")
    client.force_login(agent)

    response = client.get(reverse("notifications:index"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Fresh news") < content.index("Old news")
    assert reverse("notifications:open", args=[unread.pk]) in content
    assert reverse("notifications:open", args=[read.pk]) in content
    assert content.count("Unread:") == 1
    assert "Mark all as read" in content


def test_the_empty_notification_centre_says_what_happens_next(client, agent):
    client.force_login(agent)

    content = client.get(reverse("notifications:index")).content.decode()

    assert "No notifications yet" in content
    assert "Mark all as read" not in content


def test_the_notification_centre_costs_the_same_queries_for_5_or_50_notifications(
    client, agent, make_person
):
    actors = [make_person() for _ in range(50)]
    for actor in actors[:5]:
        mention(agent, actor)
    client.force_login(agent)
    url = reverse("notifications:index")

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for actor in actors[5:]:
        mention(agent, actor)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.context["page"].paginator.count == 50
    assert len(many) == len(few)


def test_the_notification_centre_pages_through_older_notifications(client, agent, colleague):
    for number in range(25):
        mention(agent, colleague, message=f"Notification {number}")
    client.force_login(agent)

    content = client.get(reverse("notifications:index"), {"page": 2}).content.decode()

    assert "Notification 0" in content
    assert "Notification 24" not in content


def test_mark_all_as_read_marks_everything_and_says_so(client, agent, colleague, team_leader):
    mention(agent, colleague)
    mention(agent, team_leader)
    client.force_login(agent)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert notifications.unread_count(agent) == 0
    assert "Marked 2 notifications as read." in response.content.decode()


def test_mark_all_as_read_with_nothing_unread_says_so(client, agent):
    client.force_login(agent)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert "You had no unread notifications." in response.content.decode()


def test_mark_all_as_read_needs_a_post(client, agent, colleague):
    mention(agent, colleague)
    client.force_login(agent)

    response = client.get(reverse("notifications:mark_all_read"))

    assert response.status_code == 405
    assert notifications.unread_count(agent) == 1


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, agent, colleague):
    notification = mention(agent, colleague, url="/people/?q=printer")
    other = mention(agent, colleague)
    client.force_login(agent)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/people/?q=printer"
    notification.refresh_from_db()
    other.refresh_from_db()
    assert notification.read_at is not None
    assert other.is_unread


def test_opening_someone_elses_notification_is_not_found(client, agent, colleague):
    theirs = mention(colleague, agent)
    client.force_login(agent)

    response = client.get(reverse("notifications:open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_unread


def test_a_notification_never_sends_anyone_off_site(client, agent, colleague):
    notification = mention(agent, colleague, url="https://phish.example/login")
    client.force_login(agent)

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.url == reverse("notifications:index")


def test_the_preferences_page_shows_the_defaults(client, agent):
    client.force_login(agent)

    response = client.get(reverse("notifications:preferences"))

    form = response.context["form"]
    assert response.status_code == 200
    assert "Email me when…" in response.content.decode()
    assert form[NotificationVerb.MENTION].value() is True
    assert form[NotificationVerb.REACTION].value() is False
    assert set(form.fields) == set(NotificationVerb.values)


def test_saving_preferences_confirms_and_stores_only_what_changed(client, agent):
    client.force_login(agent)
    wanted = {
        NotificationVerb.KUDOS: "on",
        NotificationVerb.SWAP_UPDATE: "on",
        NotificationVerb.INVITATION: "on",
        NotificationVerb.BRIEFING_REMINDER: "on",
        NotificationVerb.REPLY: "on",
    }

    response = client.post(reverse("notifications:preferences"), wanted, follow=True)

    assert "Your email preferences are saved." in response.content.decode()
    stored = NotificationPreference.objects.filter(user=agent).values_list("verb", "email")
    assert dict(stored) == {NotificationVerb.MENTION: False, NotificationVerb.REPLY: True}
    assert notifications.wants_email(agent, NotificationVerb.REPLY) is True
    assert notifications.wants_email(agent, NotificationVerb.MENTION) is False
    assert response.context["form"][NotificationVerb.REPLY].value() is True


def test_saving_preferences_touches_nobody_elses(client, agent, colleague):
    client.force_login(agent)

    client.post(reverse("notifications:preferences"), {})

    assert not NotificationPreference.objects.filter(user=colleague).exists()
    assert notifications.wants_email(colleague, NotificationVerb.MENTION) is True


def test_update_email_preferences_refuses_unknown_verbs(agent):
    with pytest.raises(ValidationError, match="not a kind of notification"):
        notifications.update_email_preferences(user=agent, email_verbs={"poke"})
    assert not NotificationPreference.objects.exists()


def test_notification_times_are_shown_relative_to_now(client, agent, colleague):
    notification = mention(agent, colleague)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(hours=3)
    )
    client.force_login(agent)

    assert "3\xa0hours ago" in client.get(reverse("notifications:index")).content.decode()


def test_notifications_recorded_without_email_send_none(
    agent, colleague, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True), notifications.without_email():
        mention(agent, colleague)

    assert Notification.objects.filter(recipient=agent).count() == 1
    assert mailoutbox == []
