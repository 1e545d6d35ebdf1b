from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.views import coming_soon

app_name = "community"

urlpatterns = [
    path(
        "",
        coming_soon,
        {
            "title": _("Community"),
            "icon": "people",
            "message": _(
                "The community feed is where you will post to the floor: announcements, shift "
                "swaps, lost and found, recognition and tips. It is being built now."
            ),
        },
        name="index",
    ),
]
