from django.urls import path

from community import calendar_views

app_name = "calendars"

urlpatterns = [
    path("", calendar_views.subscription, name="subscription"),
    path("links/", calendar_views.reset, name="reset"),
    # Token-shaped like a slug: secrets.token_urlsafe uses letters, digits, - and _.
    path("<slug:token>/events.ics", calendar_views.my_events_feed, name="feed"),
    path("<slug:token>/groups/<slug:slug>.ics", calendar_views.group_feed, name="group_feed"),
]
