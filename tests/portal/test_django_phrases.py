"""Django's own phrases as the portal words them: relative times and ordinals."""

import datetime

import pytest
from django.contrib.humanize.templatetags.humanize import naturaltime, ordinal
from django.utils import timezone, translation


@pytest.mark.parametrize(
    ("offset", "english", "chinese"),
    [
        (-datetime.timedelta(seconds=30), "30 seconds ago", "30 秒前"),
        (-datetime.timedelta(minutes=5), "5 minutes ago", "5 分钟前"),
        (-datetime.timedelta(hours=3), "3 hours ago", "3 小时前"),
        (-datetime.timedelta(days=2), "2 days ago", "2 天前"),
        (datetime.timedelta(minutes=5, seconds=30), "5 minutes from now", "5 分钟后"),
        (datetime.timedelta(hours=3, minutes=1), "3 hours from now", "3 小时后"),
        (datetime.timedelta(days=2, hours=1), "2 days from now", "2 天后"),
    ],
)
def test_relative_times_read_alike_in_english_and_chinese(offset, english, chinese):
    moment = timezone.now() + offset

    def spaced(text):
        return text.replace("\xa0", " ")

    with translation.override("en-gb"):
        assert spaced(naturaltime(moment)) == english
    with translation.override("zh-hans"):
        assert spaced(naturaltime(moment)) == chinese


@pytest.mark.parametrize(("number", "chinese"), [(1, "第1"), (2, "第2"), (3, "第3"), (11, "第11")])
def test_ordinals_are_chinese_in_chinese(number, chinese):
    with translation.override("zh-hans"):
        assert ordinal(number) == chinese
