"""The header: one line of menu at laptop widths, and the bell in sight on a phone."""

import re

from django.conf import settings
from django.urls import reverse

from portal import notifications
from portal.models import NotificationVerb


def tell(person, times):
    for number in range(times):
        notifications.notify(
            recipient=person,
            verb=NotificationVerb.MENTION,
            message=f"Note {number}",
            url="/",
            dedupe_key=f"header-test:{number}",
        )


def test_the_phone_header_shows_the_bell_outside_the_collapsed_menu(client, agent):
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    compact = page.index('id="sb-bell-compact"')
    assert compact < page.index('id="main-nav"'), "the bell must not be inside the collapse"
    bell = page[compact : page.index("</div>", compact)]
    assert f'href="{reverse("notifications:index")}"' in bell
    assert 'aria-label="Notifications"' in bell
    assert "d-xl-none" in page[compact - 40 : compact + 60]


def test_the_bell_poll_also_refreshes_the_phone_bell_with_the_unread_count(client, agent):
    tell(agent, 3)
    client.force_login(agent)

    answer = client.get(reverse("notifications:bell"), headers={"HX-Request": "true"})

    html = answer.content.decode()
    oob = re.search(
        r'<div id="sb-bell-compact"[^>]*hx-swap-oob="true"[^>]*>(.*?)</div>', html, re.S
    )
    assert oob, html
    assert 'aria-label="Notifications, 3 unread"' in oob.group(1)
    assert 'data-unread-count="3"' in oob.group(1)
    assert html.count('data-unread-count="3"') == 2


def test_the_menu_says_knowledge_and_the_page_still_says_knowledge_base(client, agent):
    client.force_login(agent)

    page = client.get(reverse("feedback:knowledge_list"))

    entry = next(item for item in page.context["navigation"] if item["active"])
    assert str(entry["label"]) == "Knowledge"
    assert "<title>Knowledge base" in page.content.decode()


def test_the_stylesheet_keeps_menu_entries_on_one_line_and_its_braces_balance():
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)

    depth = 0
    for character in without_comments:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0, "an unclosed rule swallows every rule after it"
    assert re.search(r"\.sb-navbar \.nav-link \{\s*white-space: nowrap;", without_comments)


def test_home_panel_headers_wrap_instead_of_squeezing_their_link(client, agent):
    tell(agent, 1)
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    header = page.index('id="mentions-title"')
    assert 'class="sb-panel-header"' in page[header - 80 : header]
    css = (settings.BASE_DIR / "static" / "css" / "portal.css").read_text()
    rule = re.search(r"\.sb-panel-header \{(.*?)\}", css, re.S).group(1)
    assert "flex-wrap: wrap" in rule and "gap" in rule
