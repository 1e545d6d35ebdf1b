"""Notifications: one service every app calls, the reads for the bell and the centre.

An app tells someone that something happened with ``notify(...)``. The message is
written when the notification is made, so the bell never has to load the target to
describe it: the caller passes a function that writes it, or plain text. A function is
called once in each of the portal's languages and every text is kept, so the pages show
it in whatever language the person reads in today (``Notification.localised_message``);
``message`` keeps the text in the recipient's own language of the moment, which is what
their email says. The email around it (greeting, links) is in the recipient's language
too. Email follows the person's preference for the verb: the defaults live in
``EMAIL_BY_DEFAULT`` and a ``NotificationPreference`` row overrides them.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal import languages
from portal.email import send_templated_email
from portal.models import Notification, NotificationPreference, NotificationVerb, Profile

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
    if callable(message):
        texts = _in_every_language(message)
        text = texts[languages.for_email(languages.of(recipient))]
    else:
        texts, text = {}, _text(message)
    fields = {"actor": actor, "verb": verb, "message": text, "messages": texts, "url": url}
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


NOTIFY_MANY_BATCH_SIZE = 500


def notify_many(*, recipients, verb, actor=None, target=None, message, url, dedupe_key=""):
    """``notify`` for a crowd (an idea's supporters, everyone who asked): return how many
    were told.

    ``recipients`` is a queryset of people; it is read in batches of ids, so a crowd of
    any size costs a few queries per batch and is never held in memory at once. The
    same rules as ``notify`` apply: not the actor, only active people, and with a
    ``dedupe_key`` a second call tells nobody twice.
    """
    if verb not in NotificationVerb.values:
        raise ValidationError(_("“%(verb)s” is not a kind of notification."), params={"verb": verb})
    told_as = {"actor": actor, "verb": verb, "message": message, "url": url}
    # Every language's text, each person's ``message`` picked from it by their language;
    # or one plain text for all.
    written = _in_every_language(message) if callable(message) else {}
    texts = written or {None: _text(message)}
    fields = {**told_as, "messages": written, "dedupe_key": dedupe_key}
    if target is not None:
        fields["content_type"] = ContentType.objects.get_for_model(target)
        fields["object_id"] = target.pk
    people = recipients.filter(is_active=True).order_by("pk")
    if actor is not None:
        people = people.exclude(pk=actor.pk)
    told, after = 0, 0
    while True:
        batch = list(
            people.filter(pk__gt=after).values_list("pk", flat=True)[:NOTIFY_MANY_BATCH_SIZE]
        )
        if not batch:
            return told
        after = batch[-1]
        if dedupe_key:
            already = set(
                Notification.objects.filter(
                    recipient_id__in=batch, dedupe_key=dedupe_key
                ).values_list("recipient_id", flat=True)
            )
            batch = [pk for pk in batch if pk not in already]
        language_of = _languages_of(batch) if callable(message) else {}
        try:
            with transaction.atomic():
                created = Notification.objects.bulk_create(
                    [
                        Notification(
                            recipient_id=pk,
                            **{**fields, "message": texts[language_of.get(pk)]},
                        )
                        for pk in batch
                    ]
                )
        except IntegrityError:
            # Someone else told part of this batch meanwhile: the rest one by one, each
            # deduped, and only those told now are counted.
            User = Notification._meta.get_field("recipient").related_model
            told_meanwhile = Notification.objects.filter(
                recipient_id__in=batch, dedupe_key=dedupe_key
            ).values("recipient_id")
            for person in User.objects.filter(pk__in=batch).exclude(pk__in=told_meanwhile):
                told += (
                    notify(recipient=person, target=target, dedupe_key=dedupe_key, **told_as)
                    is not None
                )
            continue
        told += len(created)
        if not _emails_held.get():
            _send_emails(created, verb)


def _text(message):
    """The notification's text in the active language: ``message`` is text, or a function
    that writes it."""
    text = message() if callable(message) else message
    return Truncator(" ".join(str(text).split())).chars(MESSAGE_MAX_LENGTH)


def _in_every_language(write):
    """{language code: text} for each of the portal's languages, ``write`` called in each."""
    texts = {}
    for language in languages.codes():
        with translation.override(language):
            texts[language] = _text(write)
    return texts


def _languages_of(people_ids):
    """{person id: the language to write to them in}: one query for a batch."""
    chosen = dict(Profile.objects.filter(user_id__in=people_ids).values_list("user_id", "language"))
    return {pk: languages.for_email(chosen.get(pk, "")) for pk in people_ids}


def _send_emails(notifications, verb):
    """Email the people among ``notifications`` who want ``verb`` by email: two queries."""
    by_recipient = {n.recipient_id: n for n in notifications}
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=by_recipient, verb=verb).values_list(
            "user_id", "email"
        )
    )
    wanted = [pk for pk in by_recipient if chosen.get(pk, verb in EMAIL_BY_DEFAULT)]
    if not wanted:
        return
    User = Notification._meta.get_field("recipient").related_model
    for recipient in User.objects.filter(pk__in=wanted).select_related("profile"):
        _send_email(by_recipient[recipient.pk], recipient)


def _send_email(notification, recipient):
    site = settings.SITE_URL.rstrip("/")
    profile = getattr(recipient, "profile", None)
    send_templated_email(
        to=[recipient.email],
        language=languages.for_email(languages.of(recipient)),
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
