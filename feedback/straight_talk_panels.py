"""Straight talk's panel on the managers' page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.managers import Panel, Series, WaitingItem, panel, weekly_counts
from feedback.models import StraightTalkAsk, StraightTalkRequest
from feedback.straight_talk_selectors import waiting_requests

WAITING_SHOWN = 5


@panel(order=40)
def straight_talk_panel(user, weeks):
    waiting = waiting_requests(user)
    top = list(waiting[:WAITING_SHOWN])
    count = len(top) if len(top) < WAITING_SHOWN else waiting.count()
    return Panel(
        key="straight_talk",
        title=_("Straight talk"),
        icon="chat-quote",
        waiting_count=count,
        waiting_label=ngettext(
            "%(count)s request waiting for an answer",
            "%(count)s requests waiting for an answer",
            count,
        )
        % {"count": count},
        url=reverse("feedback:straight_talk"),
        waiting=[
            WaitingItem(
                title=request.title,
                url=request.get_absolute_url(),
                detail=ngettext("%(count)s asked", "%(count)s asked", n) % {"count": n}
                if n
                else _("nobody has added their name yet"),
            )
            for request in top
            for n in [request.ask_count]
        ],
        series=[
            Series(
                _("Requests"),
                weekly_counts(StraightTalkRequest.objects.all(), "created_at", weeks),
            ),
            Series(
                _("People asking"),
                weekly_counts(StraightTalkAsk.objects.all(), "created_at", weeks),
            ),
            Series(
                _("Answers published"),
                weekly_counts(
                    StraightTalkRequest.objects.filter(answered_at__isnull=False),
                    "answered_at",
                    weeks,
                ),
            ),
        ],
    )
