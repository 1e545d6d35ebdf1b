"""Searching the community: ranking, who finds what, snippets, the SQLite fallback, and
reacting from a result."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import selectors, services
from community.models import Post, Reaction
from portal import search as search_module
from portal.search import contains_terms, excerpt, highlight, mark_terms, search_terms

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def found(user, query):
    return [post.pk for post in selectors.search_posts(user, query).results]


@on_postgresql
def test_a_post_with_the_word_in_title_and_body_ranks_above_one_with_it_once(
    agent, colleague, make_post
):
    once = make_post(colleague, title="Gate code", body="The gate code for parking changed.")
    # Newer, so recency alone would put it first.
    twice = make_post(colleague, title="Parking on Saturday", body="Parking is free all day.")
    Post.objects.filter(pk=once.pk).update(created_at=timezone.now() + timedelta(hours=1))

    search = selectors.search_posts(agent, "parking")

    assert search.ranked
    assert [post.pk for post in search.results] == [twice.pk, once.pk]


@on_postgresql
def test_other_forms_of_a_word_are_found(agent, colleague, make_post):
    post = make_post(colleague, body="Anyone swapping their Saturday shifts this month?")

    assert found(agent, "swap shift") == [post.pk]


@on_postgresql
def test_an_edited_post_is_found_by_its_new_words_only(agent, colleague, make_post):
    post = make_post(colleague, body="Fire drill on Monday.")
    services.edit_post(actor=colleague, post=post, body="Fire drill moved to Thursday.")

    assert found(agent, "Thursday") == [post.pk]
    assert found(agent, "Monday") == []


@on_postgresql
def test_web_search_syntax_excludes_words_and_matches_phrases(agent, colleague, make_post):
    lunch = make_post(colleague, body="Team lunch on Friday at noon.")
    make_post(colleague, body="Friday is dress-down day, no lunch provided.")

    assert found(agent, '"team lunch"') == [lunch.pk]
    assert found(agent, "friday -dress") == [lunch.pk]


@on_postgresql
def test_a_query_of_stop_words_falls_back_to_matching_text(agent, colleague, make_post):
    outage = make_post(colleague, title="IT", body="Phones are down, IT is on it.")

    search = selectors.search_posts(agent, "IT")

    assert not search.ranked
    assert outage.pk in [post.pk for post in search.results]


def test_a_chinese_query_finds_chinese_posts(agent, colleague, make_post):
    # PostgreSQL's parsers do not split Chinese into words, so this goes through the fallback.
    leave = make_post(colleague, title="请假", body="明天开始请假流程有变化,请提前申请。")
    make_post(colleague, body="食堂今天有饺子。")

    search = selectors.search_posts(agent, "请假流程")

    assert [post.pk for post in search.results] == [leave.pk]
    search.add_snippets(list(search.results))


def test_an_empty_query_finds_nothing(agent, colleague, make_post):
    make_post(colleague, body="Anything at all")

    assert found(agent, "   ") == []


def test_search_finds_only_what_the_person_may_see(
    agent, shenzhen_agent, manager, shenzhen, make_post
):
    post = make_post(manager, body="Shenzhen dumplings party", sites=[shenzhen])

    assert found(agent, "dumplings") == []
    assert found(shenzhen_agent, "dumplings") == [post.pk]


def test_deleted_and_hidden_posts_are_found_only_by_moderators_and_their_author(
    agent, colleague, manager, make_post
):
    hidden = make_post(colleague, body="Rota rumours, hidden later")
    deleted = make_post(colleague, body="Rota rumours, deleted later")
    services.hide_post(moderator=manager, post=hidden, reason="Speculation about pay")
    services.delete_post(actor=colleague, post=deleted)

    assert found(agent, "rota rumours") == []
    assert found(colleague, "rota rumours") == [hidden.pk]
    assert sorted(found(manager, "rota rumours")) == sorted([hidden.pk, deleted.pk])


def test_only_a_limited_number_of_candidates_is_ranked(agent, colleague, general, monkeypatch):
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            author=colleague,
            section=general,
            body=f"Overtime slot {n}",
            created_at=now - timedelta(minutes=n),
        )
        for n in range(6)
    )
    monkeypatch.setattr(search_module, "CANDIDATES", 4)

    results = found(agent, "overtime")

    assert sorted(results) == sorted(post.pk for post in posts[:4])


@on_postgresql
def test_equal_ranks_keep_the_newest_first(agent, colleague, general):
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            author=colleague,
            section=general,
            body="Roster swap",
            created_at=now - timedelta(hours=n),
        )
        for n in (3, 1, 2)
    )

    search = selectors.search_posts(agent, "roster")

    newest_first = sorted(posts, key=lambda post: post.created_at, reverse=True)
    assert [post.pk for post in search.results] == [post.pk for post in newest_first]


@on_postgresql
def test_a_page_of_results_is_read_by_itself_in_rank_order(
    agent, colleague, make_post, django_assert_num_queries
):
    make_post(colleague, title="Parking", body="Parking, parking and more parking.")
    make_post(colleague, body="Where is the parking for visitors?")
    make_post(colleague, title="Parking permits", body="Ask reception for a parking permit.")
    make_post(colleague, body="The lift is out of order.")
    search = selectors.search_posts(agent, "parking")
    everything = list(search.results)

    with django_assert_num_queries(0):
        assert search.results.count() == len(search.results) == 3
    with django_assert_num_queries(1):
        page = search.results[1:3]

    assert [post.pk for post in page] == [post.pk for post in everything[1:3]]
    ranks = [post.search_rank for post in everything]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]
    with django_assert_num_queries(0):
        # What the card shows comes with the row.
        assert page[0].author.profile.display_name and page[0].section.label


@on_postgresql
def test_a_search_with_matches_costs_one_query_before_its_page(
    agent, colleague, make_post, django_assert_num_queries
):
    make_post(colleague, body="Headset spares are in the cupboard.")

    with django_assert_num_queries(1):
        search = selectors.search_posts(agent, "headset")

    assert search.ranked and len(search.results) == 1


def test_a_post_deleted_after_the_search_is_left_out_of_the_page(agent, colleague, make_post):
    kept = make_post(colleague, body="Fire drill on Monday.")
    gone = make_post(colleague, body="Fire drill moved, see the rota.")
    search = selectors.search_posts(agent, "fire drill")

    Post.objects.filter(pk=gone.pk).delete()

    assert [post.pk for post in search.results[:20]] == [kept.pk]


# The fallback's parts, tested directly so they run on every backend --------------------


def test_the_fallback_reads_quotes_minus_words_and_or():
    assert search_terms('"sick leave" OR holiday -rota') == (["sick", "leave", "holiday"], ["rota"])


def test_the_fallback_matches_every_word_in_any_searched_field(agent, colleague, make_post):
    both = make_post(colleague, title="Parking", body="Free on Saturday")
    make_post(colleague, title="Parking", body="Paid on weekdays")
    make_post(colleague, title="Saturday", body="Lunch")
    posts = selectors.visible_posts(agent)

    assert list(posts.filter(contains_terms(Post, "parking saturday"))) == [both]
    assert both not in posts.filter(contains_terms(Post, "parking -saturday"))
    assert not posts.filter(contains_terms(Post, "-")).exists()


def test_an_excerpt_of_a_long_text_is_cut_between_words_with_ellipses():
    text = "word " * 100 + "needle " + "word " * 100

    snippet = excerpt(text, ["needle"], length=60)

    assert "needle" in snippet and snippet.startswith("…word") and snippet.endswith("word…")
    assert excerpt("short", ["absent"]) == "short"


def test_an_excerpt_never_ends_inside_a_word():
    text = "Ask them to plug in with a cable for the test. Wi-Fi results are not covered."

    snippet = excerpt(text, ["plug"], length=50)

    assert snippet == "Ask them to plug in with a cable for the test.…"


def test_a_kudos_snippet_reads_from_the_start_of_the_kudos(
    signed_in, agent, colleague, manager, give_kudos
):
    message = (
        "Stayed on after her shift on Friday to help a customer whose broadband had been "
        "down for a week, chased the engineers twice and rang back on Saturday to check "
        "that the new router worked."
    )
    give_kudos(manager, colleague, message=message)

    response = signed_in(agent).get(reverse("community:search"), {"q": "router"})

    assert "<mark>router</mark>" in response.text
    assert '<p class="mb-0 small sb-snippet">Stayed on after her shift on Friday' in response.text


def test_an_excerpt_of_a_match_deep_in_a_text_starts_at_its_sentence():
    text = "Opening words. " * 20 + "The headset spares are in the cupboard by the lifts. " * 3

    snippet = excerpt(text, ["cupboard"], length=120)

    assert snippet.startswith("…The headset spares are in the cupboard by the lifts.")


def test_an_excerpt_of_chinese_is_cut_between_characters():
    text = "食堂今天有饺子。" * 30 + "明天开始请假流程有变化。请提前申请。" + "大家辛苦了。" * 30

    snippet = excerpt(text, ["请假"], length=60)

    assert snippet.startswith("…明天开始请假流程") and snippet.endswith("…")
    assert len(snippet) <= 62


def test_highlighting_escapes_what_people_wrote():
    marked = mark_terms('<script>alert("x")</script> & parking', ["parking"])

    html = highlight(marked)

    assert html == ("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>parking</mark>")
    # Stray or unbalanced markers never leave an element open or inject anything.
    assert highlight(f"a{search_module.MARK_END}b{search_module.MARK_START}c") == "ab<mark>c</mark>"


# The search page -------------------------------------------------------------------------


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def test_the_feed_has_a_search_box(signed_in, agent):
    response = signed_in(agent).get(reverse("community:index"))

    assert f'action="{reverse("community:search")}"' in response.text
    assert 'role="search"' in response.text


def test_results_show_snippets_with_the_matches_marked_and_html_escaped(
    signed_in, agent, colleague, make_post
):
    make_post(colleague, title="Parking", body='<img src=x onerror="alert(1)"> parking is *free*')

    response = signed_in(agent).get(reverse("community:search"), {"q": "parking"})

    assert response.status_code == 200
    assert "1 post found" in response.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>parking</mark> is free" in (
        response.text
    )
    assert "<img src=x" not in response.text


def test_a_snippet_is_the_plain_text_a_reader_sees_not_the_markdown_typed(
    signed_in, agent, colleague, make_post
):
    make_post(
        colleague,
        title="Menu",
        body="*Lost or stolen phone* goes to **Mobile**, see [the guide](https://example.com/g).",
    )

    response = signed_in(agent).get(reverse("community:search"), {"q": "phone"})

    assert "Lost or stolen <mark>phone</mark> goes to Mobile, see the guide." in response.text
    assert "*Lost" not in response.text and "example.com/g" not in response.text


@on_postgresql
def test_a_snippet_marks_the_other_forms_of_a_word_the_search_found(
    signed_in, agent, colleague, make_post
):
    make_post(colleague, body="Anyone **swapping** their Saturday?")

    response = signed_in(agent).get(reverse("community:search"), {"q": "swap"})

    assert "Anyone <mark>swapping</mark> their Saturday?" in response.text


def test_a_chinese_snippet_is_plain_text_too(signed_in, agent, colleague, make_post):
    make_post(colleague, body="**请假**流程有变化。请看[说明](https://example.com/leave)。")

    response = signed_in(agent).get(reverse("community:search"), {"q": "请假"})

    assert "<mark>请假</mark>流程有变化。请看说明。" in response.text


def test_snippets_are_cut_from_the_stored_html_without_rendering_markdown(
    signed_in, agent, colleague, make_post, monkeypatch
):
    make_post(colleague, body="The *headset* spares are in the cupboard.")

    def no_rendering(text):
        raise AssertionError("a search result rendered Markdown")

    monkeypatch.setattr("community.models.render_with_mentions", no_rendering)
    monkeypatch.setattr("portal.search.render_markdown", no_rendering)

    response = signed_in(agent).get(reverse("community:search"), {"q": "headset"})

    assert "The <mark>headset</mark> spares are in the cupboard." in response.text


def test_fallback_snippets_are_escaped_too(signed_in, agent, colleague, make_post):
    make_post(colleague, body="<script>alert(1)</script> 请假 & 调班")

    response = signed_in(agent).get(reverse("community:search"), {"q": "请假"})

    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>请假</mark> &amp; 调班" in response.text
    assert "<script>alert(1)" not in response.text


def test_no_results_says_what_to_try(signed_in, agent):
    response = signed_in(agent).get(reverse("community:search"), {"q": "zebra"})

    assert "Nothing matches “zebra”" in response.text
    assert "Try fewer or shorter words" in response.text


def test_a_search_without_words_invites_some(signed_in, agent):
    response = signed_in(agent).get(reverse("community:search"))

    assert response.status_code == 200
    assert "What are you looking for?" in response.text


def test_an_htmx_search_gets_only_the_results(signed_in, agent):
    response = signed_in(agent).get(
        reverse("community:search"), {"q": "parking"}, headers={"HX-Request": "true"}
    )

    assert 'id="results"' in response.text and "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_results_are_paginated(signed_in, agent, colleague, general):
    Post.objects.bulk_create(
        Post(author=colleague, section=general, body=f"Headset, item {n}") for n in range(25)
    )

    client = signed_in(agent)
    first = client.get(reverse("community:search"), {"q": "headset"})
    second = client.get(reverse("community:search"), {"q": "headset", "page": 2})

    assert "25 posts found" in first.text and "Page 1 of 2" in first.text
    assert second.text.count(", item ") == 5 and "Page 2 of 2" in second.text


def test_the_search_page_costs_the_same_queries_for_5_and_50_matches(
    signed_in, agent, colleague, manager, general, django_assert_num_queries
):
    client = signed_in(agent)

    def queries_for(count):
        Post.objects.all().delete()
        posts = Post.objects.bulk_create(
            Post(author=author, section=general, title="Shift notes", body=f"Headset {n}")
            for n in range(count)
            for author in [colleague if n % 2 else manager]
        )
        Reaction.objects.bulk_create(
            Reaction(post=post, user=person, kind=kind)
            for post in posts
            for person, kind in [(agent, "like"), (colleague, "like"), (manager, "thanks")]
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:search"), {"q": "headset"})
        assert response.status_code == 200
        shown = min(count, 20)
        assert response.text.count('name="reaction"') == 4 * shown
        assert response.text.count('aria-pressed="true"') == shown
        assert response.text.count('<span class="fw-semibold">2</span>') == shown
        return len(queries)

    assert queries_for(5) == queries_for(50)


# Reacting from a result ------------------------------------------------------------------


def result(html, post):
    """The HTML of ``post``'s result on a search page."""
    found = re.search(rf'<li id="post-{post.pk}".*?</li>', html, re.S)
    assert found, f"no result for post {post.pk}"
    return found.group()


