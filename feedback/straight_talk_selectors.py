"""Reads for the straight-talk pages."""

from django.db.models import Exists, OuterRef

from feedback.models import StraightTalkAsk, StraightTalkRequest


def _for_reader(requests, user):
    return requests.select_related("answered_by__profile", "origin_type").annotate(
        asked_by_me=Exists(StraightTalkAsk.objects.filter(request=OuterRef("pk"), user_id=user.pk))
    )


def waiting_requests(user):
    """Unanswered requests, the most asked first: what managers should answer next."""
    return _for_reader(StraightTalkRequest.objects.filter(answered_at__isnull=True), user).order_by(
        "-ask_count", "-created_at", "-id"
    )


def answered_requests(user):
    return _for_reader(
        StraightTalkRequest.objects.filter(answered_at__isnull=False), user
    ).order_by("-answered_at", "-id")


def request_for(user, pk):
    """One request with its origin loaded, or ``StraightTalkRequest.DoesNotExist``."""
    request = _for_reader(StraightTalkRequest.objects.all(), user).get(pk=pk)
    # An origin may be gone (deleted since); the page then simply shows no link.
    request.origin_object = request.origin if request.origin_type_id else None
    return request
