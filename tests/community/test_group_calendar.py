"""iCalendar export of group events, read back the way a calendar app would (RFC 5545)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from community import group_services, icalendar
from portal.models import Role


@pytest.fixture
def rep(make_person):
    return make_person(Role.AGENT, display_name="Rhian Rep")


@pytest.fixture
def group(administrator, rep, builtin_sections):
    return group_services.create_group(
        actor=administrator, name="Pride Network", summary="LGBT+", representatives=[rep]
    )


@pytest.fixture
def event(group, rep):
    starts = (timezone.now() + datetime.timedelta(days=5)).replace(
        hour=16, minute=30, second=0, microsecond=0
    )
    return group_services.create_event(
        actor=rep,
        group=group,
        title="Planning; budget, and banners",
        description="Bring ideas.\nAll welcome \\ allies too. " + "Long words " * 12,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
        time_zone="Europe/London",
        place="Meeting room 3, Cardiff",
        link="https://meet.example.com/pride",
    )


def unfold(text):
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line break is CRLF
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, line
    return text.replace("\r\n ", "")[:-2].split("\r\n")


def unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text):
    """Components as lists of (name, value) pairs: enough of RFC 5545 to check ours."""
    components, stack = [], []
    for line in unfold(text):
        name, _colon, value = line.partition(":")
        if name == "BEGIN":
            stack.append((value, {}))
        elif name == "END":
            kind, properties = stack.pop()
            assert kind == value
            components.append((kind, properties))
        else:
            stack[-1][1][name] = value
    assert not stack
    return components


def test_an_event_file_reads_back_with_utc_times_escaped_text_and_a_stable_uid(
    client, agent, event, group
):
    client.force_login(agent)

    response = client.get(reverse("groups:event_calendar", args=[group.slug, event.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    components = dict(parse(response.content.decode("utf-8")))
    calendar, vevent = components["VCALENDAR"], components["VEVENT"]
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert unescape(vevent["SUMMARY"]) == "Planning; budget, and banners"
    assert unescape(vevent["DESCRIPTION"]).startswith("Bring ideas.\nAll welcome \\ allies too.")
    assert event.get_absolute_url() in unescape(vevent["DESCRIPTION"])
    assert unescape(vevent["LOCATION"]) == "Meeting room 3, Cardiff"
    start = datetime.datetime.strptime(vevent["DTSTART"], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.UTC
    )
    end = datetime.datetime.strptime(vevent["DTEND"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert (start, end) == (event.starts_at, event.ends_at)
    assert vevent["UID"] == icalendar.event_uid(event) and "@" in vevent["UID"]
    assert re.fullmatch(r"\d{8}T\d{6}Z", vevent["DTSTAMP"])
    assert vevent["SEQUENCE"] == "0"


def test_the_group_feed_holds_every_upcoming_event_and_edits_raise_the_sequence(
    client, agent, event, group, rep
):
    second = group_services.create_event(
        actor=rep,
        group=group,
        title="Pride picnic",
        description="",
        starts_at=event.starts_at + datetime.timedelta(days=3),
        ends_at=event.ends_at + datetime.timedelta(days=3),
        time_zone="Europe/London",
        place="Bute Park",
        link="",
    )
    group_services.edit_event(
        actor=rep,
        event=second,
        title="Pride picnic (moved)",
        description="",
        starts_at=second.starts_at,
        ends_at=second.ends_at,
        time_zone="Europe/London",
        place="Roath Park",
        link="",
    )
    client.force_login(agent)

    text = client.get(reverse("groups:calendar", args=[group.slug])).content.decode()

    events = [props for kind, props in parse(text) if kind == "VEVENT"]
    assert [unescape(e["SUMMARY"]) for e in events] == [
        "Planning; budget, and banners",
        "Pride picnic (moved)",
    ]
    assert events[1]["SEQUENCE"] == "1" and len({e["UID"] for e in events}) == 2


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "心理健康小组活动" * 10

    folded = icalendar.fold(line)

    pieces = folded.split("\r\n")
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_escaping_covers_backslash_semicolon_comma_and_newlines():
    assert icalendar.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_the_calendar_needs_a_signed_in_person(client, event, group):
    response = client.get(reverse("groups:calendar", args=[group.slug]))

    assert response.status_code == 302 and "login" in response.url
