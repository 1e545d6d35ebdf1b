"""One way to send an email: render a template pair, send through Celery after commit.

Templates: ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and optionally
``<prefix>_message.html``. The rendering happens in the worker, from plain
context values, so tasks carry only JSON.
"""

import unicodedata

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

# Long enough for a notification's sentence, short enough for a phone's inbox list;
# the subject prefix comes on top.
SUBJECT_MAX_LENGTH = 120
ELLIPSIS = "…"
# Not left hanging before the ellipsis: "Monday, 9…" rather than "Monday,…".
# (dashes, then the Chinese comma, enumeration comma, semicolon and colon)
TRAILING_PUNCTUATION = " ,;:-\u2013\u2014\uff0c\u3001\uff1b\uff1a"


def _wide(character):
    """Chinese, Japanese and Korean characters, which a line may break before or after."""
    return unicodedata.east_asian_width(character) in ("W", "F")


def _may_break_between(before, after):
    return before.isspace() or after.isspace() or _wide(before) or _wide(after)


def shortened(text, limit):
    """``text`` on one line in at most ``limit`` characters: when it is longer, cut where
    a line may break (between words; between any two characters in Chinese) and end
    with an ellipsis. A single word longer than the limit is cut inside itself."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    cut = room
    while cut > 0 and not _may_break_between(text[cut - 1], text[cut]):
        cut -= 1
    kept = text[: cut or room].rstrip(TRAILING_PUNCTUATION)
    return (kept or text[:room]) + ELLIPSIS


def render_email(*, to, template_prefix, context):
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + shortened(subject, SUBJECT_MAX_LENGTH)
    body = render_to_string(f"{template_prefix}_message.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    try:
        html = render_to_string(f"{template_prefix}_message.html", context)
    except TemplateDoesNotExist:
        html = None
    if html:
        message.attach_alternative(html, "text/html")
    return message


def send_templated_email(*, to, template_prefix, context, language=None):
    """Queue the message; it leaves only if the surrounding transaction commits.

    The worker renders it in ``language``, by default the one active now.
    """
    from portal.tasks import send_email

    send_email.delay_on_commit(
        to=list(to),
        template_prefix=template_prefix,
        context=context,
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
    )
