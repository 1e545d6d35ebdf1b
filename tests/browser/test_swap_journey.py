"""In a real browser: a shift swap from the form to the team leader's approval, and a post
with a mention written through the New post form."""

import datetime
import importlib
import re
import zoneinfo

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Post, Reaction, ShiftSwap
from portal.models import Notification, Role
from tests.browser.test_journey import screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def builtin_sections(transactional_db):
    """The sections the data migration makes, made again after the live server's flush."""
    migration = importlib.import_module("community.migrations.0002_builtin_sections")
    migration.create_sections(django_apps, None)


@pytest.fixture
def taker(make_person):
    """Another agent in the same Cardiff team as ``agent``."""
    return make_person(Role.AGENT, display_name="Casey Colleague")


def shift_day(days):
    return timezone.localdate(timezone=zoneinfo.ZoneInfo("Europe/London")) + datetime.timedelta(
        days=days
    )


def test_a_shift_swap_goes_from_the_form_to_the_team_leaders_approval(
    live_server, builtin_sections, agent, taker, team_leader, open_page
):
    day = shift_day(3)

    # The poster offers their shift through the form.
    poster_page = open_page(agent)
    poster_page.get_by_role("navigation", name="Main").get_by_role("link", name="Community").click()
    poster_page.get_by_role("link", name="Shift swaps").first.click()
    poster_page.get_by_role("link", name="Open swaps").click()
    poster_page.get_by_role("link", name="Offer a swap").first.click()
    poster_page.get_by_label("Date of the shift").fill(day.isoformat())
    poster_page.get_by_label("Starts at").fill("09:00")
    poster_page.get_by_label("Ends at").fill("17:00")
    poster_page.get_by_label("What would you like in return?").select_option("any")
    poster_page.get_by_label("Anything to add? (optional)").fill("Dentist appointment.")
    screenshot(poster_page, "swap-form.png")
    poster_page.get_by_role("button", name="Post the swap").click()
    expect(poster_page.get_by_text("is up for swapping")).to_be_visible()
    swap = ShiftSwap.objects.get()
    assert swap.post.author == agent and swap.state == ShiftSwap.State.OPEN

    # A colleague in the same team finds it in the feed and offers to take it.
    taker_page = open_page(taker)
    taker_page.goto(live_server.url + "/community/?section=shift-swaps")
    card = taker_page.locator("article").filter(has_text="Dentist appointment.")
    expect(card).to_contain_text(day.strftime("%A"))
    # They like it from the keyboard, right there: only the card's bar changes, the feed
    # stays where it was and the focus stays on the button.
    like = card.get_by_role("button", name="Like")
    expect(like).to_have_attribute("aria-pressed", "false")
    like.focus()
    like.press("Enter")
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_be_focused()
    expect(taker_page).to_have_url(live_server.url + "/community/?section=shift-swaps")
    assert Reaction.objects.filter(post=swap.post, user=taker, kind="like").exists()
    screenshot(taker_page, "swap-feed-card-reacted.png")
    card.get_by_role("button", name="Take this shift").click()
    expect(taker_page.get_by_text("Offer sent.")).to_be_visible()

    # The poster accepts that offer on the swap's page.
    poster_page.goto(live_server.url + swap.post.get_absolute_url())
    accept = poster_page.get_by_role("button", name="Accept the offer from Casey Colleague")
    expect(accept).to_be_visible()
    accept.click()
    confirm = poster_page.get_by_role("dialog", name="Give your shift to Casey Colleague?")
    expect(confirm).to_be_visible()
    confirm.get_by_role("button", name="Accept").click()
    expect(poster_page.get_by_text("Offer accepted.")).to_be_visible()
    expect(poster_page.locator(".sb-swap")).to_contain_text("Waiting for approval")

    # The team leader approves it from "Waiting for my approval".
    leader_page = open_page(team_leader)
    leader_page.goto(live_server.url + "/community/swaps/")
    leader_page.get_by_role("link", name="Waiting for my approval").click()
    expect(leader_page.get_by_role("heading", name="Swaps waiting for my approval")).to_be_visible()
    screenshot(leader_page, "swap-waiting-for-approval.png")
    leader_page.get_by_role("button", name="Approve the swap from Alex Agent").click()
    expect(leader_page.get_by_text("Swap approved.")).to_be_visible()
    expect(leader_page.get_by_text("Nothing waiting for you")).to_be_visible()

    # The swap shows approved, and both colleagues are told.
    poster_page.reload()
    expect(poster_page.locator(".sb-swap")).to_contain_text("Approved")
    screenshot(poster_page, "swap-approved.png")
    for page in (poster_page, taker_page):
        page.goto(live_server.url + "/notifications/")
        expect(page.get_by_text(re.compile("Tess Leader approved the shift swap"))).to_be_visible()
    swap.refresh_from_db()
    assert swap.state == ShiftSwap.State.APPROVED
    assert swap.accepted_offer.offered_by == taker
    assert Notification.objects.filter(recipient=taker, verb="swap_update").count() == 2
    assert open_page.problems == []


def test_a_post_with_a_mention_is_written_through_the_new_post_form(
    live_server, builtin_sections, agent, taker, open_page
):
    page = open_page(agent)
    page.goto(live_server.url + "/community/")
    page.get_by_role("link", name="New post").first.click()
    page.get_by_label("Section").select_option(label="Tips and know-how")
    page.get_by_label("Title").fill("Direct debits after a bank holiday")
    body = page.get_by_label("What do you want to say?")
    body.click()
    body.press_sequentially("Collections move a day later. Thanks @cas")
    option = page.get_by_role("option", name=re.compile("Casey Colleague"))
    expect(option).to_be_visible()
    body.press("Enter")
    expect(body).to_have_value(
        f"Collections move a day later. Thanks @[Casey Colleague](person:{taker.pk}) "
    )
    body.press_sequentially("for spotting it.")
    page.get_by_role("button", name="Post", exact=True).click()

    expect(page.get_by_text("Posted in Tips and know-how.")).to_be_visible()
    post = Post.objects.get()
    expect(page.get_by_role("heading", name="Direct debits after a bank holiday")).to_be_visible()
    mention = page.locator("article").first.get_by_role("link", name="@Casey Colleague")
    expect(mention).to_have_attribute("href", f"/people/{taker.pk}/")
    screenshot(page, "community-post-with-mention.png")

    mentioned_page = open_page(taker)
    mentioned_page.goto(live_server.url + "/notifications/")
    told = "Alex Agent mentioned you in “Direct debits after a bank holiday”"
    expect(mentioned_page.get_by_text(told)).to_be_visible()
    mentioned_page.get_by_text(told).click()
    expect(mentioned_page).to_have_url(re.compile(rf"/community/posts/{post.pk}/"))
    assert open_page.problems == []
