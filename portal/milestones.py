"""Milestone pop-ups: birthdays, work anniversaries and achievements.

Every few minutes beat ticks ``portal.tasks.dispatch_milestones``. For each site whose
local date has no ``MilestoneRun`` yet it runs that site's daily job, which records the
run and the day's birthdays and anniversaries in one transaction; the unique run and
milestone rows make a second run change nothing. A job that runs late still finds
today's milestones, but never a past day's: a pop-up days late would be no celebration.

Achievements are recorded when they happen, by whichever app knows about them, with
``record_achievement(person=, kind=, date=, ...)``; the tick also sweeps the community
for agents of the week and kudos counts reached today.
"""

import calendar
import contextlib
import datetime
import secrets
import string
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import permissions
from portal.models import (
    Milestone,
    MilestoneKind,
    MilestoneRun,
    MilestoneSetting,
    MilestoneView,
    NotificationVerb,
    Profile,
    Role,
    Site,
    Wish,
)
from portal.notifications import notify

ACHIEVEMENT_KINDS = frozenset(
    {MilestoneKind.AGENT_OF_THE_WEEK, MilestoneKind.KUDOS, MilestoneKind.IDEA_DONE}
)
KUDOS_MILESTONES = (10, 25, 50, 100, 250, 500)
BATCH_SIZE = 1000
# Wishes belong to the celebration; a week later they would read as an afterthought.
WISH_DAYS = 7
WISH_MAX_LENGTH = Wish._meta.get_field("message").max_length

MANAGE_MILESTONES = "milestones.manage"
SEND_WISH = "milestones.wish"


@permissions.register(MANAGE_MILESTONES)
def _manage_milestones(user, obj):
    return permissions.has_role(user, Role.ADMINISTRATOR)


@permissions.register(SEND_WISH)
def _send_wish(user, milestone):
    return milestone is not None and milestone.person_id != user.pk


# Wording ---------------------------------------------------------------------------

PLACEHOLDERS = {
    MilestoneKind.BIRTHDAY: ("name",),
    MilestoneKind.WORK_ANNIVERSARY: ("name", "years", "nth"),
    MilestoneKind.AGENT_OF_THE_WEEK: ("name",),
    MilestoneKind.KUDOS: ("name", "count", "nth"),
    MilestoneKind.IDEA_DONE: ("name", "idea"),
}

DEFAULT_OWN_TEXT = {
    MilestoneKind.BIRTHDAY: gettext_lazy(
        "Happy birthday, {name}! Everyone on the floor wishes you a wonderful day."
    ),
    MilestoneKind.WORK_ANNIVERSARY: gettext_lazy(
        "Happy {nth} work anniversary, {name}! Thank you for everything you do."
    ),
    MilestoneKind.AGENT_OF_THE_WEEK: gettext_lazy(
        "Congratulations, {name}: you are agent of the week!"
    ),
    MilestoneKind.KUDOS: gettext_lazy(
        "That's your {nth} kudos, {name}! Your colleagues keep thanking you."
    ),
    MilestoneKind.IDEA_DONE: gettext_lazy("Your idea “{idea}” is done. Thank you, {name}!"),
}

DEFAULT_TEAM_TEXT = {
    MilestoneKind.BIRTHDAY: gettext_lazy("It's {name}'s birthday today."),
    MilestoneKind.WORK_ANNIVERSARY: gettext_lazy("It's {name}'s {nth} work anniversary."),
    MilestoneKind.AGENT_OF_THE_WEEK: gettext_lazy("{name} is agent of the week."),
    MilestoneKind.KUDOS: gettext_lazy("{name} has just received their {nth} kudos."),
    MilestoneKind.IDEA_DONE: gettext_lazy("{name}'s idea “{idea}” is done."),
}

