from celery import shared_task

from feedback import idea_services, knowledge_services, qanda_services, scorecard_services


@shared_task
def remind_knowledge_owners():
    """Ticked by beat every hour; the service works out who is due, once a day each."""
    return knowledge_services.remind_owners()


@shared_task
def refresh_idea_popularity():
    """Ticked by beat every 10 minutes: scores fall as ideas age; running twice is harmless."""
    return idea_services.refresh_popularity()


@shared_task
def announce_qanda_session(session_id):
    return qanda_services.announce_session(session_id=session_id)


@shared_task
def announce_qanda_summary(session_id):
    return qanda_services.announce_summary(session_id=session_id)


@shared_task
def tell_scorecard_team(meeting_id, news):
    return scorecard_services.tell_team(meeting_id=meeting_id, news=news)
