from django.urls import path

from portal import people_views

app_name = "people"

urlpatterns = [
    path("", people_views.directory, name="directory"),
    path("me/edit/", people_views.edit_own, name="edit_own"),
    path("<int:pk>/", people_views.detail, name="detail"),
    path("<int:pk>/edit/", people_views.edit, name="edit"),
    path("<int:pk>/photo/", people_views.photo, name="photo"),
]
