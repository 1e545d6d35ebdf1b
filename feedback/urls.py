from django.urls import path
from django.utils.translation import gettext_lazy as _

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
]
