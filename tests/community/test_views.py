"""The community pages: the feed, a post, writing, editing, deleting and pinning."""

import pytest
from django.urls import reverse

from community import selectors, services
from community.models import Post, PostView
from portal.models import Role
from tests.community.test_feed import bulk_posts


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("community:index"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_an_empty_feed_says_what_to_do(signed_in, agent):
    response = signed_in(agent).get(reverse("community:index"))

    assert response.status_code == 200
    assert "The feed is quiet" in response.text
    assert reverse("community:new") in response.text


def test_the_feed_has_a_pill_for_each_section(signed_in, agent):
    response = signed_in(agent).get(reverse("community:index"))
    for name in ["Announcements", "HR", "Shift swaps", "Lost and found", "General"]:
        assert name in response.text


def test_an_empty_section_invites_a_first_post_where_allowed(signed_in, agent):
    client = signed_in(agent)

    tips = client.get(reverse("community:index"), {"section": "tips"})
    announcements = client.get(reverse("community:index"), {"section": "announcements"})

    assert "Nothing in Tips and know-how yet" in tips.text
    assert f"{reverse('community:new')}?section=tips" in tips.text
    assert "Nothing in Announcements yet" in announcements.text
    assert f"{reverse('community:new')}?section=announcements" not in announcements.text


def test_an_unknown_or_hidden_section_is_not_found(signed_in, agent, shenzhen_section):
    client = signed_in(agent)
    for slug in ["nope", shenzhen_section.slug]:
        assert client.get(reverse("community:index"), {"section": slug}).status_code == 404


def test_load_more_is_a_plain_link_that_htmx_enhances(signed_in, agent, colleague, general):
    bulk_posts(colleague, general, 25)
    client = signed_in(agent)

    page = client.get(reverse("community:index"))
    cursor = selectors.feed_for(agent, limit=20).next_cursor
    assert f'href="?before={cursor}"' in page.text
    assert f'hx-get="?before={cursor}"' in page.text
    assert 'hx-swap="outerHTML"' in page.text

    more = client.get(
        reverse("community:index"), {"before": cursor}, headers={"HX-Request": "true"}
    )
    assert more.status_code == 200 and "<html" not in more.text
    assert more.text.count("<article") == 5
    assert "all caught up" in more.text
    assert "HX-Request" in more["Vary"]

    without_js = client.get(reverse("community:index"), {"before": cursor})
    assert "<html" in without_js.text and "Back to the newest posts" in without_js.text


def test_the_first_post_load_more_brings_in_takes_the_keyboard_focus(
    signed_in, agent, colleague, general
):
    bulk_posts(colleague, general, 25)
    client = signed_in(agent)
    cursor = selectors.feed_for(agent, limit=20).next_cursor
    first_new = selectors.feed_for(agent, before=cursor).posts[0]

    more = client.get(
        reverse("community:index"), {"before": cursor}, headers={"HX-Request": "true"}
    )

    # htmx focuses what new content marks autofocus; the card takes focus without a tab stop.
    assert more.text.count("autofocus") == 1
    first_card = more.text.split("<article")[1].split(">")[0]
    assert f'id="post-{first_new.pk}"' in first_card
    assert 'tabindex="-1" autofocus' in first_card
    # A whole page opens at its top, as usual.
    assert "autofocus" not in client.get(reverse("community:index")).text
    assert "autofocus" not in client.get(reverse("community:index"), {"before": cursor}).text


def test_a_forged_cursor_is_a_bad_request(signed_in, agent):
    response = signed_in(agent).get(reverse("community:index"), {"before": "forged"})
    assert response.status_code == 400


def test_the_feed_marks_what_it_shows_as_seen(signed_in, agent, colleague, make_post):
    post = make_post(colleague)
    client = signed_in(agent)

    assert "New</span>" in client.get(reverse("community:index")).text
    assert PostView.objects.filter(post=post, user=agent).exists()
    assert "New</span>" not in client.get(reverse("community:index")).text


def test_opening_a_post_counts_as_seen(signed_in, agent, colleague, make_post):
    post = make_post(colleague, title="Parking", body="The car park closes early.")

    response = signed_in(agent).get(post.get_absolute_url())

    assert response.status_code == 200
    assert "The car park closes early." in response.text
    assert PostView.objects.filter(post=post, user=agent).count() == 1


def test_the_post_page_says_how_many_saw_it(signed_in, agent, colleague, make_person, make_post):
    post = make_post(agent)
    services.mark_seen(user=colleague, posts=[post])
    services.mark_seen(user=make_person(), posts=[post])

    assert "Seen by 2 people" in signed_in(agent).get(post.get_absolute_url()).text


def test_a_shenzhen_only_post_is_not_found_for_a_cardiff_agent(
    signed_in, agent, shenzhen_agent, manager, shenzhen, make_post
):
    post = make_post(manager, body="Shenzhen only", sites=[shenzhen])

    assert signed_in(agent).get(post.get_absolute_url()).status_code == 404
    assert signed_in(shenzhen_agent).get(post.get_absolute_url()).status_code == 200


def test_a_deleted_post_is_not_found_for_agents_but_shown_to_managers(
    signed_in, agent, colleague, manager, make_post
):
    post = make_post(colleague)
    services.delete_post(actor=colleague, post=post)

    assert signed_in(agent).get(post.get_absolute_url()).status_code == 404
    as_manager = signed_in(manager).get(post.get_absolute_url())
    assert as_manager.status_code == 200 and "Deleted by Casey Colleague" in as_manager.text
    assert "Deleted</span>" in signed_in(manager).get(reverse("community:index")).text


def test_the_new_post_form_offers_only_sections_one_may_post_in(
    signed_in, agent, announcements, section
):
    response = signed_in(agent).get(reverse("community:new"), {"section": "tips"})

    sections = response.context["form"].fields["section"].queryset
    assert announcements not in sections and sections.filter(slug="general").exists()
    assert response.context["form"]["section"].value() == section("tips").pk


def test_posting_goes_to_the_post_with_a_confirmation(signed_in, agent, general, shenzhen):
    response = signed_in(agent).post(
        reverse("community:new"),
        {"section": general.pk, "title": "Quiz night", "body": "Friday, **7pm**."},
        follow=True,
    )

    post = Post.objects.get()
    assert response.redirect_chain[-1][0] == post.get_absolute_url()
    assert "Posted in General." in response.text
    assert "<strong>7pm</strong>" in response.text


def test_posting_with_an_audience_narrows_it(signed_in, manager, general, shenzhen):
    signed_in(manager).post(
        reverse("community:new"),
        {"section": general.pk, "body": "Hi", "sites": [shenzhen.pk], "roles": [Role.AGENT]},
    )
    assert list(Post.objects.get().audience.sites.all()) == [shenzhen]


def test_an_empty_post_keeps_what_was_typed(signed_in, agent, general):
    response = signed_in(agent).post(
        reverse("community:new"), {"section": general.pk, "title": "Keep this title", "body": " "}
    )

    assert response.status_code == 200
    assert "Write something before posting." in response.text
    assert 'value="Keep this title"' in response.text
    assert not Post.objects.exists()


def test_an_agent_cannot_post_to_announcements_by_forging_the_form(signed_in, agent, announcements):
    response = signed_in(agent).post(
        reverse("community:new"), {"section": announcements.pk, "body": "Everyone gets Friday off"}
    )
    assert response.status_code == 200 and not Post.objects.exists()
    assert "Select a valid choice" in response.text


def test_the_author_edits_and_the_post_shows_edited(signed_in, agent, make_post):
    post = make_post(agent, body="Typo hree")
    client = signed_in(agent)

    form = client.get(reverse("community:edit", args=[post.pk]))
    assert "Typo hree" in form.text
    response = client.post(
        reverse("community:edit", args=[post.pk]), {"title": "", "body": "Typo here"}, follow=True
    )

    assert "Your changes are saved." in response.text
    assert "edited" in response.text and "Typo here" in response.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_else_may_edit_a_post(signed_in, agent, manager, make_post, method):
    post = make_post(agent, body="Mine")
    response = getattr(signed_in(manager), method)(
        reverse("community:edit", args=[post.pk]), {"body": "Theirs"}
    )
    assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).body == "Mine"