def form_data(html):
    """What a reaction bar's form sends besides the pressed button."""
    fields = re.findall(r'<input type="hidden" name="(next|bar)" value="([^"]*)">', html)
    return {name: value.replace("&amp;", "&") for name, value in fields}


def test_a_post_result_has_the_feed_cards_reaction_bar(
    signed_in, agent, colleague, make_person, make_post
):
    post = make_post(colleague, title="Parking", body="Parking is free on Sundays.")
    services.toggle_reaction(user=agent, post=post, kind="thanks")
    services.toggle_reaction(user=make_person(), post=post, kind="like")

    shown = result(signed_in(agent).get(reverse("community:search"), {"q": "parking"}).text, post)

    assert shown.count("<form") == 1 and shown.count('name="reaction"') == 4
    assert 'aria-label="Reactions to the post by Casey Colleague"' in shown
    pressed = re.search(r'<button[^>]*aria-pressed="true".*?</button>', shown, re.S).group()
    assert f'id="reaction-{post.pk}-thanks"' in pressed and 'value="thanks:off"' in pressed
    assert form_data(shown) == {
        "next": f"{reverse('community:search')}?q=parking#post-{post.pk}",
        "bar": "card",
    }


def test_reacting_from_a_result_with_htmx_returns_only_that_results_bar(
    signed_in, agent, colleague, make_post
):
    post = make_post(colleague, title="Parking", body="Parking is free on Sundays.")
    make_post(colleague, body="More parking behind the canteen.")
    client = signed_in(agent)
    shown = result(client.get(reverse("community:search"), {"q": "parking"}).text, post)

    response = client.post(
        reverse("community:react", args=[post.pk]),
        {"reaction": "insightful:on", **form_data(shown)},
        headers={"HX-Request": "true"},
    )

    bar = response.text.strip()
    assert bar.startswith('<form class="sb-reactions') and bar.endswith("</form>")
    assert bar.count("<form") == 1 and "<li" not in bar
    pressed = re.search(r'<button[^>]*aria-pressed="true"[^>]*>', bar).group()
    assert f'id="reaction-{post.pk}-insightful"' in pressed
    assert form_data(bar) == form_data(shown)
    assert list(Reaction.objects.values_list("post", "user", "kind")) == [
        (post.pk, agent.pk, "insightful")
    ]


