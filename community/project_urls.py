from django.urls import path

from community import project_views

app_name = "projects"

urlpatterns = [
    path("", project_views.project_list, name="list"),
    path("new/", project_views.new_project, name="new"),
    path("<int:pk>/", project_views.project_detail, name="detail"),
    path("<int:pk>/edit/", project_views.edit_project, name="edit"),
    path("<int:pk>/take/", project_views.take, name="take"),
    path("assignments/<int:pk>/buddy/", project_views.choose_buddy, name="buddy"),
    path("assignments/<int:pk>/updates/", project_views.post_update, name="update"),
    path("assignments/<int:pk>/finish/", project_views.finish, name="finish"),
    path("assignments/<int:pk>/drop/", project_views.drop, name="drop"),
]
