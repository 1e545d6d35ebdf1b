from celery import shared_task
from django.conf import settings
from django.utils import translation

from portal import services
from portal.email import render_email


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to, template_prefix, context, language=settings.LANGUAGE_CODE):
    with translation.override(language):
        render_email(to=to, template_prefix=template_prefix, context=context).send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id):
    services.deliver_invitation(invitation_id=invitation_id)
