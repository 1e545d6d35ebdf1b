from celery import shared_task

from community import swap_services


@shared_task
def close_started_swaps():
    """Ticked by beat; the service finds what is due, so a missed tick is caught up."""
    return swap_services.close_started_swaps()
