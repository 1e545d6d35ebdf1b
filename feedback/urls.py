from django.urls import path
from django.utils.translation import gettext_lazy as _

from feedback import focus_group_views, qanda_views, scorecard_views
from portal.views import coming_soon

app_name = "feedback"

urlpatterns = [
    path(
        "",
        coming_soon,
        {
            "title": _("Feedback"),
            "icon": "chat-square-text",
            "message": _(
                "Ideas for the think tank, questions for the quarterly Q&A and flags on "
                "out-of-date knowledge articles will live here. It is not switched on yet."
            ),
        },
        name="index",
    ),
    # Quarterly Q&A
    path("qanda/", qanda_views.index, name="qanda"),
    path("qanda/new/", qanda_views.new_session, name="qanda_new"),
    path("qanda/<int:pk>/", qanda_views.session_detail, name="qanda_session"),
    path("qanda/<int:pk>/edit/", qanda_views.edit_session, name="qanda_edit"),
    path("qanda/<int:pk>/ask/", qanda_views.ask, name="qanda_ask"),
    path("qanda/<int:pk>/publish/", qanda_views.publish, name="qanda_publish"),
    path("qanda/questions/<int:pk>/vote/", qanda_views.vote, name="qanda_vote"),
    path("qanda/questions/<int:pk>/answer/", qanda_views.answer, name="qanda_answer"),
    path("qanda/questions/<int:pk>/remove/", qanda_views.remove, name="qanda_remove"),
    path("qanda/questions/<int:pk>/carry-over/", qanda_views.carry_over, name="qanda_carry_over"),
    # Weekly focus groups
    path("focus-groups/", focus_group_views.index, name="focus_groups"),
    path("focus-groups/new/", focus_group_views.new_group, name="focus_group_new"),
    path("focus-groups/hot-topics/", focus_group_views.hot_topics, name="hot_topics"),
    path("focus-groups/<int:pk>/", focus_group_views.group_detail, name="focus_group"),
    path("focus-groups/<int:pk>/invite/", focus_group_views.invite, name="focus_group_invite"),
    path("focus-groups/<int:pk>/notes/", focus_group_views.notes, name="focus_group_notes"),
    path(
        "focus-groups/invitations/<int:pk>/remove/",
        focus_group_views.uninvite,
        name="focus_group_uninvite",
    ),
    path(
        "focus-groups/invitations/<int:pk>/answer/",
        focus_group_views.respond,
        name="focus_group_respond",
    ),
    # Scorecard champions
    path("scorecards/", scorecard_views.index, name="scorecards"),
    path("scorecards/meeting-date/", scorecard_views.set_meeting_date, name="scorecard_date"),
    path(
        "scorecards/teams/<int:team_id>/champion/",
        scorecard_views.name_champion,
        name="scorecard_name",
    ),
    path("scorecards/meetings/<int:pk>/", scorecard_views.meeting_detail, name="scorecard_meeting"),
    path("scorecards/meetings/<int:pk>/input/", scorecard_views.send_input, name="scorecard_input"),
    path("scorecards/meetings/<int:pk>/decide/", scorecard_views.decide, name="scorecard_decide"),
]
