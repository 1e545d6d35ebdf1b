"""Managers' figures per briefing and team, the list of who has not acknowledged, reminders."""

import datetime
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from briefings import report_selectors, report_services, services
from briefings.models import (
    Acknowledgement,
    Briefing,
    BriefingDelivery,
    BriefingItem,
    DeliveryState,
)
from portal.models import Notification, NotificationVerb, Profile, Role, Team, User
from tests.briefings.conftest import at


@pytest.fixture
def sales_team(cardiff, customer_service):
    return Team.objects.create(name="Sales", site=cardiff, department=customer_service)


@pytest.fixture
def scenario(
    make_person, agent, manager, submitter, sales_team, travel, submit, approve, run_dispatch
):
    """Cardiff, 11 March 2026, eight people:

    Billing: agent, manager, billing_1, billing_2 (whose email failed)
    Sales: sales_1, sales_2, sales_3
    no team: the submitter (Marketing)

    Must-read "Everyone" is for everyone, must-read "Sales only" for the Sales team,
    "FYI" is not must-read. The agent and sales_1 opened the briefing; the agent
    acknowledged "Everyone", sales_1 both, sales_2 "Sales only".
    """
    people = {
        "agent": agent,
        "manager": manager,
        "submitter": submitter,
        "billing_1": make_person(Role.AGENT),
        "billing_2": make_person(Role.TEAM_LEADER),
        **{f"sales_{n}": make_person(Role.AGENT, team=sales_team) for n in (1, 2, 3)},
    }
    travel(at("2026-03-10 12:00"))
    everyone = approve(submit("Everyone", must_read=True))
    sales_only = approve(submit("Sales only", must_read=True, teams=[sales_team]))
    approve(submit("FYI"))
    travel(at("2026-03-11 07:31"))
    run_dispatch()
    briefing = Briefing.objects.get()
    BriefingDelivery.objects.filter(person=people["billing_2"]).update(
        state=DeliveryState.FAILED, sent_at=None, last_error="550 no such mailbox"
    )
    travel(at("2026-03-11 09:00"))
    for name in ("agent", "sales_1"):
        services.record_read(delivery=BriefingDelivery.objects.get(person=people[name]))
    services.acknowledge(item=everyone, user=people["agent"])
    services.acknowledge(item=everyone, user=people["sales_1"])
    services.acknowledge(item=sales_only, user=people["sales_1"])
    services.acknowledge(item=sales_only, user=people["sales_2"])
    return {"briefing": briefing, "everyone": everyone, "sales_only": sales_only, **people}


def counts(figures):
    return (figures.people, figures.received, figures.read, figures.acknowledged)


def test_figures_per_team_match_the_scenario(scenario, billing_team, sales_team):
    figures = report_selectors.briefing_figures(scenario["briefing"])
    by_team = {row.team: row for row in figures.teams}
    assert [row.team for row in figures.teams] == [billing_team, sales_team, None]
    assert counts(by_team[billing_team].overall) == (4, 3, 1, None)
    assert counts(by_team[sales_team].overall) == (3, 3, 1, None)
    assert counts(by_team[None].overall) == (1, 1, 0, None)
    assert counts(figures.total) == (8, 7, 2, None)


def test_figures_per_must_read_item_count_only_the_people_it_was_for(
    scenario, billing_team, sales_team
):
    figures = report_selectors.briefing_figures(scenario["briefing"])
    everyone, sales_only = figures.items
    assert [everyone.item, sales_only.item] == [scenario["everyone"], scenario["sales_only"]]
    assert counts(everyone.total) == (8, 7, 2, 2)
    assert everyone.total.acknowledged_share == 25
    assert everyone.total.waiting == 6
    assert [(team, counts(row)) for team, row in everyone.by_team] == [
        (billing_team, (4, 3, 1, 1)),
        (sales_team, (3, 3, 1, 1)),
        (None, (1, 1, 0, 0)),
    ]
    assert counts(sales_only.total) == (3, 3, 1, 2)
    assert [(team, counts(row)) for team, row in sales_only.by_team] == [(sales_team, (3, 3, 1, 2))]


def test_who_has_not_acknowledged(scenario):
    briefing = scenario["briefing"]
    waiting = report_selectors.unacknowledged(briefing, scenario["everyone"])
    assert {d.person for d in waiting} == {
        scenario[name]
        for name in ("manager", "submitter", "billing_1", "billing_2", "sales_2", "sales_3")
    }
    sales_waiting = report_selectors.unacknowledged(briefing, scenario["sales_only"])
    assert [d.person for d in sales_waiting] == [scenario["sales_3"]]


def test_people_who_left_are_not_listed_or_reminded(scenario):
    scenario["sales_3"].is_active = False
    scenario["sales_3"].save()
    sales_only = report_selectors.briefing_figures(scenario["briefing"]).items[1]
    # Still counted in the day's figures, but nobody is left to chase.
    assert (sales_only.total.people, sales_only.total.acknowledged) == (3, 2)
    assert sales_only.total.waiting == 0
    assert not report_selectors.unacknowledged(
        scenario["briefing"], scenario["sales_only"]
    ).exists()


