"""Invitations and size changes at the same moment: real concurrent transactions, each
thread on its own database connection, as two web workers would be."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from feedback import focus_group_services
from portal.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def someone_waits_for_my_locks(timeout=5):
    """Whether another connection is held up by this one's locks, within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # pg_stat_activity is read once per transaction unless told to read it afresh.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.02)
    return False


def test_an_invitation_sent_while_the_size_is_lowered_waits_for_it_and_invites_nobody(
    make_group, manager, make_person
):
    group = make_group(size=8)
    proposal = [make_person(Role.AGENT) for _ in range(5)]
    lowering = threading.Event()
    outcome = []

    def invite_while_the_size_is_being_lowered():
        try:
            lowering.wait(timeout=10)
            outcome.append(focus_group_services.invite(actor=manager, group=group, people=proposal))
        except ValidationError as error:
            outcome.append(error)
        finally:
            connection.close()

    inviter = threading.Thread(target=invite_while_the_size_is_being_lowered)
    inviter.start()
    with transaction.atomic():
        focus_group_services.update_group(
            actor=manager,
            group=group,
            topic=group.topic,
            meets_at=group.meets_at,
            place=group.place,
            size=3,
        )
        lowering.set()
        inviter_waited = someone_waits_for_my_locks()
    inviter.join(timeout=30)

    assert inviter_waited
    (error,) = outcome
    assert isinstance(error, ValidationError), outcome
    assert error.code == "no_seats"
    assert not group.invitations.exists()
