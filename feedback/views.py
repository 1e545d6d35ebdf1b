"""The feedback landing page, which introduces every channel, and the managers' page."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from feedback import rules
from feedback.managers import panels_for
from feedback.models import Idea, IdeaStatus, StraightTalkRequest
from portal import permissions

# Every listening channel, in the order the landing page introduces them. A channel
# whose URL does not exist yet is introduced as "coming soon".
CHANNELS = [
    (
        "feedback:ideas",
        _("Think tank"),
        "lightbulb",
        _(
            "Post an idea to make work better for you or for customers. Colleagues support "
            "and discuss it; managers review it and reply in public."
        ),
    ),
    (
        "feedback:qanda",
        _("Quarterly Q&A"),
        "question-circle",
        _(
            "Send questions to the leadership panel before each quarterly session, openly "
            "or anonymously, and vote for the ones you want answered."
        ),
    ),
    (
        "feedback:focus_groups",
        _("Focus groups"),
        "people",
        _("A small group each week, rotating across teams and sites, to talk it through."),
    ),
    (
        "feedback:straight_talk",
        _("Straight talk"),
        "chat-quote",
        _(
            "Ask for a straight answer on something that keeps coming up. Add “me too” to "
            "what others asked; the most asked are answered first."
        ),
    ),
    (
        "feedback:scorecards",
        _("Scorecard champions"),
        "clipboard-data",
        _("Tell your team's champion how performance should be measured before each meeting."),
    ),
    (
        "feedback:knowledge_list",
        _("Knowledge base"),
        "journal-text",
        _("Articles on how things work, and a way to flag the ones that are out of date."),
    ),
]
RECENT_REPLIES = 4


def _channels():
    shown = []
    for url_name, title, icon, description in CHANNELS:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            url = None
        shown.append({"url": url, "title": title, "icon": icon, "description": description})
    return shown


def index(request):
    """What each channel is for, and the latest answers: whoever spoke up sees the outcome."""
    permissions.require(request.user, rules.VIEW_IDEAS)
    replies = list(
        Idea.objects.filter(
            status__in=[IdeaStatus.PLANNED, IdeaStatus.DONE, IdeaStatus.DECLINED],
            merged_into__isnull=True,
        ).order_by("-status_changed_at", "-id")[:RECENT_REPLIES]
    )
    answers = list(
        StraightTalkRequest.objects.filter(answered_at__isnull=False).order_by(
            "-answered_at", "-id"
        )[:RECENT_REPLIES]
    )
    context = {
        "channels": _channels(),
        "replies": replies,
        "answers": answers,
        "may_see_managers_page": permissions.can(request.user, rules.VIEW_MANAGERS_PAGE),
    }
    return render(request, "feedback/index.html", context)


def managers(request):
    permissions.require(
        request.user,
        rules.VIEW_MANAGERS_PAGE,
        message=_("The page for managers is for managers and administrators."),
    )
    panels, weeks = panels_for(request.user)
    return render(request, "feedback/managers.html", {"panels": panels, "weeks": weeks})
