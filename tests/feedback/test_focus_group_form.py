"""The focus-group planning form shows every problem at once, in the portal's words."""

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from feedback.models import FocusGroup


def _local_minute(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_past_date_and_a_size_of_0_are_both_shown_at_once(client, manager):
    client.force_login(manager)
    yesterday = _local_minute(timezone.now() - timedelta(days=1))

    response = client.post(
        reverse("feedback:focus_group_new"),
        {"topic": "Rota", "meets_at": yesterday, "place": "Room Taf", "size": 0},
    )

    page = html.unescape(response.text)
    assert "Choose a date and time in the future." in page
    assert (
        "Invite at least 3 people: with fewer it is an interview, not a group that talks "
        "among itself."
    ) in page
    assert "Ensure this value" not in page
    assert not FocusGroup.objects.exists()


def test_a_date_more_than_two_years_ahead_shows_beside_a_wrong_size(client, manager):
    client.force_login(manager)
    far = _local_minute(timezone.now() + timedelta(days=3 * 365))

    response = client.post(
        reverse("feedback:focus_group_new"),
        {"topic": "Rota", "meets_at": far, "place": "Room Taf", "size": 21},
    )

    page = html.unescape(response.text)
    assert "Choose a date within the next two years." in page
    assert "Invite at most 20 people" in page


def test_an_edit_moving_a_group_into_the_past_shows_it_with_the_size_at_once(
    client, make_group, manager
):
    group = make_group()
    client.force_login(manager)
    yesterday = _local_minute(timezone.now() - timedelta(days=1))

    response = client.post(
        reverse("feedback:focus_group_edit", args=[group.pk]),
        {"topic": "Breaks", "meets_at": yesterday, "place": "Room Taf", "size": 2},
    )

    page = html.unescape(response.text)
    assert "Choose a date and time in the future." in page
    assert "Invite at least 3 people" in page
    group.refresh_from_db()
    assert group.size == 4


def test_an_edit_that_keeps_the_time_is_not_asked_to_move_it(client, make_group, manager):
    group = make_group()
    client.force_login(manager)

    response = client.post(
        reverse("feedback:focus_group_edit", args=[group.pk]),
        {
            "topic": "Breaks",
            "meets_at": _local_minute(group.meets_at),
            "place": "Room Taf",
            "size": 5,
        },
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.topic, group.size) == ("Breaks", 5)
