"""The stored figures stay right when people act at the same moment: real concurrent
transactions, each thread on its own database connection, as two web workers would be."""

import threading

import pytest
from django.db import connection

from feedback import idea_services as services
from feedback.models import Idea, IdeaSupport

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_six_people_supporting_at_once_make_six_supporters(idea, make_person):
    people = [make_person() for _ in range(6)]

    outcomes = at_the_same_time(
        *(lambda person=person: services.support_idea(user=person, idea=idea) for person in people)
    )

    assert all(isinstance(outcome, Idea) for outcome in outcomes), outcomes
    assert Idea.objects.get(pk=idea.pk).supporter_count == 6


def test_a_double_tap_on_support_counts_once(idea, colleague):
    outcomes = at_the_same_time(
        lambda: services.support_idea(user=colleague, idea=idea),
        lambda: services.support_idea(user=colleague, idea=idea),
    )

    assert all(isinstance(outcome, Idea) for outcome in outcomes), outcomes
    assert Idea.objects.get(pk=idea.pk).supporter_count == 1
    assert IdeaSupport.objects.filter(idea=idea).count() == 1


def test_support_during_a_merge_ends_up_on_the_idea_kept_or_is_refused(
    post_idea, colleague, manager, make_person
):
    duplicate, keep = post_idea(), post_idea(colleague)
    late = make_person()

    outcomes = at_the_same_time(
        lambda: services.merge_idea(actor=manager, duplicate=duplicate, into=keep),
        lambda: services.support_idea(user=late, idea=duplicate),
    )

    keep = Idea.objects.get(pk=keep.pk)
    assert Idea.objects.get(pk=duplicate.pk).supporter_count == 0
    assert not IdeaSupport.objects.filter(idea=duplicate).exists()
    assert keep.supporter_count == IdeaSupport.objects.filter(idea=keep).count()
    supported_in_time = isinstance(outcomes[1], Idea)
    assert IdeaSupport.objects.filter(idea=keep, user=late).exists() == supported_in_time
