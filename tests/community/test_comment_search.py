"""Searching comments: who finds which comment, snippets, query counts and the fallback."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import selectors, services
from community.models import Comment
from portal.search import contains_terms


def found(user, query):
    return [comment.pk for comment in selectors.search_comments(user, query).results]


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def test_a_comment_that_matches_is_found(agent, colleague, make_post, make_comment):
    post = make_post(colleague, body="Who has the spare headsets?")
    comment = make_comment(agent, post, body="The spare headsets are in the IT cupboard.")
    make_comment(agent, post, body="Unrelated remark")

    assert found(colleague, "cupboard") == [comment.pk]


def test_comments_on_a_post_someone_cannot_see_are_never_found(
    agent, shenzhen_agent, manager, shenzhen, make_post, make_comment
):
    post = make_post(manager, body="Shenzhen only", sites=[shenzhen])
    comment = make_comment(shenzhen_agent, post, body="Dumplings at noon in the canteen")

    assert found(agent, "dumplings") == []
    assert found(shenzhen_agent, "dumplings") == [comment.pk]


def test_deleted_comments_are_never_found_not_even_by_moderators(
    agent, colleague, manager, make_post, make_comment
):
    comment = make_comment(agent, make_post(colleague), body="Overtime rumours here")
    services.delete_comment(actor=agent, comment=comment)

    assert found(colleague, "overtime") == []
    assert found(manager, "overtime") == []


def test_comments_on_deleted_or_hidden_posts_are_not_found_by_agents(
    agent, colleague, manager, make_post, make_comment
):
    deleted, hidden = make_post(colleague), make_post(colleague)
    make_comment(agent, deleted, body="Canteen menu question")
    make_comment(agent, hidden, body="Canteen menu answer")
    services.delete_post(actor=colleague, post=deleted)
    services.hide_post(moderator=manager, post=hidden, reason="Off topic")

    assert found(agent, "canteen") == []
    assert len(found(manager, "canteen")) == 2


def test_the_fallback_finds_comments_by_substring(agent, colleague, make_post, make_comment):
    # A query in Chinese takes the fallback on every backend (see portal.search).
    post = make_post(colleague)
    leave = make_comment(agent, post, body="请假流程在HR系统里")
    make_comment(agent, post, body="食堂今天有饺子")

    search = selectors.search_comments(colleague, "请假")

    assert not search.ranked
    assert [comment.pk for comment in search.results] == [leave.pk]
    (result,) = search.add_snippets(list(search.results))
    assert "<mark>请假</mark>" in result.search_snippet


def test_the_fallback_filter_reads_only_the_comment_body(agent, colleague, make_post, make_comment):
    post = make_post(colleague, title="Parking", body="Parking changes")
    both = make_comment(agent, post, body="Parking on Saturday is free")
    make_comment(agent, post, body="Saturday lunch")

    comments = Comment.objects.filter(post=post)

    assert list(comments.filter(contains_terms(Comment, "parking saturday"))) == [both]
    assert list(comments.filter(contains_terms(Comment, "saturday -parking"))) != [both]


@pytest.mark.parametrize("query", ["headset", "耳机"])
def test_comment_snippets_never_carry_markup(agent, colleague, make_post, make_comment, query):
    make_comment(agent, make_post(colleague), body="Headset 耳机 <script>alert(1)</script> fixed")

    search = selectors.search_comments(colleague, query)
    (result,) = search.add_snippets(list(search.results))

    assert "<mark>" in result.search_snippet
    assert "<script" not in result.search_snippet.replace("<mark>", "").replace("</mark>", "")


def test_the_search_page_lists_comment_matches_linking_to_the_comment(
    signed_in, agent, colleague, make_post, make_comment
):
    post = make_post(colleague, title="Car park", body="Barrier is broken")
    comment = make_comment(agent, post, body="Security say the barrier is fixed by Friday")

    response = signed_in(colleague).get(reverse("community:search"), {"q": "friday"})

    assert "In comments" in response.text
    assert f'href="{post.get_absolute_url()}?comments=all#comment-{comment.pk}"' in response.text
    assert "Comment on Car park" in response.text
    assert "<mark>" in response.text


def test_a_query_only_comments_match_does_not_say_nothing_was_found(
    signed_in, agent, colleague, make_post, make_comment
):
    make_comment(agent, make_post(colleague, body="Fire drill"), body="Meet at the lamppost")

    response = signed_in(colleague).get(reverse("community:search"), {"q": "lamppost"})

    assert "0 posts found" in response.text and "In comments" in response.text
    assert "Nothing matches" not in response.text


def test_only_the_best_comment_matches_are_shown(
    signed_in, agent, colleague, make_post, make_comment
):
    post = make_post(colleague)
    for n in range(12):
        make_comment(agent, post, body=f"Stapler number {n}")

    response = signed_in(colleague).get(reverse("community:search"), {"q": "stapler"})

    assert response.text.count("sb-snippet") == 10
    assert "Only the best comment matches are shown" in response.text


def test_the_search_page_costs_the_same_queries_for_5_and_30_comment_matches(
    signed_in, agent, colleague, manager, general
):
    from community.models import Post

    client = signed_in(agent)

    def queries_for(count):
        Post.objects.all().delete()
        posts = Post.objects.bulk_create(
            Post(author=author, section=general, body=f"Desk {n}")
            for n in range(count)
            for author in [colleague if n % 2 else manager]
        )
        Comment.objects.bulk_create(
            Comment(post=post, author=author, body=f"Printer jam on floor {n}")
            for n, post in enumerate(posts)
            for author in [manager if n % 2 else colleague]
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:search"), {"q": "printer"})
        assert response.status_code == 200 and "In comments" in response.text
        return len(queries)

    assert queries_for(5) == queries_for(30)


def test_without_postgresql_comments_are_matched_by_their_words(
    agent, colleague, make_post, make_comment, monkeypatch
):
    post = make_post(colleague)
    wanted = make_comment(agent, post, body="The lift on floor two is out of order")
    make_comment(agent, post, body="The lift works again -- floor three")
    # What SQLite runs: no full-text search, every word must appear, "-word" leaves out.
    monkeypatch.setattr(connection, "vendor", "sqlite")

    search = selectors.search_comments(colleague, "lift -three")

    assert not search.ranked
    assert [comment.pk for comment in search.results] == [wanted.pk]
