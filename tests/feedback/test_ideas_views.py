"""The think-tank pages: who sees which buttons, what each form does, refusals."""

import re

import pytest
from django.urls import reverse

from feedback import idea_services as services
from feedback.idea_selectors import SORTS
from feedback.models import Idea, IdeaStatus
from portal.models import Notification, Role


def fresh(idea):
    return Idea.objects.get(pk=idea.pk)


def test_posting_an_idea_through_the_form_lands_on_its_page(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("feedback:new_idea"),
        {
            "title": "Quiet room",
            "problem": "Nowhere to breathe",
            "proposal": "Room 3",
            "category": "wellbeing",
        },
        follow=True,
    )

    idea = Idea.objects.get()
    assert response.redirect_chain[-1][0] == idea.get_absolute_url()
    assert "Your idea is posted" in response.content.decode()


def test_a_half_filled_idea_form_keeps_what_was_typed_and_says_what_is_missing(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("feedback:new_idea"),
        {"title": "Quiet room", "problem": "", "category": "wellbeing"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Quiet room"' in page
    assert "This field is required." in page
    assert not Idea.objects.exists()


def test_reading_an_idea_counts_the_reader_once(client, idea, colleague):
    client.force_login(colleague)
    client.get(idea.get_absolute_url())
    client.get(idea.get_absolute_url())

    assert fresh(idea).reader_count == 1


def test_support_from_the_page_with_htmx_returns_the_figures_card(client, idea, colleague):
    client.force_login(colleague)

    response = client.post(
        reverse("feedback:support_idea", args=[idea.pk]), {"on": "1"}, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="support"' in page and "<html" not in page
    assert "Withdraw my support" in page
    assert fresh(idea).supporter_count == 1


def test_supporting_your_own_idea_says_why_not(client, idea, agent):
    client.force_login(agent)

    response = client.post(
        reverse("feedback:support_idea", args=[idea.pk]), {"on": "1"}, follow=True
    )

    page = response.content.decode()
    assert "only support from colleagues is counted" in page
    assert "counted already" not in page
    assert fresh(idea).supporter_count == 0


@pytest.mark.parametrize("url_name", ["feedback:idea_status", "feedback:merge_idea"])
def test_agents_get_no_manager_forms(client, idea, colleague, url_name):
    client.force_login(colleague)

    assert client.get(reverse(url_name, args=[idea.pk])).status_code == 403
    assert client.post(reverse(url_name, args=[idea.pk]), {"status": "done"}).status_code == 403
    assert fresh(idea).status == IdeaStatus.NEW


def test_agents_do_not_see_the_manager_buttons_and_managers_do(client, idea, colleague, manager):
    client.force_login(colleague)
    assert "Change status and reply" not in client.get(idea.get_absolute_url()).content.decode()

    client.force_login(manager)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Change status and reply" in page and "Merge into another idea" in page


def test_declining_without_a_reply_shows_the_form_again_with_the_reason(client, idea, manager):
    client.force_login(manager)

    response = client.post(
        reverse("feedback:idea_status", args=[idea.pk]), {"status": "declined", "reply": ""}
    )

    assert response.status_code == 200
    assert "needs a reply everyone can read" in response.content.decode()
    assert fresh(idea).status == IdeaStatus.NEW


def test_planning_with_a_reply_shows_it_on_the_idea(client, idea, manager, agent):
    client.force_login(manager)

    response = client.post(
        reverse("feedback:idea_status", args=[idea.pk]),
        {"status": "planned", "reply": "Live in **March**."},
        follow=True,
    )

    page = response.content.decode()
    assert "Managers&#x27; reply: planned" in page or "Managers' reply: planned" in page
    assert "<strong>March</strong>" in page
    assert Notification.objects.filter(recipient=agent).exists()


def test_a_merged_idea_sends_readers_to_the_idea_kept(client, post_idea, colleague, manager):
    duplicate, keep = post_idea(title="Duplicate"), post_idea(colleague, title="Keeper")
    services.merge_idea(actor=manager, duplicate=duplicate, into=keep)
    client.force_login(colleague)

    response = client.get(duplicate.get_absolute_url(), follow=True)

    assert response.redirect_chain[-1][0] == keep.get_absolute_url()
    assert "“Duplicate” was merged into this idea" in response.content.decode()
    stay = client.get(duplicate.get_absolute_url() + "?stay=1").content.decode()
    assert "This idea was merged into" in stay and "Keeper" in stay


def test_merging_through_the_page_asks_to_confirm_then_merges(
    client, post_idea, colleague, manager
):
    duplicate, keep = post_idea(title="Duplicate"), post_idea(colleague, title="Keeper")
    client.force_login(manager)
    url = reverse("feedback:merge_idea", args=[duplicate.pk])

    check = client.get(url, {"into": keep.pk}).content.decode()
    assert f"Keep #{keep.pk} “Keeper”" in check
    assert fresh(duplicate).merged_into is None

    client.post(url, {"into": keep.pk})
    assert fresh(duplicate).merged_into == keep


def test_merging_into_an_unknown_number_says_so(client, idea, manager):
    client.force_login(manager)

    response = client.get(reverse("feedback:merge_idea", args=[idea.pk]), {"into": 999999})

    assert "There is no open idea with that number." in response.content.decode()


def test_a_manager_raises_straight_talk_from_an_idea(client, idea, manager):
    client.force_login(manager)
    url = reverse("feedback:raise_straight_talk_from_idea", args=[idea.pk])

    form = client.get(url).content.decode()
    assert idea.title in form

    response = client.post(url, {"title": "Why no callbacks?", "question": "Tell us"}, follow=True)
    page = response.content.decode()
    assert "Raised from" in page and idea.get_absolute_url() in page


def test_agents_cannot_raise_straight_talk(client, idea, make_person):
    client.force_login(make_person(Role.TEAM_LEADER))

    url = reverse("feedback:raise_straight_talk_from_idea", args=[idea.pk])
    assert client.get(url).status_code == 403


def test_a_refused_support_through_htmx_reloads_the_page_with_the_reason(client, idea, agent):
    client.force_login(agent)

    response = client.post(
        reverse("feedback:support_idea", args=[idea.pk]), {"on": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == idea.get_absolute_url()
    assert (
        "only support from colleagues is counted"
        in client.get(idea.get_absolute_url()).content.decode()
    )


def test_the_author_is_not_told_their_own_support_counts(client, idea, agent):
    client.force_login(agent)

    page = client.get(idea.get_absolute_url()).content.decode()

    assert "This is your idea. Support from colleagues shows here" in page
    assert "counted already" not in page


def test_the_sort_options_are_short_enough_to_read_in_the_narrow_sort_box(client, agent):
    client.force_login(agent)

    page = client.get(reverse("feedback:ideas")).content.decode()

    assert re.search(r'<option value="popular"[^>]*>Most popular</option>', page)
    assert "How “most popular” is worked out" in page
    assert all(len(str(sort.label)) <= 20 for sort in SORTS.values())
