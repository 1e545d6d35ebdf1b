"""The feed: who sees what, in which order, page by page, at a flat query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import selectors, services
from community.models import Post, PostAttachment, Reaction


def bulk_posts(author, section, count, *, at=None):
    """Many posts quickly; ``at`` gives them all the same time, to test ties in the cursor."""
    now = timezone.now()
    return Post.objects.bulk_create(
        Post(
            author=author,
            section=section,
            body=f"Post {n}",
            created_at=at or now - timedelta(minutes=n),
        )
        for n in range(count)
    )


def with_attachments(posts):
    """An image and a file on each post, as rows only: the feed must not pay per post for them."""
    PostAttachment.objects.bulk_create(
        PostAttachment(
            post=post,
            kind=kind,
            file=f"attachments/{post.pk}-{position}",
            original_name="rota.pdf",
            content_type="application/pdf",
            size=100,
            width=10 if kind == "image" else None,
            height=10 if kind == "image" else None,
            position=position,
        )
        for post in posts
        for position, kind in enumerate(["image", "file"])
    )
    return posts


def ids(posts):
    return [post.pk for post in posts]


def test_the_feed_shows_the_newest_posts_first(agent, make_post):
    older, newer = make_post(agent, body="older"), make_post(agent, body="newer")
    assert ids(selectors.feed_for(agent).posts) == [newer.pk, older.pk]


def test_the_feed_is_filtered_by_section(agent, general, section, make_post):
    tip = make_post(agent, section=section("tips"))
    make_post(agent, section=general)

    assert ids(selectors.feed_for(agent, section=section("tips")).posts) == [tip.pk]


def test_pages_together_hold_every_post_exactly_once(agent, general):
    # Half of them share one timestamp: the id must break the tie.
    posts = bulk_posts(agent, general, 23) + bulk_posts(agent, general, 24, at=timezone.now())
    seen, cursor, pages = [], None, 0
    while True:
        page = selectors.feed_for(agent, before=cursor, limit=10)
        seen += ids(page.posts)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break

    assert pages == 5
    assert sorted(seen) == sorted(ids(posts))
    assert len(seen) == len(set(seen))


def test_a_full_last_page_has_no_cursor_to_an_empty_page(agent, general):
    bulk_posts(agent, general, 20)
    assert selectors.feed_for(agent, limit=20).next_cursor is None


@pytest.mark.parametrize("cursor", ["nonsense", "", "bm90fGE", "MjAyNi0wMS0wMXwx", "é"])
def test_a_cursor_we_did_not_make_is_refused(agent, cursor):
    with pytest.raises(selectors.InvalidCursor):
        selectors.feed_for(agent, before=cursor)


def test_the_feed_costs_the_same_queries_for_10_and_100_posts(
    agent, colleague, manager, general, announcements, make_post, django_assert_num_queries
):
    def read_feed():
        page = selectors.feed_for(agent)
        # Touch what the template shows, so a missing select_related would cost queries here.
        shown = [
            (post.author.profile.display_name, post.section.name, post.seen_count, post.images)
            for post in [*page.pinned, *page.posts]
        ]
        assert shown
        return page

    services.pin_post(actor=manager, post=make_post(manager, section=announcements))
    with_attachments(bulk_posts(colleague, general, 10))
    with CaptureQueriesContext(connection) as ten:
        read_feed()
    with_attachments(bulk_posts(colleague, general, 90))

    with django_assert_num_queries(len(ten)):
        page = read_feed()
    assert len(page.posts) == 20 and len(page.pinned) == 1


def test_the_feed_page_costs_the_same_queries_for_10_and_100_posts(
    client, agent, make_person, general, django_assert_num_queries
):
    def open_feed_as_a_newcomer():
        # A newcomer has seen nothing, so each visit records what it shows.
        client.force_login(make_person())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:index"))
        assert response.status_code == 200
        # Every card has its reaction buttons, drawn from the page's one grouped query.
        assert response.text.count('name="bar" value="card"') == min(Post.objects.count(), 20)
        return len(queries)

    def reacted_to(posts, people):
        Reaction.objects.bulk_create(
            Reaction(post=post, user=person, kind=kind)
            for post in posts
            for person in people
            for kind in ["like", "thanks"]
        )
        return posts

    with_attachments(reacted_to(bulk_posts(agent, general, 10), [agent]))
    ten = open_feed_as_a_newcomer()
    with_attachments(reacted_to(bulk_posts(agent, general, 90), [agent, make_person()]))
    hundred = open_feed_as_a_newcomer()

    assert hundred == ten


def test_a_post_for_shenzhen_is_not_in_a_cardiff_agents_feed(
    agent, shenzhen_agent, manager, shenzhen, make_post
):
    post = make_post(manager, body="Shenzhen only", sites=[shenzhen])

    assert post.pk not in ids(selectors.feed_for(agent).posts)
    assert post.pk in ids(selectors.feed_for(shenzhen_agent).posts)


def test_a_post_in_a_section_someone_cannot_see_stays_hidden(
    agent, shenzhen_agent, shenzhen_section, make_post
):
    post = make_post(shenzhen_agent, section=shenzhen_section)

    assert ids(selectors.feed_for(agent).posts) == []
    assert ids(selectors.feed_for(shenzhen_agent).posts) == [post.pk]


def test_authors_see_their_own_post_even_when_aimed_at_others(manager, shenzhen, make_post):
    post = make_post(manager, sites=[shenzhen])
    assert ids(selectors.feed_for(manager).posts) == [post.pk]


def test_deleted_posts_disappear_for_agents(agent, colleague, make_post):
    post = make_post(colleague)
    services.delete_post(actor=colleague, post=post)

    assert selectors.feed_for(agent).posts == []
    assert selectors.feed_for(colleague).posts == []


@pytest.mark.parametrize("moderator", ["manager", "administrator"])
def test_moderators_see_deleted_posts_marked_as_deleted(colleague, make_post, request, moderator):
    post = make_post(colleague)
    services.delete_post(actor=colleague, post=post)

    [shown] = selectors.feed_for(request.getfixturevalue(moderator)).posts

    assert shown.pk == post.pk and shown.is_deleted


def test_pinned_announcements_come_first_on_the_first_page_only(
    agent, manager, announcements, general, make_post
):
    pinned = make_post(manager, section=announcements, body="Read me")
    services.pin_post(actor=manager, post=pinned)
    bulk_posts(agent, general, 30)

    first = selectors.feed_for(agent, limit=20)
    second = selectors.feed_for(agent, before=first.next_cursor, limit=20)

    assert ids(first.pinned) == [pinned.pk]
    assert pinned.pk not in ids(first.posts) + ids(second.posts)
    assert second.pinned == []


def test_pinned_announcements_are_not_on_top_of_another_section(
    agent, manager, announcements, section, make_post
):
    services.pin_post(actor=manager, post=make_post(manager, section=announcements))
    assert selectors.feed_for(agent, section=section("tips")).pinned == []


def test_an_unpinned_announcement_returns_to_its_place(agent, manager, announcements, make_post):
    post = make_post(manager, section=announcements)
    services.pin_post(actor=manager, post=post)
    services.unpin_post(actor=manager, post=post)

    page = selectors.feed_for(agent)

    assert (page.pinned, ids(page.posts)) == ([], [post.pk])


def test_posts_are_new_until_seen_and_count_who_saw_them(agent, colleague, make_person, make_post):
    post = make_post(agent)
    [unseen] = selectors.feed_for(colleague).posts
    assert unseen.is_unread and unseen.seen_count == 0

    services.mark_seen(user=colleague, posts=[unseen])
    services.mark_seen(user=make_person(), posts=[unseen])

    [seen] = selectors.feed_for(colleague).posts
    assert not seen.is_unread and seen.seen_count == 2
    [own] = selectors.feed_for(agent).posts
    assert own.pk == post.pk and not own.is_unread


def test_built_in_section_names_follow_the_reader_language_until_renamed(general):
    from django.utils import translation

    with translation.override("zh-hans"):
        assert general.label == "综合"
        general.name = "Chit-chat"
        assert general.label == "Chit-chat"


def test_built_in_section_descriptions_follow_the_reader_language_until_changed(
    client, make_person, general
):
    reader = make_person(language="zh-hans")
    client.force_login(reader)

    page = client.get(general.get_absolute_url()).content.decode()
    assert "其他值得和同事分享的一切。" in page
    assert "Everything else worth sharing" not in page

    general.description = "Anything goes, within the code of conduct."
    general.save(update_fields=["description"])
    page = client.get(general.get_absolute_url()).content.decode()
    assert "Anything goes, within the code of conduct." in page


def test_a_post_removed_while_the_feed_is_read_is_left_out(
    agent, colleague, make_post, monkeypatch
):
    kept = make_post(colleague, body="Kept")
    gone = make_post(colleague, body="Gone")
    read_cards = selectors._cards

    def cards_after_a_removal(user, ids):
        Post.objects.filter(pk=gone.pk).delete()
        return read_cards(user, ids)

    monkeypatch.setattr(selectors, "_cards", cards_after_a_removal)

    page = selectors.feed_for(agent)

    assert [post.pk for post in page.posts] == [kept.pk]


def test_the_next_page_starts_after_the_last_card_shown(agent, colleague, make_post):
    posts = [make_post(colleague, body=f"Post {n}") for n in range(5)]

    first = selectors.feed_for(agent, limit=3)
    second = selectors.feed_for(agent, before=first.next_cursor, limit=3)

    assert [p.pk for p in first.posts] == [p.pk for p in posts[:1:-1]]
    assert [p.pk for p in second.posts] == [posts[1].pk, posts[0].pk]
    assert second.next_cursor is None


def test_a_post_page_names_a_post_as_a_thing_and_its_form_button_as_an_action_in_chinese(
    client, make_person, make_post, general
):
    reader = make_person(language="zh-hans")
    client.force_login(reader)

    post_page = client.get(make_post(reader).get_absolute_url()).content.decode()
    form_page = client.get(reverse("community:new")).content.decode()

    assert 'aria-current="page">帖子</li>' in post_page
    assert "发帖</button>" in form_page