def test_the_post_page_offers_edit_and_delete_only_to_those_allowed(
    signed_in, agent, colleague, manager, make_post
):
    post = make_post(agent)
    edit_url = reverse("community:edit", args=[post.pk])
    delete_url = reverse("community:delete", args=[post.pk])

    as_author = signed_in(agent).get(post.get_absolute_url()).text
    as_colleague = signed_in(colleague).get(post.get_absolute_url()).text
    as_manager = signed_in(manager).get(post.get_absolute_url()).text

    assert edit_url in as_author and delete_url in as_author
    assert edit_url not in as_colleague and delete_url not in as_colleague
    assert edit_url not in as_manager and delete_url in as_manager


def test_deleting_asks_for_a_post_and_confirms(signed_in, agent, make_post):
    post = make_post(agent)
    client = signed_in(agent)

    assert client.get(reverse("community:delete", args=[post.pk])).status_code == 405
    response = client.post(reverse("community:delete", args=[post.pk]), follow=True)

    assert "The post is deleted." in response.text
    assert Post.objects.get(pk=post.pk).is_deleted


def test_an_agent_cannot_delete_a_colleagues_post(signed_in, agent, colleague, make_post):
    post = make_post(colleague)
    response = signed_in(agent).post(reverse("community:delete", args=[post.pk]))
    assert response.status_code == 403
    assert not Post.objects.get(pk=post.pk).is_deleted


def test_a_manager_pins_an_announcement_from_its_page(
    signed_in, agent, manager, announcements, make_post
):
    post = make_post(manager, section=announcements)
    client = signed_in(manager)
    assert reverse("community:pin", args=[post.pk]) in client.get(post.get_absolute_url()).text

    response = client.post(reverse("community:pin", args=[post.pk]), follow=True)

    assert "Pinned to the top" in response.text and Post.objects.get(pk=post.pk).pinned
    assert signed_in(agent).post(reverse("community:unpin", args=[post.pk])).status_code == 403
