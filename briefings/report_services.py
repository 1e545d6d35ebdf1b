"""Reminders to acknowledge a must-read item, sent by a manager from the figures page."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from briefings import report_selectors, rules, schedule
from briefings.models import Briefing, BriefingItem
from briefings.selectors import with_audience
from portal import permissions
from portal.models import NotificationVerb
from portal.notifications import notify

REMINDER_BATCH = 500


def request_reminders(*, briefing, item, actor, now=None):
    """Queue a reminder to everyone meant for the item who has not acknowledged it.

    Returns how many people will be reminded: those not reminded about this item
    today (the site's day) already, so pressing the button twice reminds nobody twice,
    and never the manager who presses it. The notifications are created by Celery
    tasks, one per ``REMINDER_BATCH`` people, so several workers share thousands.
    """
    from briefings.tasks import send_acknowledgement_reminders

    permissions.require(
        actor, rules.SEND_REMINDERS, item, message=_("Only managers send reminders.")
    )
    if not item.entries.filter(briefing=briefing).exists():
        raise ValidationError(_("That item was not in this briefing."))
    day = schedule.local_date(briefing.site, now or timezone.now())
    pending = report_selectors.not_yet_reminded(briefing, item, day).exclude(person=actor)
    count = 0
    for first, last, people in _person_ranges(pending, REMINDER_BATCH):
        send_acknowledgement_reminders.delay_on_commit(
            briefing.pk, item.pk, actor.pk, day.isoformat(), first, last
        )
        count += people
    return count


def _person_ranges(deliveries, size):
    """Yield (first person id, last person id, how many) for runs of ``size`` deliveries.

    Reads the ids only, streamed, so thousands of people are never held in memory.
    """
    ids = deliveries.order_by("person_id").values_list("person_id", flat=True)
    first = previous = None
    people = 0
    for person_id in ids.iterator(chunk_size=2000):
        if people == size:
            yield first, previous, people
            first, people = None, 0
        if first is None:
            first = person_id
        previous, people = person_id, people + 1
    if people:
        yield first, previous, people


def send_reminders(*, briefing_id, item_id, actor_id, day, first_person_id=0, last_person_id=None):
    """Notify (and email) each person in the id range still to acknowledge the item.

    Safe to run twice: the notification's dedupe key holds the item and the day, so a
    retried or duplicated task skips everyone it already reached. Returns how many it
    reached.
    """
    briefing = Briefing.objects.select_related("site").get(pk=briefing_id)
    item = with_audience(BriefingItem.objects.all()).get(pk=item_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    day = datetime.date.fromisoformat(day)
    key = report_selectors.reminder_key(item, day)
    url = reverse("briefings:briefing", args=[briefing.pk])
    reached = 0
    pending = report_selectors.not_yet_reminded(briefing, item, day).filter(
        person_id__gte=first_person_id
    )
    if last_person_id is not None:
        pending = pending.filter(person_id__lte=last_person_id)
    for delivery in (
        pending.select_related("person__profile")
        .order_by("person_id")
        .iterator(chunk_size=REMINDER_BATCH)
    ):
        if notify(
            recipient=delivery.person,
            verb=NotificationVerb.BRIEFING_REMINDER,
            actor=actor,
            target=item,
            # Written in each person's own language (the bell shows it too).
            message=lambda: (
                _(
                    "Reminder: please confirm you have read “%(title)s” from the briefing of "
                    "%(date)s."
                )
                % {"title": item.title, "date": briefing.date.isoformat()}
            ),
            url=url,
            dedupe_key=key,
        ):
            reached += 1
    return reached
