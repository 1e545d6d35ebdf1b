from django.urls import path

from community import group_views

app_name = "groups"

urlpatterns = [
    path("", group_views.group_list, name="list"),
    path("new/", group_views.new_group, name="new"),
    path("<slug:slug>/", group_views.group_detail, name="detail"),
    path("<slug:slug>/edit/", group_views.edit_group, name="edit"),
    path("<slug:slug>/join/", group_views.join, name="join"),
    path("<slug:slug>/leave/", group_views.leave, name="leave"),
    path("<slug:slug>/representatives/", group_views.representatives, name="representatives"),
    path("<slug:slug>/posts/", group_views.post, name="post"),
    path("<slug:slug>/events/", group_views.event_list, name="events"),
    path("<slug:slug>/events.ics", group_views.group_calendar, name="calendar"),
    path("<slug:slug>/events/new/", group_views.new_event, name="event_new"),
    path("<slug:slug>/events/<int:pk>/", group_views.event_detail, name="event"),
    path("<slug:slug>/events/<int:pk>/edit/", group_views.edit_event, name="event_edit"),
    path("<slug:slug>/events/<int:pk>/rsvp/", group_views.rsvp, name="rsvp"),
    path("<slug:slug>/events/<int:pk>/cancel/", group_views.cancel_event, name="event_cancel"),
    path("<slug:slug>/events/<int:pk>.ics", group_views.event_calendar, name="event_calendar"),
]
