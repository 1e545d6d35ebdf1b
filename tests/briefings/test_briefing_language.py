"""The daily briefing email goes to each person in their own language."""

import datetime
from email.header import decode_header, make_header

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings import sending
from portal.models import Role
from tests.briefings.conftest import at

SEND_TIME = "2026-03-11 07:30:10"
ENGLISH_SUBJECT = "[Switchboard] Your briefing for Wednesday 11 March: nothing new"
CHINESE_SUBJECT_START = "[Switchboard] 你 "


def subject_of(message):
    return str(make_header(decode_header(message["Subject"])))


def test_one_dispatch_sends_a_chinese_agent_chinese_and_an_english_agent_english(
    travel, agent, make_person, smtp_server, run_dispatch
):
    chinese_agent = make_person(Role.AGENT, language="zh-hans")
    travel(at(SEND_TIME))

    run_dispatch()

    by_recipient = dict(smtp_server.messages)
    chinese, english = by_recipient[chinese_agent.email], by_recipient[agent.email]
    assert subject_of(english) == ENGLISH_SUBJECT
    assert subject_of(chinese).startswith(CHINESE_SUBJECT_START)
    assert "的简报" in subject_of(chinese)
    chinese_html = chinese.get_payload()[1].get_payload(decode=True).decode()
    english_html = english.get_payload()[1].get_payload(decode=True).decode()
    assert "今天没有你的新消息" in chinese_html
    assert "Nothing new for you today" in english_html


def test_people_who_chose_no_language_get_the_portals_default(travel, agent, run_dispatch):
    travel(at(SEND_TIME))

    run_dispatch()

    assert [message.subject for message in mail.outbox if message.to == [agent.email]] == [
        ENGLISH_SUBJECT
    ]


def test_a_batch_reads_everyones_language_with_their_rows_in_one_query(
    travel, make_person, cardiff
):
    travel(at(SEND_TIME))

    def send_batch_to(english, chinese):
        people = [make_person(Role.AGENT) for _ in range(english)] + [
            make_person(Role.AGENT, language="zh-hans") for _ in range(chinese)
        ]
        briefing = sending.start_briefing(
            site=cardiff, date=datetime.date(2026, 3, 11), now=at(SEND_TIME)
        )
        sending.enrol_people(briefing)
        mail.outbox.clear()
        first, last = people[0].pk, people[-1].pk
        with CaptureQueriesContext(connection) as queries:
            sent = sending.send_batch(briefing_id=briefing.pk, first=first, last=last)
        briefing.delete()
        assert sent == len(people)
        return [query["sql"] for query in queries.captured_queries], people

    small, _people = send_batch_to(english=1, chinese=1)
    large, people = send_batch_to(english=5, chinese=5)

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert {subjects[person.email] == ENGLISH_SUBJECT for person in people[:5]} == {True}
    assert {subjects[person.email].startswith(CHINESE_SUBJECT_START) for person in people[5:]} == {
        True
    }

    def reads(sqls):
        return [sql for sql in sqls if sql.lstrip().upper().startswith("SELECT")]

    # The same reads however many people and languages; the only statements that grow
    # are the one "sent" mark per message, each its own commit by design.
    assert len(reads(large)) == len(reads(small))
    assert len(large) - len(small) == len(people) - 2
