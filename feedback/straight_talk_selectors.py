"""Reads for the straight-talk pages."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from feedback import rules
from feedback.models import FocusGroupTheme, Question, StraightTalkAsk, StraightTalkRequest
from portal import permissions


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
    origin = request.origin_object
    request.origin_label = origin_label(origin) if origin is not None else ""
    request.origin_url = (
        origin.get_absolute_url()
        if origin is not None and not _withdrawn(origin) and may_open_origin(user, origin)
        else None
    )
    return request


def raised_from(model, origin_ids):
    """Straight-talk requests raised from any of ``origin_ids`` (rows of ``model``): one query.

    Returns {origin id: [request, ...]}, oldest first.
    """
    origin_type = ContentType.objects.get_for_model(model)
    found = {}
    for request in StraightTalkRequest.objects.filter(
        origin_type=origin_type, origin_id__in=list(origin_ids)
    ).order_by("created_at", "pk"):
        found.setdefault(request.origin_id, []).append(request)
    return found


def may_open_origin(user, origin):
    """Whether ``user`` may open the page ``origin`` links to.

    Q&A sessions and focus groups are not open to everyone, so a request raised from
    one names its origin to everyone but links to it only for people who may open it.
    """
    if isinstance(origin, Question):
        return permissions.can(user, rules.QANDA_VIEW_SESSION, origin.session)
    if isinstance(origin, FocusGroupTheme):
        return permissions.can(user, rules.FOCUS_GROUP_VIEW, origin.group)
    return True


def _withdrawn(origin):
    return isinstance(origin, Question) and origin.status == Question.Status.REMOVED


def origin_label(origin):
    """How the request names its origin; a question removed since is not repeated."""
    if _withdrawn(origin):
        return _("a question a manager removed")
    return str(origin)
