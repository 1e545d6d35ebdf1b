from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.views import coming_soon

app_name = "briefings"

urlpatterns = [
    path(
        "",
        coming_soon,
        {
            "title": _("Briefing"),
            "icon": "newspaper",
            "message": _(
                "Your daily briefing will arrive here and by email at 07:30 local time, with "
                "everything new from every department. It is not switched on yet."
            ),
        },
        name="index",
    ),
]