def test_without_javascript_a_result_reaction_comes_back_to_that_result_and_confirms_there(
    signed_in, agent, colleague, general
):
    Post.objects.bulk_create(
        Post(author=colleague, section=general, body=f"Headset, item {n}") for n in range(25)
    )
    client = signed_in(agent)
    second_page = client.get(reverse("community:search"), {"q": "headset", "page": 2}).text
    post = Post.objects.get(pk=re.search(r'<li id="post-(\d+)"', second_page).group(1))
    data = form_data(result(second_page, post))

    response = client.post(
        reverse("community:react", args=[post.pk]), {"reaction": "like:on", **data}, follow=True
    )

    search = f"{reverse('community:search')}?q=headset&page=2"
    assert response.redirect_chain == [(f"{search}#reaction-{post.pk}-like", 302)]
    assert "Page 2 of 2" in response.text
    assert 'role="alert"' not in response.text
    shown = result(response.text, post)
    assert re.search(r'role="status">.*You reacted: Like\.</p>', shown)
    assert response.text.count('role="status"') == 1


def test_a_deleted_post_found_by_a_moderator_shows_its_counts_without_buttons(
    signed_in, agent, manager, colleague, make_post
):
    post = make_post(colleague, title="Parking", body="Parking is free on Sundays.")
    services.toggle_reaction(user=agent, post=post, kind="like")
    services.delete_post(actor=manager, post=post)

    shown = result(signed_in(manager).get(reverse("community:search"), {"q": "parking"}).text, post)

    assert "<form" not in shown and "<button" not in shown
    assert '<span class="sb-reaction-label">Like</span> 1' in shown
