from django.urls import path

from portal import notification_views

app_name = "notifications"

urlpatterns = [
    path("", notification_views.index, name="index"),
    path("read/", notification_views.mark_all_read, name="mark_all_read"),
    path("bell/", notification_views.bell, name="bell"),
    path("settings/", notification_views.preferences, name="preferences"),
    path("<int:pk>/open/", notification_views.open_notification, name="open"),
]
