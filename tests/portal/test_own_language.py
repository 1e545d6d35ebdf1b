"""Each person's own language: their pages on every device, the footer switch, their email."""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from community import services as community_services
from community.models import Section
from portal import notifications, services
from portal.middleware import SESSION_LANGUAGE_KEY
from portal.models import NotificationVerb, Profile, Role
from tests.browser_support import PASSWORD

CHINESE = "zh-hans"
ENGLISH = "en-gb"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def with_language_cookie(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def chinese_agent(make_person, shenzhen):
    return make_person(
        Role.AGENT, display_name="Li Wei", site=shenzhen, team=None, language=CHINESE
    )


# Pages ------------------------------------------------------------------------------


def test_pages_follow_the_profile_language_over_a_browser_cookie_saying_otherwise(
    client, chinese_agent
):
    client.force_login(chinese_agent)
    with_language_cookie(client, ENGLISH)

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=ENGLISH)

    assert response.status_code == 200
    assert response["Content-Language"] == CHINESE
    assert f'<html lang="{CHINESE}"' in response.content.decode()


def test_the_bell_polled_by_every_page_speaks_the_persons_language_too(client, chinese_agent):
    client.force_login(chinese_agent)
    with_language_cookie(client, ENGLISH)

    response = client.get(reverse("notifications:bell"), HTTP_HX_REQUEST="true")

    assert response["Content-Language"] == CHINESE


def test_a_person_without_a_language_of_their_own_keeps_the_cookie(client, agent):
    client.force_login(agent)
    with_language_cookie(client, CHINESE)

    response = client.get(reverse("home"))

    assert response["Content-Language"] == CHINESE


def test_signed_out_pages_keep_the_cookie_even_after_someone_signed_out(client, chinese_agent):
    client.force_login(chinese_agent)
    client.logout()
    with_language_cookie(client, ENGLISH)

    response = client.get(reverse("account_login"))

    assert response["Content-Language"] == ENGLISH


def test_a_session_from_before_languages_were_remembered_looks_it_up(client, chinese_agent):
    client.force_login(chinese_agent)
    session = client.session
    del session[SESSION_LANGUAGE_KEY]
    session.save()

    first = client.get(reverse("home"))

    assert first["Content-Language"] == CHINESE
    assert client.session[SESSION_LANGUAGE_KEY] == CHINESE


# The footer's language switch -----------------------------------------------------


def test_the_footer_switch_saves_the_choice_to_a_signed_in_persons_profile(client, agent):
    client.force_login(agent)
    with_language_cookie(client, ENGLISH)

    response = client.post(
        reverse("set_language"), {"language": CHINESE, "next": reverse("home")}, follow=True
    )

    assert Profile.objects.get(pk=agent.pk).language == CHINESE
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert response["Content-Language"] == CHINESE
    # Confirmed in the language just chosen.
    assert messages_of(response) == ["语言已保存。Switchboard 会在你登录的每台设备上使用它。"]


def test_the_choice_follows_the_person_to_their_next_device(client, agent):
    client.force_login(agent)
    client.post(reverse("set_language"), {"language": CHINESE, "next": reverse("home")})

    other_device = type(client)()
    other_device.force_login(agent)
    response = other_device.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=ENGLISH)

    assert response["Content-Language"] == CHINESE


def test_a_device_already_signed_in_follows_a_choice_made_on_another_at_its_next_page(
    client, agent
):
    phone = type(client)()
    phone.force_login(agent)
    assert phone.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=ENGLISH)["Content-Language"] == ENGLISH

    client.force_login(agent)
    client.post(reverse("set_language"), {"language": CHINESE, "next": reverse("home")})

    response = phone.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=ENGLISH)
    assert response["Content-Language"] == CHINESE
    assert phone.session[SESSION_LANGUAGE_KEY] == CHINESE
    assert phone.cookies[settings.LANGUAGE_COOKIE_NAME].value == CHINESE


def test_the_footer_switch_names_each_language_in_itself_whatever_the_page_is_in(
    client, chinese_agent
):
    client.force_login(chinese_agent)

    page = client.get(reverse("home")).content.decode()

    assert '<option value="en-gb">English</option>' in page
    assert '<option value="zh-hans" selected>简体中文</option>' in page


