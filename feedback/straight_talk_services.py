"""Straight talk: asking, "me too", managers raising a request themselves, and answering."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import rules
from feedback.models import StraightTalkAsk, StraightTalkRequest
from feedback.models.straight_talk import (
    STRAIGHT_TALK_ANSWER_MAX_LENGTH,
    STRAIGHT_TALK_TEXT_MAX_LENGTH,
    STRAIGHT_TALK_TITLE_MAX_LENGTH,
)
from portal import permissions
from portal.models import NotificationVerb
from portal.notifications import notify_many


def _too_long(field, value, limit):
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("This can be at most %(limit)s characters; it has %(length)s.")
                % {"limit": limit, "length": len(value)}
            }
        )


def _clean(title, question):
    title = " ".join((title or "").split())
    question = (question or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Sum up the issue in a short title.")
    if not question:
        errors["question"] = _("Say what you want a straight answer to.")
    if errors:
        raise ValidationError(errors)
    _too_long("title", title, STRAIGHT_TALK_TITLE_MAX_LENGTH)
    _too_long("question", question, STRAIGHT_TALK_TEXT_MAX_LENGTH)
    return title, question


@transaction.atomic
def ask_straight_talk(*, asker, title, question, now=None):
    """An agent asks for a straight answer; they are its first asker."""
    permissions.require(asker, rules.ASK_STRAIGHT_TALK)
    title, question = _clean(title, question)
    now = now or timezone.now()
    request = StraightTalkRequest.objects.create(
        title=title, question=question, raised_by=asker, created_at=now, ask_count=1
    )
    StraightTalkAsk.objects.create(request=request, user=asker, created_at=now)
    return request


@transaction.atomic
def raise_straight_talk(*, actor, title, question, origin=None, now=None):
    """A manager puts a question up for a straight answer, from ``origin`` if given.

    ``origin`` is any saved model instance the question came from (an idea, a Q&A
    question, a focus-group theme); the request links back to it. Nobody has asked yet,
    so it starts at zero askers and colleagues add "me too".
    """
    permissions.require(
        actor,
        rules.RAISE_STRAIGHT_TALK,
        origin,
        _("Only managers can raise a straight-talk request."),
    )
    title, question = _clean(title, question)
    fields = {}
    if origin is not None:
        fields = {
            "origin_type": ContentType.objects.get_for_model(origin),
            "origin_id": origin.pk,
        }
    return StraightTalkRequest.objects.create(
        title=title, question=question, raised_by=actor, created_at=now or timezone.now(), **fields
    )


def _locked(request):
    return StraightTalkRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def me_too(*, user, request):
    """Add ``user`` to the people asking; asking twice counts once. Returns the request."""
    request = _locked(request)
    permissions.require(
        user,
        rules.ME_TOO_STRAIGHT_TALK,
        request,
        _("This question has its answer already."),
    )
    try:
        with transaction.atomic():
            StraightTalkAsk.objects.create(request=request, user=user)
    except IntegrityError:
        return request
    StraightTalkRequest.objects.filter(pk=request.pk).update(ask_count=F("ask_count") + 1)
    request.refresh_from_db(fields=["ask_count"])
    return request


@transaction.atomic
def withdraw_me_too(*, user, request):
    request = _locked(request)
    if request.is_answered:
        raise ValidationError(_("This question has its answer already."))
    removed, _by_model = StraightTalkAsk.objects.filter(request=request, user=user).delete()
    if removed:
        StraightTalkRequest.objects.filter(pk=request.pk).update(ask_count=F("ask_count") - 1)
        request.refresh_from_db(fields=["ask_count"])
    return request


@transaction.atomic
def answer_straight_talk(*, actor, request, answer, now=None):
    """Publish the straight answer (or correct it) and tell everyone who asked."""
    request = _locked(request)
    permissions.require(
        actor,
        rules.ANSWER_STRAIGHT_TALK,
        request,
        _("Only managers can answer straight-talk requests."),
    )
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer before publishing it.")})
    _too_long("answer", answer, STRAIGHT_TALK_ANSWER_MAX_LENGTH)
    first_answer = not request.is_answered
    request.answer = answer
    request.answered_by = actor
    if first_answer:
        request.answered_at = now or timezone.now()
    request.save(update_fields=["answer", "answered_by", "answered_at"])
    if first_answer:
        User = get_user_model()
        notify_many(
            recipients=User.objects.filter(straight_talk_asks__request=request),
            verb=NotificationVerb.STRAIGHT_TALK_ANSWER,
            actor=actor,
            target=request,
            message=lambda: (
                _("Straight talk: your question “%(title)s” has an answer")
                % {"title": request.title}
            ),
            url=request.get_absolute_url(),
            dedupe_key=f"straight_talk_answer:{request.pk}",
        )
    return request
