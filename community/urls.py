from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_post, name="new"),
    path("search/", views.search, name="search"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", views.edit_post, name="edit"),
    path("posts/<int:pk>/delete/", views.delete_post, name="delete"),
    path("posts/<int:pk>/pin/", views.pin_post, name="pin"),
    path("posts/<int:pk>/unpin/", views.unpin_post, name="unpin"),
    path("posts/<int:pk>/report/", views.report_post, name="report"),
    path("posts/<int:pk>/moderate/", views.moderate_post, name="moderate"),
]