DEFAULT_WISH = {
    MilestoneKind.BIRTHDAY: gettext_lazy("Happy birthday!"),
    MilestoneKind.WORK_ANNIVERSARY: gettext_lazy("Happy work anniversary!"),
    MilestoneKind.AGENT_OF_THE_WEEK: gettext_lazy("Well deserved, congratulations!"),
    MilestoneKind.KUDOS: gettext_lazy("Congratulations, well deserved!"),
    MilestoneKind.IDEA_DONE: gettext_lazy("Great idea, congratulations!"),
}


def validate_wording(kind, text):
    """Refuse wording with placeholders this kind cannot fill, with a message that says why."""
    allowed = PLACEHOLDERS[kind]
    allowed_list = ", ".join("{" + name + "}" for name in allowed)
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            _("Check the braces: a placeholder looks like {name}. You can use: %(allowed)s.")
            % {"allowed": allowed_list},
            code="braces",
        ) from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "")
            shown += (f":{spec}" if spec else "") + "}"
            raise ValidationError(
                _("%(placeholder)s cannot be filled in for this kind. You can use: %(allowed)s.")
                % {"placeholder": shown, "allowed": allowed_list},
                code="placeholder",
            )


def _values(milestone):
    profile = getattr(milestone.person, "profile", None)
    number = milestone.number or 0
    return {
        "name": profile.display_name if profile else str(milestone.person),
        "years": number,
        "count": number,
        "nth": ordinal(number),
        "idea": milestone.detail,
    }


def wording(setting, milestone, *, own):
    template = (setting.own_text if own else setting.team_text) or (
        DEFAULT_OWN_TEXT if own else DEFAULT_TEAM_TEXT
    )[milestone.kind]
    return str(template).format_map(_values(milestone))


def kind_settings():
    """Every kind's setting, the unsaved default for kinds nobody has changed; one query."""
    stored = {setting.kind: setting for setting in MilestoneSetting.objects.all()}
    return {kind: stored.get(kind) or MilestoneSetting(kind=kind) for kind in MilestoneKind.values}


@transaction.atomic
def update_setting(*, actor, kind, enabled, own_text, team_text):
    permissions.require(
        actor,
        MANAGE_MILESTONES,
        message=_("Only administrators change the milestone pop-ups."),
    )
    if kind not in MilestoneKind.values:
        raise ValidationError(_("Choose a kind of milestone."), code="kind")
    own_text, team_text = (own_text or "").strip(), (team_text or "").strip()
    errors = {}
    for field, text in (("own_text", own_text), ("team_text", team_text)):
        try:
            validate_wording(kind, text)
        except ValidationError as error:
            errors[field] = error
    if errors:
        raise ValidationError(errors)
    setting, _created = MilestoneSetting.objects.update_or_create(
        kind=kind,
        defaults={"enabled": bool(enabled), "own_text": own_text, "team_text": team_text},
    )
    return setting


# The daily job -----------------------------------------------------------------------


def local_today(site, now=None):
    return timezone.localtime(now or timezone.now(), ZoneInfo(site.time_zone)).date()


def _still_celebrated():
    """Leaves out birthdays of people who opted out after the day's job found them."""
    return ~Q(kind=MilestoneKind.BIRTHDAY, person__profile__celebrate_birthday=False)


def _local_today_of(person, now):
    profile = getattr(person, "profile", None)
    if profile is None or profile.site is None:
        return timezone.localdate(now)
    return local_today(profile.site, now)


def sites_due(now=None):
    """Sites whose local date has no milestone run yet, with that date."""
    now = now or timezone.now()
    sites = list(Site.objects.all())
    dates = {site.pk: local_today(site, now) for site in sites}
    done = set(
        MilestoneRun.objects.filter(site__in=sites, date__in=set(dates.values())).values_list(
            "site_id", "date"
        )
    )
    return [(site, dates[site.pk]) for site in sites if (site.pk, dates[site.pk]) not in done]


