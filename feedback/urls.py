from django.urls import path

from feedback import idea_views, knowledge_views, straight_talk_views, views

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
]
