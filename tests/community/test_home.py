"""The home page shows the latest community posts a person may see."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def test_home_lists_the_latest_posts_the_person_may_see(
    client, agent, colleague, shenzhen_agent, shenzhen_section, make_post
):
    make_post(colleague, title="Printer on floor 2 is fixed", body="Thanks, IT!")
    make_post(shenzhen_agent, section=shenzhen_section, title="Shenzhen only news", body="Hi")
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert "Printer on floor 2 is fixed" in page
    assert "Shenzhen only news" not in page


def test_home_invites_the_first_post_when_the_floor_is_quiet(client, agent):
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert "Nothing posted yet" in page
    assert reverse("community:new") in page


def test_home_costs_the_same_queries_for_5_and_50_posts(client, agent, colleague, make_post):
    client.force_login(agent)

    def open_home():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    for n in range(5):
        make_post(colleague, body=f"Post {n}")
    five = open_home()
    for n in range(45):
        make_post(colleague, body=f"Post {n}")

    assert open_home() == five


def test_home_shows_pinned_announcements_first_then_the_newest(client, agent, colleague, make_post):
    make_post(colleague, title="Older news")
    pinned = make_post(colleague, title="Fire drill at 10:00")
    pinned.pinned = True
    pinned.save(update_fields=["pinned"])
    make_post(colleague, title="Newest news")
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert page.index("Fire drill at 10:00") < page.index("Newest news") < page.index("Older news")


def test_home_shows_five_of_the_latest_posts(client, agent, colleague, make_post):
    for n in range(7):
        make_post(colleague, title=f"News number {n}")
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert [f"News number {n}" in page for n in range(7)] == [False, False] + [True] * 5
