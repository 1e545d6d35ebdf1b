"""Scorecard champions' panel on the managers' page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.managers import Panel, Series, WaitingItem, panel, weekly_counts
from feedback.models import ScorecardInput, ScorecardMeeting
from feedback.scorecard_selectors import teams_without_champion

WAITING_SHOWN = 5


@panel(order=60)
def scorecard_panel(user, weeks):
    waiting = teams_without_champion().order_by("site__name", "name")
    top = list(waiting[:WAITING_SHOWN])
    count = len(top) if len(top) < WAITING_SHOWN else waiting.count()
    url = reverse("feedback:scorecards")
    return Panel(
        key="scorecards",
        title=_("Scorecard champions"),
        icon="clipboard-data",
        waiting_count=count,
        waiting_label=ngettext(
            "%(count)s team without a champion", "%(count)s teams without a champion", count
        )
        % {"count": count},
        url=url,
        waiting=[WaitingItem(title=team.name, url=url, detail=team.site.name) for team in top],
        series=[
            # Counts only: what was sent stays between the sender and the champion.
            Series(
                _("Input sent"), weekly_counts(ScorecardInput.objects.all(), "created_at", weeks)
            ),
            Series(
                _("Decisions published"),
                weekly_counts(
                    ScorecardMeeting.objects.filter(published_at__isnull=False),
                    "published_at",
                    weeks,
                ),
            ),
        ],
    )
