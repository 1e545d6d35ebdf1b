"""Everything that changes a team huddle."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import rules
from community.models import (
    HUDDLE_FIGURE_LABEL_MAX_LENGTH,
    HUDDLE_FIGURE_VALUE_MAX_LENGTH,
    HUDDLE_FOCUS_MAX_LENGTH,
    HUDDLE_QUESTION_MAX_LENGTH,
    HUDDLE_TEXT_MAX_LENGTH,
    MAX_HUDDLE_FIGURES,
    Huddle,
    HuddleAttendance,
    HuddleFigure,
    HuddleQuestion,
)
from portal import permissions
from portal.models import NotificationVerb, User
from portal.notifications import notify


def team_today(team, now=None):
    """The date at the team's site: a huddle at 08:00 in Shenzhen is on Shenzhen's day."""
    return timezone.localdate(now or timezone.now(), zoneinfo.ZoneInfo(team.site.time_zone))


def _name(person):
    profile = getattr(person, "profile", None)
    return profile.display_name if profile else person.email


def _clean_huddle(*, focus, announcements, figures):
    focus, announcements = (focus or "").strip(), (announcements or "").strip()
    errors = {}
    if not focus:
        errors["focus"] = _("Say what the team focuses on today.")
    elif len(focus) > HUDDLE_FOCUS_MAX_LENGTH:
        errors["focus"] = _("Keep the focus to %(limit)s characters.") % {
            "limit": HUDDLE_FOCUS_MAX_LENGTH
        }
    if len(announcements) > HUDDLE_TEXT_MAX_LENGTH:
        errors["announcements"] = _("Announcements can be at most %(limit)s characters.") % {
            "limit": HUDDLE_TEXT_MAX_LENGTH
        }
    cleaned = []
    for label, value in figures:
        label, value = str(label).strip(), str(value).strip()
        if not label or not value:
            errors["figures"] = _("Every figure needs a label and a value.")
            break
        if (
            len(label) > HUDDLE_FIGURE_LABEL_MAX_LENGTH
            or len(value) > HUDDLE_FIGURE_VALUE_MAX_LENGTH
        ):
            errors["figures"] = _(
                "Keep labels to %(label)s characters and values to %(value)s."
            ) % {"label": HUDDLE_FIGURE_LABEL_MAX_LENGTH, "value": HUDDLE_FIGURE_VALUE_MAX_LENGTH}
            break
        cleaned.append((label, value))
    if len(cleaned) > MAX_HUDDLE_FIGURES:
        errors["figures"] = _("Share at most %(limit)s figures; pick the ones that matter.") % {
            "limit": MAX_HUDDLE_FIGURES
        }
    if errors:
        raise ValidationError(errors)
    return focus, announcements, cleaned


def _replace_figures(huddle, figures):
    huddle.figures.all().delete()
    HuddleFigure.objects.bulk_create(
        HuddleFigure(huddle=huddle, position=position, label=label, value=value)
        for position, (label, value) in enumerate(figures)
    )


def open_huddle(*, leader, team, focus, announcements="", figures=(), now=None):
    """Open today's huddle for ``team``; a team has one huddle a day."""
    permissions.require(
        leader, rules.RUN_HUDDLE, team, _("Only the team's own leader runs its huddle.")
    )
    focus, announcements, figures = _clean_huddle(
        focus=focus, announcements=announcements, figures=figures
    )
    now = now or timezone.now()
    try:
        with transaction.atomic():
            huddle = Huddle.objects.create(
                team=team,
                date=team_today(team, now),
                led_by=leader,
                focus=focus,
                announcements=announcements,
                opened_at=now,
                updated_at=now,
            )
            _replace_figures(huddle, figures)
            # Whoever runs the huddle is there; they can untick themselves like anyone.
            HuddleAttendance.objects.create(
                huddle=huddle, person=leader, recorded_by=leader, recorded_at=now
            )
    except IntegrityError:
        raise ValidationError(
            _("Today's huddle for %(team)s is already open; edit it instead.")
            % {"team": team.name},
            code="duplicate",
        ) from None
    return huddle


