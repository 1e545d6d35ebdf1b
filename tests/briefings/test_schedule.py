"""Which briefing an item lands in, per site and zone, around the cut-off."""

import datetime

import pytest
from django.core import mail

from briefings import schedule, sending
from briefings.models import Briefing, BriefingDelivery, BriefingEntry
from tests.briefings.conftest import at

D = datetime.date.fromisoformat


def landed(item, site):
    entry = BriefingEntry.objects.filter(item=item, site=site).select_related("briefing").first()
    return entry.briefing.date if entry else None


def test_item_submitted_just_before_cutoff_goes_into_next_morning(
    travel, submit, approve, cardiff, run_dispatch
):
    travel(at("2026-03-10 15:59:59"))
    item = submit()
    approve(item)
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    assert landed(item, cardiff) == D("2026-03-11")


def test_item_submitted_just_after_cutoff_waits_one_more_day(
    travel, submit, approve, cardiff, run_dispatch
):
    travel(at("2026-03-10 16:00:00"))
    item = submit()
    approve(item)
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    assert landed(item, cardiff) is None
    travel(at("2026-03-12 07:31"))
    run_dispatch()
    assert landed(item, cardiff) == D("2026-03-12")


def test_briefings_go_out_at_weekends_too(travel, submit, approve, cardiff, agent, run_dispatch):
    # Friday 13 March 2026, 17:00: after Friday's cut-off, so it is Sunday's news.
    travel(at("2026-03-13 17:00"))
    item = submit()
    approve(item)
    travel(at("2026-03-14 07:31"))  # Saturday
    run_dispatch()
    travel(at("2026-03-15 07:31"))  # Sunday
    run_dispatch()
    assert landed(item, cardiff) == D("2026-03-15")
    dates = sorted(BriefingDelivery.objects.filter(person=agent).values_list("date", flat=True))
    assert dates == [D("2026-03-14"), D("2026-03-15")]


def test_send_time_follows_local_clock_across_the_spring_dst_change(cardiff):
    # Clocks go forward on Sunday 29 March 2026 in London: 07:30 is 07:30 GMT on
    # Saturday and 06:30 UTC on Sunday.
    assert schedule.send_at(cardiff, D("2026-03-28")).astimezone(datetime.UTC).hour == 7
    sunday = schedule.send_at(cardiff, D("2026-03-29")).astimezone(datetime.UTC)
    assert (sunday.hour, sunday.minute) == (6, 30)


def test_dispatch_across_dst_sends_at_0730_local_not_an_hour_late(
    travel, cardiff, agent, run_dispatch
):
    travel(datetime.datetime(2026, 3, 29, 6, 29, tzinfo=datetime.UTC))  # 07:29 BST
    run_dispatch()
    assert not Briefing.objects.filter(date=D("2026-03-29")).exists()
    travel(datetime.datetime(2026, 3, 29, 6, 30, tzinfo=datetime.UTC))  # 07:30 BST
    run_dispatch()
    briefing = Briefing.objects.get(date=D("2026-03-29"))
    assert not briefing.late
    assert mail.outbox and mail.outbox[-1].to == [agent.email]


def test_cutoff_across_autumn_dst_change_uses_local_16_00(cardiff):
    # 25 October 2026 clocks go back; the cut-off for Monday 26th is Sunday 16:00 GMT.
    cutoff = schedule.cutoff_for(cardiff, D("2026-10-26"))
    assert cutoff.astimezone(datetime.UTC) == datetime.datetime(
        2026, 10, 25, 16, 0, tzinfo=datetime.UTC
    )
    # And for Sunday the 25th it was Saturday 16:00 BST, 15:00 UTC.
    cutoff = schedule.cutoff_for(cardiff, D("2026-10-25"))
    assert cutoff.astimezone(datetime.UTC).hour == 15


