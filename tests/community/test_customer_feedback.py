"""Customer feedback: tagged compliments and complaints, no customer details, highlights."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community import selectors, services
from community.models import CustomerFeedback
from community.personal_data import find_personal_data


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def test_feedback_is_a_tagged_post_in_customer_feedback(agent, share_feedback):
    feedback = share_feedback(agent, kind="complaint", channel="chat", product="Broadband")

    assert feedback.post.section.slug == "customer-feedback"
    assert (feedback.kind, feedback.channel, feedback.product) == (
        "complaint",
        "chat",
        "Broadband",
    )
    assert not feedback.highlighted


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("She asked us to write to jane.doe@example.co.uk", "an email address"),
        ("Call him back on 07700 900123 please", "a phone number"),
        ("Landline (020) 7946 0000", "a phone number"),
        ("Rang from +44 20 7946 0000", "a phone number"),
        ("His mobile is 138 1234 5678", "a phone number"),
        ("Reached us on +86 13812345678", "a phone number"),
        ("Office 0755-12345678", "a phone number"),
        ("Paid with 4111 1111 1111 1111", "a card number"),
        ("Card 4111-1111-1111-1111 declined", "a card number"),
    ],
)
def test_personal_data_is_refused_with_what_to_remove(agent, share_feedback, text, kind):
    with pytest.raises(ValidationError) as refused:
        share_feedback(agent, body=text)

    assert f"customer details: {kind}." in refused.value.messages[0]
    assert not CustomerFeedback.objects.exists()


def test_personal_data_in_the_title_or_product_is_refused_too(agent, share_feedback):
    with pytest.raises(ValidationError, match="an email address"):
        share_feedback(agent, title="From a@b.com")
    with pytest.raises(ValidationError, match="a phone number"):
        share_feedback(agent, product="07700 900123")


def test_every_kind_found_is_named(agent, share_feedback):
    with pytest.raises(ValidationError) as refused:
        share_feedback(agent, body="a@b.com, 07700 900123, 4111111111111111")
    assert "an email address, a phone number, a card number." in refused.value.messages[0]


@pytest.mark.parametrize(
    "text",
    [
        "Order 123456 arrived on 12/03/2024 at 10:30",
        "The 2024 tariff costs £25.99 a month",
        "Case ref 20240312, ticket 1234567",
        "Waited 45 minutes in the queue",
    ],
)
def test_ordinary_numbers_are_not_mistaken_for_personal_data(text):
    assert find_personal_data(text) == []


def test_editing_feedback_to_add_personal_data_is_refused(agent, share_feedback):
    feedback = share_feedback(agent)
    with pytest.raises(ValidationError, match="customer details"):
        services.edit_post(actor=agent, post=feedback.post, body="Email her at x@y.org")


@pytest.mark.parametrize("field", ["kind", "channel"])
def test_kind_and_channel_must_be_known(agent, share_feedback, field):
    with pytest.raises(ValidationError):
        share_feedback(agent, **{field: "carrier pigeon"})


@pytest.mark.parametrize("moderator", ["manager", "administrator"])
def test_managers_highlight_and_unhighlight(agent, share_feedback, request, moderator):
    moderator = request.getfixturevalue(moderator)
    feedback = share_feedback(agent)

    services.set_feedback_highlight(actor=moderator, feedback=feedback, highlighted=True)
    feedback.refresh_from_db()
    assert feedback.highlighted and feedback.highlighted_by == moderator

    services.set_feedback_highlight(actor=moderator, feedback=feedback, highlighted=False)
    feedback.refresh_from_db()
    assert not feedback.highlighted and feedback.highlighted_at is None


@pytest.mark.parametrize("role", ["agent", "team_leader"])
def test_others_cannot_highlight(colleague, share_feedback, request, role):
    feedback = share_feedback(colleague)
    with pytest.raises(PermissionDenied, match="Only managers and administrators"):
        services.set_feedback_highlight(
            actor=request.getfixturevalue(role), feedback=feedback, highlighted=True
        )


def test_only_a_few_can_be_highlighted_at_once(agent, manager, share_feedback):
    for _ in range(services.MAX_HIGHLIGHTED):
        services.set_feedback_highlight(
            actor=manager, feedback=share_feedback(agent), highlighted=True
        )
    with pytest.raises(ValidationError, match="Unhighlight one"):
        services.set_feedback_highlight(
            actor=manager, feedback=share_feedback(agent), highlighted=True
        )


def test_highlighted_feedback_comes_first_in_its_section_only(
    agent, manager, share_feedback, section
):
    older = share_feedback(agent, body="Older and highlighted")
    newer = share_feedback(agent, body="Newer")
    services.set_feedback_highlight(actor=manager, feedback=older, highlighted=True)

    in_section = selectors.feed_for(agent, section=section("customer-feedback"))
    everywhere = selectors.feed_for(agent)

    assert [p.pk for p in in_section.highlighted] == [older.pk]
    assert [p.pk for p in in_section.posts] == [newer.pk]
    assert [p.pk for p in everywhere.posts] == [newer.pk, older.pk]


def test_the_form_reminds_to_leave_customer_details_out(signed_in, agent):
    page = signed_in(agent).get(reverse("community:new_feedback")).text
    assert "Leave out customer names, account numbers, phone numbers and addresses." in page


def test_the_form_keeps_what_was_typed_when_it_holds_personal_data(signed_in, agent):
    response = signed_in(agent).post(
        reverse("community:new_feedback"),
        {"kind": "complaint", "channel": "phone", "body": "Angry caller on 07700 900123"},
    )

    assert response.status_code == 200 and "a phone number" in response.text
    assert "Angry caller on 07700 900123" in response.text
    assert not CustomerFeedback.objects.exists()


def test_sharing_through_the_form_confirms_and_the_card_shows_the_tags(signed_in, agent):
    response = signed_in(agent).post(
        reverse("community:new_feedback"),
        {"kind": "compliment", "channel": "in_store", "product": "Mobile app", "body": "Loved it"},
        follow=True,
    )

    assert "Shared in Customer feedback" in response.text
    assert "Compliment" in response.text and "In store" in response.text
    assert "Mobile app" in response.text


def test_a_manager_highlights_from_the_post_page(signed_in, agent, manager, share_feedback):
    feedback = share_feedback(agent)
    url = reverse("community:highlight_feedback", args=[feedback.pk])

    assert url not in signed_in(agent).get(feedback.post.get_absolute_url()).text
    assert signed_in(agent).post(url, {"highlighted": "1"}).status_code == 403
    response = signed_in(manager).post(url, {"highlighted": "1"}, follow=True)

    assert "it now shows first in Customer feedback" in response.text
    feedback.refresh_from_db()
    assert feedback.highlighted


def test_comments_on_feedback_cannot_carry_customer_details_either(
    agent, colleague, share_feedback
):
    feedback = share_feedback(agent)

    with pytest.raises(ValidationError, match="customer details"):
        services.add_comment(
            author=colleague,
            post=feedback.post,
            body="Her number is 07700 900123 and email jane.doe@example.com",
        )
    comment = services.add_comment(author=colleague, post=feedback.post, body="Good catch!")
    with pytest.raises(ValidationError, match="customer details"):
        services.edit_comment(actor=colleague, comment=comment, body="Call 07700 900123")
