"""Notifications read in the language a person reads in today, not the one they had when told."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal import notifications
from portal.models import Notification, NotificationVerb, Role

CHINESE = "zh-hans"
ENGLISH = "en-gb"


@pytest.fixture
def chinese_agent(make_person, shenzhen):
    return make_person(
        Role.AGENT, display_name="Li Wei", site=shenzhen, team=None, language=CHINESE
    )


def notifications_word():
    return gettext("Notifications")


def tell(recipient, **overrides):
    arguments = {"verb": NotificationVerb.KUDOS, "message": notifications_word, "url": "/"}
    return notifications.notify(recipient=recipient, **{**arguments, **overrides})


def switch_language(client, language):
    client.post(reverse("set_language"), {"language": language, "next": reverse("home")})


def centre_text(client):
    page = client.get(reverse("notifications:index"))
    return [n.localised_message for n in page.context["page"].object_list], page.content.decode()


def test_someone_who_switches_language_reads_their_earlier_notifications_in_the_new_one(
    client, agent
):
    tell(agent)
    client.force_login(agent)
    assert centre_text(client)[0] == ["Notifications"]

    switch_language(client, CHINESE)

    shown, content = centre_text(client)
    assert shown == ["通知"]
    assert '<span class="d-block text-break">通知</span>' in content


def test_switching_back_shows_them_in_the_first_language_again(client, chinese_agent):
    tell(chinese_agent)
    client.force_login(chinese_agent)

    switch_language(client, ENGLISH)

    assert centre_text(client)[0] == ["Notifications"]


def test_someone_without_a_language_of_their_own_reads_them_in_the_browsers(client, agent):
    tell(agent)
    client.force_login(agent)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = CHINESE

    assert centre_text(client)[0] == ["通知"]


def test_a_notification_keeps_its_text_in_every_language_and_the_recipients_own_as_message(
    chinese_agent, agent
):
    # Whatever language the request that notifies runs in.
    with translation.override(ENGLISH):
        for_li = tell(chinese_agent)
    with translation.override(CHINESE):
        for_alex = tell(agent)

    for notification in (for_li, for_alex):
        notification.refresh_from_db()
        assert notification.messages == {ENGLISH: "Notifications", CHINESE: "通知"}
    assert (for_li.message, for_alex.message) == ("通知", "Notifications")


def test_a_notification_told_twice_with_one_key_keeps_the_first_texts(agent):
    tell(agent, dedupe_key="kudos:1")
    tell(agent, message=lambda: "Something else", dedupe_key="kudos:1")

    assert Notification.objects.get().messages == {ENGLISH: "Notifications", CHINESE: "通知"}


def test_every_language_is_shortened_to_fit(agent):
    tell(agent, message=lambda: gettext("Notifications") * 200)

    texts = Notification.objects.get().messages
    assert sorted(texts) == [ENGLISH, CHINESE]
    assert all(len(text) == notifications.MESSAGE_MAX_LENGTH for text in texts.values())


def test_a_plain_text_message_reads_the_same_in_every_language(client, agent):
    tell(agent, message="Casey sent you kudos")
    client.force_login(agent)

    assert Notification.objects.get().messages == {}
    assert centre_text(client)[0] == ["Casey sent you kudos"]
    switch_language(client, CHINESE)
    assert centre_text(client)[0] == ["Casey sent you kudos"]


def test_a_notification_from_before_every_language_was_kept_shows_its_message(
    client, chinese_agent
):
    Notification.objects.create(
        recipient=chinese_agent, verb=NotificationVerb.KUDOS, message="通知", url="/"
    )
    client.force_login(chinese_agent)

    switch_language(client, ENGLISH)

    assert centre_text(client)[0] == ["通知"]


def test_a_notification_without_the_active_language_shows_its_message():
    notification = Notification(message="Notifications", messages={CHINESE: "通知"})

    with translation.override(ENGLISH):
        assert notification.localised_message == "Notifications"
    with translation.override(CHINESE):
        assert notification.localised_message == "通知"


def test_notify_many_keeps_every_language_for_each_person_in_as_many_queries_for_2_as_for_8(
    chinese_agent, agent, make_person
):
    others = [make_person(Role.AGENT, language=CHINESE if n % 2 else "") for n in range(6)]

    def tell_crowd(people, key):
        with CaptureQueriesContext(connection) as queries:
            notifications.notify_many(
                recipients=get_user_model().objects.filter(pk__in=[p.pk for p in people]),
                verb=NotificationVerb.KUDOS,
                message=notifications_word,
                url="/",
                dedupe_key=key,
            )
        return len(queries)

    assert tell_crowd([chinese_agent, agent], "two") == tell_crowd(
        [chinese_agent, agent, *others], "eight"
    )
    told = Notification.objects.all()
    assert told.count() == 10
    assert {tuple(sorted(n.messages.items())) for n in told} == {
        ((ENGLISH, "Notifications"), (CHINESE, "通知"))
    }
    assert set(chinese_agent.notifications.values_list("message", flat=True)) == {"通知"}
    assert set(agent.notifications.values_list("message", flat=True)) == {"Notifications"}


def test_the_email_is_in_the_recipients_language_whatever_the_page_was_in(
    chinese_agent, agent, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True), translation.override(CHINESE):
        tell(agent)
    with django_capture_on_commit_callbacks(execute=True), translation.override(ENGLISH):
        tell(chinese_agent)

    by_recipient = {message.to[0]: message.body for message in mailoutbox}
    assert "\nNotifications\n" in by_recipient[agent.email]
    assert "通知" not in by_recipient[agent.email]
    assert "\n通知\n" in by_recipient[chinese_agent.email]


def test_notify_many_emails_each_person_in_their_own_language(
    chinese_agent, agent, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_many(
            recipients=get_user_model().objects.filter(pk__in=[chinese_agent.pk, agent.pk]),
            verb=NotificationVerb.KUDOS,
            message=notifications_word,
            url="/",
        )

    by_recipient = {message.to[0]: message.body for message in mailoutbox}
    assert "\nNotifications\n" in by_recipient[agent.email]
    assert "\n通知\n" in by_recipient[chinese_agent.email]


def test_the_home_page_shows_mentions_in_the_language_read_today(client, agent, make_person):
    tell(agent, verb=NotificationVerb.MENTION, actor=make_person())
    client.force_login(agent)

    switch_language(client, CHINESE)
    content = client.get(reverse("home")).content.decode()

    assert ">通知</a>" in content


def test_the_notification_centre_costs_the_same_queries_in_either_language(
    client, agent, make_person
):
    for _number in range(5):
        tell(agent, actor=make_person())
    client.force_login(agent)
    url = reverse("notifications:index")

    with CaptureQueriesContext(connection) as english:
        client.get(url)
    switch_language(client, CHINESE)
    with CaptureQueriesContext(connection) as chinese:
        assert centre_text(client)[0] == ["通知"] * 5

    assert len(chinese) == len(english)
