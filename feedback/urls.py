from django.urls import path
from django.utils.translation import gettext_lazy as _

from feedback import knowledge_views
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
