"""Exactly one briefing per person per date: reruns, duplicates, crashes and SMTP failures."""

import datetime
from collections import Counter
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from briefings import sending
from briefings.models import Briefing, BriefingDelivery, BriefingState, DeliveryState
from portal.models import Role
from tests.briefings.conftest import at

SEND_TIME = "2026-03-11 07:30:10"


@pytest.fixture
def floor(make_person, agent):
    """The agent and 11 colleagues at Cardiff: 12 people in all."""
    return [agent] + [make_person(Role.AGENT) for _ in range(11)]


def per_person(outbox):
    return Counter(recipient for message in outbox for recipient in message.to)


def test_running_the_dispatcher_twice_sends_each_person_one_briefing(travel, floor, run_dispatch):
    travel(at(SEND_TIME))
    run_dispatch()
    run_dispatch()
    travel(at("2026-03-11 09:00"))
    run_dispatch()
    counts = per_person(mail.outbox)
    assert set(counts.values()) == {1}
    assert set(counts) == {person.email for person in floor}
    assert Briefing.objects.get().state == BriefingState.COMPLETE


def test_a_batch_task_delivered_twice_sends_nothing_the_second_time(
    travel, floor, django_capture_on_commit_callbacks
):
    travel(at(SEND_TIME))
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        sending.dispatch()
    assert enqueued, "the dispatcher enqueues batch tasks after commit"
    for callback in enqueued:
        callback()
    for callback in enqueued:  # Celery redelivers the same tasks
        callback()
    assert set(per_person(mail.outbox).values()) == {1}
    assert len(mail.outbox) == len(floor)


def test_batch_tasks_lost_with_redis_are_queued_again_by_the_next_tick(
    travel, floor, django_capture_on_commit_callbacks, run_dispatch
):
    travel(at(SEND_TIME))
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        sending.dispatch()  # the broker restarts and forgets these tasks
    assert enqueued and not mail.outbox
    travel(at("2026-03-11 07:31:10"))
    run_dispatch()
    assert set(per_person(mail.outbox).values()) == {1}
    assert len(mail.outbox) == len(floor)


