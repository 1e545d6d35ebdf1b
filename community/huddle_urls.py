from django.urls import path

from community import huddle_views

app_name = "huddles"

urlpatterns = [
    path("", huddle_views.index, name="index"),
    path("teams/<int:team_id>/", huddle_views.team, name="team"),
    path("teams/<int:team_id>/history/", huddle_views.history, name="history"),
    path("teams/<int:team_id>/open/", huddle_views.open_huddle, name="open"),
    path("<int:pk>/", huddle_views.detail, name="detail"),
    path("<int:pk>/edit/", huddle_views.edit_huddle, name="edit"),
    path("<int:pk>/questions/", huddle_views.ask, name="ask"),
    path("<int:pk>/check-in/", huddle_views.check_in, name="check_in"),
    path("<int:pk>/attendance/", huddle_views.attendance, name="attendance"),
    path("questions/<int:pk>/answer/", huddle_views.answer, name="answer"),
]
