"""The think tank's panel on the managers' page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.idea_selectors import ideas_to_review
from feedback.managers import Panel, Series, WaitingItem, panel, weekly_counts
from feedback.models import Idea, IdeaComment, IdeaSupport

WAITING_SHOWN = 5


@panel(order=10)
def think_tank_panel(user, weeks):
    waiting = ideas_to_review()
    top = list(waiting[:WAITING_SHOWN])
    count = len(top) if len(top) < WAITING_SHOWN else waiting.count()
    return Panel(
        key="ideas",
        title=_("Think tank"),
        icon="lightbulb",
        waiting_count=count,
        waiting_label=ngettext(
            "%(count)s new idea to review", "%(count)s new ideas to review", count
        )
        % {"count": count},
        url=reverse("feedback:ideas") + "?status=new&sort=supporters",
        waiting=[
            WaitingItem(
                title=idea.title,
                url=idea.get_absolute_url(),
                detail=ngettext("%(count)s supporter", "%(count)s supporters", n) % {"count": n},
            )
            for idea in top
            for n in [idea.supporter_count]
        ],
        series=[
            Series(_("Ideas posted"), weekly_counts(Idea.objects.all(), "created_at", weeks)),
            Series(_("Supports"), weekly_counts(IdeaSupport.objects.all(), "created_at", weeks)),
            Series(_("Comments"), weekly_counts(IdeaComment.objects.all(), "created_at", weeks)),
        ],
    )