def test_the_footer_switch_sets_only_the_cookie_for_a_signed_out_visitor(client, agent):
    response = client.post(
        reverse("set_language"), {"language": CHINESE, "next": reverse("account_login")}
    )

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == CHINESE
    assert Profile.objects.get(pk=agent.pk).language == ""
    assert client.get(reverse("account_login"))["Content-Language"] == CHINESE


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_footer_switch_refuses_an_unknown_language_with_a_clear_error(client, agent, signed_in):
    if signed_in:
        client.force_login(agent)

    response = client.post(
        reverse("set_language"), {"language": "xx-evil", "next": reverse("home")}, follow=True
    )

    assert messages_of(response) == [
        "“xx-evil” is not a language of Switchboard. Choose one of: English, 简体中文."
    ]
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert Profile.objects.get(pk=agent.pk).language == ""


def test_a_long_unknown_language_is_shown_shortened_in_the_error(client, agent):
    client.force_login(agent)

    response = client.post(reverse("set_language"), {"language": "x" * 500}, follow=True)

    [error] = messages_of(response)
    assert error.startswith("“" + "x" * 19 + "…” is not a language of Switchboard.")


def test_the_footer_switch_only_answers_a_form_post(client, agent):
    client.force_login(agent)

    assert client.get(reverse("set_language"), {"language": CHINESE}).status_code == 405
    assert Profile.objects.get(pk=agent.pk).language == ""


# The profile page and the services ----------------------------------------------------


def test_a_person_chooses_their_language_on_their_own_profile_page(client, agent):
    client.force_login(agent)
    profile = agent.profile

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        {"display_name": profile.display_name, "language": CHINESE, "celebrate_birthday": "on"},
        follow=True,
    )

    assert Profile.objects.get(pk=agent.pk).language == CHINESE
    assert response["Content-Language"] == CHINESE
    assert len(messages_of(response)) == 1


