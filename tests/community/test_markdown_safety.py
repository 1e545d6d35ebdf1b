"""Whatever people type, the feed and the post page never run it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

PAYLOADS = [
    "<script>alert('xss')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">click me</a>',
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
]


class ActiveContent(HTMLParser):
    """Collects everything in a page that a browser could run, whatever the text says."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in {"iframe", "svg", "object", "embed"}:
            self.found.append(tag)
        for name, value in attrs:
            value = "".join((value or "").split()).lower()
            if name.startswith("on") or value.startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")
        # The page's own scripts and images are files under /static/; others came from a post.
        src = dict(attrs).get("src") or ""
        if tag in {"script", "img"} and not src.startswith("/static/"):
            self.found.append(f"{tag} {src}")


def assert_harmless(html):
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_post_is_shown_inert_on_its_page_and_in_the_feed(
    client, agent, colleague, make_post, payload
):
    post = make_post(colleague, title=payload, body=f"Hello {payload} world")
    client.force_login(agent)

    for url in [post.get_absolute_url(), reverse("community:index")]:
        response = client.get(url)
        assert response.status_code == 200
        assert_harmless(response.content.decode())
        assert "world" in response.content.decode()


def test_links_in_posts_get_noopener_nofollow(client, agent, make_post):
    post = make_post(agent, body="[our wiki](https://wiki.example.com)")
    client.force_login(agent)

    html = client.get(post.get_absolute_url()).content.decode()

    assert 'href="https://wiki.example.com"' in html
    assert 'rel="noopener nofollow"' in html
