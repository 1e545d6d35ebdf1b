"""Withdrawing a submitted item asks first, with or without JavaScript, and says what it did."""

import html

from django.urls import reverse

from briefings import services
from briefings.models import ItemState
from portal.models import Role


def text(response):
    return html.unescape(response.content.decode())


def withdraw_url(item):
    return reverse("briefings:withdraw_item", args=[item.pk])


def test_the_item_page_asks_in_a_dialog_and_links_to_the_question_without_javascript(
    client, submitter, submit
):
    item = submit("Price change")
    client.force_login(submitter)

    page = text(client.get(item.get_absolute_url()))

    url = withdraw_url(item)
    assert f'<a class="btn btn-outline-danger" href="{url}" data-bs-toggle="modal"' in page
    assert 'id="withdraw-item"' in page and f'action="{url}"' in page
    assert "Withdraw “Price change”?" in page and "This cannot be undone" in page
    # Nothing on the page withdraws with a single press: only the dialog's form posts there.
    assert page.count(f'action="{url}"') == 1
    assert page.split(f'action="{url}"')[0].rsplit("<", 1)[1].startswith('form class="modal')


def test_without_javascript_the_question_is_a_page_of_its_own_and_changes_nothing(
    client, submitter, submit
):
    item = submit("Price change")
    client.force_login(submitter)

    response = client.get(withdraw_url(item))

    assert response.status_code == 200
    page = text(response)
    assert "<title>Withdraw “Price change”?" in page
    assert f'method="post" action="{withdraw_url(item)}"' in page
    assert "Withdraw item" in page
    assert f'href="{item.get_absolute_url()}">Keep it</a>' in page
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_confirming_withdraws_and_says_what_that_means(client, submitter, submit):
    item = submit("Price change")
    client.force_login(submitter)

    response = client.post(withdraw_url(item), follow=True)

    assert response.redirect_chain == [(reverse("briefings:my_items"), 302)]
    assert (
        "Withdrew “Price change”: it will not go out in any briefing. "
        "To send it after all, submit it again." in text(response)
    )
    item.refresh_from_db()
    assert item.state == ItemState.WITHDRAWN


def test_a_returned_item_can_be_withdrawn_too(client, submitter, submit, manager):
    item = submit()
    services.review_item(item=item, reviewer=manager, decision="returned", comment="Add prices")
    client.force_login(submitter)

    assert client.get(withdraw_url(item)).status_code == 200
    client.post(withdraw_url(item))

    item.refresh_from_db()
    assert item.state == ItemState.WITHDRAWN


def test_nobody_but_the_author_is_asked_or_may_withdraw(client, submit, manager, make_person):
    item = submit()
    client.force_login(make_person(Role.SUBMITTER))
    assert client.get(withdraw_url(item)).status_code == 404
    assert client.post(withdraw_url(item)).status_code == 404

    client.force_login(manager)  # may see and review it, not withdraw it
    refused = client.get(withdraw_url(item))
    assert refused.status_code == 403
    assert "Only its author can withdraw an item" in text(refused)
    assert client.post(withdraw_url(item)).status_code == 403
    assert withdraw_url(item) not in text(client.get(item.get_absolute_url()))
    item.refresh_from_db()
    assert item.state == ItemState.SUBMITTED


def test_an_item_approved_before_the_answer_is_not_withdrawn_and_the_author_is_told(
    client, submitter, submit, approve
):
    item = submit("Price change")
    client.force_login(submitter)
    assert client.get(withdraw_url(item)).status_code == 200
    approve(item)

    response = client.post(withdraw_url(item), follow=True)

    assert response.redirect_chain == [(item.get_absolute_url(), 302)]
    assert "“Price change” had already been reviewed (Approved); it was not withdrawn." in text(
        response
    )
    item.refresh_from_db()
    assert item.state == ItemState.APPROVED


def test_withdrawing_again_says_it_is_already_withdrawn(client, submitter, submit):
    item = submit("Price change")
    client.force_login(submitter)
    client.post(withdraw_url(item))

    for response in (
        client.get(withdraw_url(item), follow=True),
        client.post(withdraw_url(item), follow=True),
    ):
        assert response.redirect_chain == [(item.get_absolute_url(), 302)]
        assert "“Price change” is already withdrawn." in text(response)
