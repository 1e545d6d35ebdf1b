"""Notifications: one service every app calls, the reads for the bell and the centre.

An app tells someone that something happened with ``notify(...)``. The message is
rendered by the caller (in the language active at the time) so the bell never has to
load the target to describe it. Email follows the person's preference for the verb:
the defaults live in ``EMAIL_BY_DEFAULT`` and a ``NotificationPreference`` row overrides
them.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.email import send_templated_email
from portal.models import Notification, NotificationPreference, NotificationVerb

EMAIL_BY_DEFAULT = frozenset(
    {
        NotificationVerb.MENTION,
        NotificationVerb.KUDOS,
        NotificationVerb.SWAP_UPDATE,
        NotificationVerb.INVITATION,
        NotificationVerb.BRIEFING_REMINDER,
    }
)
MESSAGE_MAX_LENGTH = Notification._meta.get_field("message").max_length
_emails_held = ContextVar("switchboard_notification_emails_held", default=False)


@contextmanager
def without_email():
    """Record notifications without emailing anyone, e.g. while loading past history."""
    token = _emails_held.set(True)
    try:
        yield
    finally:
        _emails_held.reset(token)


def notify(*, recipient, verb, actor=None, target=None, message, url, dedupe_key=""):
    """Tell ``recipient`` that ``verb`` happened; return the notification, or None if skipped.

    Nobody is told about their own doing, and deactivated people are told nothing.
    With a ``dedupe_key`` a second call for the same recipient and key changes
    nothing, so a task that runs twice notifies once.
    """
    if actor is not None and actor.pk == recipient.pk:
        return None
    if not recipient.is_active:
        return None
    if verb not in NotificationVerb.values:
        raise ValidationError(_("“%(verb)s” is not a kind of notification."), params={"verb": verb})
    fields = {
        "actor": actor,
        "verb": verb,
        "message": Truncator(" ".join(str(message).split())).chars(MESSAGE_MAX_LENGTH),
        "url": url,
    }
    if target is not None:
        fields["content_type"] = ContentType.objects.get_for_model(target)
        fields["object_id"] = target.pk
    with transaction.atomic():
        if dedupe_key:
            # get_or_create falls back to a read when the unique constraint
            # stops a concurrent insert, so racing callers still make one row.
            notification, created = Notification.objects.get_or_create(
                recipient=recipient, dedupe_key=dedupe_key, defaults=fields
            )
        else:
            notification, created = Notification.objects.create(recipient=recipient, **fields), True
        if created and not _emails_held.get() and wants_email(recipient, verb):
            _send_email(notification, recipient)
    return notification


def _send_email(notification, recipient):
    site = settings.SITE_URL.rstrip("/")
    profile = getattr(recipient, "profile", None)
    send_templated_email(
        to=[recipient.email],
        template_prefix="portal/email/notification",
        context={
            "display_name": profile.display_name if profile else recipient.email,
            "message": notification.message,
            "link": site + reverse("notifications:open", args=[notification.pk]),
            "preferences_link": site + reverse("notifications:preferences"),
        },
    )


def mark_read(*, user, notification_ids=None):
    """Mark the person's unread notifications read (all, or those listed); return how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def wants_email(user, verb):
    choice = (
        NotificationPreference.objects.filter(user=user, verb=verb)
        .values_list("email", flat=True)
        .first()
    )
    return verb in EMAIL_BY_DEFAULT if choice is None else choice


def email_preferences(user):
    """Every verb with whether the person gets it by email, in the order of the verb list."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("verb", "email"))
    return {verb: chosen.get(verb, verb in EMAIL_BY_DEFAULT) for verb in NotificationVerb.values}


def set_email_preference(*, user, verb, email):
    if verb not in NotificationVerb.values:
        raise ValidationError(_("“%(verb)s” is not a kind of notification."), params={"verb": verb})
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, verb=verb, defaults={"email": bool(email)}
    )
    return preference


@transaction.atomic
def update_email_preferences(*, user, email_verbs):
    """Email ``user`` for exactly the verbs in ``email_verbs``; return how many choices changed.

    Only changed choices are stored, so a person who never touched a verb keeps
    following its default if that default changes later.
    """
    unknown = set(email_verbs) - set(NotificationVerb.values)
    if unknown:
        raise ValidationError(
            _("“%(verb)s” is not a kind of notification."), params={"verb": sorted(unknown)[0]}
        )
    changed = 0
    for verb, email in email_preferences(user).items():
        wanted = verb in email_verbs
        if wanted != email:
            set_email_preference(user=user, verb=verb, email=wanted)
            changed += 1
    return changed


# Selectors -----------------------------------------------------------------------


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user):
    """Newest first, with what the list shows about the actor loaded in the same query."""
    return Notification.objects.filter(recipient=user).select_related("actor__profile")


def recent_for(user, limit=10):
    return list(notifications_for(user)[:limit])