def test_an_unknown_language_on_the_profile_page_is_refused_and_keeps_what_was_typed(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        {"display_name": "Alex Typed", "language": "klingon", "celebrate_birthday": "on"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["language"] == [
        "Select a valid choice. klingon is not one of the available choices."
    ]
    assert 'value="Alex Typed"' in response.content.decode()
    assert Profile.objects.get(pk=agent.pk).language == ""


def test_a_person_cannot_set_someone_elses_language(client, agent, team_leader):
    client.force_login(agent)

    response = client.post(
        reverse("people:edit", args=[team_leader.pk]),
        {"display_name": "Tess Leader", "language": CHINESE},
    )

    assert response.status_code == 403
    assert Profile.objects.get(pk=team_leader.pk).language == ""


def test_an_administrator_sets_someones_language_and_the_admins_own_pages_stay_as_they_were(
    client, administrator, agent
):
    client.force_login(administrator)

    response = client.post(
        reverse("people:edit", args=[agent.pk]),
        {
            "display_name": agent.profile.display_name,
            "role": Role.AGENT,
            "language": CHINESE,
            "celebrate_birthday": "on",
        },
        follow=True,
    )

    assert Profile.objects.get(pk=agent.pk).language == CHINESE
    assert Profile.objects.get(pk=administrator.pk).language == ""
    assert response["Content-Language"] == ENGLISH
    assert messages_of(response) == ["Profile saved."]


def test_an_administrator_adds_a_person_with_their_language_and_the_invitation_is_in_it(
    admin_client, cardiff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("people:add"),
            {
                "email": "wang@example.com",
                "display_name": "Wang Fang",
                "role": Role.AGENT,
                "site": cardiff.pk,
                "language": CHINESE,
                "send_invitation": "on",
            },
        )

    assert Profile.objects.get(user__email="wang@example.com").language == CHINESE
    [invitation] = mailoutbox
    assert invitation.subject == "[Switchboard] 邀请你加入 Switchboard"


def test_the_services_refuse_an_unknown_language(agent):
    with pytest.raises(ValidationError) as refused:
        services.update_profile(actor=agent, profile=agent.profile, language="xx")
    assert refused.value.message_dict == {
        "language": ["“xx” is not a language of Switchboard. Choose one of: English, 简体中文."]
    }
    with pytest.raises(ValidationError):
        services.set_own_language(actor=agent, language="")
    assert Profile.objects.get(pk=agent.pk).language == ""


def test_the_database_refuses_an_unknown_language(agent):
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.filter(pk=agent.pk).update(language="xx")


# Email ------------------------------------------------------------------------------


def test_a_notification_email_is_framed_in_the_recipients_language(
    chinese_agent, agent, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        for recipient in (chinese_agent, agent):
            notifications.notify(
                recipient=recipient,
                verb=NotificationVerb.KUDOS,
                message="Casey sent you kudos",
                url="/community/",
            )

    by_recipient = {message.to[0]: message.body for message in mailoutbox}
    assert "Li Wei" in by_recipient[chinese_agent.email]
    assert "你好" in by_recipient[chinese_agent.email]
    assert "在 Switchboard 中打开" in by_recipient[chinese_agent.email]
    assert "Hello Alex Agent" in by_recipient[agent.email]
    assert "Open it in Switchboard" in by_recipient[agent.email]


def test_notify_many_frames_each_email_in_its_recipients_language(
    chinese_agent, agent, django_capture_on_commit_callbacks, mailoutbox
):
    from portal.models import User

    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_many(
            recipients=User.objects.filter(pk__in=[chinese_agent.pk, agent.pk]),
            verb=NotificationVerb.KUDOS,
            message="Everyone got kudos",
            url="/community/",
        )

    by_recipient = {message.to[0]: message.body for message in mailoutbox}
    assert "在 Switchboard 中打开" in by_recipient[chinese_agent.email]
    assert "Open it in Switchboard" in by_recipient[agent.email]


def test_a_notification_written_by_a_function_is_written_in_each_recipients_language(
    chinese_agent, agent
):
    def written():
        return gettext("Notifications")

    with translation.override(CHINESE):
        for recipient in (chinese_agent, agent):
            notifications.notify(
                recipient=recipient, verb=NotificationVerb.KUDOS, message=written, url="/"
            )

    assert chinese_agent.notifications.get().message == "通知"
    assert agent.notifications.get().message == "Notifications"


def test_notify_many_writes_once_per_language_in_as_many_queries_for_2_people_as_for_8(
    chinese_agent, agent, make_person
):
    from portal.models import User

    others = [make_person(Role.AGENT, language=CHINESE if n % 2 else "") for n in range(6)]
    calls = []

    def written():
        calls.append(translation.get_language())
        return gettext("Notifications")

    def tell(people):
        with CaptureQueriesContext(connection) as queries:
            told = notifications.notify_many(
                recipients=User.objects.filter(pk__in=[person.pk for person in people]),
                verb=NotificationVerb.KUDOS,
                message=written,
                url="/",
            )
        return told, len(queries)

    two = tell([chinese_agent, agent])
    calls_for_two = sorted(calls)
    eight = tell([chinese_agent, agent, *others])

    assert (two[0], eight[0]) == (2, 8)
    assert two[1] == eight[1]
    assert calls_for_two == sorted([CHINESE, settings.LANGUAGE_CODE])
    assert [n.message for n in chinese_agent.notifications.all()] == ["通知", "通知"]
    assert [n.message for n in agent.notifications.all()] == ["Notifications", "Notifications"]


def test_someone_mentioned_by_a_colleague_working_in_chinese_reads_it_in_english(
    client, chinese_agent, agent
):
    post = community_services.create_post(
        author=agent,
        section=Section.objects.get(slug="general"),
        title="Rota",
        body="Who covers Friday?",
    )
    # Li Wei's own request runs in Chinese.
    with translation.override(CHINESE):
        community_services.add_comment(author=chinese_agent, post=post, body="我来")

    (told,) = agent.notifications.filter(verb=NotificationVerb.REPLY)
    assert told.message == "Li Wei commented on your post “Rota”"


def test_a_password_reset_email_is_in_the_persons_language_whatever_the_page_was_in(
    client, chinese_agent, django_capture_on_commit_callbacks
):
    with_language_cookie(client, ENGLISH)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": chinese_agent.email})

    [message] = mail.outbox
    assert "Hello from Switchboard!" not in message.body
    assert "的 Hello!" in message.body


# Invitations and signing in ----------------------------------------------------------


@pytest.fixture
def chinese_invitee(administrator, cardiff, django_capture_on_commit_callbacks, mailoutbox):
    """Someone an administrator added in Chinese and invited, with the email sent."""
    with django_capture_on_commit_callbacks(execute=True):
        services.create_person(
            actor=administrator,
            email="wang@example.com",
            display_name="Wang Fang",
            site=cardiff,
            language=CHINESE,
        )
    mailoutbox.clear()
    return Profile.objects.get(user__email="wang@example.com").user


def link_for(person):
    return urlparse(services.invitation_link(person)).path


def in_chinese(text):
    with translation.override(CHINESE):
        return gettext(text)


def test_an_invitation_opens_the_password_page_in_the_invitees_language_not_the_browsers(
    client, chinese_invitee
):
    with_language_cookie(client, ENGLISH)

    page = client.get(link_for(chinese_invitee), HTTP_ACCEPT_LANGUAGE=ENGLISH, follow=True)

    assert page.redirect_chain, "allauth moves the key out of the address first"
    assert page["Content-Language"] == CHINESE
    assert "token_fail" not in page.context
    assert in_chinese("Choose your password") in page.content.decode()


def test_after_choosing_a_password_the_messages_are_in_the_invitees_language(
    client, chinese_invitee
):
    with_language_cookie(client, ENGLISH)
    form = client.get(link_for(chinese_invitee), HTTP_ACCEPT_LANGUAGE=ENGLISH, follow=True)
    password = "a-Brand-new-passphrase-42"

    chosen = client.post(
        form.redirect_chain[-1][0],
        {"password1": password, "password2": password},
        HTTP_ACCEPT_LANGUAGE=ENGLISH,
    )

    assert chosen.status_code == 302
    with translation.override(CHINESE):
        assert messages_of(chosen) == [
            gettext("Your password is saved."),
            gettext("Successfully signed in as %(name)s.") % {"name": "Wang Fang"},
        ]
    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == CHINESE


def test_a_password_link_for_someone_without_a_language_follows_the_browser(client, agent):
    page = client.get(
        urlparse(services.invitation_link(agent)).path, HTTP_ACCEPT_LANGUAGE=CHINESE, follow=True
    )

    assert "token_fail" not in page.context
    assert page["Content-Language"] == CHINESE


def test_a_password_link_that_does_not_work_does_not_give_away_whose_language_it_is(
    client, chinese_invitee
):
    good = link_for(chinese_invitee)
    forged = good.rstrip("/")[:-3] + "abc/"

    page = client.get(forged, HTTP_ACCEPT_LANGUAGE=ENGLISH, follow=True)

    assert page.context["token_fail"]
    assert page["Content-Language"] == ENGLISH


def test_signing_in_greets_the_person_in_their_language_and_sets_the_cookie(client, chinese_agent):
    with_language_cookie(client, ENGLISH)

    signed_in = client.post(
        reverse("account_login"),
        {"login": chinese_agent.email, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE=ENGLISH,
    )

    assert signed_in.status_code == 302
    with translation.override(CHINESE):
        assert messages_of(signed_in) == [
            gettext("Successfully signed in as %(name)s.") % {"name": "Li Wei"}
        ]
    assert signed_in.cookies[settings.LANGUAGE_COOKIE_NAME].value == CHINESE
    client.post(reverse("account_logout"))
    assert client.get(reverse("account_login"))["Content-Language"] == CHINESE


def test_signing_in_without_a_language_of_ones_own_keeps_the_browsers_and_the_cookie(client, agent):
    with_language_cookie(client, CHINESE)

    signed_in = client.post(reverse("account_login"), {"login": agent.email, "password": PASSWORD})

    assert settings.LANGUAGE_COOKIE_NAME not in signed_in.cookies
    with translation.override(CHINESE):
        assert messages_of(signed_in) == [
            gettext("Successfully signed in as %(name)s.") % {"name": "Alex Agent"}
        ]


def test_choosing_a_language_on_ones_profile_sets_the_cookie_for_open_pages(client, agent):
    client.force_login(agent)

    saved = client.post(
        reverse("people:edit", args=[agent.pk]),
        {"display_name": agent.profile.display_name, "language": CHINESE},
    )

    assert saved.status_code == 302
    assert saved.cookies[settings.LANGUAGE_COOKIE_NAME].value == CHINESE
