from django.urls import path

from portal import people_admin_views, people_views

app_name = "people"

urlpatterns = [
    path("", people_views.directory, name="directory"),
    path("me/edit/", people_views.edit_own, name="edit_own"),
    path("<int:pk>/", people_views.detail, name="detail"),
    path("<int:pk>/edit/", people_views.edit, name="edit"),
    path("<int:pk>/photo/", people_views.photo, name="photo"),
    path("add/", people_admin_views.add, name="add"),
    path("manage/", people_admin_views.manage, name="manage"),
    path("<int:pk>/invite/", people_admin_views.invite, name="invite"),
    path("<int:pk>/deactivate/", people_admin_views.deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", people_admin_views.reactivate, name="reactivate"),
    path("import/", people_admin_views.import_upload, name="import"),
    path("import/template.csv", people_admin_views.import_template, name="import_template"),
    path("import/<int:pk>/", people_admin_views.import_preview, name="import_preview"),
    path("import/<int:pk>/apply/", people_admin_views.import_apply, name="import_apply"),
]
