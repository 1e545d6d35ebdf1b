"""Rendered Markdown and excerpts are kept per process: the same texts are read by thousands."""

from django.template import Context, Template
from django.utils.html import strip_tags
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
    assert first.startswith("<p><strong>word0 ") and "word79…</strong></p>" in first
    assert "word80" not in first
    assert excerpt.cache_info().hits == 1


def test_an_excerpt_of_text_not_marked_safe_is_escaped():
    rendered = Template("{% load portal %}{{ text|excerpt:80 }}").render(
        Context({"text": "<script>alert(1)</script> hello"})
    )

    assert "<script>" not in rendered and "&lt;script&gt;alert(1)&lt;/script&gt; hello" in rendered


def test_a_long_chinese_post_is_cut_although_it_has_no_spaces():
    html = mark_safe("<p>" + "客服中心今天的排班有变化请大家留意。" * 80 + "</p>")

    cut = excerpt(html, 80)

    assert cut.startswith("<p>客服中心") and cut.endswith("…</p>")
    assert len(strip_tags(cut)) == 80 * 2


def test_one_very_long_word_such_as_a_link_is_cut_too():
    html = mark_safe("<p>See https://example.com/" + "a" * 800 + " for details</p>")

    cut = excerpt(html, 80)

    assert cut.endswith("…</p>") and len(strip_tags(cut)) == 80 * 8


def test_a_short_post_is_shown_whole_without_an_ellipsis():
    html = mark_safe("<p>Fire drill at 10:00. 请准时参加。</p>")

    assert excerpt(html, 80) == html