def _anniversary_filter(date, month, day):
    """People whose day and month fall on ``date``; 29 February counts on 28 February
    in years without one."""
    matches = Q(**{month: date.month, day: date.day})
    if date.month == 2 and date.day == 28 and not calendar.isleap(date.year):
        matches |= Q(**{month: 2, day: 29})
    return matches


def birthdays_on(site, date):
    return Profile.objects.filter(
        _anniversary_filter(date, "birthday_month", "birthday_day"),
        site=site,
        user__is_active=True,
        celebrate_birthday=True,
    )


def work_anniversaries_on(site, date):
    return Profile.objects.filter(
        _anniversary_filter(date, "start_date__month", "start_date__day"),
        site=site,
        user__is_active=True,
        start_date__year__lt=date.year,
    )


def run_site_milestones(*, site_id, date, now=None):
    """The site's daily job for ``date``; returns the run, or None for a day already past.

    Safe to run twice and from two workers at once: the unique run row lets one through.
    """
    site = Site.objects.get(pk=site_id)
    if date != local_today(site, now):
        return None
    with transaction.atomic():
        run, created = MilestoneRun.objects.get_or_create(site=site, date=date)
        if not created:
            return run
        found = _create_milestones(
            Milestone(person_id=pk, kind=MilestoneKind.BIRTHDAY, date=date)
            for pk in birthdays_on(site, date).values_list("user_id", flat=True).iterator()
        )
        found += _create_milestones(
            Milestone(
                person_id=pk,
                kind=MilestoneKind.WORK_ANNIVERSARY,
                date=date,
                number=date.year - start.year,
            )
            for pk, start in work_anniversaries_on(site, date)
            .values_list("user_id", "start_date")
            .iterator()
        )
        run.milestones = found
        run.save(update_fields=["milestones"])
    return run


