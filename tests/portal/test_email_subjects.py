"""An email's subject is cut where a line may break, never in the middle of a word."""

import pytest

from portal import notifications
from portal.email import SUBJECT_MAX_LENGTH, shortened
from portal.models import NotificationVerb

PREFIX = "[Switchboard] "


@pytest.fixture
def email_told(agent, make_person, django_capture_on_commit_callbacks, mailoutbox):
    """The subject of the email ``agent`` gets for a notification saying ``message``."""
    organiser = make_person(display_name="Gareth Price")

    def told(message):
        with django_capture_on_commit_callbacks(execute=True):
            notifications.notify(
                recipient=agent,
                verb=NotificationVerb.MENTION,
                actor=organiser,
                message=message,
                url="/community/",
            )
        [email] = mailoutbox
        assert email.subject.startswith(PREFIX)
        return email.subject.removeprefix(PREFIX)

    return told


def test_a_long_english_subject_ends_at_a_word_with_an_ellipsis(email_told):
    message = (
        "Gareth Price says the focus group “Headsets and the new softphone” has moved "
        "from Tuesday 8 December, 10:00 in Room Tafarn to Wednesday 9 December, 14:00 in Room Usk"
    )

    subject = email_told(message)

    assert len(subject) <= SUBJECT_MAX_LENGTH
    assert subject.endswith("…")
    kept = subject.removesuffix("…")
    assert message.startswith(kept)
    # The next character of the message starts a new word: none was cut in two.
    assert message[len(kept)] == " "
    assert kept.endswith("10:00 in Room")


def test_a_long_chinese_subject_is_cut_between_characters_at_the_limit(email_told):
    message = "蔡志伟把焦点小组“耳机和新软电话”从星期二上午十点改到星期三下午两点" * 4

    subject = email_told(message)

    assert len(subject) == SUBJECT_MAX_LENGTH
    assert subject == message[: SUBJECT_MAX_LENGTH - 1] + "…"


def test_an_english_word_in_chinese_text_is_not_cut_in_two():
    text = "焦" * 110 + " Wednesday 的会议"

    assert shortened(text, 120) == "焦" * 110 + "…"


def test_trailing_punctuation_does_not_hang_before_the_ellipsis():
    assert shortened("Moved to Monday, and then to Friday", 20) == "Moved to Monday…"
    chinese_comma = "\uff0c"
    text = f"会议改到星期一{chinese_comma}然后又改到星期五"
    assert shortened(text, 9) == "会议改到星期一…"


def test_a_subject_within_the_limit_is_left_whole(email_told):
    assert email_told("Casey Colleague mentioned you") == "Casey Colleague mentioned you"


def test_a_single_word_longer_than_the_limit_is_cut_inside_it():
    link = "https://intranet.example/" + "a" * 200

    assert shortened(link, 40) == link[:39] + "…"
