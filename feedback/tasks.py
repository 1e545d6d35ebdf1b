from celery import shared_task

from feedback import qanda_services, scorecard_services


@shared_task
def announce_qanda_session(session_id):
    return qanda_services.announce_session(session_id=session_id)


@shared_task
def announce_qanda_summary(session_id):
    return qanda_services.announce_summary(session_id=session_id)


@shared_task
def tell_scorecard_team(meeting_id, news):
    return scorecard_services.tell_team(meeting_id=meeting_id, news=news)
