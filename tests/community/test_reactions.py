"""Reactions: one of each kind per person, toggled safely, with htmx or without."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from community import selectors, services
from community.models import Reaction, ReactionKind
from portal.models import Notification, NotificationVerb


def reactions(post):
    return sorted(Reaction.objects.filter(post=post).values_list("user_id", "kind"))


def test_a_reaction_toggled_twice_is_off(agent, colleague, make_post):
    post = make_post(colleague)

    assert services.toggle_reaction(user=agent, post=post, kind="like") is True
    assert reactions(post) == [(agent.pk, "like")]
    assert services.toggle_reaction(user=agent, post=post, kind="like") is False
    assert reactions(post) == []


def test_one_person_can_give_each_kind_once(agent, colleague, make_post):
    post = make_post(colleague)
    for kind in ReactionKind.values:
        services.toggle_reaction(user=agent, post=post, kind=kind)

    assert len(reactions(post)) == 4
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(post=post, user=agent, kind="like")


def test_asking_for_a_state_twice_lands_on_it(agent, colleague, make_post):
    post = make_post(colleague)

    for _attempt in range(2):
        assert services.toggle_reaction(user=agent, post=post, kind="thanks", on=True)
    assert reactions(post) == [(agent.pk, "thanks")]
    for _attempt in range(2):
        assert not services.toggle_reaction(user=agent, post=post, kind="thanks", on=False)
    assert reactions(post) == []


def test_an_unknown_reaction_is_refused(agent, make_post):
    with pytest.raises(ValidationError):
        services.toggle_reaction(user=agent, post=make_post(agent), kind="angry")


def test_nobody_reacts_to_a_post_they_cannot_see_or_that_is_deleted(
    agent, manager, shenzhen, make_post
):
    hidden = make_post(manager, sites=[shenzhen])
    deleted = make_post(manager)
    services.delete_post(actor=manager, post=deleted)

    for post in [hidden, deleted]:
        with pytest.raises(PermissionDenied):
            services.toggle_reaction(user=agent, post=post, kind="like")
    assert not Reaction.objects.exists()


def test_the_author_is_told_once_per_person_and_kind(agent, colleague, make_post):
    post = make_post(colleague)

    for _toggle in range(3):
        services.toggle_reaction(user=agent, post=post, kind="celebrate")
    services.toggle_reaction(user=agent, post=post, kind="like")
    services.toggle_reaction(user=colleague, post=post, kind="like")

    told = Notification.objects.filter(recipient=colleague, verb=NotificationVerb.REACTION)
    assert sorted(n.message for n in told) == [
        "Alex Agent reacted to your post “Hello, floor!”: Celebrate",
        "Alex Agent reacted to your post “Hello, floor!”: Like",
    ]


def test_the_reaction_notice_names_the_reaction_in_chinese_for_a_chinese_reader(
    client, agent, make_person, make_post
):
    li = make_person(display_name="Li Wei", language="zh-hans")
    services.toggle_reaction(user=agent, post=make_post(li), kind="like")
    client.force_login(li)

    content = client.get(reverse("notifications:index")).content.decode()

    assert "Alex Agent 回应了你的帖子“Hello, floor!”\N{FULLWIDTH COLON}赞" in content
    assert "Like" not in content


def browser_in_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"


def switch_to_chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": reverse("home")})


@pytest.mark.parametrize("read_in_chinese", [browser_in_chinese, switch_to_chinese])
def test_a_reaction_told_in_english_reads_in_chinese_once_the_page_is_in_chinese(
    client, agent, colleague, make_post, read_in_chinese
):
    services.toggle_reaction(user=agent, post=make_post(colleague), kind="thanks")
    client.force_login(colleague)

    read_in_chinese(client)
    content = client.get(reverse("notifications:index")).content.decode()

    assert (
        Notification.objects.get().message
        == "Alex Agent reacted to your post “Hello, floor!”: Thanks"
    )
    assert "Alex Agent 回应了你的帖子“Hello, floor!”\N{FULLWIDTH COLON}感谢" in content


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_toggles_make_one_reaction(agent, colleague, make_post):
    post = make_post(colleague)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def react():
        try:
            barrier.wait(timeout=5)
            results.append(services.toggle_reaction(user=agent, post=post, kind="like", on=True))
        except Exception as error:  # reported below: a thread's exception would be lost
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=react) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and results == [True, True]
    assert reactions(post) == [(agent.pk, "like")]


def test_the_post_knows_its_counts_and_my_reactions(agent, colleague, make_person, make_post):
    post = make_post(colleague)
    services.toggle_reaction(user=agent, post=post, kind="like")
    services.toggle_reaction(user=make_person(), post=post, kind="like")
    services.toggle_reaction(user=make_person(), post=post, kind="insightful")

    shown = selectors.post_for(agent, post.pk)

    bar = {item.kind: (item.count, item.mine) for item in shown.reaction_bar}
    assert bar == {
        "like": (2, True),
        "thanks": (0, False),
        "celebrate": (0, False),
        "insightful": (1, False),
    }
    assert shown.reaction_total == 3


def test_each_feed_card_counts_its_own_reactions(agent, colleague, make_person, make_post):
    quiet, busy = make_post(colleague, body="Quiet"), make_post(colleague, body="Busy")
    services.toggle_reaction(user=agent, post=busy, kind="thanks")
    for _ in range(3):
        services.toggle_reaction(user=make_person(), post=busy, kind="celebrate")
    services.toggle_reaction(user=make_person(), post=quiet, kind="thanks")

    cards = {post.pk: post for post in selectors.feed_for(agent).posts}

    def bar(post):
        return {item.kind: (item.count, item.mine) for item in cards[post.pk].reaction_bar}

    assert bar(busy) == {
        "like": (0, False),
        "thanks": (1, True),
        "celebrate": (3, False),
        "insightful": (0, False),
    }
    assert bar(quiet)["thanks"] == (1, False)
    assert cards[quiet.pk].reaction_total == 1


# Pages ---------------------------------------------------------------------------------


def test_htmx_gets_the_updated_reaction_bar(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)

    response = client.post(
        reverse("community:react", args=[post.pk]),
        {"reaction": "like:on", "next": post.get_absolute_url()},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200 and "<html" not in response.text
    assert "HX-Request" in response["Vary"]
    assert response.text.count("<form") == 1
    assert 'aria-pressed="true"' in response.text and response.text.count("aria-pressed") == 4
    assert 'name="reaction" value="like:off"' in response.text
    assert 'name="reaction" value="thanks:on"' in response.text
    assert f'value="{post.get_absolute_url()}"' in response.text
    assert reactions(post) == [(agent.pk, "like")]


def test_without_javascript_a_reaction_goes_back_to_the_pressed_button_and_confirms(
    client, agent, colleague, make_post
):
    post = make_post(colleague)
    client.force_login(agent)
    feed = reverse("community:index")

    response = client.post(
        reverse("community:react", args=[post.pk]), {"reaction": "thanks:on", "next": feed}
    )

    assert response.status_code == 302 and response.url == f"{feed}#reaction-{post.pk}-thanks"
    assert "You reacted: Thanks." in client.get(feed).text


def test_a_reaction_never_sends_anyone_off_site(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)

    response = client.post(
        reverse("community:react", args=[post.pk]),
        {"reaction": "like:on", "next": "https://evil.example/"},
    )

    assert response.url == f"{post.get_absolute_url()}#reaction-{post.pk}-like"


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "angry"},
        {},
        {"reaction": "angry:on"},
        {"reaction": "like:maybe"},
        {"reaction": "like"},
    ],
)
def test_an_unknown_reaction_is_a_bad_request(client, agent, make_post, data):
    post = make_post(agent)
    client.force_login(agent)
    response = client.post(reverse("community:react", args=[post.pk]), data)
    assert response.status_code == 400
    assert reactions(post) == []


def test_a_button_sent_twice_leaves_the_reaction_as_it_showed(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)
    react = reverse("community:react", args=[post.pk])

    client.post(react, {"reaction": "insightful:on"})
    client.post(react, {"reaction": "insightful:on"})
    assert reactions(post) == [(agent.pk, "insightful")]

    client.post(react, {"reaction": "insightful:off"})
    client.post(react, {"reaction": "insightful:off"})
    assert reactions(post) == []


def test_reacting_to_a_hidden_post_is_not_found(client, agent, manager, shenzhen, make_post):
    post = make_post(manager, sites=[shenzhen])
    client.force_login(agent)
    response = client.post(reverse("community:react", args=[post.pk]), {"reaction": "like:on"})
    assert response.status_code == 404


def test_the_post_page_shows_pressed_reactions(client, agent, colleague, make_post):
    post = make_post(colleague)
    services.toggle_reaction(user=agent, post=post, kind="celebrate")
    client.force_login(agent)

    html = client.get(post.get_absolute_url()).text

    assert html.count('aria-pressed="true"') == 1
    assert "bi-trophy-fill" in html


def test_every_reaction_icon_and_its_pressed_form_exist_in_the_icon_font():
    from django.conf import settings

    from community.models import REACTION_ICONS

    icons = (
        settings.BASE_DIR / "static/vendor/bootstrap-icons/bootstrap-icons.min.css"
    ).read_text()
    for icon in REACTION_ICONS.values():
        for shown in (icon, f"{icon}-fill"):
            assert f".bi-{shown}::before" in icons, shown


def test_celebrate_shows_a_trophy_not_a_round_shape_like_insightfuls_lightbulb():
    """On a phone a card's bar shows icons only: a balloon beside the lightbulb read as two
    of the same, so each kind has an icon of its own outline."""
    from community.models import REACTION_ICONS, ReactionKind

    assert REACTION_ICONS[ReactionKind.CELEBRATE] == "trophy"
    assert REACTION_ICONS[ReactionKind.INSIGHTFUL] == "lightbulb"
    assert len(set(REACTION_ICONS.values())) == len(ReactionKind)
