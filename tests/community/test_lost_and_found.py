"""Lost and found: posting with a photo, "that's mine", and closing by marking returned."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from community import selectors, services
from community.models import PHOTO_MAX_BYTES, Claim, LostItem
from portal.models import Notification, NotificationVerb


@pytest.fixture
def signed_in(client):
    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def test_a_found_item_is_a_post_in_lost_and_found(agent, report_item):
    item = report_item(agent, what="Car keys", details="Red fob.")

    assert item.post.section.slug == "lost-and-found"
    assert item.post.title == "Found: Car keys" and item.post.body == "Red fob."
    assert item.is_open and item.returned_at is None


def test_the_photo_is_re_encoded_and_stored_under_lost_and_found(agent, report_item, image_upload):
    item = report_item(agent, photo=image_upload("keys.png", size=(3000, 2000)))

    assert item.photo.name.startswith("lost-and-found/")
    with Image.open(item.photo.path) as stored:
        assert stored.format == "JPEG" and max(stored.size) == 1600


def test_a_fake_image_is_refused(agent, report_item):
    fake = SimpleUploadedFile("keys.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")

    with pytest.raises(ValidationError) as refused:
        report_item(agent, photo=fake)

    assert "not an image we can use" in refused.value.message_dict["photo"][0]
    assert not LostItem.objects.exists()


def test_an_oversized_photo_is_refused(agent, report_item):
    huge = SimpleUploadedFile("big.jpg", b"\xff" * (PHOTO_MAX_BYTES + 1), content_type="image/jpeg")

    with pytest.raises(ValidationError) as refused:
        report_item(agent, photo=huge)

    assert "the limit is 5.0" in refused.value.message_dict["photo"][0]


def test_what_where_and_when_are_needed_and_when_is_not_in_the_future(agent, report_item):
    with pytest.raises(ValidationError) as refused:
        report_item(agent, what=" ", where="", when=timezone.now() + timedelta(days=1))

    assert set(refused.value.message_dict) == {"what", "where", "when"}
    assert "in the future" in refused.value.message_dict["when"][0]


def test_a_claim_tells_the_poster(agent, colleague, report_item):
    item = report_item(agent)

    claim = services.claim_item(claimant=colleague, item=item, message="Mine, it has a dent.")

    notification = Notification.objects.get(recipient=agent)
    assert notification.verb == NotificationVerb.REPLY
    assert notification.message == "Casey Colleague says the Blue umbrella you found is theirs."
    assert notification.dedupe_key == f"lost-item-claim:{claim.pk}"


def test_a_reply_to_a_lost_item_says_it_may_be_found(agent, colleague, report_item):
    item = report_item(agent, kind="lost", what="Headset")

    services.claim_item(claimant=colleague, item=item)

    assert Notification.objects.get(recipient=agent).message == (
        "Casey Colleague may have found your Headset."
    )


def test_nobody_can_claim_their_own_item(agent, report_item):
    item = report_item(agent)
    with pytest.raises(PermissionDenied, match="your own post"):
        services.claim_item(claimant=agent, item=item)


def test_claiming_twice_is_refused(agent, colleague, report_item):
    item = report_item(agent)
    services.claim_item(claimant=colleague, item=item)

    with pytest.raises(ValidationError, match="already claimed"):
        services.claim_item(claimant=colleague, item=item)
    assert Claim.objects.count() == 1 and Notification.objects.filter(recipient=agent).count() == 1


def test_a_returned_item_takes_no_more_claims(agent, colleague, report_item):
    item = report_item(agent)
    services.mark_returned(actor=agent, item=item)

    with pytest.raises(ValidationError, match="no more claims"):
        services.claim_item(claimant=colleague, item=item)


def test_only_the_poster_marks_it_returned(agent, colleague, manager, report_item):
    item = report_item(agent)
    for someone in (colleague, manager):
        with pytest.raises(PermissionDenied, match="Only the person who posted it"):
            services.mark_returned(actor=someone, item=item)
    item.refresh_from_db()
    assert item.is_open


def test_returned_to_a_claimant_closes_it_and_tells_them(agent, colleague, report_item):
    item = report_item(agent)
    services.claim_item(claimant=colleague, item=item)

    services.mark_returned(actor=agent, item=item, returned_to=colleague)

    item.refresh_from_db()
    assert item.state == LostItem.State.RETURNED and item.returned_to == colleague
    assert item.returned_at is not None
    told = Notification.objects.get(recipient=colleague)
    assert told.message == "Alex Agent marked the Blue umbrella as returned to you."


def test_it_can_only_go_back_to_someone_who_claimed_it(agent, colleague, report_item):
    item = report_item(agent)
    with pytest.raises(ValidationError, match="has not claimed this item"):
        services.mark_returned(actor=agent, item=item, returned_to=colleague)


def test_marking_returned_twice_is_refused(agent, report_item):
    item = report_item(agent)
    services.mark_returned(actor=agent, item=item)
    with pytest.raises(ValidationError, match="already marked returned"):
        services.mark_returned(actor=agent, item=item)


def test_the_open_items_page_lists_only_open_items(signed_in, agent, colleague, report_item):
    report_item(agent, what="Scarf")
    report_item(agent, what="Keys", kind="lost")
    services.mark_returned(actor=agent, item=report_item(agent, what="Mug"))
    client = signed_in(colleague)

    everything = client.get(reverse("community:lost_and_found")).text
    lost_only = client.get(reverse("community:lost_and_found"), {"kind": "lost"}).text

    assert "Scarf" in everything and "Keys" in everything and "Mug" not in everything
    assert "Keys" in lost_only and "Scarf" not in lost_only


def test_the_open_items_page_says_what_to_do_when_empty(signed_in, agent):
    page = signed_in(agent).get(reverse("community:lost_and_found")).text
    assert "Nothing lost or found right now" in page
    assert reverse("community:new_lost_item") in page


def test_the_open_items_page_costs_the_same_queries_for_5_and_50_items(
    signed_in, agent, colleague, report_item, image_upload
):
    client = signed_in(colleague)

    def open_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("community:lost_and_found")).status_code == 200
        return len(queries)

    def add(count):
        for n in range(count):
            item = report_item(agent, what=f"Item {n}", photo=image_upload() if n < 2 else None)
            services.claim_item(claimant=colleague, item=item)

    add(5)
    five = open_page()
    add(45)

    assert open_page() == five


def test_the_post_page_offers_a_claim_and_the_poster_sees_who_claimed(
    signed_in, agent, colleague, report_item
):
    item = report_item(agent)
    url = item.post.get_absolute_url()

    before = signed_in(colleague).get(url).text
    response = signed_in(colleague).post(
        reverse("community:claim_item", args=[item.pk]), {"message": "Has my initials"}, follow=True
    )
    poster_view = signed_in(agent).get(url).text

    assert "That's mine" in before
    assert "Sent. Alex Agent has been told." in response.text
    assert "You have replied" in response.text
    assert "Has my initials" in poster_view and "Mark returned" in poster_view


def test_marking_returned_through_the_page_closes_the_post(
    signed_in, agent, colleague, report_item
):
    item = report_item(agent)
    services.claim_item(claimant=colleague, item=item)

    response = signed_in(agent).post(
        reverse("community:mark_returned", args=[item.pk]),
        {"returned_to": colleague.pk},
        follow=True,
    )

    assert "Marked returned" in response.text and "Returned to Casey Colleague" in response.text
    again = signed_in(colleague).post(reverse("community:claim_item", args=[item.pk]), follow=True)
    assert "no more claims" in again.text


def test_claiming_a_post_that_is_not_an_item_is_not_found(signed_in, agent, colleague, make_post):
    post = make_post(agent)
    response = signed_in(colleague).post(reverse("community:claim_item", args=[post.pk]))
    assert response.status_code == 404


def test_the_form_keeps_what_was_typed_when_the_photo_is_fake(signed_in, agent):
    fake = SimpleUploadedFile("keys.png", b"not a png", content_type="image/png")

    response = signed_in(agent).post(
        reverse("community:new_lost_item"),
        {
            "kind": "found",
            "what": "Silver bracelet",
            "where": "Car park",
            "when": "2024-03-01T09:30",
            "photo": fake,
        },
    )

    assert response.status_code == 200 and "not an image we can use" in response.text
    assert 'value="Silver bracelet"' in response.text and not LostItem.objects.exists()


def test_posting_through_the_form_confirms_and_the_photo_is_served_to_colleagues(
    signed_in, client, agent, colleague, image_upload
):
    response = signed_in(agent).post(
        reverse("community:new_lost_item"),
        {
            "kind": "lost",
            "what": "Headset",
            "where": "Desk 14",
            "when": "2024-03-01T09:30",
            "photo": image_upload("headset.jpg"),
        },
        follow=True,
    )
    item = LostItem.objects.get()
    photo_url = reverse("media", args=[item.photo.name])

    assert "Posted in Lost and found" in response.text and photo_url in response.text
    assert signed_in(colleague).get(photo_url)["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(photo_url).status_code == 302


def test_open_items_selector_skips_deleted_posts(agent, colleague, report_item):
    item = report_item(agent)
    services.delete_post(actor=agent, post=item.post)
    assert list(selectors.open_lost_items(colleague)) == []
