from django.urls import path

from portal import milestone_views

app_name = "milestones"

urlpatterns = [
    path("<int:pk>/dismiss/", milestone_views.dismiss, name="dismiss"),
    path("team/dismiss/", milestone_views.dismiss_team, name="dismiss_team"),
    path("<int:pk>/wish/", milestone_views.wish, name="wish"),
    path("settings/", milestone_views.settings_page, name="settings"),
]
