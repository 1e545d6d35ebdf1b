"""Kudos, lost and found items and customer feedback in the feed, at a flat query count."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community import selectors, services
from community.models import AgentOfTheWeek, Claim
from portal.models import Role


def add_every_kind(count, *, agent, colleague, manager, image_upload):
    """``count`` posts of each structured kind, plus a highlight and a plain post."""
    for n in range(count):
        services.give_kudos(giver=agent, recipient=colleague, value="helpful", message=f"K{n}")
        item = services.report_lost_item(
            author=colleague,
            kind="found",
            what=f"Thing {n}",
            where="Kitchen",
            when=timezone.now(),
            photo=image_upload() if n == 0 else None,
        )
        services.claim_item(claimant=agent, item=item)
        feedback = services.share_customer_feedback(
            author=agent, kind="compliment", channel="email", body=f"F{n}", product="App"
        )
        if n == 0:
            services.set_feedback_highlight(actor=manager, feedback=feedback, highlighted=True)


def test_the_feed_costs_the_same_queries_for_5_and_50_of_every_kind(
    agent, colleague, manager, image_upload, section, django_assert_num_queries
):
    def read(section=None):
        page = selectors.feed_for(manager, section=section)
        # Touch what the cards show, so a missing select_related would cost queries here.
        for post in [*page.highlighted, *page.posts]:
            kudos, item, feedback = (
                getattr(post, "kudos", None),
                getattr(post, "lost_item", None),
                getattr(post, "customer_feedback", None),
            )
            assert kudos or item or feedback
            if kudos:
                assert kudos.recipient.profile.display_name
        return page

    feedback_section = section("customer-feedback")
    add_every_kind(5, agent=agent, colleague=colleague, manager=manager, image_upload=image_upload)
    with CaptureQueriesContext(connection) as five:
        read()
    with CaptureQueriesContext(connection) as five_in_section:
        read(feedback_section)
    add_every_kind(45, agent=agent, colleague=colleague, manager=manager, image_upload=image_upload)

    with django_assert_num_queries(len(five)):
        assert len(read().posts) == selectors.FEED_PAGE_SIZE
    with django_assert_num_queries(len(five_in_section)):
        # Each batch highlights its first piece of feedback.
        assert len(read(feedback_section).highlighted) == 2


def test_the_feed_page_costs_the_same_queries_for_5_and_50_of_every_kind(
    client, agent, colleague, manager, make_person, image_upload
):
    def open_feed_as_a_newcomer(**params):
        client.force_login(make_person())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("community:index"), params).status_code == 200
        return len(queries)

    services.nominate(nominator=agent, nominee=colleague, reason="Star")
    services.pick_agent_of_the_week(actor=manager, winner=colleague, citation="Star of the week")
    add_every_kind(5, agent=agent, colleague=colleague, manager=manager, image_upload=image_upload)
    five = open_feed_as_a_newcomer()
    five_feedback = open_feed_as_a_newcomer(section="customer-feedback")
    add_every_kind(45, agent=agent, colleague=colleague, manager=manager, image_upload=image_upload)

    assert open_feed_as_a_newcomer() == five
    assert open_feed_as_a_newcomer(section="customer-feedback") == five_feedback


def test_the_plain_post_form_leaves_out_the_sections_with_their_own_form(client, agent):
    client.force_login(agent)
    sections = client.get(reverse("community:new")).context["form"].fields["section"].queryset

    slugs = set(sections.values_list("slug", flat=True))
    assert "general" in slugs
    assert not slugs & {"recognition", "lost-and-found", "customer-feedback"}


@pytest.mark.parametrize(
    ("slug", "form"),
    [
        ("recognition", "community:give_kudos"),
        ("lost-and-found", "community:new_lost_item"),
        ("customer-feedback", "community:new_feedback"),
    ],
)
def test_new_post_in_a_structured_section_opens_its_form(client, agent, slug, form):
    client.force_login(agent)
    page = client.get(reverse("community:index"), {"section": slug}).text
    assert f'href="{reverse(form)}"' in page


def test_the_new_post_menu_reaches_every_kind(client, agent):
    client.force_login(agent)
    page = client.get(reverse("community:index")).text
    for name in ["give_kudos", "agent_of_the_week", "new_lost_item", "new_feedback"]:
        assert reverse(f"community:{name}") in page


def _race(*calls):
    """Run ``calls`` at the same moment, each on its own connection; return what each raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_managers_picking_at_once_make_one_winner(make_person):
    managers = [make_person(Role.MANAGER), make_person(Role.ADMINISTRATOR)]
    agents = [make_person(), make_person()]
    services.nominate(nominator=agents[0], nominee=agents[1], reason="Great")
    services.nominate(nominator=agents[1], nominee=agents[0], reason="Great")

    outcomes = _race(
        lambda: services.pick_agent_of_the_week(actor=managers[0], winner=agents[0], citation="A"),
        lambda: services.pick_agent_of_the_week(actor=managers[1], winner=agents[1], citation="B"),
    )

    assert AgentOfTheWeek.objects.count() == 1
    assert sum(outcome is not None for outcome in outcomes) == 1


@pytest.mark.django_db(transaction=True)
def test_a_claim_racing_the_return_either_lands_first_or_is_refused(
    builtin_sections, make_person, report_item
):
    poster, claimant = make_person(), make_person()
    item = report_item(poster)

    outcomes = _race(
        lambda: services.claim_item(claimant=claimant, item=item),
        lambda: services.mark_returned(actor=poster, item=item),
    )

    item.refresh_from_db()
    assert not item.is_open and outcomes[1] is None
    claimed = Claim.objects.filter(item=item).exists()
    assert claimed == (outcomes[0] is None)
    if claimed:
        assert Claim.objects.get().created_at <= item.returned_at
