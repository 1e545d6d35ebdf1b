from celery import shared_task

from feedback import knowledge_services, qanda_services, scorecard_services


@shared_task
def remind_knowledge_owners():
    """Ticked by beat every hour; the service works out who is due, once a day each."""
    return knowledge_services.remind_owners()


@shared_task
def announce_qanda_session(session_id):
    return qanda_services.announce_session(session_id=session_id)


@shared_task
def announce_qanda_summary(session_id):
    return qanda_services.announce_summary(session_id=session_id)


@shared_task
def tell_scorecard_team(meeting_id, news):
    return scorecard_services.tell_team(meeting_id=meeting_id, news=news)
