"""Comments and one level of replies: who may write, edit and delete them, and who is told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import selectors, services
from community.models import COMMENT_BODY_MAX_LENGTH, Comment, Reaction, ReactionKind
from portal.models import Notification, NotificationVerb
from tests.community.test_feed import bulk_posts
from tests.community.test_markdown_safety import PAYLOADS, assert_harmless


def notifications(person, verb):
    return list(Notification.objects.filter(recipient=person, verb=verb))


def test_an_agent_comments_on_a_colleagues_post_and_the_author_is_told(agent, colleague, make_post):
    post = make_post(colleague)

    comment = services.add_comment(author=agent, post=post, body="  Thanks for this!  ")

    comment.refresh_from_db()
    assert (comment.post, comment.author, comment.parent, comment.body) == (
        post,
        agent,
        None,
        "Thanks for this!",
    )
    [told] = notifications(colleague, NotificationVerb.REPLY)
    assert told.actor == agent and "commented on your post “" in told.message
    assert told.url == f"{post.get_absolute_url()}?comments=all#comment-{comment.pk}"


def test_nobody_is_told_about_their_own_comment(agent, make_post, make_comment):
    make_comment(agent, make_post(agent))
    assert not Notification.objects.exists()


def test_nobody_comments_on_a_post_they_cannot_see(
    agent, shenzhen_agent, manager, shenzhen, make_post
):
    post = make_post(manager, body="Shenzhen only", sites=[shenzhen])

    with pytest.raises(PermissionDenied):
        services.add_comment(author=agent, post=post, body="Sneaky")
    services.add_comment(author=shenzhen_agent, post=post, body="收到")
    assert post.comments.count() == 1


def test_nobody_comments_on_a_deleted_post_not_even_a_moderator(agent, manager, make_post):
    post = make_post(agent)
    services.delete_post(actor=agent, post=post)

    for person in [agent, manager]:
        with pytest.raises(PermissionDenied):
            services.add_comment(author=person, post=post, body="Hello?")


@pytest.mark.parametrize("body", ["", "  \n\t ", None])
def test_an_empty_comment_is_rejected(agent, make_post, body):
    post = make_post(agent)
    with pytest.raises(ValidationError, match="Write something"):
        services.add_comment(author=agent, post=post, body=body)
    assert not Comment.objects.exists()


def test_a_comment_over_the_length_limit_is_rejected(agent, make_post):
    post = make_post(agent)
    with pytest.raises(ValidationError, match="at most"):
        services.add_comment(author=agent, post=post, body="x" * (COMMENT_BODY_MAX_LENGTH + 1))
    services.add_comment(author=agent, post=post, body="x" * COMMENT_BODY_MAX_LENGTH)


def test_a_reply_tells_the_author_of_the_comment_it_answers(
    agent, colleague, manager, make_post, make_comment
):
    post = make_post(manager)
    question = make_comment(colleague, post, body="Does this apply to nights?")

    reply = services.add_comment(author=agent, post=post, body="Yes", parent=question)

    assert reply.parent == question
    [told] = notifications(colleague, NotificationVerb.REPLY)
    assert "replied to your comment on “" in told.message and told.target == reply
    # The post's author heard about the question, not about every reply under it.
    assert len(notifications(manager, NotificationVerb.REPLY)) == 1


def test_a_reply_to_a_reply_joins_the_top_level_thread(
    agent, colleague, manager, make_post, make_comment
):
    post = make_post(manager)
    top = make_comment(colleague, post)
    reply = make_comment(agent, post, parent=top)

    answer = make_comment(colleague, post, parent=reply)

    assert answer.parent == top
    assert list(top.replies.order_by("pk")) == [reply, answer]


def test_a_reply_must_answer_a_comment_on_the_same_post(agent, make_post, make_comment):
    elsewhere = make_comment(agent, make_post(agent, body="Other"))
    with pytest.raises(ValidationError, match="same post"):
        services.add_comment(author=agent, post=make_post(agent), body="Hi", parent=elsewhere)


def test_a_deleted_comment_takes_no_more_replies(agent, colleague, make_post, make_comment):
    post = make_post(agent)
    top = make_comment(colleague, post)
    services.delete_comment(actor=colleague, comment=top)

    with pytest.raises(ValidationError, match="deleted"):
        services.add_comment(author=agent, post=post, body="Hello?", parent=top)


def test_the_author_edits_their_comment_and_it_shows_as_edited(agent, make_post, make_comment):
    comment = make_comment(agent, make_post(agent), body="Typo")

    services.edit_comment(actor=agent, comment=comment, body="Fixed")

    comment.refresh_from_db()
    assert comment.body == "Fixed" and comment.edited_at is not None


@pytest.mark.parametrize("editor", ["colleague", "manager", "administrator"])
def test_nobody_edits_someone_elses_comment(agent, make_post, make_comment, request, editor):
    comment = make_comment(agent, make_post(agent), body="Mine")

    with pytest.raises(PermissionDenied, match="author"):
        services.edit_comment(actor=request.getfixturevalue(editor), comment=comment, body="X")
    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.edited_at is None


def test_an_edit_cannot_empty_a_comment(agent, make_post, make_comment):
    comment = make_comment(agent, make_post(agent), body="Keep me")
    with pytest.raises(ValidationError):
        services.edit_comment(actor=agent, comment=comment, body="   ")
    comment.refresh_from_db()
    assert comment.body == "Keep me"


def test_a_deleted_comment_cannot_be_edited(agent, make_post, make_comment):
    comment = make_comment(agent, make_post(agent))
    services.delete_comment(actor=agent, comment=comment)
    with pytest.raises(PermissionDenied):
        services.edit_comment(actor=agent, comment=comment, body="Back")


@pytest.mark.parametrize("deleter", ["agent", "manager", "administrator"])
def test_the_author_or_a_moderator_deletes_a_comment_softly(
    agent, make_post, make_comment, request, deleter
):
    comment = make_comment(agent, make_post(agent))
    actor = request.getfixturevalue(deleter)

    services.delete_comment(actor=actor, comment=comment)
    services.delete_comment(actor=actor, comment=comment)

    comment.refresh_from_db()
    assert comment.deleted_at is not None and comment.deleted_by == actor


@pytest.mark.parametrize("deleter", ["colleague", "team_leader"])
def test_others_cannot_delete_a_comment(agent, make_post, make_comment, request, deleter):
    comment = make_comment(agent, make_post(agent))
    with pytest.raises(PermissionDenied):
        services.delete_comment(actor=request.getfixturevalue(deleter), comment=comment)
    comment.refresh_from_db()
    assert comment.deleted_at is None


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(
    agent, colleague, make_person, make_post, make_comment
):
    post = make_post(agent)
    top = make_comment(colleague, post, body="Original question")
    make_comment(agent, post, parent=top, body="The answer")
    lonely = make_comment(colleague, post, body="Nobody answered")
    services.delete_comment(actor=colleague, comment=top)
    services.delete_comment(actor=colleague, comment=lonely)

    [shown] = selectors.comments_for(make_person(), post)

    assert shown == top and shown.is_deleted
    assert [reply.body for reply in shown.visible_replies] == ["The answer"]


def test_moderators_see_deleted_comments(agent, colleague, manager, make_post, make_comment):
    post = make_post(agent)
    gone = make_comment(colleague, post)
    services.delete_comment(actor=colleague, comment=gone)

    assert selectors.comments_for(manager, post) == [gone]
    assert selectors.comments_for(agent, post) == []


# Pages ---------------------------------------------------------------------------------


def test_the_post_page_shows_threads_with_a_reply_form_behind_details(
    client, agent, colleague, make_post, make_comment
):
    post = make_post(colleague)
    top = make_comment(colleague, post, body="First!")
    make_comment(agent, post, parent=top, body="Second, in reply")
    client.force_login(agent)

    html = client.get(post.get_absolute_url()).text

    assert "2 comments" in html
    assert "First!" in html and "Second, in reply" in html
    assert f'id="comment-{top.pk}"' in html
    assert f'<input type="hidden" name="parent" value="{top.pk}">' in html
    assert "<details" in html and "Your reply to Casey Colleague" in html


def test_each_threads_reply_box_is_the_form_field_with_that_threads_ids(
    client, agent, colleague, make_person, make_post, make_comment
):
    from django.template.loader import render_to_string
    from django.test.html import parse_html

    from community.forms import CommentForm

    post = make_post(colleague)
    threads = [
        make_comment(colleague, post, body="First"),
        make_comment(make_person(display_name="Dana <Night shift>"), post, body="Second"),
    ]
    client.force_login(agent)

    page = parse_html(client.get(post.get_absolute_url()).text)

    for thread in threads:
        form = CommentForm(auto_id=f"reply-{thread.pk}-%s")
        form.fields["body"].label = f"Your reply to {thread.author.profile.display_name}"
        expected = parse_html(render_to_string("components/field.html", {"field": form["body"]}))
        assert page.count(expected) == 1, thread.author.profile.display_name


def test_commenting_from_the_page_lands_on_the_confirmation_beside_the_new_comment(
    client, agent, colleague, make_post
):
    post = make_post(colleague)
    client.force_login(agent)

    response = client.post(reverse("community:comment", args=[post.pk]), {"body": "Nice one"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"{post.get_absolute_url()}?comments=all#comment-{comment.pk}-done"
    page = client.get(response.url).text
    assert (
        f'<p class="small text-success mb-1 sb-comment-done" id="comment-{comment.pk}-done" '
        'tabindex="-1" role="status">'
    ) in page
    assert "<title>Your comment is posted. · " in page


def test_a_posted_reply_is_confirmed_beside_it_once_and_not_at_the_top(
    client, agent, colleague, make_post, make_comment
):
    post = make_post(colleague)
    top = make_comment(colleague, post, body="Anyone for the quiz?")
    client.force_login(agent)

    response = client.post(
        reverse("community:comment", args=[post.pk]), {"body": "Count me in", "parent": top.pk}
    )

    reply = Comment.objects.get(parent=top)
    assert response.url.endswith(f"#comment-{reply.pk}-done")
    page = client.get(response.url).text
    confirmation = page.index(f'id="comment-{reply.pk}-done"')
    assert page.index("Your reply is posted.", confirmation) < page.index(
        f'id="comment-{reply.pk}"', confirmation
    )
    assert page.count("Your reply is posted.") == 2  # the title and beside the reply
    assert 'role="alert"' not in page
    assert "Your reply is posted." not in client.get(response.url).text


def test_a_reply_no_longer_on_the_page_is_confirmed_at_the_top(
    client, agent, colleague, make_post, make_comment
):
    post = make_post(colleague)
    top = make_comment(colleague, post)
    client.force_login(agent)
    client.post(reverse("community:comment", args=[post.pk]), {"body": "Yes", "parent": top.pk})
    services.delete_comment(actor=agent, comment=Comment.objects.get(parent=top))

    page = client.get(post.get_absolute_url()).text

    assert "Your reply is posted." in page and 'role="alert"' in page


def test_an_empty_reply_comes_back_open_with_an_error(
    client, agent, colleague, make_post, make_comment
):
    post = make_post(colleague)
    top = make_comment(colleague, post)
    client.force_login(agent)

    response = client.post(
        reverse("community:comment", args=[post.pk]), {"body": "   ", "parent": top.pk}
    )

    assert response.status_code == 200
    assert "Write something before sending your reply." in response.text
    assert '<details class="mt-1 ms-3 ms-md-5" data-reply-box open>' in response.text
    assert Comment.objects.count() == 1
    box = response.context["comments"][0].reply_form["body"]
    html = str(box)
    # Still addressed to the person answered, focused so a phone scrolls to it, and its
    # error is the one a screen reader is pointed at.
    assert f'<label class="form-label" for="reply-{top.pk}-body">Your reply to ' in response.text
    assert "autofocus" in html and 'aria-invalid="true"' in html
    assert f'aria-describedby="reply-{top.pk}-body_helptext reply-{top.pk}-body_error"' in html
    assert f'id="reply-{top.pk}-body_error"' in response.text


def test_an_empty_comment_takes_the_focus_and_names_its_error(client, agent, make_post):
    post = make_post(agent)
    client.force_login(agent)

    response = client.post(reverse("community:comment", args=[post.pk]), {"body": ""})

    assert 'id="comment-body_error"' in response.text
    assert "Write something before sending your comment." in response.text
    assert "autofocus" in str(response.context["comment_form"]["body"])


def test_a_blank_page_focuses_nothing(client, agent, colleague, make_post, make_comment):
    post = make_post(colleague)
    make_comment(colleague, post)
    client.force_login(agent)

    assert "autofocus" not in client.get(post.get_absolute_url()).text


def test_a_too_long_comment_keeps_what_was_typed(client, agent, make_post):
    post = make_post(agent)
    client.force_login(agent)
    text = "Long story " * 500

    response = client.post(reverse("community:comment", args=[post.pk]), {"body": text})

    assert response.status_code == 200 and "at most" in response.text
    assert text.strip()[:100] in response.text


def test_commenting_on_a_post_you_cannot_see_is_not_found(
    client, agent, manager, shenzhen, make_post
):
    post = make_post(manager, sites=[shenzhen])
    client.force_login(agent)

    response = client.post(reverse("community:comment", args=[post.pk]), {"body": "Hi"})

    assert response.status_code == 404 and not Comment.objects.exists()


def test_a_reply_to_a_comment_on_another_post_is_not_found(client, agent, make_post, make_comment):
    other = make_comment(agent, make_post(agent, body="Other"))
    post = make_post(agent)
    client.force_login(agent)

    response = client.post(
        reverse("community:comment", args=[post.pk]), {"body": "Hi", "parent": other.pk}
    )

    assert response.status_code == 404


def test_editing_a_comment_from_its_page(client, agent, make_post, make_comment):
    comment = make_comment(agent, make_post(agent), body="Before")
    client.force_login(agent)
    url = reverse("community:edit_comment", args=[comment.pk])

    assert "Before" in client.get(url).text
    response = client.post(url, {"body": "After"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "After"


def test_someone_elses_comment_has_no_edit_page(client, agent, colleague, make_post, make_comment):
    comment = make_comment(colleague, make_post(colleague))
    client.force_login(agent)
    assert client.get(reverse("community:edit_comment", args=[comment.pk])).status_code == 403


def test_deleting_a_comment_from_the_page(client, agent, colleague, make_post, make_comment):
    post = make_post(colleague)
    comment = make_comment(agent, post)
    client.force_login(agent)

    response = client.post(reverse("community:delete_comment", args=[comment.pk]))

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_deleted
    assert "The comment is deleted." in client.get(post.get_absolute_url()).text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_comment_is_shown_inert(client, agent, colleague, make_post, payload):
    post = make_post(colleague)
    services.add_comment(author=colleague, post=post, body=f"Hello {payload} world")
    client.force_login(agent)

    html = client.get(post.get_absolute_url()).text

    assert_harmless(html)
    assert "world" in html


def test_the_post_page_costs_the_same_queries_for_5_and_50_comments(
    client, colleague, make_person, make_post
):
    post = make_post(colleague)
    people = [make_person() for _ in range(5)]

    def add_comments(count):
        for n in range(count):
            author = people[n % len(people)]
            top = Comment.objects.create(post=post, author=author, body=f"Comment {n}")
            Comment.objects.create(post=post, author=colleague, parent=top, body="Reply")
        Reaction.objects.bulk_create(
            [Reaction(post=post, user=p, kind=k) for p in people for k in ReactionKind.values],
            ignore_conflicts=True,
        )

    def open_post():
        # A newcomer each time, so each visit also records that the post was seen.
        client.force_login(make_person())
        # Every comment: the costliest way to open the post.
        with CaptureQueriesContext(connection) as queries:
            response = client.get(post.get_absolute_url() + "?comments=all")
        assert response.status_code == 200
        return len(queries), response.text.count('class="d-flex gap-2 sb-comment"')

    add_comments(5)
    five, shown = open_post()
    assert shown == 10
    add_comments(45)
    fifty, shown = open_post()

    assert shown == 100 and fifty == five


def test_the_feed_costs_the_same_queries_with_comments_and_reactions(
    client, colleague, make_person, general
):
    posts = bulk_posts(colleague, general, 20)

    def busy(count):
        for post in posts:
            Comment.objects.bulk_create(
                Comment(post=post, author=colleague, body="Hi") for _ in range(count)
            )
            Reaction.objects.bulk_create(
                [Reaction(post=post, user=make_person(), kind=ReactionKind.LIKE)]
            )

    def open_feed():
        client.force_login(make_person())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:index"))
        return len(queries), response.text

    busy(1)
    once, _html = open_feed()
    busy(9)
    many, html = open_feed()

    assert many == once
    assert "10 comments" in html
    assert '<span class="sb-reaction-label">Like</span> <span class="fw-semibold">2</span>' in html


def test_a_long_thread_opens_on_its_latest_comments_with_the_rest_one_link_away(
    client, agent, colleague, make_post
):
    post = make_post(colleague)
    comments = [
        services.add_comment(author=colleague, post=post, body=f"Comment number {n}")
        for n in range(32)
    ]
    client.force_login(agent)

    page = client.get(post.get_absolute_url()).content.decode()
    everything = client.get(post.get_absolute_url() + "?comments=all").content.decode()

    assert "Show earlier comments" in page
    assert f'id="comment-{comments[1].pk}"' not in page
    assert f'id="comment-{comments[2].pk}"' in page
    assert f'id="comment-{comments[31].pk}"' in page
    assert all(f'id="comment-{comment.pk}"' in everything for comment in comments)
    assert "Show earlier comments" not in everything