def test_the_report_pages_show_the_figures(client, scenario):
    client.force_login(scenario["manager"])
    index = client.get(reverse("briefings:reports")).content.decode()
    assert "Wed 11 Mar 2026 · Cardiff" in index
    page = client.get(reverse("briefings:report", args=[scenario["briefing"].pk])).content.decode()
    assert "2 of 8 acknowledged (25%)" in page
    assert "2 of 3 acknowledged (67%)" in page
    assert "See the 6 people still to acknowledge" in page
    waiting = client.get(
        reverse(
            "briefings:report_waiting", args=[scenario["briefing"].pk, scenario["sales_only"].pk]
        )
    ).content.decode()
    assert "1 person has not acknowledged it yet" in waiting
    assert scenario["sales_3"].profile.display_name in waiting


@pytest.mark.parametrize("role", ["agent", "submitter"])
def test_only_managers_see_figures_and_send_reminders(client, scenario, role):
    client.force_login(scenario[role])
    briefing, item = scenario["briefing"], scenario["everyone"]
    assert client.get(reverse("briefings:reports")).status_code == 403
    assert client.get(reverse("briefings:report", args=[briefing.pk])).status_code == 403
    assert (
        client.get(reverse("briefings:report_waiting", args=[briefing.pk, item.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("briefings:report_remind", args=[briefing.pk, item.pk])).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        report_services.request_reminders(briefing=briefing, item=item, actor=scenario[role])
    assert not Notification.objects.filter(verb=NotificationVerb.BRIEFING_REMINDER).exists()


def test_team_leaders_do_not_see_figures_either(client, scenario, team_leader):
    client.force_login(team_leader)
    assert client.get(reverse("briefings:reports")).status_code == 403


def test_an_item_that_is_not_must_read_has_no_reminder(client, scenario):
    client.force_login(scenario["manager"])
    fyi = BriefingItem.objects.get(title="FYI")
    url = reverse("briefings:report_remind", args=[scenario["briefing"].pk, fyi.pk])
    assert client.post(url).status_code == 404


def test_a_reminder_notifies_and_emails_each_person_once_a_day(
    client, scenario, travel, mailoutbox, django_capture_on_commit_callbacks
):
    briefing, item = scenario["briefing"], scenario["everyone"]
    mailoutbox.clear()  # the briefing emails themselves
    client.force_login(scenario["manager"])
    url = reverse("briefings:report_remind", args=[briefing.pk, item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    # The manager is among the six still to acknowledge but does not remind themselves.
    assert "Sending a reminder to 5 people who have not acknowledged “Everyone”." in (
        response.content.decode()
    )

    def reminders():
        return Notification.objects.filter(verb=NotificationVerb.BRIEFING_REMINDER)

    reminded = list(reminders())
    assert {n.recipient for n in reminded} == {
        scenario[name] for name in ("submitter", "billing_1", "billing_2", "sales_2", "sales_3")
    }
    assert all(n.url == reverse("briefings:briefing", args=[briefing.pk]) for n in reminded)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(n.recipient.email for n in reminded)

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True).content.decode()
    assert "Nobody to remind about “Everyone”" in again
    assert reminders().count() == 5
    assert len(mailoutbox) == 5

    travel(at("2026-03-12 09:00"))
    services.acknowledge(item=item, user=scenario["sales_2"])
    client.force_login(scenario["manager"])  # a sign-in lasts 12 hours
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert reminders().count() == 9
    assert reminders().filter(recipient=scenario["sales_2"]).count() == 1


def test_pressing_remind_twice_reminds_nobody_twice(scenario, django_capture_on_commit_callbacks):
    briefing, item, manager = scenario["briefing"], scenario["sales_only"], scenario["manager"]
    with django_capture_on_commit_callbacks(execute=True):
        first = report_services.request_reminders(briefing=briefing, item=item, actor=manager)
    with django_capture_on_commit_callbacks(execute=True) as second_batch:
        second = report_services.request_reminders(briefing=briefing, item=item, actor=manager)
    assert (first, second) == (1, 0)
    assert second_batch == []
    assert Notification.objects.filter(verb=NotificationVerb.BRIEFING_REMINDER).count() == 1


def test_thousands_of_reminders_are_shared_out_in_batches_by_person(
    scenario, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(report_services, "REMINDER_BATCH", 2)
    briefing, item, manager = scenario["briefing"], scenario["everyone"], scenario["manager"]
    with django_capture_on_commit_callbacks(execute=True) as batches:
        assert report_services.request_reminders(briefing=briefing, item=item, actor=manager) == 5
    reminder_tasks = [c for c in batches if "send_acknowledgement_reminders" in repr(c)]
    assert len(reminder_tasks) == 3
    reminded = Notification.objects.filter(verb=NotificationVerb.BRIEFING_REMINDER)
    assert sorted(n.recipient_id for n in reminded) == sorted(
        scenario[name].pk for name in ("submitter", "billing_1", "billing_2", "sales_2", "sales_3")
    )


def test_the_reminder_task_delivered_twice_notifies_once(scenario):
    arguments = {
        "briefing_id": scenario["briefing"].pk,
        "item_id": scenario["everyone"].pk,
        "actor_id": scenario["manager"].pk,
        "day": "2026-03-11",
    }
    assert report_services.send_reminders(**arguments) == 5
    assert report_services.send_reminders(**arguments) == 0
    assert Notification.objects.filter(verb=NotificationVerb.BRIEFING_REMINDER).count() == 5


def test_the_reminder_day_is_the_sites_day(scenario, shenzhen):
    """Just after midnight in Cardiff it is a new day there, whatever UTC says."""
    briefing, item, manager = scenario["briefing"], scenario["sales_only"], scenario["manager"]
    before_midnight = at("2026-03-11 23:59")
    after_midnight = at("2026-03-12 00:01")
    assert report_services.request_reminders(
        briefing=briefing, item=item, actor=manager, now=before_midnight
    )
    report_services.send_reminders(
        briefing_id=briefing.pk, item_id=item.pk, actor_id=manager.pk, day="2026-03-11"
    )
    assert (
        report_services.request_reminders(
            briefing=briefing, item=item, actor=manager, now=before_midnight
        )
        == 0
    )
    assert (
        report_services.request_reminders(
            briefing=briefing, item=item, actor=manager, now=after_midnight
        )
        == 1
    )


def add_recipients(briefing, teams, count):
    """Enrol ``count`` more people in a briefing, straight into the tables (fast)."""
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{start + n}@example.com", password="!", role=Role.AGENT)
        for n in range(count)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Bulk {n}", site=briefing.site, team=teams[n % len(teams)])
        for n, user in enumerate(users)
    )
    deliveries = BriefingDelivery.objects.bulk_create(
        BriefingDelivery(
            briefing=briefing,
            person=user,
            date=briefing.date,
            team=teams[n % len(teams)],
            role=Role.AGENT,
            state=DeliveryState.SENT,
            sent_at=briefing.started_at,
            read_at=briefing.started_at if n % 2 else None,
        )
        for n, user in enumerate(users)
    )
    return users, deliveries


def test_report_pages_cost_the_same_queries_at_ten_thousand_recipients(
    client, scenario, billing_team, sales_team
):
    briefing, item = scenario["briefing"], scenario["everyone"]
    client.force_login(scenario["manager"])
    urls = [
        reverse("briefings:reports"),
        reverse("briefings:report", args=[briefing.pk]),
        reverse("briefings:report_waiting", args=[briefing.pk, item.pk]),
    ]

    def queries_per_page():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    small = queries_per_page()
    users, _deliveries = add_recipients(briefing, [billing_team, sales_team], 10_000)
    Acknowledgement.objects.bulk_create(
        Acknowledgement(item=item, person=user) for user in users[::3]
    )
    started = time.perf_counter()
    large = queries_per_page()
    elapsed = time.perf_counter() - started
    assert large == small
    figures = report_selectors.briefing_figures(briefing)
    assert figures.total.people == 10_008
    assert figures.items[0].total.acknowledged == 2 + len(users[::3])
    # Generous: the three pages take well under a second each on this machine.
    assert elapsed < 10, elapsed


def test_an_unknown_briefing_or_item_is_not_found(client, scenario):
    client.force_login(scenario["manager"])
    briefing = scenario["briefing"]
    assert client.get(reverse("briefings:report", args=[briefing.pk + 99])).status_code == 404
    assert (
        client.get(reverse("briefings:report_waiting", args=[briefing.pk, 999_999])).status_code
        == 404
    )


def test_the_day_in_a_reminder_key_is_its_iso_date(scenario):
    key = report_selectors.reminder_key(scenario["everyone"], datetime.date(2026, 3, 11))
    assert key == f"briefing-reminder:{scenario['everyone'].pk}:2026-03-11"


def test_a_reminder_is_written_in_each_persons_own_language(scenario):
    from portal.models import Profile

    chinese = scenario["billing_1"]
    Profile.objects.filter(pk=chinese.pk).update(language="zh-hans")

    report_services.send_reminders(
        briefing_id=scenario["briefing"].pk,
        item_id=scenario["everyone"].pk,
        actor_id=scenario["manager"].pk,
        day="2026-03-11",
    )

    reminders = Notification.objects.filter(verb=NotificationVerb.BRIEFING_REMINDER)
    by_person = {notification.recipient_id: notification.message for notification in reminders}
    assert by_person[chinese.pk].startswith("提醒")
    assert by_person[scenario["billing_2"].pk].startswith("Reminder: please confirm")
