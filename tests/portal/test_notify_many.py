"""notify_many: telling a crowd in batches, with the same rules as notify."""

from django.contrib.auth import get_user_model

from portal import notifications
from portal.models import Notification, NotificationPreference, NotificationVerb


def test_everyone_active_but_the_actor_is_told_once_even_when_called_twice(
    make_person, manager, monkeypatch
):
    monkeypatch.setattr(notifications, "NOTIFY_MANY_BATCH_SIZE", 2)
    crowd = [make_person() for _ in range(5)]
    crowd[0].is_active = False
    crowd[0].save()
    everyone = get_user_model().objects.filter(pk__in=[p.pk for p in crowd] + [manager.pk])

    for _ in range(2):
        notifications.notify_many(
            recipients=everyone,
            verb=NotificationVerb.IDEA_UPDATE,
            actor=manager,
            message="It moved on",
            url="/feedback/",
            dedupe_key="idea_status:1",
        )

    told = sorted(Notification.objects.values_list("recipient_id", flat=True))
    assert told == sorted(p.pk for p in crowd[1:])


def test_only_people_who_want_the_email_get_one(make_person, manager, mailoutbox, settings,
                                                 django_capture_on_commit_callbacks):  # fmt: skip
    wants, does_not = make_person(), make_person()
    NotificationPreference.objects.create(user=wants, verb=NotificationVerb.IDEA_UPDATE, email=True)

    with django_capture_on_commit_callbacks(execute=True):
        told = notifications.notify_many(
            recipients=get_user_model().objects.filter(pk__in=[wants.pk, does_not.pk]),
            verb=NotificationVerb.IDEA_UPDATE,
            actor=manager,
            message="It moved on",
            url="/feedback/",
        )

    assert told == 2
    assert [message.to for message in mailoutbox] == [[wants.email]]


def test_someone_told_by_another_worker_meanwhile_is_not_told_twice(
    make_person, manager, monkeypatch
):
    crowd = [make_person() for _ in range(3)]
    told_as = {
        "verb": NotificationVerb.IDEA_UPDATE,
        "actor": manager,
        "message": "It moved on",
        "url": "/feedback/",
        "dedupe_key": "idea_status:7",
    }
    notifications.notify(recipient=crowd[1], **told_as)
    # notify_many's "already told?" read ran just before the other worker's insert.
    read = Notification.objects.filter
    reads = []

    def first_read_misses_the_other_workers_insert(*args, **kwargs):
        reads.append(kwargs)
        return Notification.objects.none() if len(reads) == 1 else read(*args, **kwargs)

    monkeypatch.setattr(Notification.objects, "filter", first_read_misses_the_other_workers_insert)

    told = notifications.notify_many(
        recipients=get_user_model().objects.filter(pk__in=[p.pk for p in crowd]), **told_as
    )

    assert told == 2
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        p.pk for p in crowd
    )