def _create_milestones(milestones):
    """Insert in batches, so a site of thousands is never held in memory at once."""
    created = 0
    batch = []
    for milestone in milestones:
        batch.append(milestone)
        if len(batch) == BATCH_SIZE:
            created += len(Milestone.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    if batch:
        created += len(Milestone.objects.bulk_create(batch, ignore_conflicts=True))
    if created:
        milestones_changed()
    return created


def record_achievement(*, person, kind, date=None, number=None, detail=""):
    """Record that ``person`` achieved something on ``date`` (by default their site's today).

    For other apps: the think tank calls this with ``MilestoneKind.IDEA_DONE`` and the
    idea's title as ``detail``. Returns ``(milestone, created)``; recording the same
    achievement twice on one day keeps the first.
    """
    if kind not in ACHIEVEMENT_KINDS:
        raise ValidationError(
            _("“%(kind)s” is not an achievement."), params={"kind": kind}, code="kind"
        )
    return Milestone.objects.get_or_create(
        person=person,
        kind=kind,
        date=date or _local_today_of(person, None),
        defaults={"number": number, "detail": (detail or "")[:200]},
    )


def record_community_achievements(*, now=None):
    """Today's agents of the week and kudos counts reached, per site; returns how many new."""
    from community.models import AgentOfTheWeek, Kudos

    now = now or timezone.now()
    created = 0
    for site in Site.objects.all():
        today = local_today(site, now)
        zone = ZoneInfo(site.time_zone)
        start = datetime.datetime.combine(today, datetime.time.min, tzinfo=zone)
        # Not start + 24 hours: the day a clock changes is 23 or 25 hours long.
        end = datetime.datetime.combine(
            today + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        winners = AgentOfTheWeek.objects.filter(
            winner__profile__site=site,
            winner__is_active=True,
            chosen_at__gte=start,
            chosen_at__lt=end,
        ).values_list("winner_id", flat=True)
        for winner_id in winners:
            created += record_achievement(
                person=_person(winner_id), kind=MilestoneKind.AGENT_OF_THE_WEEK, date=today
            )[1]
        # Kudos whose post was deleted no longer count.
        kudos = Kudos.objects.filter(post__deleted_at__isnull=True)
        received_today = kudos.filter(post__created_at__gte=start, post__created_at__lt=end).values(
            "recipient_id"
        )
        counts = (
            kudos.filter(
                recipient__in=received_today,
                recipient__profile__site=site,
                recipient__is_active=True,
                post__created_at__lt=end,
            )
            .values("recipient_id")
            .annotate(total=Count("pk"), before=Count("pk", filter=Q(post__created_at__lt=start)))
        )
        for row in counts:
            reached = [n for n in KUDOS_MILESTONES if row["before"] < n <= row["total"]]
            if reached:
                created += record_achievement(
                    person=_person(row["recipient_id"]),
                    kind=MilestoneKind.KUDOS,
                    date=today,
                    number=reached[-1],
                )[1]
    return created


def _person(pk):
    return get_user_model()(pk=pk)


# Pop-ups ------------------------------------------------------------------------------


ICONS = {
    MilestoneKind.BIRTHDAY: "cake2",
    MilestoneKind.WORK_ANNIVERSARY: "calendar-heart",
    MilestoneKind.AGENT_OF_THE_WEEK: "trophy",
    MilestoneKind.KUDOS: "stars",
    MilestoneKind.IDEA_DONE: "lightbulb",
}


@dataclass
class PopUp:
    milestone: Milestone
    text: str
    own: bool
    default_wish: str = ""

    @property
    def icon(self):
        return ICONS[self.milestone.kind]


@dataclass
class TeamPopUp:
    """Today's celebrations of the viewer's teammates, together in one smaller pop-up."""

    celebrations: list
    own: bool = False


# More teammates than this celebrating on one day is a list for the home page, not a pop-up.
TEAM_POPUP_LIMIT = 20

# "Nothing to show" is remembered per person and day (settings.MILESTONE_POPUP_REMEMBER_SECONDS),
# so the pages after the first skip the milestone query, until any milestone, setting or
# team changes (``milestones_changed``). A remembered answer also expires, which bounds how
# stale it can get if the cache missed a change while it was unreachable.
GENERATION_KEY = "milestones:generation"


def milestones_changed():
    """Forget every remembered "no pop-up": a new celebration may now show to someone.

    Called now and again when the transaction commits, so that no page remembers an
    answer it worked out before the change was visible to it.
    """
    _next_generation()
    transaction.on_commit(_next_generation)


def _start_generation():
    # A random start: a remembered answer from before the counter was lost (evicted,
    # Redis restarted) can never match the new one.
    cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)


def _next_generation():
    _start_generation()
    # ValueError: the counter was evicted just now, or the cache is unreachable
    # (portal/cache.py); either way no remembered answer matches a generation it lacks.
    with contextlib.suppress(ValueError):
        cache.incr(GENERATION_KEY)


@receiver(post_save, sender=Milestone, dispatch_uid="milestones.changed.saved")
@receiver(post_delete, sender=Milestone, dispatch_uid="milestones.changed.deleted")
@receiver(post_save, sender=MilestoneSetting, dispatch_uid="milestones.setting.saved")
@receiver(post_delete, sender=MilestoneSetting, dispatch_uid="milestones.setting.deleted")
def _on_milestone_change(**kwargs):
    milestones_changed()


def _nothing_to_show_key(user, profile, now):
    team = profile.team_id if profile is not None else None
    return f"milestones:nothing:{user.pk}:{team}:{now.astimezone(datetime.UTC).date()}"


def _remembered_nothing(key):
    """Whether "nothing to show" is remembered for ``key``, and the generation to remember it at."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        _start_generation()
        return False, cache.get(GENERATION_KEY)
    return found.get(key) == generation, generation


def _remember_nothing(key, generation):
    if generation is None:
        return
    cache.set(key, generation, django_settings.MILESTONE_POPUP_REMEMBER_SECONDS)


def popup_for(user, *, now=None):
    """The pop-up to show this person on this page, or None.

    Their own celebration comes first: it is shown on the first page they open that day.
    Their teammates' celebrations of the day come together in one smaller pop-up, shown
    once a day on the next page. Showing a pop-up records it as seen, so it never comes
    back, whether or not it was closed. One query when there is nothing to show (the
    profile is the one the menu's avatar loads anyway), three when there is (settings,
    the records), however many teammates celebrate. Once there is nothing, the answer is
    remembered in the cache and the next pages ask no query at all, until a milestone or
    a setting changes.
    """
    if not user.is_authenticated:
        return None
    now = now or timezone.now()
    profile = getattr(user, "profile", None)
    if not django_settings.MILESTONE_POPUP_REMEMBER_SECONDS:
        return _popup_for(user, profile, now)
    remembered_key = _nothing_to_show_key(user, profile, now)
    nothing_remembered, generation = _remembered_nothing(remembered_key)
    if nothing_remembered:
        return None
    popup = _popup_for(user, profile, now)
    if popup is None:
        _remember_nothing(remembered_key, generation)
    return popup


def _popup_for(user, profile, now):
    mine_or_team = Q(person=user)
    if profile is not None and profile.team_id:
        mine_or_team |= Q(person__profile__team_id=profile.team_id, person__is_active=True)
    # "Today" is the celebrated person's local date: one of these three wherever they are.
    utc_today = now.astimezone(datetime.UTC).date()
    around_today = [utc_today + datetime.timedelta(days=offset) for offset in (-1, 0, 1)]
    candidates = [
        milestone
        for milestone in Milestone.objects.filter(
            mine_or_team, _still_celebrated(), date__in=around_today
        )
        .annotate(
            seen=Exists(MilestoneView.objects.filter(milestone=OuterRef("pk"), viewer=user)),
            wished=Exists(Wish.objects.filter(milestone=OuterRef("pk"), sender=user)),
        )
        .select_related("person__profile__site")
        .order_by("date", "pk")[:TEAM_POPUP_LIMIT]
        if milestone.date == _local_today_of(milestone.person, now)
    ]
    own = [m for m in candidates if m.person_id == user.pk and not m.seen]
    team = [m for m in candidates if m.person_id != user.pk]
    if not own and (not team or any(m.seen for m in team)):
        return None
    settings = kind_settings()
    own = [m for m in own if settings[m.kind].enabled]
    team = [m for m in team if settings[m.kind].enabled]
    if own:
        shown = own[:1]
    elif team and not any(m.seen for m in team):
        shown = team
    else:
        return None
    MilestoneView.objects.bulk_create(
        [MilestoneView(milestone=milestone, viewer=user) for milestone in shown],
        ignore_conflicts=True,
    )
    popups = [
        PopUp(
            milestone=milestone,
            text=wording(settings[milestone.kind], milestone, own=bool(own)),
            own=bool(own),
            default_wish=str(DEFAULT_WISH[milestone.kind]),
        )
        for milestone in shown
    ]
    return popups[0] if own else TeamPopUp(celebrations=popups)


def dismiss(*, viewer, milestone_id, now=None):
    """Remember that the viewer closed the pop-up; returns True if there was one to close."""
    now = now or timezone.now()
    milestone = Milestone.objects.filter(pk=milestone_id).first()
    if milestone is None:
        return False
    view, created = MilestoneView.objects.get_or_create(
        milestone=milestone, viewer=viewer, defaults={"dismissed_at": now}
    )
    if not created and view.dismissed_at is None:
        view.dismissed_at = now
        view.save(update_fields=["dismissed_at"])
    return True


def dismiss_team(*, viewer, now=None):
    """Remember that the viewer closed their team's pop-up; returns how many it listed."""
    return (
        MilestoneView.objects.filter(viewer=viewer, dismissed_at__isnull=True)
        .exclude(milestone__person=viewer)
        .update(dismissed_at=now or timezone.now())
    )


# Wishes --------------------------------------------------------------------------------


def send_wish(*, sender, milestone, message="", now=None):
    """One wish per colleague per milestone, posted on the person's profile; they are told."""
    permissions.require(
        sender, SEND_WISH, milestone, message=_("Wishes are for celebrating someone else.")
    )
    if not milestone.person.is_active:
        raise ValidationError(_("This person has left."), code="inactive")
    if not Milestone.objects.filter(_still_celebrated(), pk=milestone.pk).exists() or not (
        kind_settings()[milestone.kind].enabled
    ):
        raise ValidationError(_("This celebration is not shown any more."), code="off")
    today = timezone.localdate(now)
    if milestone.date < today - datetime.timedelta(days=WISH_DAYS):
        raise ValidationError(
            _("This celebration is over; wishes can be sent for a week."), code="too_late"
        )
    message = " ".join((message or "").split()) or str(DEFAULT_WISH[milestone.kind])
    if len(message) > WISH_MAX_LENGTH:
        raise ValidationError(
            _("Keep your wish under %(limit)s characters.") % {"limit": WISH_MAX_LENGTH},
            code="too_long",
        )
    try:
        with transaction.atomic():
            wish = Wish.objects.create(milestone=milestone, sender=sender, message=message)
    except IntegrityError:
        raise ValidationError(
            _("You have already sent %(name)s your wishes.") % {"name": milestone.person},
            code="duplicate",
        ) from None
    notify(
        recipient=milestone.person,
        verb=NotificationVerb.WISH,
        actor=sender,
        target=wish,
        message=lambda: (
            _("%(name)s sent you wishes: %(message)s") % {"name": sender, "message": message}
        ),
        url=milestone.person.profile.get_absolute_url() + "#wishes",
        dedupe_key=f"wish:{wish.pk}",
    )
    return wish


def wishes_for(person, *, limit=20):
    """The newest wishes a person received, with who sent them; one query."""
    return list(
        Wish.objects.filter(milestone__person=person)
        .select_related("sender__profile", "milestone")
        .order_by("-created_at", "-pk")[:limit]
    )


def wishable_milestones(*, viewer, person, now=None):
    """The person's recent milestones the viewer may still wish on, with ``wished``."""
    if not permissions.can(viewer, SEND_WISH, Milestone(person_id=person.pk)):
        return []
    today = timezone.localdate(now)
    enabled = [kind for kind, setting in kind_settings().items() if setting.enabled]
    return list(
        Milestone.objects.filter(
            _still_celebrated(),
            person=person,
            kind__in=enabled,
            date__gte=today - datetime.timedelta(days=WISH_DAYS),
            date__lte=today,
        )
        .annotate(wished=Exists(Wish.objects.filter(milestone=OuterRef("pk"), sender=viewer)))
        .select_related("person__profile")
        .order_by("-date", "pk")
    )


def todays_celebrations(user, *, now=None, limit=10):
    """Milestones of the person's team and their own for today, enabled kinds only."""
    profile = getattr(user, "profile", None)
    if profile is None or profile.site_id is None:
        return []
    today = local_today(profile.site, now)
    settings = kind_settings()
    enabled = [kind for kind, setting in settings.items() if setting.enabled]
    who = Q(person=user)
    if profile.team_id:
        who |= Q(person__profile__team_id=profile.team_id, person__is_active=True)
    milestones = list(
        Milestone.objects.filter(who, _still_celebrated(), date=today, kind__in=enabled)
        .annotate(wished=Exists(Wish.objects.filter(milestone=OuterRef("pk"), sender=user)))
        .select_related("person__profile")
        .order_by("kind", "pk")[:limit]
    )
    return [
        PopUp(
            milestone=m,
            text=wording(settings[m.kind], m, own=m.person_id == user.pk),
            own=m.person_id == user.pk,
            default_wish=str(DEFAULT_WISH[m.kind]),
        )
        for m in milestones
    ]
