"""Submitting, editing, withdrawing and reviewing items, and who may do each."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from briefings import services
from briefings.models import BriefingItem, ItemState
from portal.models import Notification, NotificationVerb, Role
from tests.briefings.conftest import at


def test_agents_cannot_submit(agent, submit):
    with pytest.raises(PermissionDenied):
        submit(author=agent)


def test_team_leaders_cannot_submit(team_leader, submit):
    with pytest.raises(PermissionDenied):
        submit(author=team_leader)


def test_submitter_item_waits_for_review_with_their_department(submitter, submit, marketing):
    item = submit()
    assert item.state == ItemState.SUBMITTED
    assert item.department == marketing


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"category": "gossip"}, "category"),
        ({"links": "javascript:alert(1)"}, "links"),
        ({"title": "x" * 161}, "title"),
    ],
)
def test_bad_input_is_refused_with_a_message_on_the_field(submitter, fields, field):
    arguments = {"title": "Title", "body": "Body", "category": "other", **fields}
    with pytest.raises(ValidationError) as refused:
        services.submit_item(author=submitter, **arguments)
    assert field in refused.value.error_dict
    assert not BriefingItem.objects.exists()


def test_an_item_takes_at_most_four_attachments(submitter, submit, image_upload):
    item = submit(attachment=image_upload())
    for _ in range(3):
        services.edit_item(
            item=item,
            editor=submitter,
            title="T",
            body="B",
            category="hr",
            attachment=image_upload(),
        )
    with pytest.raises(ValidationError) as refused:
        services.edit_item(
            item=item,
            editor=submitter,
            title="T",
            body="B",
            category="hr",
            attachment=image_upload(),
        )
    assert "attachment" in refused.value.error_dict
    assert item.attachments.count() == 4


def test_submitter_edits_own_item_until_approved(submitter, submit, approve):
    item = submit()
    services.edit_item(item=item, editor=submitter, title="Better", body="B", category="hr")
    item.refresh_from_db()
    assert item.title == "Better"
    approve(item)
    with pytest.raises(PermissionDenied):
        services.edit_item(item=item, editor=submitter, title="Late", body="B", category="hr")


def test_nobody_else_edits_or_withdraws_a_submitters_item(submit, make_person):
    item = submit()
    other = make_person(Role.SUBMITTER)
    with pytest.raises(PermissionDenied):
        services.edit_item(item=item, editor=other, title="Mine", body="B", category="hr")
    with pytest.raises(PermissionDenied):
        services.withdraw_item(item=item, user=other)


def test_withdrawn_item_never_goes_out(submitter, submit, manager, travel, run_dispatch):
    travel(at("2026-03-10 12:00"))
    item = submit()
    services.withdraw_item(item=item, user=submitter)
    with pytest.raises(PermissionDenied):
        services.review_item(item=item, reviewer=manager, decision="approved")
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    assert not item.entries.exists()


def test_only_managers_review(submit, agent, submitter, team_leader):
    item = submit()
    for person in (agent, submitter, team_leader):
        with pytest.raises(PermissionDenied):
            services.review_item(item=item, reviewer=person, decision="approved")


def test_approving_notifies_the_submitter_with_the_dates(submit, approve, submitter, travel):
    travel(at("2026-03-10 12:00"))
    item = submit()
    approve(item)
    note = Notification.objects.get(recipient=submitter)
    assert note.verb == NotificationVerb.BRIEFING_REVIEW
    assert "approved" in note.message and "11 Mar" in note.message


def test_return_needs_a_comment_then_resubmission_restarts_the_cutoff(
    submit, manager, submitter, travel
):
    travel(at("2026-03-10 12:00"))
    item = submit()
    with pytest.raises(ValidationError):
        services.review_item(item=item, reviewer=manager, decision="returned", comment=" ")
    services.review_item(
        item=item, reviewer=manager, decision="returned", comment="Add the price list"
    )
    assert "Add the price list" in Notification.objects.get(recipient=submitter).message
    travel(at("2026-03-10 17:00"))
    services.edit_item(item=item, editor=submitter, title="T", body="With prices", category="hr")
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED
    assert item.submitted_at == at("2026-03-10 17:00")


def test_reject_needs_a_reason_and_is_final(submit, manager, submitter):
    item = submit()
    with pytest.raises(ValidationError):
        services.review_item(item=item, reviewer=manager, decision="rejected")
    services.review_item(item=item, reviewer=manager, decision="rejected", comment="Duplicate")
    item.refresh_from_db()
    assert item.state == ItemState.REJECTED and item.review_comment == "Duplicate"
    with pytest.raises(PermissionDenied):
        services.withdraw_item(item=item, user=submitter)


def test_reviewing_twice_is_refused(submit, approve, manager):
    item = submit()
    approve(item)
    with pytest.raises(PermissionDenied):
        services.review_item(item=item, reviewer=manager, decision="rejected", comment="No")


# Pages ---------------------------------------------------------------------------


def test_submit_form_shows_the_date_before_and_after_submitting(client, submitter, travel):
    travel(at("2026-03-10 15:55"))
    client.force_login(submitter)
    page = client.get(reverse("briefings:new_item"))
    assert "Wednesday 11 March" in page.content.decode()
    response = client.post(
        reverse("briefings:new_item"),
        {"title": "Price rise", "body": "From Monday.", "category": "product"},
    )
    item = BriefingItem.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "Wednesday 11 March" in detail and "Price rise" in detail


def test_live_preview_moves_to_the_day_after_once_past_the_cutoff(client, submitter, travel):
    client.force_login(submitter)
    travel(at("2026-03-10 16:05"))
    fragment = client.get(reverse("briefings:landing_preview"), headers={"HX-Request": "true"})
    assert "Thursday 12 March" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_live_preview_shows_each_sites_date_in_the_submitters_time(
    client, submitter, shenzhen, travel
):
    client.force_login(submitter)
    travel(at("2026-03-10 10:00"))
    html = client.get(reverse("briefings:landing_preview")).content.decode()
    # Cardiff: Wed 11th 07:30 London; Shenzhen: Thu 12th 07:30 there = Wed 11th 23:30 London.
    assert "Wednesday 11 March" in html and "Wed 11 Mar, 07:30" in html
    assert "Thursday 12 March" in html and "Wed 11 Mar, 23:30" in html


def test_form_errors_keep_what_was_typed(client, submitter):
    client.force_login(submitter)
    response = client.post(
        reverse("briefings:new_item"),
        {"title": "", "body": "Keep me", "category": "product"},
    )
    assert response.status_code == 200
    assert "Keep me" in response.content.decode()
    assert not BriefingItem.objects.exists()


def test_agents_get_403_on_submit_and_review_pages(client, agent):
    client.force_login(agent)
    assert client.get(reverse("briefings:new_item")).status_code == 403
    assert client.get(reverse("briefings:review_queue")).status_code == 403
    assert client.get(reverse("briefings:my_items")).status_code == 403


def test_manager_approves_from_the_queue(client, manager, submit, submitter):
    item = submit()
    client.force_login(manager)
    assert item.title in client.get(reverse("briefings:review_queue")).content.decode()
    response = client.post(
        reverse("briefings:review_item", args=[item.pk]), {"decision": "approved"}, follow=True
    )
    item.refresh_from_db()
    assert item.state == ItemState.APPROVED
    assert "Approved" in response.content.decode()


def test_returning_without_comment_from_the_page_says_why(client, manager, submit):
    item = submit()
    client.force_login(manager)
    response = client.post(
        reverse("briefings:review_item", args=[item.pk]), {"decision": "returned"}, follow=True
    )
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED
    assert "Say what needs changing" in response.content.decode()


def test_others_cannot_open_an_item_waiting_for_review(client, submit, agent):
    item = submit()
    client.force_login(agent)
    assert client.get(item.get_absolute_url()).status_code == 404
