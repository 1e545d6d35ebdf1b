"""Posts and comments keep their body rendered: pages do not render Markdown on every view."""

import importlib

from django.apps import apps as django_apps

from community import services
from community.models import Comment, Post


def test_new_post_stores_its_body_rendered_and_sanitised(agent, make_post):
    post = make_post(agent, body="**Heads-up**: <script>alert(1)</script> the router")

    stored = Post.objects.get(pk=post.pk)

    assert stored.body_html.startswith("<p><strong>Heads-up</strong>:")
    assert "<script>" not in stored.body_html
    assert str(stored.rendered_body) == stored.body_html


def test_new_post_stores_mentions_as_links_to_profiles(agent, colleague, make_post, mention):
    post = make_post(agent, body=f"Thanks {mention(colleague)}!")

    assert f'href="/people/{colleague.pk}/"' in Post.objects.get(pk=post.pk).body_html


def test_edited_post_stores_its_new_body(agent, make_post):
    post = make_post(agent, body="Old *text*")

    services.edit_post(actor=agent, post=post, body="New _text_")

    stored = Post.objects.get(pk=post.pk)
    assert "<em>text</em>" in stored.body_html
    assert "Old" not in stored.body_html


def test_comment_and_its_edit_store_the_body_rendered(agent, colleague, make_post, make_comment):
    comment = make_comment(colleague, make_post(agent), body="First **draft**")
    assert "<strong>draft</strong>" in Comment.objects.get(pk=comment.pk).body_html

    services.edit_comment(actor=colleague, comment=comment, body="Second **take**")

    stored = Comment.objects.get(pk=comment.pk)
    assert "<strong>take</strong>" in stored.body_html
    assert "draft" not in stored.body_html


def test_post_stored_without_html_is_rendered_when_shown(agent, make_post):
    post = make_post(agent, body="*Bulk* written")
    Post.objects.filter(pk=post.pk).update(body_html="")

    assert "<em>Bulk</em>" in str(Post.objects.get(pk=post.pk).rendered_body)


def test_feed_shows_the_stored_html(client, agent, make_post):
    post = make_post(agent, body="Plain words")
    # What the page shows is what was stored, not the body rendered again.
    Post.objects.filter(pk=post.pk).update(body_html="<p>Stored <strong>rendering</strong></p>")
    client.force_login(agent)

    response = client.get("/community/")

    assert "Stored <strong>rendering</strong>" in response.content.decode()


def test_migration_fills_the_html_of_rows_written_before_it(agent, colleague, make_post):
    post = make_post(agent, body="Before the **column**")
    comment = services.add_comment(author=colleague, post=post, body="Me _too_")
    Post.objects.update(body_html="")
    Comment.objects.update(body_html="")
    migration = importlib.import_module("community.migrations.0011_post_comment_body_html")

    migration.render_stored_bodies(django_apps, None)

    assert "<strong>column</strong>" in Post.objects.get(pk=post.pk).body_html
    assert "<em>too</em>" in Comment.objects.get(pk=comment.pk).body_html
