"""The weekly focus groups' panel on the managers' page."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.focus_group_selectors import focus_groups_needing_notes
from feedback.managers import Panel, Series, WaitingItem, panel, weekly_counts
from feedback.models import FocusGroupInvitation, FocusGroupTheme
from portal.dates import localised

WAITING_SHOWN = 5


@panel(order=30)
def focus_group_panel(user, weeks):
    waiting = focus_groups_needing_notes(user)
    top = list(waiting[:WAITING_SHOWN])
    count = len(top) if len(top) < WAITING_SHOWN else waiting.count()
    # Counted in the week the group met, and only once it has.
    held = {"group__meets_at__lte": timezone.now()}
    return Panel(
        key="focus_groups",
        title=_("Focus groups"),
        icon="people",
        waiting_count=count,
        waiting_label=ngettext(
            "%(count)s group waiting for notes", "%(count)s groups waiting for notes", count
        )
        % {"count": count},
        url=reverse("feedback:focus_groups"),
        waiting=[
            WaitingItem(
                title=group.topic,
                url=group.get_absolute_url(),
                detail=_("Met %(date)s")
                % {
                    "date": formats.date_format(
                        timezone.localtime(group.meets_at), localised("j M")
                    )
                },
            )
            for group in top
        ],
        series=[
            Series(
                _("People who took part"),
                weekly_counts(
                    FocusGroupInvitation.objects.filter(
                        response=FocusGroupInvitation.Response.ACCEPTED, **held
                    ),
                    "group__meets_at",
                    weeks,
                ),
            ),
            Series(
                _("Themes recorded"),
                weekly_counts(FocusGroupTheme.objects.filter(**held), "group__meets_at", weeks),
            ),
        ],
    )
