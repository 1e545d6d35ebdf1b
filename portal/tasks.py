import datetime

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


@shared_task
def dispatch_milestones():
    """Beat's tick: start the daily milestone job of every site whose day has begun."""
    from portal import milestones

    for site, date in milestones.sites_due():
        run_site_milestones.delay_on_commit(site.pk, date.isoformat())
    record_community_achievements.delay_on_commit()


@shared_task
def run_site_milestones(site_id, date):
    from portal import milestones

    milestones.run_site_milestones(site_id=site_id, date=datetime.date.fromisoformat(date))


@shared_task
def record_community_achievements():
    from portal import milestones

    milestones.record_community_achievements()
