from django.urls import path

from feedback import (
    focus_group_views,
    idea_views,
    knowledge_views,
    qanda_views,
    scorecard_views,
    straight_talk_views,
    views,
)

app_name = "feedback"

urlpatterns = [
    path("", views.index, name="index"),
    path("managers/", views.managers, name="managers"),
    # Think tank
    path("ideas/", idea_views.ideas, name="ideas"),
    path("ideas/new/", idea_views.new_idea, name="new_idea"),
    path("ideas/<int:pk>/", idea_views.idea, name="idea"),
    path("ideas/<int:pk>/support/", idea_views.support, name="support_idea"),
    path("ideas/<int:pk>/comments/", idea_views.add_comment, name="comment_on_idea"),
    path("ideas/comments/<int:pk>/delete/", idea_views.delete_comment, name="delete_idea_comment"),
    path("ideas/<int:pk>/status/", idea_views.change_status, name="idea_status"),
    path("ideas/<int:pk>/merge/", idea_views.merge, name="merge_idea"),
    path(
        "ideas/<int:pk>/straight-talk/",
        idea_views.raise_from_idea,
        name="raise_straight_talk_from_idea",
    ),
    # Straight talk
    path("straight-talk/", straight_talk_views.straight_talk, name="straight_talk"),
    path("straight-talk/new/", straight_talk_views.new_request, name="new_straight_talk"),
    path("straight-talk/<int:pk>/", straight_talk_views.detail, name="straight_talk_detail"),
    path("straight-talk/<int:pk>/me-too/", straight_talk_views.me_too, name="me_too"),
    path(
        "straight-talk/<int:pk>/answer/",
        straight_talk_views.answer,
        name="answer_straight_talk",
    ),
    # Knowledge base ---------------------------------------------------------------
    path("knowledge/", knowledge_views.article_list, name="knowledge_list"),
    path("knowledge/new/", knowledge_views.article_new, name="knowledge_new"),
    path("knowledge/review/", knowledge_views.review_queue, name="knowledge_queue"),
    path("knowledge/categories/", knowledge_views.categories, name="knowledge_categories"),
    path(
        "knowledge/categories/<int:pk>/",
        knowledge_views.category_edit,
        name="knowledge_category_edit",
    ),
    path("knowledge/<int:pk>/", knowledge_views.article_detail, name="knowledge_article"),
    path("knowledge/<int:pk>/edit/", knowledge_views.article_edit, name="knowledge_edit"),
    path("knowledge/<int:pk>/flag/", knowledge_views.flag_article, name="knowledge_flag"),
    path("knowledge/<int:pk>/verify/", knowledge_views.verify_article, name="knowledge_verify"),
    path("knowledge/flags/<int:pk>/reply/", knowledge_views.resolve_flag, name="knowledge_reply"),
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
    path(
        "qanda/questions/<int:pk>/straight-talk/",
        qanda_views.raise_from_question,
        name="raise_straight_talk_from_question",
    ),
    # Weekly focus groups
    path("focus-groups/", focus_group_views.index, name="focus_groups"),
    path("focus-groups/new/", focus_group_views.new_group, name="focus_group_new"),
    path("focus-groups/hot-topics/", focus_group_views.hot_topics, name="hot_topics"),
    path("focus-groups/<int:pk>/", focus_group_views.group_detail, name="focus_group"),
    path("focus-groups/<int:pk>/edit/", focus_group_views.edit_group, name="focus_group_edit"),
    path("focus-groups/<int:pk>/invite/", focus_group_views.invite, name="focus_group_invite"),
    path("focus-groups/<int:pk>/notes/", focus_group_views.notes, name="focus_group_notes"),
    path(
        "focus-groups/themes/<int:pk>/straight-talk/",
        focus_group_views.raise_from_theme,
        name="raise_straight_talk_from_theme",
    ),
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
