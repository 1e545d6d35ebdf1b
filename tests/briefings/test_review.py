"""Submitting, editing, withdrawing and reviewing items, and who may do each."""

import html

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
    assert "Wednesday 11 March" in html and "out on Wed 11 Mar at 07:30" in html
    assert "Thursday 12 March" in html and "out on Wed 11 Mar at 23:30" in html


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


def _review_form_in(page, item):
    return page.split(f'id="review-form-{item.pk}"')[1].split("</form>")[0]


def test_a_failed_return_from_the_queue_comes_back_to_the_queue_with_the_error_beside_the_item(
    client, manager, submit
):
    first, second = submit("First"), submit("Second")
    client.force_login(manager)
    response = client.post(
        reverse("briefings:review_item", args=[second.pk]),
        {"decision": "returned", "comment": "", "from": "queue", "page": "1"},
    )

    # Post/redirect/get: the address bar shows the queue, and a reload sends nothing again.
    queue = reverse("briefings:review_queue")
    assert response.status_code == 302
    assert response.url == f"{queue}?page=1#comment-{second.pk}"
    page = html.unescape(client.get(response.url).content.decode())
    assert "First" in page and "Second" in page
    # The error sits in the second item's form, beside its comment box, not the first's.
    second_form, first_form = _review_form_in(page, second), _review_form_in(page, first)
    assert "Say what needs changing before returning it." in second_form
    assert "is-invalid" in second_form and "is-invalid" not in first_form
    # Scrolled to the box, the item's title is above the fold: the label names it.
    assert "Your comment or reason for “Second”" in second_form
    # The address points at the box itself, so the browser focuses it too.
    assert f'id="comment-{second.pk}"' in second_form
    second.refresh_from_db()
    assert second.state == ItemState.SUBMITTED
    # Shown once: the queue opened again later is clean.
    assert "is-invalid" not in client.get(queue).content.decode()


def test_a_failed_reject_from_the_queue_keeps_the_over_long_reason_typed(client, manager, submit):
    item = submit()
    client.force_login(manager)
    too_long = "Duplicate of yesterday's item. " * 80
    response = client.post(
        reverse("briefings:review_item", args=[item.pk]),
        {"decision": "rejected", "comment": too_long, "from": "queue"},
        follow=True,
    )

    assert response.redirect_chain == [
        (f"{reverse('briefings:review_queue')}#comment-{item.pk}", 302)
    ]
    page = html.unescape(response.content.decode())
    assert too_long.strip() in _review_form_in(page, item)
    assert "Ensure this value has at most 2000 characters" in _review_form_in(page, item)
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def _decide_from_queue(client, item, decision="returned", page="1"):
    return client.post(
        reverse("briefings:review_item", args=[item.pk]),
        {"decision": decision, "comment": "Add the price.", "from": "queue", "page": page},
        follow=True,
    )


def _queue_slot(page, item):
    """The part of the queue page for ``item``: the confirmation beside it, then its card."""
    return page.split(f'<div id="queue-item-{item.pk}">')[1].split("</article>")[0]


def test_a_return_from_the_queue_lands_on_the_next_item_with_the_confirmation_beside_it(
    client, manager, submit, submitter
):
    first, second, third = submit("First"), submit("Second"), submit("Third")
    client.force_login(manager)

    response = _decide_from_queue(client, second)

    queue = reverse("briefings:review_queue")
    # The page opens at the confirmation, which the browser focuses: it can take the focus.
    assert response.redirect_chain == [(f"{queue}?page=1#review-done", 302)]
    page = html.unescape(response.content.decode())
    confirmation = "Returned “Second” to the submitter with your comment."
    # Beside the item landed on, ahead of its card, not at the top the jump scrolled away.
    slot = _queue_slot(page, third)
    assert slot.index(confirmation) < slot.index("<article")
    assert '<div class="alert alert-success mb-2" id="review-done" tabindex="-1"' in slot
    assert page.count('id="review-done"') == 1
    assert page.count(confirmation) == 2  # there, and in the page's title
    assert f"<title>{confirmation} · Briefing review" in page
    assert confirmation not in _queue_slot(page, first)
    second.refresh_from_db()
    assert (second.state, second.review_comment) == (ItemState.RETURNED, "Add the price.")
    assert "Add the price." in Notification.objects.get(recipient=submitter).message
    # Said once: the queue opened again is quiet.
    assert confirmation not in html.unescape(client.get(queue).content.decode())


