"""Two people can never both get the same shift: real concurrent transactions.

Each thread has its own database connection, so the two requests meet in PostgreSQL
exactly as two web workers would. The ``builtin_sections`` fixture puts back the
sections that a transactional test's flush wipes.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from community import swap_services
from community.models import ShiftSwap, SwapOffer

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("builtin_sections")]


def at_the_same_time(*calls):
    """Run each call in its own thread, released together; return results or errors."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # the test asserts on whatever each side got
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_accepts_at_once_give_the_shift_to_exactly_one_person(
    agent, colleague, make_person, make_swap
):
    swap = make_swap()
    first = swap_services.offer_to_take(actor=colleague, swap=swap)
    second = swap_services.offer_to_take(actor=make_person(), swap=swap)

    outcomes = at_the_same_time(
        lambda: swap_services.accept_offer(actor=agent, offer=first),
        lambda: swap_services.accept_offer(actor=agent, offer=second),
    )

    wins = [o for o in outcomes if isinstance(o, ShiftSwap)]
    losses = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert "already been accepted" in losses[0].messages[0]
    swap.refresh_from_db()
    assert swap.state == ShiftSwap.State.AWAITING_APPROVAL
    assert SwapOffer.objects.filter(swap=swap, state="accepted").count() == 1
    assert swap.accepted_offer == SwapOffer.objects.get(swap=swap, state="accepted")


def test_the_same_person_offering_twice_at_once_makes_one_offer(colleague, make_swap):
    swap = make_swap()

    outcomes = at_the_same_time(
        lambda: swap_services.offer_to_take(actor=colleague, swap=swap),
        lambda: swap_services.offer_to_take(actor=colleague, swap=swap),
    )

    assert sum(isinstance(o, SwapOffer) for o in outcomes) == 1, outcomes
    assert any("already offered" in str(o) for o in outcomes)
    assert SwapOffer.objects.filter(swap=swap).count() == 1


def test_an_approval_and_a_decline_at_once_make_one_decision(
    agent, colleague, team_leader, manager, make_swap
):
    swap = make_swap()
    offer = swap_services.offer_to_take(actor=colleague, swap=swap)
    swap_services.accept_offer(actor=agent, offer=offer)

    outcomes = at_the_same_time(
        lambda: swap_services.approve_swap(actor=team_leader, swap=swap),
        lambda: swap_services.decline_swap(actor=manager, swap=swap),
    )

    winners = [o for o in outcomes if isinstance(o, ShiftSwap)]
    assert len(winners) == 1, outcomes
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    swap.refresh_from_db()
    assert swap.state == winners[0].state and swap.decided_by == winners[0].decided_by