def test_one_item_for_two_zones_lands_on_each_sites_own_date(
    travel, submit, approve, cardiff, shenzhen, run_dispatch
):
    # 10:00 in London is 18:00 in Shenzhen: before Cardiff's cut-off, after Shenzhen's.
    travel(at("2026-03-10 10:00"))
    item = submit()
    approve(item)
    assert sending.schedule.scheduled_date(item, cardiff) == D("2026-03-11")
    assert sending.schedule.scheduled_date(item, shenzhen) == D("2026-03-12")
    # Shenzhen's 07:30 on the 11th comes before Cardiff's; the item is not in it.
    travel(at("2026-03-11 07:31", "Asia/Shanghai"))
    run_dispatch()
    assert landed(item, shenzhen) is None
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    assert landed(item, cardiff) == D("2026-03-11")
    travel(at("2026-03-12 07:31", "Asia/Shanghai"))
    run_dispatch()
    assert landed(item, shenzhen) == D("2026-03-12")


def test_item_aimed_at_one_site_does_not_enter_the_others_briefing(
    travel, submit, approve, cardiff, shenzhen, run_dispatch
):
    travel(at("2026-03-10 09:00"))
    item = submit(sites=[shenzhen])
    approve(item)
    travel(at("2026-03-12 08:00"))
    run_dispatch()
    assert landed(item, cardiff) is None
    assert landed(item, shenzhen) is not None


def test_item_approved_after_send_time_goes_into_the_next_briefing(
    travel, submit, approve, cardiff, run_dispatch
):
    travel(at("2026-03-10 12:00"))
    item = submit()
    travel(at("2026-03-11 07:29"))
    run_dispatch()  # before 07:30 nothing is due for the 11th
    travel(at("2026-03-11 07:45"))
    approve(item)  # approved, but the 07:30 briefing is already due
    run_dispatch()
    assert landed(item, cardiff) is None
    travel(at("2026-03-12 07:30"))
    run_dispatch()
    assert landed(item, cardiff) == D("2026-03-12")


def test_managers_urgent_item_goes_into_todays_briefing(
    travel, submit, approve, manager, cardiff, run_dispatch
):
    travel(at("2026-03-11 06:50"))
    item = submit("Outage on the billing system", author=manager, urgent=True)
    approve(item)
    travel(at("2026-03-11 07:30"))
    run_dispatch()
    assert landed(item, cardiff) == D("2026-03-11")


def test_urgent_is_refused_once_todays_briefing_has_gone(travel, submit, manager, cardiff):
    from django.core.exceptions import ValidationError

    travel(at("2026-03-11 09:00"))
    with pytest.raises(ValidationError) as refused:
        submit("Too late", author=manager, urgent=True)
    assert "already gone out" in str(refused.value)


def test_submitter_cannot_mark_urgent(travel, submit, cardiff):
    from django.core.exceptions import PermissionDenied

    travel(at("2026-03-11 06:00"))
    with pytest.raises(PermissionDenied):
        submit("Sneaky", urgent=True)


def test_scheduler_down_at_0730_sends_as_soon_as_back_marked_late_and_once(
    travel, submit, approve, cardiff, agent, run_dispatch
):
    travel(at("2026-03-10 12:00"))
    approve(submit())
    travel(at("2026-03-11 11:15"))  # beat was down from 07:00 to 11:15
    run_dispatch()
    briefing = Briefing.objects.get(site=cardiff, date=D("2026-03-11"))
    assert briefing.late
    travel(at("2026-03-11 11:16"))
    run_dispatch()
    assert len([m for m in mail.outbox if m.to == [agent.email]]) == 1


def test_scheduler_back_after_midnight_still_sends_yesterdays_briefing(
    travel, cardiff, agent, run_dispatch
):
    travel(at("2026-03-12 02:00"))  # down all of the 11th from before 07:30
    run_dispatch()
    assert BriefingDelivery.objects.get(person=agent).date == D("2026-03-11")
    assert Briefing.objects.get().late