def test_deciding_the_last_item_of_the_queue_lands_on_the_one_before(client, manager, submit):
    first, last = submit("First"), submit("Last")
    client.force_login(manager)

    response = _decide_from_queue(client, last, decision="approved")

    assert response.redirect_chain[-1][0].endswith("?page=1#review-done")
    slot = _queue_slot(html.unescape(response.content.decode()), first)
    assert "Approved “Last”; the submitter has been told." in slot
    assert 'id="review-done"' in slot


def test_deciding_the_only_item_lands_on_the_confirmation_under_the_queue_heading(
    client, manager, submit
):
    item = submit()
    client.force_login(manager)

    response = _decide_from_queue(client, item, page="2")

    assert response.redirect_chain == [(f"{reverse('briefings:review_queue')}#review-done", 302)]
    page = html.unescape(response.content.decode())
    assert "Nothing waiting for review" in page
    heading = page.split("Waiting for review</h1>")[1]
    confirmation = heading.split('id="review-done" tabindex="-1" role="status">')[1]
    assert confirmation.index("Returned “Price change” to the submitter with your comment.") < (
        confirmation.index("Nothing waiting for review")
    )


def test_a_decision_on_a_later_page_stays_on_the_page_the_next_item_is_on(
    client, manager, submit, monkeypatch
):
    monkeypatch.setattr("briefings.views.ITEMS_PAGE_SIZE", 2)
    items = [submit(f"Item {number}") for number in range(1, 6)]
    client.force_login(manager)

    # Item 4 moves up into item 3's place, still on page 2.
    response = _decide_from_queue(client, items[2], page="2")
    assert response.redirect_chain[-1][0].endswith("?page=2#review-done")
    assert "Returned “Item 3”" in _queue_slot(html.unescape(response.content.decode()), items[3])

    # Item 5 was alone on page 3, which is gone now: the one before it is on page 2.
    response = _decide_from_queue(client, items[4], page="3")
    assert response.redirect_chain[-1][0].endswith("?page=2#review-done")
    assert "Returned “Item 5”" in _queue_slot(html.unescape(response.content.decode()), items[3])


def test_a_decision_from_the_item_page_lands_on_the_first_item_after_it_in_the_queue(
    client, manager, submit
):
    first, second = submit("First"), submit("Second")
    client.force_login(manager)

    response = client.post(
        reverse("briefings:review_item", args=[first.pk]), {"decision": "approved"}, follow=True
    )

    assert response.redirect_chain[-1][0].endswith("?page=1#review-done")
    assert "Approved “First”" in _queue_slot(html.unescape(response.content.decode()), second)


