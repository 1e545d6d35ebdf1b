from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views

admin.site.site_header = "Switchboard administration"
admin.site.site_title = "Switchboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("people/", include("portal.people_urls")),
    path("community/", include("community.urls")),
    path("briefing/", include("briefings.urls")),
    path("feedback/", include("feedback.urls")),
    path("media/<path:name>", views.media, name="media"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

if settings.DEBUG:
    urlpatterns.append(path("__errors__/<int:status>/", views.error_preview))
