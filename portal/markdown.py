"""Render user-written Markdown to HTML that is safe to show.

markdown-it-py turns Markdown into HTML with raw HTML disabled; nh3 then keeps
only an allow-list of tags and attributes, drops every event handler and any URL
scheme but http, https and mailto, and marks links ``noopener nofollow``.
"""

import functools
import re
from html import unescape

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


# Thousands of people read the same few texts (today's briefing items, a popular article)
# within minutes; the HTML depends on the text alone, so each process keeps the latest.
RENDERED_KEPT = 1024


@functools.lru_cache(maxsize=RENDERED_KEPT)
def render_markdown(text):
    html = _renderer.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener nofollow",
    )
    return mark_safe(clean)


# Chinese and Japanese are written without spaces, so a "word" there can be a whole
# paragraph; and a long link is one word too. An excerpt is also held to a number of
# characters per word: few for text written in those scripts, where a character carries
# about a word, and enough elsewhere never to cut a normal sentence short.
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
CHARACTERS_PER_WORD = 8
CHARACTERS_PER_WORD_CJK = 2


@functools.lru_cache(maxsize=RENDERED_KEPT)
def excerpt(html, words):
    """The first ``words`` words of safe ``html``, its tags closed, ending in "…" if cut.

    Kept per process like the renderings: every feed card shows one, and parsing the
    HTML to cut it was a tenth of the feed's rendering.
    """
    cut = Truncator(html).words(words, html=True, truncate="…")
    text = strip_tags(cut)
    mostly_cjk = len(CJK_CHARACTER.findall(text)) * 3 > len(text)
    per_word = CHARACTERS_PER_WORD_CJK if mostly_cjk else CHARACTERS_PER_WORD
    return mark_safe(Truncator(cut).chars(words * per_word, html=True, truncate="…"))


# Tags that end a line, a cell or a block leave a space behind, so that the words either
# side of them stay apart in plain text ("<li>Lost</li><li>Found</li>" is "Lost Found").
_BREAKING_TAG = re.compile(
    r"</?(?:p|br|li|ul|ol|h[1-6]|blockquote|pre|hr|table|thead|tbody|tr|th|td)\b[^>]*>", re.I
)


@functools.lru_cache(maxsize=RENDERED_KEPT)
def plain_text(html):
    """What a reader sees of safe ``html``, as one line of plain text: no tags, no entities.

    Not safe HTML itself: whoever shows it escapes it like any other text.
    """
    return " ".join(unescape(strip_tags(_BREAKING_TAG.sub(" ", html))).split())
