"""One way to send an email: render a template pair, send through Celery after commit.

Templates: ``<prefix>_subject.txt``, ``<prefix>_message.txt`` and optionally
``<prefix>_message.html``. The rendering happens in the worker, from plain
context values, so tasks carry only JSON.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def render_email(*, to, template_prefix, context):
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
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
