"""Rendered Markdown is kept per process: the same briefing item is read by thousands."""

from portal.markdown import render_markdown


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
