from celery import shared_task

from briefings import report_services, sending


@shared_task
def dispatch_briefings():
    """Ticked every minute by beat: works out from the database which briefings are due."""
    sending.dispatch()


@shared_task
def send_briefing_batch(briefing_id, first_person_id, last_person_id):
    sending.send_batch(briefing_id=briefing_id, first=first_person_id, last=last_person_id)


@shared_task
def send_acknowledgement_reminders(
    briefing_id, item_id, actor_id, day, first_person_id, last_person_id
):
    """Reminds the people still to acknowledge a must-read item; idempotent per person and day."""
    report_services.send_reminders(
        briefing_id=briefing_id,
        item_id=item_id,
        actor_id=actor_id,
        day=day,
        first_person_id=first_person_id,
        last_person_id=last_person_id,
    )
