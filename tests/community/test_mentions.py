"""@mentions: who they point at, who is told (once, and only if they may see the post)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community import services
from community.mentions import MAX_MENTIONS, render_with_mentions, resolve_mentions
from portal.models import Notification, NotificationVerb
from tests.community.test_markdown_safety import assert_harmless


def mentions_of(person):
    return list(Notification.objects.filter(recipient=person, verb=NotificationVerb.MENTION))


def test_a_mention_is_rewritten_with_the_persons_current_name(colleague):
    text, people = resolve_mentions(f"Ask @[The Boss](person:{colleague.pk}) about it")

    assert text == f"Ask @[Casey Colleague](person:{colleague.pk}) about it"
    assert people == [colleague]


def test_a_mention_of_nobody_becomes_plain_text(db):
    assert resolve_mentions("Hi @[Ghost](person:999999)") == ("Hi @Ghost", [])


def test_plain_at_names_and_emails_are_left_alone(agent):
    text = "Email alex@example.com or ask @Alex"
    assert resolve_mentions(text) == (text, [])


def test_a_mention_is_rendered_as_a_link_to_the_profile(colleague, mention):
    html = render_with_mentions(f"Thanks {mention(colleague)}!")
    url = reverse("people:detail", args=[colleague.pk])
    assert f'<a href="{url}" rel="noopener nofollow">@Casey Colleague</a>' in html


def test_a_hostile_name_in_a_mention_is_not_run(db):
    html = render_with_mentions('@[<img src=x onerror="alert(1)">](person:1)')
    assert_harmless(html)
    assert "&lt;img" in html


def test_mentioning_too_many_people_is_refused(agent, general):
    body = " ".join(f"@[P](person:{n})" for n in range(1, MAX_MENTIONS + 2))
    with pytest.raises(ValidationError, match="at most"):
        services.create_post(author=agent, section=general, body=body)


def test_a_person_mentioned_in_a_post_is_told_once(agent, colleague, make_post, mention):
    post = make_post(agent, body=f"Welcome {mention(colleague)} and {mention(colleague)}!")

    [told] = mentions_of(colleague)
    assert told.actor == agent and told.target == post
    assert "mentioned you in “" in told.message


def test_editing_a_post_does_not_tell_the_same_person_again(
    agent, colleague, team_leader, make_post, mention
):
    post = make_post(agent, body=f"Hi {mention(colleague)}")

    services.edit_post(actor=agent, post=post, body=f"Hi {mention(colleague)}, welcome")
    services.edit_post(
        actor=agent, post=post, body=f"Hi {mention(colleague)} and {mention(team_leader)}"
    )

    assert len(mentions_of(colleague)) == 1
    assert len(mentions_of(team_leader)) == 1


def test_nobody_is_told_about_a_post_they_cannot_see(
    manager, agent, shenzhen_agent, shenzhen, make_post, mention
):
    make_post(
        manager,
        body=f"For {mention(shenzhen_agent)}, not {mention(agent)}",
        sites=[shenzhen],
    )

    assert len(mentions_of(shenzhen_agent)) == 1
    assert mentions_of(agent) == []


def test_mentioning_yourself_or_a_leaver_tells_nobody(agent, colleague, make_post, mention):
    token = mention(colleague)
    colleague.is_active = False
    colleague.save()

    post = make_post(agent, body=f"Me {mention(agent)}, and {token}")

    assert not Notification.objects.exists()
    assert post.body == f"Me {mention(agent)}, and @Casey Colleague"


def test_a_person_mentioned_in_a_comment_is_told(agent, colleague, manager, make_post, mention):
    post = make_post(manager)

    comment = services.add_comment(author=agent, post=post, body=f"{mention(colleague)} look")
    services.edit_comment(actor=agent, comment=comment, body=f"{mention(colleague)} look!")

    [told] = mentions_of(colleague)
    assert told.target == comment and "mentioned you in a comment on “" in told.message


def test_someone_replied_to_and_mentioned_is_told_only_of_the_reply(
    agent, colleague, make_post, make_comment, mention
):
    post = make_post(agent)
    top = make_comment(colleague, post)

    make_comment(agent, post, parent=top, body=f"{mention(colleague)} yes")

    assert mentions_of(colleague) == []
    assert Notification.objects.filter(recipient=colleague, verb=NotificationVerb.REPLY).count()


def test_the_post_page_links_a_mention_to_the_profile(client, agent, colleague, make_post, mention):
    post = make_post(agent, body=f"Thanks {mention(colleague)}")
    client.force_login(colleague)

    html = client.get(post.get_absolute_url()).text

    assert f'href="{reverse("people:detail", args=[colleague.pk])}"' in html
    assert "@Casey Colleague" in html


# Autocomplete --------------------------------------------------------------------------


def suggest(client, query):
    response = client.get(reverse("community:mention_suggestions"), {"q": query})
    assert response.status_code == 200
    return json.loads(response.content)["results"]


def test_suggestions_match_the_start_of_any_word_of_a_name(client, agent, colleague, make_person):
    make_person(display_name="Colin Jones")
    client.force_login(agent)

    assert [p["name"] for p in suggest(client, "co")] == ["Casey Colleague", "Colin Jones"]
    assert [p["name"] for p in suggest(client, "CAS")] == ["Casey Colleague"]
    [casey] = suggest(client, "Casey C")
    assert casey["insert"] == f"@[Casey Colleague](person:{colleague.pk})"
    assert casey["detail"] == "Cardiff"
    assert suggest(client, "") == [] and suggest(client, "zz") == []


def test_suggestions_stop_at_eight_and_skip_leavers(client, agent, make_person):
    for n in range(10):
        make_person(display_name=f"Robin {n}")
    leaver = make_person(display_name="Robin Gone")
    leaver.is_active = False
    leaver.save()
    client.force_login(agent)

    names = [p["name"] for p in suggest(client, "rob")]

    assert len(names) == 8 and "Robin Gone" not in names


def test_suggestions_need_a_signed_in_person(client):
    response = client.get(reverse("community:mention_suggestions"), {"q": "a"})
    assert response.status_code == 302


def test_post_and_comment_boxes_offer_the_autocomplete(client, agent, make_post):
    post = make_post(agent)
    client.force_login(agent)
    url = reverse("community:mention_suggestions")

    for page in [reverse("community:new"), post.get_absolute_url()]:
        html = client.get(page).text
        assert f'data-mentions="{url}"' in html
        assert "js/community.js" in html


def test_search_snippets_show_mentions_as_names(client, agent, colleague, make_post):
    make_post(colleague, body=f"Thanks @[Alex Agent](person:{agent.pk}) for the router fix")
    client.force_login(agent)

    page = client.get(reverse("community:search"), {"q": "router"}).text

    assert "person:" not in page
    assert "Thanks @Alex Agent for the <mark>router</mark> fix" in page
