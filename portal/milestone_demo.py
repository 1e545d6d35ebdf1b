"""Demo celebrations that fall on whatever day the demo is opened.

``seed_demo`` calls ``seed_celebrations`` on every run: the demo agent's birthday and a
teammate's work anniversary move to today, a Shenzhen agent's birthday to Shenzhen's
today, and the milestone job runs for every site, so signing in shows the pop-ups.
"""

import contextlib

from django.core.exceptions import ValidationError

from portal import milestones
from portal.models import Milestone, MilestoneKind, Profile, Role
from portal.notifications import without_email

DEMO_WISHES = ("Happy birthday, Dylan! Cake in the break room at 3?", "Have a brilliant day!")


def _years_ago(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def seed_celebrations():
    """Returns how many milestones today now has in the demo."""
    from portal.demo import DEMO_LOGINS

    logins = {email for email, _name in DEMO_LOGINS.values()}
    agent = (
        Profile.objects.select_related("site", "user")
        .filter(user__email=DEMO_LOGINS[Role.AGENT][0])
        .first()
    )
    if agent is None or agent.site is None or agent.team_id is None:
        return 0
    today = milestones.local_today(agent.site)
    Profile.objects.filter(pk=agent.pk).update(
        birthday_day=today.day, birthday_month=today.month, celebrate_birthday=True
    )
    teammates = list(
        Profile.objects.filter(team_id=agent.team_id, user__is_active=True)
        .exclude(user__email__in=logins)
        .select_related("user")
        .order_by("pk")[:3]
    )
    if teammates:
        Profile.objects.filter(pk=teammates[0].pk).update(start_date=_years_ago(today, 3))
    shenzhen = (
        Profile.objects.select_related("site")
        .filter(site__name="Shenzhen", user__role=Role.AGENT, user__is_active=True)
        .exclude(user__email__in=logins)
        .order_by("pk")
        .first()
    )
    if shenzhen:
        local = milestones.local_today(shenzhen.site)
        Profile.objects.filter(pk=shenzhen.pk).update(
            birthday_day=local.day, birthday_month=local.month, celebrate_birthday=True
        )
    for site, date in milestones.sites_due():
        milestones.run_site_milestones(site_id=site.pk, date=date)
    # The job may have run earlier today, before these dates moved.
    birthday, _created = Milestone.objects.get_or_create(
        person=agent.user, kind=MilestoneKind.BIRTHDAY, date=today
    )
    if teammates:
        Milestone.objects.get_or_create(
            person=teammates[0].user,
            kind=MilestoneKind.WORK_ANNIVERSARY,
            date=today,
            defaults={"number": 3},
        )
    with without_email():
        for sender, message in zip(teammates[1:], DEMO_WISHES, strict=False):
            # Refused as a duplicate when an earlier run today sent it already.
            with contextlib.suppress(ValidationError):
                milestones.send_wish(sender=sender.user, milestone=birthday, message=message)
    return Milestone.objects.filter(date=today).count()
