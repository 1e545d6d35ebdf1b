"""Changes for scorecard champions: naming them, meetings, input, the published outcome."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback import rules
from feedback.message_dates import day_in_words
from feedback.models import ScorecardChampion, ScorecardInput, ScorecardMeeting
from portal import permissions
from portal.models import NotificationVerb
from portal.notifications import notify


@transaction.atomic
def name_champion(*, actor, team, champion):
    """Make ``champion`` (a member of ``team``) its one champion, replacing any other."""
    permissions.require(
        actor,
        rules.SCORECARD_NAME_CHAMPION,
        team,
        message=_("Only managers name champions."),
    )
    profile = getattr(champion, "profile", None)
    if not champion.is_active or profile is None or profile.team_id != team.pk:
        raise ValidationError(
            {"champion": _("Choose someone in %(team)s.") % {"team": team.name}}, code="not_member"
        )
    championship, _created = ScorecardChampion.objects.update_or_create(
        team=team, defaults={"champion": champion, "named_by": actor}
    )
    # An open meeting follows the new champion; input already sent stays with whoever got it.
    ScorecardMeeting.objects.filter(team=team, status=ScorecardMeeting.Status.COLLECTING).update(
        champion=champion
    )
    notify(
        recipient=champion,
        verb=NotificationVerb.SCORECARD,
        actor=actor,
        target=championship,
        message=lambda: (
            _("You are now the scorecard champion for %(team)s. Set your meeting date.")
            % {"team": team.name}
        ),
        url=reverse("feedback:scorecards"),
    )
    return championship


@transaction.atomic
def set_meeting_date(*, actor, meets_on, today=None):
    """Set (or move) the date of the champion's next meeting; the team is told once."""
    from feedback import tasks

    championship = ScorecardChampion.objects.select_for_update().filter(champion=actor).first()
    permissions.require(
        actor,
        rules.SCORECARD_SCHEDULE,
        championship,
        message=_("Only a team's scorecard champion sets its meeting."),
    )
    today = today or timezone.localdate()
    if meets_on is None or meets_on < today:
        raise ValidationError({"meets_on": _("Choose today or a later date.")}, code="past")
    meeting, created = ScorecardMeeting.objects.update_or_create(
        team_id=championship.team_id,
        status=ScorecardMeeting.Status.COLLECTING,
        defaults={"meets_on": meets_on, "champion": actor},
    )
    if created:
        tasks.tell_scorecard_team.delay_on_commit(meeting.pk, "scheduled")
    return meeting


def send_input(*, actor, meeting, body):
    permissions.require(
        actor,
        rules.SCORECARD_SEND_INPUT,
        meeting,
        message=_("Only members of the team send input, before the outcome is published."),
    )
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("Write your input.")}, code="required")
    sent = ScorecardInput.objects.create(
        meeting=meeting, sender=actor, recipient=meeting.champion, body=text
    )
    notify(
        recipient=meeting.champion,
        verb=NotificationVerb.SCORECARD,
        actor=actor,
        target=meeting,
        message=lambda: (
            _("%(name)s sent you input for the scorecard meeting on %(date)s.")
            % {"name": actor.profile.display_name, "date": day_in_words(meeting.meets_on)}
        ),
        url=meeting.get_absolute_url(),
    )
    return sent


def record_decision(*, actor, meeting, decision, now=None):
    permissions.require(
        actor,
        rules.SCORECARD_DECIDE,
        meeting,
        message=_("Only the champion records the decision, until it is published."),
    )
    text = (decision or "").strip()
    if not text:
        raise ValidationError({"decision": _("Write what the meeting decided.")}, code="required")
    meeting.decision = text
    meeting.decided_at = now or timezone.now()
    meeting.save(update_fields=["decision", "decided_at"])
    return meeting


@transaction.atomic
def publish_outcome(*, actor, meeting, now=None):
    from feedback import tasks

    meeting = ScorecardMeeting.objects.select_for_update().get(pk=meeting.pk)
    permissions.require(
        actor,
        rules.SCORECARD_DECIDE,
        meeting,
        message=_("This outcome is already published."),
    )
    if not meeting.decision:
        raise ValidationError(
            _("Record what the meeting decided before publishing it."), code="no_decision"
        )
    now = now or timezone.now()
    if meeting.meets_on > timezone.localdate(now):
        raise ValidationError(
            _("The meeting is on %(date)s; publish its outcome afterwards.")
            % {"date": day_in_words(meeting.meets_on)},
            code="too_early",
        )
    meeting.status = ScorecardMeeting.Status.PUBLISHED
    meeting.published_at = now
    meeting.save(update_fields=["status", "published_at"])
    tasks.tell_scorecard_team.delay_on_commit(meeting.pk, "published")
    return meeting


def tell_team(*, meeting_id, news):
    """Tell every active member of the team about a new meeting or a published outcome.

    Safe to run twice: each person gets one notification per meeting and kind of news.
    """
    meeting = ScorecardMeeting.objects.select_related("team", "champion__profile").get(
        pk=meeting_id
    )
    if news == "published" and not meeting.is_published:
        return 0
    champion = meeting.champion.profile.display_name
    if news == "published":
        template = gettext_lazy("The scorecard meeting's outcome for %(team)s is published.")
    else:
        template = gettext_lazy(
            "%(champion)s, your scorecard champion, meets on %(date)s. Send them your input."
        )

    def message():
        return template % {
            "team": meeting.team.name,
            "champion": champion,
            "date": day_in_words(meeting.meets_on),
        }

    members = (
        get_user_model()
        .objects.filter(is_active=True, profile__team_id=meeting.team_id)
        .select_related("profile")
    )
    told = 0
    for person in members.iterator(chunk_size=500):
        told += (
            notify(
                recipient=person,
                verb=NotificationVerb.SCORECARD,
                actor=meeting.champion,
                target=meeting,
                message=message,
                url=meeting.get_absolute_url(),
                dedupe_key=f"scorecard-{news}:{meeting.pk}",
            )
            is not None
        )
    return told
