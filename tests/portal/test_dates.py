"""Dates read in the reader's word order: day names and order both follow the language."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from portal.dates import localised, zone_label

WEDNESDAY = datetime.date(2026, 12, 2)


def render(pattern, value=WEDNESDAY):
    return Template('{{ value|ldate:"' + pattern + '" }}').render(Context({"value": value}))


def test_english_readers_get_day_then_month():
    assert render("l j F") == "Wednesday 2 December"
    assert render("j M Y") == "2 Dec 2026"


def test_chinese_readers_get_month_then_day():
    with translation.override("zh-hans"):
        assert render("l j F") == "12月2日 星期三"
        assert render("j F Y") == "2026年12月2日"


def test_a_pattern_without_a_local_version_is_used_as_it_is():
    with translation.override("zh-hans"):
        assert localised("H:i") == "H:i"
    assert localised("l j F") == "l j F"


def test_times_are_shown_in_the_active_time_zone():
    moment = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
    with translation.override("zh-hans"), timezone.override("Asia/Shanghai"):
        assert render("l j F, H:i T", moment) == "12月2日 星期三 18:00 CST (UTC+8)"


@pytest.mark.parametrize(
    ("zone", "when", "label"),
    [
        ("Europe/London", datetime.datetime(2026, 12, 2, 9), "GMT"),
        ("Europe/London", datetime.datetime(2026, 7, 2, 9), "BST (UTC+1)"),
        ("Asia/Shanghai", datetime.datetime(2026, 12, 2, 9), "CST (UTC+8)"),
        ("America/Chicago", datetime.datetime(2026, 12, 2, 9), "CST (UTC-6)"),
        ("Asia/Manila", datetime.datetime(2026, 12, 2, 9), "PST (UTC+8)"),
        ("America/Phoenix", datetime.datetime(2026, 12, 2, 9), "MST (UTC-7)"),
        ("Asia/Kolkata", datetime.datetime(2026, 12, 2, 9), "IST (UTC+5:30)"),
        ("Asia/Dubai", datetime.datetime(2026, 12, 2, 9), "UTC+4"),
        ("UTC", datetime.datetime(2026, 12, 2, 9), "UTC"),
    ],
)
def test_a_zone_is_named_so_that_nobody_can_misread_it(zone, when, label):
    assert zone_label(when.replace(tzinfo=ZoneInfo(zone))) == label


def test_an_escaped_t_stays_a_letter():
    moment = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
    with timezone.override("Asia/Shanghai"):
        assert render("H:i \\T T", moment) == "18:00 T CST (UTC+8)"


def render_end(start, end):
    template = Template("{{ end|ends:start }}")
    return template.render(Context({"start": start, "end": end}))


def test_an_end_on_the_same_day_is_just_its_time():
    start = datetime.datetime(2026, 12, 1, 17, 0, tzinfo=datetime.UTC)
    with timezone.override("Europe/London"):
        assert render_end(start, start + datetime.timedelta(hours=1)) == "18:00 GMT"


def test_an_end_after_midnight_where_the_reader_is_says_which_day():
    start = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=datetime.UTC)  # 23:00 in Shenzhen
    end = start + datetime.timedelta(minutes=90)
    with timezone.override("Asia/Shanghai"):
        assert render_end(start, end) == "Wed 2 Dec, 00:30 CST (UTC+8)"
    with timezone.override("Europe/London"):
        assert render_end(start, end) == "16:30 GMT"


TODAY = datetime.date(2026, 11, 25)


def render_range(first, last, today=TODAY):
    template = Template("{% date_range first last today %}")
    return template.render(Context({"first": first, "last": last, "today": today}))


def test_a_range_within_this_year_names_the_year_on_neither_end():
    last = datetime.date(2026, 11, 27)

    assert render_range(TODAY, last) == "Wed 25 Nov to Fri 27 Nov"
    with translation.override("zh-hans"):
        assert render_range(TODAY, last) == "11月25日 星期三 至 11月27日 星期五"


def test_a_range_reaching_into_another_year_names_the_year_on_both_ends():
    first, last = datetime.date(2026, 12, 30), datetime.date(2027, 1, 2)

    assert render_range(first, last) == "Wed 30 Dec 2026 to Sat 2 Jan 2027"
    with translation.override("zh-hans"):
        assert render_range(first, last) == "2026年12月30日 星期三 至 2027年1月2日 星期六"


def test_a_range_of_one_day_is_that_day_with_its_year_only_when_not_this_one():
    assert render_range(TODAY, TODAY) == "Wed 25 Nov"
    next_year = datetime.date(2027, 11, 25)
    assert render_range(next_year, next_year) == "Thu 25 Nov 2027"


def test_a_range_is_read_against_the_current_year_by_default():
    this_year = timezone.localdate().year
    first, last = datetime.date(this_year, 1, 1), datetime.date(this_year, 1, 2)

    shown = Template("{% date_range first last %}").render(Context({"first": first, "last": last}))

    assert str(this_year) not in shown and " to " in shown