@transaction.atomic
def edit_huddle(*, leader, huddle, focus, announcements="", figures=(), now=None):
    permissions.require(
        leader, rules.RUN_HUDDLE, huddle.team, _("Only the team's own leader runs its huddle.")
    )
    focus, announcements, figures = _clean_huddle(
        focus=focus, announcements=announcements, figures=figures
    )
    huddle.focus, huddle.announcements = focus, announcements
    huddle.updated_at = now or timezone.now()
    huddle.save(update_fields=["focus", "announcements", "updated_at"])
    _replace_figures(huddle, figures)
    return huddle


def _require_today(huddle, now, message):
    if huddle.date != team_today(huddle.team, now):
        raise ValidationError(message, code="not_today")


def _clean_question_text(text, *, empty_message):
    text = (text or "").strip()
    if not text:
        raise ValidationError(empty_message, code="empty")
    if len(text) > HUDDLE_QUESTION_MAX_LENGTH:
        raise ValidationError(
            _("Keep it to %(limit)s characters; this has %(length)s."),
            params={"limit": HUDDLE_QUESTION_MAX_LENGTH, "length": len(text)},
            code="too_long",
        )
    return text


def ask_question(*, author, huddle, body, now=None):
    """A team member's question, before or during the day's huddle."""
    permissions.require(
        author, rules.ASK_IN_HUDDLE, huddle, _("Only members of the team ask in its huddle.")
    )
    now = now or timezone.now()
    _require_today(
        huddle,
        now,
        _("This huddle is over. Ask in today's huddle, or ask your team leader directly."),
    )
    body = _clean_question_text(body, empty_message=_("Write your question first."))
    return HuddleQuestion.objects.create(huddle=huddle, author=author, body=body, asked_at=now)


@transaction.atomic
def answer_question(*, leader, question, answer, now=None):
    """Answer (or correct the answer to) a question; the asker is told the first time."""
    permissions.require(
        leader,
        rules.ANSWER_HUDDLE_QUESTION,
        question,
        _("Only the team's own leader answers huddle questions."),
    )
    answer = _clean_question_text(answer, empty_message=_("Write the answer first."))
    question.answer, question.answered_by = answer, leader
    question.answered_at = question.answered_at or now or timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    notify(
        recipient=question.author,
        verb=NotificationVerb.HUDDLE_ANSWER,
        actor=leader,
        target=question,
        message=lambda: _("%(name)s answered your huddle question") % {"name": _name(leader)},
        url=question.huddle.get_absolute_url() + f"#question-{question.pk}",
        dedupe_key=f"huddle-answer:{question.pk}",
    )
    return question


def check_in(*, person, huddle, now=None):
    """The person says they are at today's huddle; checking in twice changes nothing."""
    permissions.require(
        person, rules.CHECK_IN_TO_HUDDLE, huddle, _("Only members of the team check in.")
    )
    now = now or timezone.now()
    _require_today(huddle, now, _("You can check in on the day of the huddle only."))
    attendance, _created = HuddleAttendance.objects.get_or_create(
        huddle=huddle, person=person, defaults={"recorded_by": person, "recorded_at": now}
    )
    return attendance


@transaction.atomic
def record_attendance(*, leader, huddle, present, now=None):
    """Make the attendance exactly ``present`` (people in the team), as the leader ticked it."""
    permissions.require(
        leader, rules.RUN_HUDDLE, huddle.team, _("Only the team's own leader takes attendance.")
    )
    present_ids = {person.pk for person in present}
    members = set(
        User.objects.filter(pk__in=present_ids, profile__team=huddle.team).values_list(
            "pk", flat=True
        )
    )
    if outsiders := present_ids - members:
        raise ValidationError(
            _("%(count)s of the people ticked are not in %(team)s."),
            params={"count": len(outsiders), "team": huddle.team.name},
            code="not_in_team",
        )
    huddle.attendance.exclude(person_id__in=members).delete()
    HuddleAttendance.objects.bulk_create(
        [
            HuddleAttendance(
                huddle=huddle, person_id=pk, recorded_by=leader, recorded_at=now or timezone.now()
            )
            for pk in members
        ],
        ignore_conflicts=True,
    )
    return len(members)
