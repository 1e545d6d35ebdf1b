"""Kudos and agent of the week: who may give and pick, what the floor sees, who is told."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community import selectors, services
from community.models import AgentOfTheWeek, Kudos, Nomination
from portal.models import Notification, NotificationVerb, Role


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


# Kudos ------------------------------------------------------------------------------


def test_kudos_are_a_recognition_post_and_the_recipient_is_told(agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague, value="customer_hero", message="Saved a **big** order.")

    assert kudos.post.section.slug == "recognition" and kudos.post.author == agent
    assert kudos.post.body == "Saved a **big** order."
    notification = Notification.objects.get(recipient=colleague)
    assert notification.verb == NotificationVerb.KUDOS
    assert notification.message == "Alex Agent gave you kudos: Customer hero"
    assert notification.url == kudos.post.get_absolute_url()
    assert notification.dedupe_key == f"kudos:{kudos.pk}"


def test_nobody_can_give_kudos_to_themselves(agent, give_kudos):
    with pytest.raises(ValidationError, match="thanking someone else"):
        give_kudos(agent, agent)
    assert not Kudos.objects.exists()


def test_kudos_to_someone_who_has_left_are_refused(agent, colleague, give_kudos):
    colleague.is_active = False
    colleague.save()

    with pytest.raises(ValidationError, match="has left"):
        give_kudos(agent, colleague)


@pytest.mark.parametrize("message", ["", "   \n "])
def test_kudos_need_a_message(agent, colleague, give_kudos, message):
    with pytest.raises(ValidationError, match="Say what they did"):
        give_kudos(agent, colleague, message=message)


def test_kudos_need_a_known_value(agent, colleague, give_kudos):
    with pytest.raises(ValidationError, match="what the kudos are for"):
        give_kudos(agent, colleague, value="best_dressed")


def test_a_plain_post_cannot_go_to_a_section_with_its_own_form(agent, section):
    for slug in ["recognition", "lost-and-found", "customer-feedback"]:
        with pytest.raises(ValidationError, match="has its own form"):
            services.create_post(author=agent, section=section(slug), body="Hi")


def test_the_feed_card_says_who_thanked_whom_for_what(signed_in, agent, colleague, give_kudos):
    give_kudos(agent, colleague, value="team_player", message="Covered my calls.")

    page = signed_in(colleague).get(reverse("community:index")).text

    assert "Alex Agent gave kudos to" in page and "Casey Colleague</a>" in page
    assert "Team player" in page and "Covered my calls." in page


# A kudos post has no title of its own: wherever a post's title is shown it is named as
# its feed card names it.


def test_search_results_name_a_kudos_post_for_whom_and_what(
    signed_in, agent, colleague, give_kudos
):
    give_kudos(agent, colleague, value="team_player", message="Covered my calls all week.")

    page = signed_in(agent).get(reverse("community:search"), {"q": "covered calls"}).text

    assert "Kudos for Casey Colleague: Team player</a>" in page
    assert "Post without a title" not in page


def test_a_comment_found_on_a_kudos_post_names_the_post(
    signed_in, agent, colleague, give_kudos, make_person
):
    kudos = give_kudos(agent, colleague, value="team_player")
    services.add_comment(author=make_person(), post=kudos.post, body="Well deserved, Casey!")

    page = signed_in(agent).get(reverse("community:search"), {"q": "deserved"}).text

    assert "Comment on Kudos for Casey Colleague: Team player" in page
    assert "a post without a title" not in page


def test_search_costs_the_same_queries_for_1_and_10_kudos_posts(
    signed_in, agent, colleague, make_person, give_kudos
):
    client = signed_in(agent)
    givers = [make_person() for _ in range(10)]

    def search():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("community:search"), {"q": "headsets"}).text
        return len(queries), page.count("Kudos for Casey Colleague")

    give_kudos(givers[0], colleague, message="Sorted the headsets out.")
    one = search()
    for giver in givers[1:]:
        give_kudos(giver, colleague, message="Sorted the headsets out.")

    assert one[1] == 1
    assert search() == (one[0], 10)


def test_a_comment_on_kudos_tells_the_giver_which_kudos(agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague, value="customer_hero", message="Saved a big order.")

    services.add_comment(author=colleague, post=kudos.post, body="Thank you!")

    notification = Notification.objects.get(recipient=agent, verb=NotificationVerb.REPLY)
    assert notification.message == (
        "Casey Colleague commented on your post “Kudos for Casey Colleague: Customer hero”"
    )


def test_a_kudos_post_is_named_on_home_and_on_its_own_page(signed_in, agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague, value="great_mentor")
    client = signed_in(colleague)

    home = client.get(reverse("home")).text
    post_page = client.get(kudos.post.get_absolute_url()).text

    assert "Kudos for Casey Colleague: Great mentor</a>" in home
    assert "<title>Kudos for Casey Colleague: Great mentor" in post_page


def test_the_profile_links_each_kudos_by_its_name(signed_in, agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague, value="problem_solver")

    page = signed_in(agent).get(reverse("people:detail", args=[colleague.pk])).text

    assert (
        f'<a class="fw-semibold" href="{kudos.post.get_absolute_url()}">'
        "Kudos for Casey Colleague: Problem solver</a>"
    ) in page


def test_kudos_show_on_the_profile_latest_five_with_the_count(
    signed_in, agent, colleague, give_kudos
):
    for n in range(7):
        give_kudos(agent, colleague, message=f"Thanks number {n}")

    page = signed_in(agent).get(reverse("people:detail", args=[colleague.pk])).text

    assert "Kudos received" in page and "Showing the latest 5 of 7." in page
    assert "Thanks number 6" in page and "Thanks number 1" not in page


def test_a_deleted_kudos_post_leaves_the_profile(agent, colleague, give_kudos):
    kudos = give_kudos(agent, colleague)
    services.delete_post(actor=agent, post=kudos.post)

    recognition = selectors.recognition_for(colleague, colleague.profile)

    assert recognition.kudos == [] and recognition.kudos_count == 0


def test_the_profile_costs_the_same_queries_for_5_and_50_kudos(
    signed_in, agent, colleague, make_person, give_kudos
):
    client = signed_in(agent)

    def open_profile():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:detail", args=[colleague.pk])).status_code == 200
        return len(queries)

    givers = [make_person() for _ in range(5)]
    for giver in givers:
        give_kudos(giver, colleague)
    five = open_profile()
    for n in range(45):
        give_kudos(givers[n % 5], colleague)

    assert open_profile() == five


def test_the_profile_offers_kudos_to_others_but_not_to_oneself(signed_in, agent, colleague):
    client = signed_in(agent)
    give_url = f"{reverse('community:give_kudos')}?to={colleague.pk}"

    assert give_url in client.get(reverse("people:detail", args=[colleague.pk])).text
    assert "Give kudos</a>" not in client.get(reverse("people:detail", args=[agent.pk])).text


def test_the_kudos_form_finds_colleagues_and_htmx_gets_only_the_results(
    signed_in, agent, colleague
):
    client = signed_in(agent)
    url = reverse("community:give_kudos")

    page = client.get(url, {"find": "casey"})
    results = client.get(url, {"find": "casey"}, headers={"HX-Request": "true"})
    nobody = client.get(url, {"find": "alex"})

    assert f"?to={colleague.pk}" in page.text and "<html" in page.text
    assert f"?to={colleague.pk}" in results.text and "<html" not in results.text
    assert "HX-Request" in results["Vary"]
    assert "Nobody matches" in nobody.text  # yourself is never offered


def test_giving_kudos_through_the_form_confirms_and_opens_the_post(signed_in, agent, colleague):
    response = signed_in(agent).post(
        reverse("community:give_kudos"),
        {"recipient": colleague.pk, "value": "helpful", "message": "Thank you!"},
        follow=True,
    )

    kudos = Kudos.objects.get()
    assert response.redirect_chain[-1][0] == kudos.post.get_absolute_url()
    assert "Kudos sent. Casey Colleague has been told." in response.text


def test_forging_kudos_to_oneself_keeps_the_message_and_explains(signed_in, agent):
    response = signed_in(agent).post(
        reverse("community:give_kudos"),
        {"recipient": agent.pk, "value": "helpful", "message": "I am great"},
    )

    assert response.status_code == 200 and "thanking someone else" in response.text
    assert not Kudos.objects.exists()


def test_new_post_in_recognition_leads_to_the_kudos_form(signed_in, agent):
    response = signed_in(agent).get(reverse("community:new"), {"section": "recognition"})
    assert response.status_code == 302 and response.url == reverse("community:give_kudos")


# Agent of the week ------------------------------------------------------------------


@pytest.fixture
def nominate():
    def make(nominator, nominee, reason="Always calm on the phones."):
        return services.nominate(nominator=nominator, nominee=nominee, reason=reason)

    return make


def test_weeks_start_on_monday():
    week = services.current_week()
    assert week.isoweekday() == 1


def test_anyone_can_nominate_a_colleague_once_a_week(agent, colleague, nominate):
    nomination = nominate(agent, colleague)
    assert nomination.week == services.current_week()

    with pytest.raises(ValidationError, match="already nominated Casey Colleague this week"):
        nominate(agent, colleague, "Again!")
    assert Nomination.objects.count() == 1


def test_nobody_can_nominate_themselves(agent, nominate):
    with pytest.raises(ValidationError, match="cannot nominate yourself"):
        nominate(agent, agent)


def test_the_database_refuses_a_self_nomination_and_a_week_not_on_monday(agent, colleague):
    week = services.current_week()
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(week=week, nominee=agent, nominated_by=agent, reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(
            week=week + timedelta(days=2), nominee=colleague, nominated_by=agent, reason="x"
        )


def test_a_nomination_needs_a_reason(agent, colleague, nominate):
    with pytest.raises(ValidationError, match="Say why they deserve it"):
        nominate(agent, colleague, "  ")


@pytest.mark.parametrize("role", [Role.AGENT, Role.TEAM_LEADER, Role.SUBMITTER])
def test_only_managers_and_administrators_pick_the_winner(
    make_person, colleague, agent, nominate, role
):
    nominate(agent, colleague)
    with pytest.raises(PermissionDenied, match="Only managers and administrators"):
        services.pick_agent_of_the_week(
            actor=make_person(role), winner=colleague, citation="Well done"
        )
    assert not AgentOfTheWeek.objects.exists()


def test_the_winner_must_have_been_nominated_this_week(manager, agent, colleague, nominate):
    nominate(agent, colleague)
    with pytest.raises(ValidationError, match="has not been nominated this week"):
        services.pick_agent_of_the_week(actor=manager, winner=agent, citation="Great week")


def test_last_weeks_nominations_do_not_count(manager, agent, colleague):
    last_week = services.current_week() - timedelta(days=7)
    Nomination.objects.create(week=last_week, nominee=colleague, nominated_by=agent, reason="x")

    with pytest.raises(ValidationError, match="has not been nominated this week"):
        services.pick_agent_of_the_week(actor=manager, winner=colleague, citation="Great week")


def test_the_winner_is_told_and_shown_on_the_feed_and_profile(
    signed_in, manager, agent, colleague, nominate
):
    nominate(agent, colleague)
    award = services.pick_agent_of_the_week(
        actor=manager, winner=colleague, citation="Turned around 40 complaints."
    )

    notification = Notification.objects.get(recipient=colleague)
    assert notification.verb == NotificationVerb.KUDOS
    assert notification.dedupe_key == f"agent-of-the-week:{award.week.isoformat()}"
    client = signed_in(agent)
    feed = client.get(reverse("community:index")).text
    profile = client.get(reverse("people:detail", args=[colleague.pk])).text
    assert "Agent of the week" in feed and "Turned around 40 complaints." in feed
    assert "Agent of the week" in profile and "Turned around 40 complaints." in profile


def test_there_is_one_winner_a_week(manager, administrator, agent, colleague, nominate):
    nominate(agent, colleague)
    nominate(colleague, agent)
    services.pick_agent_of_the_week(actor=manager, winner=colleague, citation="First")

    with pytest.raises(ValidationError, match="already been chosen"):
        services.pick_agent_of_the_week(actor=administrator, winner=agent, citation="Second")
    assert AgentOfTheWeek.objects.get().winner == colleague


def test_last_weeks_winner_is_no_longer_shown(signed_in, manager, agent, colleague):
    AgentOfTheWeek.objects.create(
        week=services.current_week() - timedelta(days=7),
        winner=colleague,
        chosen_by=manager,
        citation="Last week's star",
    )

    assert selectors.agent_of_the_week() is None
    assert "Last week&#x27;s star" not in signed_in(agent).get(reverse("community:index")).text


def test_managers_see_nominees_grouped_most_nominated_first(
    make_person, manager, agent, colleague, nominate
):
    others = [make_person() for _ in range(3)]
    for voter in others:
        nominate(voter, colleague)
    nominate(colleague, agent, "Helped me on day one.")

    nominees = selectors.nominees()

    assert [(n, n.nomination_count) for n in nominees] == [(colleague, 3), (agent, 1)]
    assert [x.reason for x in nominees[1].this_week] == ["Helped me on day one."]


def test_the_nominations_page_costs_the_same_queries_for_5_and_50_nominations(
    signed_in, make_person, manager, colleague, nominate
):
    client = signed_in(manager)

    def open_page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("community:agent_of_the_week"))
            assert response.status_code == 200
        return len(queries)

    voters = [make_person() for _ in range(50)]
    for voter in voters[:5]:
        nominate(voter, colleague)
    five = open_page()
    for n, voter in enumerate(voters[5:]):
        nominate(voter, voters[n % 10])

    assert open_page() == five


def test_agents_do_not_see_the_nominations_and_cannot_pick(signed_in, agent, colleague, nominate):
    nominate(agent, colleague, "Secret reason")
    client = signed_in(agent)

    assert "Secret reason" not in client.get(reverse("community:agent_of_the_week")).text
    response = client.post(
        reverse("community:pick_agent_of_the_week"), {"winner": colleague.pk, "citation": "x"}
    )
    assert response.status_code == 403 and not AgentOfTheWeek.objects.exists()


def test_nominating_through_the_page_confirms_and_a_repeat_explains(signed_in, agent, colleague):
    client = signed_in(agent)
    url = reverse("community:nominate")

    first = client.post(url, {"nominee": colleague.pk, "reason": "Great"}, follow=True)
    again = client.post(url, {"nominee": colleague.pk, "reason": "Still great"})

    assert "Casey Colleague is nominated for this week" in first.text
    assert again.status_code == 200 and "already nominated" in again.text
    assert "Still great" in again.text


def test_a_manager_picks_through_the_page(signed_in, manager, agent, colleague, nominate):
    nominate(agent, colleague)
    client = signed_in(manager)

    page = client.get(reverse("community:agent_of_the_week")).text
    response = client.post(
        reverse("community:pick_agent_of_the_week"),
        {"winner": colleague.pk, "citation": "Brilliant week"},
        follow=True,
    )

    assert "Make Casey Colleague agent of the week" in page
    assert "Casey Colleague is agent of the week" in response.text
    assert AgentOfTheWeek.objects.get().chosen_by == manager


def test_picking_without_a_citation_keeps_the_choice_open(
    signed_in, manager, agent, colleague, nominate
):
    nominate(agent, colleague)

    response = signed_in(manager).post(
        reverse("community:pick_agent_of_the_week"), {"winner": colleague.pk, "citation": ""}
    )

    assert response.status_code == 200 and "Write a line the floor will see" in response.text
    assert not AgentOfTheWeek.objects.exists()
