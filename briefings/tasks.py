from celery import shared_task

from briefings import sending


@shared_task
def dispatch_briefings():
    """Ticked every minute by beat: works out from the database which briefings are due."""
    sending.dispatch()


@shared_task
def send_briefing_batch(briefing_id, first_person_id, last_person_id):
    sending.send_batch(briefing_id=briefing_id, first=first_person_id, last=last_person_id)