def test_a_retried_delivery_carries_the_same_message_id(travel, agent, smtp_server, run_dispatch):
    smtp_server.refuse = {agent.email: "451 4.7.1 Try again later"}
    travel(at(SEND_TIME))
    run_dispatch()
    delivery = BriefingDelivery.objects.get(person=agent)
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    smtp_server.refuse = {}
    travel(delivery.next_attempt_at + datetime.timedelta(seconds=1))
    run_dispatch()
    (received_id,) = [mid for recipient, mid in smtp_server.received if recipient == agent.email]
    assert received_id == delivery.message_id
    assert f"-{delivery.date:%Y%m%d}-{agent.pk}-" in received_id


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the send loop may catch it."""


def test_worker_killed_before_handing_a_message_over_loses_and_duplicates_nothing(
    travel, floor, run_dispatch, monkeypatch
):
    real_send_one = sending._send_one
    calls = {"n": 0}

    def dies_on_the_fifth(*args):
        calls["n"] += 1
        if calls["n"] == 5:
            raise WorkerKilled
        return real_send_one(*args)

    travel(at(SEND_TIME))
    monkeypatch.setattr(sending, "_send_one", dies_on_the_fifth)
    with pytest.raises(WorkerKilled):
        run_dispatch()
    assert len(mail.outbox) == 4
    stuck = BriefingDelivery.objects.filter(state=DeliveryState.SENDING).count()
    assert stuck == len(floor) - 4

    monkeypatch.setattr(sending, "_send_one", real_send_one)
    travel(at("2026-03-11 07:31"))
    run_dispatch()  # too soon: the claim might still belong to a live worker
    assert len(mail.outbox) == 4
    travel(at(SEND_TIME) + sending.STALE_CLAIM + datetime.timedelta(minutes=1))
    run_dispatch()
    counts = per_person(mail.outbox)
    assert set(counts) == {person.email for person in floor}
    assert set(counts.values()) == {1}
    assert not BriefingDelivery.objects.exclude(state=DeliveryState.SENT).exists()


def test_worker_killed_after_the_server_accepted_a_message_resends_only_that_one(
    travel, floor, run_dispatch, monkeypatch
):
    real_record = sending._record
    calls = {"n": 0}

    def dies_recording_the_fifth(row, outcome):
        calls["n"] += 1
        if calls["n"] == 5:
            raise WorkerKilled
        return real_record(row, outcome)

    travel(at(SEND_TIME))
    monkeypatch.setattr(sending, "_record", dies_recording_the_fifth)
    with pytest.raises(WorkerKilled):
        run_dispatch()
    monkeypatch.setattr(sending, "_record", real_record)
    travel(at(SEND_TIME) + sending.STALE_CLAIM + datetime.timedelta(minutes=1))
    run_dispatch()
    counts = per_person(mail.outbox)
    assert set(counts) == {person.email for person in floor}  # nobody lost
    assert sorted(counts.values()) == [1] * (len(floor) - 1) + [2]  # the window: one message


def test_nothing_new_briefing_still_goes_out(travel, agent, run_dispatch):
    travel(at(SEND_TIME))
    run_dispatch()
    (message,) = mail.outbox
    assert "nothing new" in message.subject.lower()
    assert "Nothing new for you today" in message.body
    html = message.alternatives[0].content
    assert "Nothing new for you today" in html
    assert settings.SITE_URL + reverse("briefings:index") in message.body


def test_email_carries_only_the_items_meant_for_the_person(
    travel,
    submit,
    approve,
    agent,
    make_person,
    billing_team,
    cardiff,
    customer_service,
    run_dispatch,
):
    from portal.models import Team

    sales = Team.objects.create(name="Sales", site=cardiff, department=customer_service)
    colleague_in_sales = make_person(Role.AGENT, team=sales)
    leader = make_person(Role.TEAM_LEADER)
    travel(at("2026-03-10 12:00"))
    approve(submit("For billing only", teams=[billing_team]))
    approve(submit("For team leaders", roles=[Role.TEAM_LEADER]))
    approve(submit("For everyone", must_read=True))
    travel(at(SEND_TIME))
    run_dispatch()
    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert "For billing only" in by_person[agent.email]
    assert "For team leaders" not in by_person[agent.email]
    assert "For billing only" not in by_person[colleague_in_sales.email]
    assert "For team leaders" in by_person[leader.email]
    for body in by_person.values():
        assert "For everyone" in body
    # Must-read first.
    agent_body = by_person[agent.email]
    assert agent_body.index("For everyone") < agent_body.index("For billing only")


def test_people_placed_alike_share_one_rendering(travel, floor, submit, approve, monkeypatch):
    travel(at("2026-03-10 12:00"))
    approve(submit())
    travel(at(SEND_TIME))
    with mock.patch.object(
        sending, "render_to_string", wraps=sending.render_to_string
    ) as rendering:
        briefing = sending.start_briefing(
            site=floor[0].profile.site, date=datetime.date(2026, 3, 11), now=at(SEND_TIME)
        )
        sending.enrol_people(briefing)
        sending.send_batch(briefing_id=briefing.pk, first=0, last=10**9)
    placements = set(BriefingDelivery.objects.values_list("team_id", "department_id", "role"))
    # Twelve agents in one team, a submitter and a manager: three placements, each
    # rendered once (subject, text and HTML), not once per person.
    assert len(placements) == 3
    assert rendering.call_count == 3 * len(placements)
    assert len(mail.outbox) == len(floor) + 2


def test_inactive_people_and_people_of_other_sites_get_nothing(
    travel, agent, make_person, shenzhen, run_dispatch
):
    gone = make_person(Role.AGENT)
    gone.is_active = False
    gone.save()
    far_away = make_person(Role.AGENT, site=shenzhen, team=None)
    travel(at(SEND_TIME))
    run_dispatch()
    cardiff_people = set(
        BriefingDelivery.objects.filter(briefing__site=agent.profile.site).values_list(
            "person__email", flat=True
        )
    )
    assert agent.email in cardiff_people
    assert gone.email not in cardiff_people and far_away.email not in cardiff_people
    assert gone.email not in {m.to[0] for m in mail.outbox}
    # Shenzhen's briefing reaches its own people at Shenzhen's 07:30.
    assert BriefingDelivery.objects.get(person=far_away).briefing.site == shenzhen


def test_database_allows_one_delivery_per_person_and_date(travel, agent, run_dispatch):
    from django.db import IntegrityError

    travel(at(SEND_TIME))
    run_dispatch()
    delivery = BriefingDelivery.objects.get(person=agent)
    with pytest.raises(IntegrityError):
        BriefingDelivery.objects.create(
            briefing=delivery.briefing, person=agent, date=delivery.date, role=agent.role
        )


# Through a real SMTP server ------------------------------------------------------


def test_transient_and_permanent_refusals_through_a_real_smtp_server(
    travel, floor, smtp_server, run_dispatch
):
    greylisted, unknown = floor[1], floor[2]
    smtp_server.refuse = {
        greylisted.email: "451 4.7.1 Try again later",
        unknown.email: "550 5.1.1 No such user",
    }
    travel(at(SEND_TIME))
    run_dispatch()

    received = Counter(recipient for recipient, _id in smtp_server.received)
    assert set(received) == {p.email for p in floor} - {greylisted.email, unknown.email}
    failed = BriefingDelivery.objects.get(person=unknown)
    assert failed.state == DeliveryState.FAILED
    assert failed.last_error.startswith("550")
    waiting = BriefingDelivery.objects.get(person=greylisted)
    assert waiting.state == DeliveryState.PENDING
    assert waiting.last_error.startswith("451")
    assert waiting.next_attempt_at > at(SEND_TIME)
    assert Briefing.objects.get().state == BriefingState.SENDING

    smtp_server.refuse = {unknown.email: "550 5.1.1 No such user"}
    travel(at("2026-03-11 07:31"))  # back-off not over yet
    run_dispatch()
    assert greylisted.email not in {r for r, _id in smtp_server.received}
    travel(waiting.next_attempt_at + datetime.timedelta(seconds=1))
    run_dispatch()
    received = Counter(recipient for recipient, _id in smtp_server.received)
    assert received[greylisted.email] == 1
    assert unknown.email not in received  # permanent: never retried
    assert set(received.values()) == {1}
    assert BriefingDelivery.objects.get(person=unknown).attempts == 1
    briefing = Briefing.objects.get()
    travel(at("2026-03-11 08:00"))
    run_dispatch()
    briefing.refresh_from_db()
    assert briefing.state == BriefingState.COMPLETE


def test_messages_through_smtp_are_whole_and_personal(
    travel, floor, smtp_server, submit, approve, run_dispatch
):
    travel(at("2026-03-10 12:00"))
    approve(submit("Bundles launch", must_read=True))
    travel(at(SEND_TIME))
    run_dispatch()
    assert len(smtp_server.messages) == len(floor) + 2  # with the submitter and the manager
    for recipient, message in smtp_server.messages:
        delivery = BriefingDelivery.objects.get(person__email=recipient)
        assert message["To"] == recipient
        assert message["Message-ID"] == delivery.message_id
        assert message.get_content_type() == "multipart/alternative"
        text, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
        assert "Bundles launch" in text and "Bundles launch" in html
        assert settings.SITE_URL + reverse("briefings:index") in text


def test_mail_server_down_leaves_everyone_pending_then_sends_once_it_is_back(
    travel, floor, smtp_server, run_dispatch
):
    smtp_server.stop()
    travel(at(SEND_TIME))
    run_dispatch()
    assert not BriefingDelivery.objects.filter(state=DeliveryState.SENT).exists()
    assert BriefingDelivery.objects.filter(state=DeliveryState.PENDING).count() == len(floor)
    smtp_server.start()
    travel(at(SEND_TIME) + datetime.timedelta(minutes=3))
    run_dispatch()
    received = Counter(recipient for recipient, _id in smtp_server.received)
    assert set(received) == {p.email for p in floor}
    assert set(received.values()) == {1}


def test_transient_failure_gives_up_after_the_last_attempt(
    travel, agent, smtp_server, run_dispatch
):
    smtp_server.refuse = {agent.email: "421 4.3.0 Busy"}
    moment = at(SEND_TIME)
    for _ in range(sending.MAX_ATTEMPTS):
        travel(moment)
        run_dispatch()
        moment += datetime.timedelta(minutes=31)
    delivery = BriefingDelivery.objects.get(person=agent)
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == sending.MAX_ATTEMPTS
