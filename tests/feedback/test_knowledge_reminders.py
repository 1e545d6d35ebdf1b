"""The daily reminder to owners whose articles are overdue or flagged."""

import datetime

import time_machine
from django.utils import timezone

from feedback import knowledge_services
from feedback.models import Article, FlagKind
from feedback.tasks import remind_knowledge_owners
from portal.models import Notification, NotificationVerb, Role

MORNING_IN_CARDIFF = datetime.datetime(2026, 3, 9, 9, 30, tzinfo=datetime.UTC)


def overdue(article, days=3):
    Article.objects.filter(pk=article.pk).update(
        review_by=timezone.localdate() - datetime.timedelta(days=days)
    )


def reminders():
    return Notification.objects.filter(verb=NotificationVerb.KNOWLEDGE_REVIEW)


def test_an_owner_gets_one_reminder_a_day_however_often_the_task_runs(
    make_article, knowledge_owner
):
    with time_machine.travel(MORNING_IN_CARDIFF, tick=False):
        overdue(make_article(owner=knowledge_owner, title="Refund policy"))
        overdue(make_article(owner=knowledge_owner, title="Payment plans"))
        remind_knowledge_owners.delay()
        remind_knowledge_owners.delay()
    reminder = reminders().get()
    assert reminder.recipient == knowledge_owner
    assert "2 knowledge articles need your review" in reminder.message
    assert "Payment plans" in reminder.message and "Refund policy" in reminder.message


def test_an_owner_is_reminded_again_the_next_day_while_the_article_is_still_overdue(
    make_article, knowledge_owner
):
    with time_machine.travel(MORNING_IN_CARDIFF, tick=False):
        overdue(make_article(owner=knowledge_owner), days=10)
        knowledge_services.remind_owners()
    with time_machine.travel(MORNING_IN_CARDIFF + datetime.timedelta(days=1), tick=False):
        knowledge_services.remind_owners()
    assert reminders().filter(recipient=knowledge_owner).count() == 2


def test_flagged_articles_are_reminded_and_up_to_date_ones_are_not(
    make_article, knowledge_owner, submitter, agent
):
    with time_machine.travel(MORNING_IN_CARDIFF, tick=False):
        flagged = make_article(owner=knowledge_owner, title="Outage script")
        knowledge_services.flag_article(
            actor=agent, article=flagged, kind=FlagKind.OUT_OF_DATE, comment="24 hours now"
        )
        make_article(owner=submitter, title="Up to date")
        question = make_article(owner=submitter, title="Only a question")
        knowledge_services.flag_article(
            actor=agent, article=question, kind=FlagKind.QUESTION, comment="Why?"
        )
        assert knowledge_services.remind_owners() == 1
    assert list(reminders().values_list("recipient", flat=True)) == [knowledge_owner.pk]
    assert "Outage script" in reminders().get().message


def test_owners_are_reminded_in_their_own_morning(make_article, make_person, shenzhen):
    shenzhen_owner = make_person(Role.SUBMITTER, site=shenzhen, team=None)
    cardiff_owner = make_person(Role.SUBMITTER)
    # 02:00 in Cardiff is 10:00 in Shenzhen.
    with time_machine.travel(datetime.datetime(2026, 3, 9, 2, tzinfo=datetime.UTC), tick=False):
        overdue(make_article(owner=shenzhen_owner))
        overdue(make_article(owner=cardiff_owner))
        knowledge_services.remind_owners()
        assert list(reminders().values_list("recipient", flat=True)) == [shenzhen_owner.pk]
    with time_machine.travel(datetime.datetime(2026, 3, 9, 8, 5, tzinfo=datetime.UTC), tick=False):
        knowledge_services.remind_owners()
    assert reminders().filter(recipient=cardiff_owner).count() == 1
    assert reminders().filter(recipient=shenzhen_owner).count() == 1


def test_a_deactivated_owner_is_not_reminded(make_article, knowledge_owner):
    with time_machine.travel(MORNING_IN_CARDIFF, tick=False):
        overdue(make_article(owner=knowledge_owner))
        knowledge_owner.is_active = False
        knowledge_owner.save()
        assert knowledge_services.remind_owners() == 0
    assert not reminders().exists()


def test_the_reminder_lists_three_titles_and_counts_the_rest(make_article, knowledge_owner):
    with time_machine.travel(MORNING_IN_CARDIFF, tick=False):
        for number in range(5):
            overdue(
                make_article(owner=knowledge_owner, title=f"Article {number}"), days=10 - number
            )
        knowledge_services.remind_owners()
    message = reminders().get().message
    assert message.startswith("5 knowledge articles need your review")
    assert "and 2 more" in message


def test_the_reminder_is_kept_in_every_language_and_written_in_the_owners(
    make_article, make_person
):
    owner = make_person(Role.SUBMITTER, language="zh-hans")
    with time_machine.travel(MORNING_IN_CARDIFF, tick=False):
        overdue(make_article(owner=owner, title="Refund policy"))
        knowledge_services.remind_owners()

    reminder = reminders().get()
    assert reminder.message == "1 篇知识文章需要你复核\N{FULLWIDTH COLON}“Refund policy”"
    assert reminder.messages == {
        "en-gb": "1 knowledge article needs your review: “Refund policy”",
        "zh-hans": reminder.message,
    }
