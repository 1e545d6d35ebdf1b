"""Rendered Markdown and excerpts are kept per process: the same texts are read by thousands."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

from portal.markdown import excerpt, render_markdown


def test_the_same_text_is_rendered_once_and_reused():
    render_markdown.cache_clear()

    first = render_markdown("**Fire drill** at 10:00")
    again = render_markdown("**Fire drill** at 10:00")

    assert first == again == "<p><strong>Fire drill</strong> at 10:00</p>\n"
    assert render_markdown.cache_info().hits == 1


def test_different_texts_never_share_a_rendering():
    render_markdown.cache_clear()

    assert render_markdown("*one*") == "<p><em>one</em></p>\n"
    assert render_markdown("*two*") == "<p><em>two</em></p>\n"
    assert render_markdown.cache_info().hits == 0


def test_a_kept_rendering_is_still_sanitised():
    render_markdown.cache_clear()
    text = "[click](javascript:alert(1)) <script>alert(1)</script>"

    for _ in range(2):
        html = render_markdown(text)
        assert 'href="javascript' not in html and "<script>" not in html


def test_an_excerpt_keeps_the_first_words_with_its_tags_closed_and_is_kept():
    excerpt.cache_clear()
    html = mark_safe("<p><strong>" + " ".join(f"word{n}" for n in range(100)) + "</strong></p>")

    first = Template("{% load portal %}{{ html|excerpt:80 }}").render(Context({"html": html}))
    again = Template("{% load portal %}{{ html|excerpt:80 }}").render(Context({"html": html}))

    assert first == again
    assert first.startswith("<p><strong>word0 ") and "word79 …</strong></p>" in first
    assert "word80" not in first
    assert excerpt.cache_info().hits == 1


def test_an_excerpt_of_text_not_marked_safe_is_escaped():
    rendered = Template("{% load portal %}{{ text|excerpt:80 }}").render(
        Context({"text": "<script>alert(1)</script> hello"})
    )

    assert "<script>" not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt; hello" in rendered
