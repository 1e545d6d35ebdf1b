from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from portal import accounts, views

admin.site.site_header = "Switchboard administration"
admin.site.site_title = "Switchboard"
# One sign-in page for everyone: the admin's own form would skip the rate limits and MFA.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The benchmark's floor: a response with no database work (bench/README.md).
    path("bench/bare", views.bare, name="bench_bare"),
    path("bench/signed-in", views.signed_in_floor, name="bench_signed_in"),
    # Browsers ask for /favicon.ico on pages that name no icon (the Django admin).
    path("favicon.ico", views.favicon),
    path("people/", include("portal.people_urls")),
    path("notifications/", include("portal.notification_urls")),
    path("milestones/", include("portal.milestone_urls")),
    path("community/", include("community.urls")),
    path("huddle/", include("community.huddle_urls")),
    path("projects/", include("community.project_urls")),
    path("groups/", include("community.group_urls")),
    path("calendars/", include("community.calendar_urls")),
    path("briefing/", include("briefings.urls")),
    path("feedback/", include("feedback.urls")),
    path("media/<path:name>", views.media, name="media"),
    # Ahead of allauth's own address for it, which it wraps (allauth names the address).
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        accounts.choose_password,
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Anyone may switch language, including on the sign-in page.
    path("i18n/setlang/", views.set_language, name="set_language"),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

if settings.DEBUG:
    urlpatterns.append(path("__errors__/<int:status>/", views.error_preview))