def test_a_submitter_cannot_decide_from_the_queue_and_is_not_sent_into_it(
    client, submit, submitter
):
    item = submit()
    client.force_login(submitter)

    response = _decide_from_queue(client, item, decision="approved")

    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_a_second_manager_reviewing_an_item_already_approved_is_told_and_sent_back(
    client, manager, make_person, submit, submitter
):
    item = submit()
    other_manager = make_person(Role.MANAGER)
    services.review_item(item=item, reviewer=other_manager, decision="approved")
    client.force_login(manager)

    response = client.post(
        reverse("briefings:review_item", args=[item.pk]),
        {"decision": "returned", "comment": "Add the price.", "from": "queue", "page": "2"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(f"{reverse('briefings:review_queue')}?page=2", 302)]
    assert (
        "“Price change” had already been reviewed (Approved) when yours arrived; "
        "yours was not applied." in html.unescape(response.content.decode())
    )
    item.refresh_from_db()
    assert (item.state, item.reviewed_by) == (ItemState.APPROVED, other_manager)


def test_a_decision_landing_while_the_review_is_sent_is_reported_not_a_403(
    client, manager, make_person, submit, monkeypatch
):
    item = submit()
    other_manager = make_person(Role.MANAGER)
    review = services.review_item

    def approved_by_another_first(**kwargs):
        review(item=kwargs["item"], reviewer=other_manager, decision="approved")
        return review(**kwargs)

    monkeypatch.setattr(services, "review_item", approved_by_another_first)
    client.force_login(manager)

    response = client.post(
        reverse("briefings:review_item", args=[item.pk]),
        {"decision": "rejected", "comment": "Not needed."},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert "had already been reviewed (Approved)" in html.unescape(response.content.decode())
    item.refresh_from_db()
    assert item.state == ItemState.APPROVED


def test_a_failed_return_from_the_item_page_keeps_the_comment_on_that_page(client, manager, submit):
    item = submit()
    client.force_login(manager)
    too_long = "Please shorten. " * 200
    response = client.post(
        reverse("briefings:review_item", args=[item.pk]),
        {"decision": "returned", "comment": too_long},
        follow=True,
    )

    assert response.redirect_chain == [(f"{item.get_absolute_url()}#comment-{item.pk}", 302)]
    form = _review_form_in(html.unescape(response.content.decode()), item)
    assert too_long.strip() in form
    assert 'name="from"' not in form
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_queue_cards_show_links_attachments_and_each_sites_briefing_date(
    client, manager, submitter, shenzhen, travel, image_upload
):
    travel(at("2026-03-10 10:00"))
    services.submit_item(
        author=submitter,
        title="Price list",
        body="New prices.",
        category="product",
        links="Price list | https://intranet.example/prices",
        attachment=image_upload(),
    )
    client.force_login(manager)
    page = html.unescape(client.get(reverse("briefings:review_queue")).content.decode())

    assert 'href="https://intranet.example/prices"' in page
    attachment = BriefingItem.objects.get().attachments.get()
    assert reverse("briefings:attachment", args=[attachment.pk]) in page
    assert "If approved now, it goes out in" in page
    assert "the briefing of Wednesday 11 March" in page
    assert "the briefing of Thursday 12 March" in page
    # The Return button is a filled warning button, readable (dark text), not yellow on white.
    assert 'class="btn btn-sm btn-warning" type="submit" name="decision" value="returned"' in page


def test_submitter_fixing_a_returned_item_sees_the_comment_and_sends_it_back(
    client, submit, manager, submitter
):
    item = submit("Outage map")
    services.review_item(
        item=item, reviewer=manager, decision="returned", comment="Link the new map"
    )
    client.force_login(submitter)

    form_page = html.unescape(
        client.get(reverse("briefings:edit_item", args=[item.pk])).content.decode()
    )
    assert "Returned by Morgan Manager on" in form_page and "Link the new map" in form_page
    assert "Save and send for review again" in form_page

    response = client.post(
        reverse("briefings:edit_item", args=[item.pk]),
        {"title": "Outage map", "body": "With the map.", "category": "system"},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "sent “Outage map” back for review" in page
    assert "Earlier review" in page and "Returned by Morgan Manager on" in page
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_editing_an_item_not_yet_reviewed_keeps_the_plain_wording(client, submit, submitter):
    item = submit("Outage map")
    client.force_login(submitter)
    form_page = client.get(reverse("briefings:edit_item", args=[item.pk])).content.decode()
    assert "Save changes" in form_page and "Save and send for review again" not in form_page
    response = client.post(
        reverse("briefings:edit_item", args=[item.pk]),
        {"title": "Outage map", "body": "Changed.", "category": "system"},
        follow=True,
    )
    assert "Saved your changes." in response.content.decode()
    assert "Earlier review" not in response.content.decode()


def test_links_field_explains_the_format_in_help_text_without_a_placeholder(client, submitter):
    client.force_login(submitter)
    page = html.unescape(client.get(reverse("briefings:new_item")).content.decode())
    assert "One per line: a label, a bar, the address" in page
    assert "placeholder=" not in page.split('name="links"')[0].rsplit("<textarea", 1)[1]
    assert "placeholder" not in page.split('name="links"')[1].split(">")[0]


def test_submit_form_puts_when_it_goes_out_before_the_button_on_small_screens(client, submitter):
    client.force_login(submitter)
    page = client.get(reverse("briefings:new_item")).content.decode()
    # Stacked columns follow the order classes: the schedule card comes first below "lg".
    assert 'class="col-lg-4 order-1 order-lg-2"' in page
    assert 'class="col-lg-8 order-2 order-lg-1"' in page
