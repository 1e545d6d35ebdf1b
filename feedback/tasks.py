from celery import shared_task

from feedback import knowledge_services


@shared_task
def remind_knowledge_owners():
    """Ticked by beat every hour; the service works out who is due, once a day each."""
    return knowledge_services.remind_owners()
