"""Reacting straight from a feed card: the card's own bar comes back with htmx, the feed
page (section and cursor kept) at the pressed button, with the confirmation beside it,
without JavaScript."""

import re

from django.urls import reverse

from community import group_services, selectors, services
from community.models import Reaction
from tests.community.test_feed import bulk_posts


def card(html, post):
    """The HTML of ``post``'s card on a feed page."""
    found = re.search(rf'<article id="post-{post.pk}".*?</article>', html, re.S)
    assert found, f"no card for post {post.pk}"
    return found.group()


def react(client, post, *, htmx=True, follow=False, **data):
    data.setdefault("bar", "card")
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("community:react", args=[post.pk]), data, headers=headers, follow=follow
    )


def alerts(html):
    """The messages at the top of a page."""
    return re.findall(r'<div class="alert[^"]*" role="alert">\s*(.*?)\s*<button', html, re.S)


def confirmation(html):
    """The confirmation beside a reaction bar in ``html``, or None."""
    found = re.search(r'<p [^>]*role="status">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else None


def counts(post):
    return sorted(Reaction.objects.filter(post=post).values_list("user_id", "kind"))


def test_a_feed_card_has_a_toggle_button_for_each_kind_with_mine_pressed(
    client, agent, colleague, make_person, make_post
):
    post = make_post(colleague)
    services.toggle_reaction(user=agent, post=post, kind="thanks")
    services.toggle_reaction(user=make_person(), post=post, kind="thanks")
    client.force_login(agent)

    shown = card(client.get(reverse("community:index")).text, post)

    assert shown.count("<form") == 1 and shown.count('name="reaction"') == 4
    assert 'aria-label="Reactions to the post by Casey Colleague"' in shown
    assert shown.count('aria-pressed="true"') == 1
    pressed = re.search(r'<button[^>]*aria-pressed="true".*?</button>', shown, re.S).group()
    assert f'id="reaction-{post.pk}-thanks"' in pressed
    assert '<span class="sb-reaction-label">Thanks</span>' in pressed
    assert '<span class="fw-semibold">2</span>' in pressed
    assert shown.count('<input type="hidden" name="bar" value="card">') == 1
    assert 'name="reaction" value="thanks:off"' in pressed


def test_reacting_from_a_card_with_htmx_returns_only_that_cards_bar(
    client, agent, colleague, make_person, make_post
):
    post = make_post(colleague)
    other = make_post(colleague, body="Another post")
    someone = make_person()
    services.toggle_reaction(user=someone, post=post, kind="celebrate")
    client.force_login(agent)
    feed = reverse("community:index") + f"?section=general#post-{post.pk}"

    response = react(client, post, reaction="celebrate:on", next=feed)

    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    bar = response.text.strip()
    assert bar.startswith('<form class="sb-reactions') and bar.endswith("</form>")
    assert "<article" not in bar and f"post-{other.pk}" not in bar
    assert 'aria-label="Reactions to the post by Casey Colleague"' in bar
    pressed = re.search(r'<button[^>]*aria-pressed="true".*?</button>', bar, re.S).group()
    assert "bi-trophy-fill" in pressed and '<span class="fw-semibold">2</span>' in pressed
    assert bar.count('aria-pressed="true"') == 1
    assert bar.count(f'name="next" value="{feed}"') == 1
    assert bar.count('name="bar" value="card"') == 1
    assert counts(post) == sorted([(agent.pk, "celebrate"), (someone.pk, "celebrate")])


def test_the_post_page_still_gets_its_labelled_bar_back(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)

    response = react(client, post, reaction="like:on", bar="")

    assert response.text.count("<form") == 1 and response.text.count("<button") == 4
    assert 'aria-label="Reactions"' in response.text
    assert "sb-reactions-card" not in response.text and 'name="bar"' not in response.text
    assert '<span class="sb-reaction-label">Like</span> <span class="fw-semibold">1</span>' in (
        response.text
    )


def test_reacting_twice_from_a_card_toggles_it_back(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)

    first = react(client, post, reaction="like:on")
    assert counts(post) == [(agent.pk, "like")]
    assert 'aria-pressed="true"' in first.text

    second = react(client, post, reaction="like:off")
    assert counts(post) == []
    assert 'aria-pressed="true"' not in second.text


def test_without_javascript_a_card_reaction_goes_back_to_the_pressed_button_on_its_feed_page(
    client, agent, colleague, general, make_post
):
    bulk_posts(colleague, general, 25)
    client.force_login(agent)
    cursor = selectors.feed_for(agent, section=general).next_cursor
    page = reverse("community:index") + f"?section=general&before={cursor}"
    older = selectors.feed_for(agent, section=general, before=cursor).posts[0]

    shown = card(client.get(page).text, older)
    back = re.search(r'name="next" value="([^"]*)"', shown).group(1).replace("&amp;", "&")
    assert back == f"{page}#post-{older.pk}"

    response = react(client, older, htmx=False, reaction="thanks:on", next=back)

    # The browser scrolls to the button the address points at and focuses it.
    assert response.status_code == 302 and response.url == f"{page}#reaction-{older.pk}-thanks"
    assert counts(older) == [(agent.pk, "thanks")]


def test_without_javascript_the_confirmation_is_beside_the_cards_bar_not_at_the_top(
    client, agent, colleague, make_post
):
    post = make_post(colleague)
    other = make_post(colleague, body="Another post")
    client.force_login(agent)
    feed = reverse("community:index") + f"?section=general#post-{post.pk}"

    response = react(client, post, htmx=False, reaction="thanks:on", next=feed, follow=True)

    assert alerts(response.text) == []
    shown = card(response.text, post)
    assert confirmation(shown) == "You reacted: Thanks."
    pressed = re.search(r'<button[^>]*aria-pressed="true"[^>]*>', shown).group()
    assert f'id="reaction-{post.pk}-thanks"' in pressed
    assert f'aria-describedby="reaction-{post.pk}-done"' in pressed
    assert shown.count("aria-describedby") == 1
    assert 'role="status"' not in card(response.text, other)
    assert response.text.count("You reacted: Thanks.") == 2  # the card and the page title
    assert "<title>You reacted: Thanks. · General · Community" in response.text


def test_the_card_confirms_taking_a_reaction_back_too(client, agent, colleague, make_post):
    post = make_post(colleague)
    services.toggle_reaction(user=agent, post=post, kind="like")
    client.force_login(agent)

    response = react(
        client, post, htmx=False, reaction="like:off", next=reverse("community:index"), follow=True
    )

    assert confirmation(card(response.text, post)) == "Reaction removed: Like."
    assert counts(post) == []


def test_the_cards_confirmation_shows_once(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)
    feed = reverse("community:index")
    react(client, post, htmx=False, reaction="like:on", next=feed, follow=True)

    again = client.get(feed).text

    assert "You reacted" not in again and 'role="status"' not in card(again, post)


def test_a_confirmation_whose_card_is_no_longer_on_the_page_goes_at_the_top(
    client, agent, colleague, general, make_post
):
    post = make_post(colleague)
    bulk_posts(colleague, general, 25)
    client.force_login(agent)
    cursor = selectors.feed_for(agent, section=general).next_cursor
    # A card reacted to from one page that comes back to another (the feed moved on).
    page = reverse("community:index") + f"?section=general&before={cursor}"

    response = react(
        client, post, htmx=False, reaction="thanks:on", next=f"{page}#post-{post.pk}", follow=True
    )

    assert f'id="post-{post.pk}"' not in response.text
    assert alerts(response.text) == ["You reacted: Thanks."]
    assert 'role="status"' not in response.text.split('id="messages"', 1)[1]


def test_the_post_pages_bar_confirms_beside_itself_too(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)
    back = post.get_absolute_url()

    response = react(client, post, htmx=False, bar="", reaction="like:on", next=back, follow=True)

    assert response.redirect_chain == [(f"{back}#reaction-{post.pk}-like", 302)]
    assert alerts(response.text) == []
    assert confirmation(response.text) == "You reacted: Like."


def test_a_person_who_cannot_see_the_post_cannot_react_from_a_card(
    client, agent, manager, shenzhen, make_post
):
    post = make_post(manager, sites=[shenzhen])
    client.force_login(agent)

    assert react(client, post, reaction="like:on").status_code == 404
    assert counts(post) == []


def test_an_unknown_kind_or_bar_is_a_bad_request(client, agent, colleague, make_post):
    post = make_post(colleague)
    client.force_login(agent)

    assert react(client, post, reaction="angry:on").status_code == 400
    assert react(client, post, reaction="like:on", bar="sidebar").status_code == 400
    assert counts(post) == []


def test_a_deleted_posts_card_shows_its_counts_without_controls(
    client, agent, manager, colleague, make_post
):
    post = make_post(colleague)
    services.toggle_reaction(user=agent, post=post, kind="like")
    services.delete_post(actor=manager, post=post)
    client.force_login(manager)

    shown = card(client.get(reverse("community:index")).text, post)

    assert "<form" not in shown and "<button" not in shown
    assert '<span class="sb-reaction-label">Like</span> 1' in shown


def test_a_deleted_post_without_reactions_has_no_empty_bar(client, manager, colleague, make_post):
    post = make_post(colleague)
    services.delete_post(actor=manager, post=post)
    client.force_login(manager)

    assert "sb-reactions" not in card(client.get(reverse("community:index")).text, post)


def test_a_group_pages_cards_take_reactions_too(client, agent, administrator):
    group = group_services.create_group(actor=administrator, name="Green Team", summary="Bins.")
    group_services.join_group(user=agent, group=group)
    post = group_services.post_in_group(author=agent, group=group, body="Recycling on Friday")
    client.force_login(agent)

    shown = card(client.get(group.get_absolute_url()).text, post)

    assert shown.count("<form") == 1 and shown.count("<button") == 4
    assert f'name="next" value="{group.get_absolute_url()}#post-{post.pk}"' in shown


def test_a_group_pages_card_confirms_a_reaction_made_without_javascript(
    client, agent, administrator
):
    group = group_services.create_group(actor=administrator, name="Green Team", summary="Bins.")
    group_services.join_group(user=agent, group=group)
    post = group_services.post_in_group(author=agent, group=group, body="Recycling on Friday")
    client.force_login(agent)
    back = f"{group.get_absolute_url()}#post-{post.pk}"

    response = react(client, post, htmx=False, reaction="celebrate:on", next=back, follow=True)

    assert response.redirect_chain == [
        (f"{group.get_absolute_url()}#reaction-{post.pk}-celebrate", 302)
    ]
    assert alerts(response.text) == []
    assert confirmation(card(response.text, post)) == "You reacted: Celebrate."
