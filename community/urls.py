from django.urls import path

from community import views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_post, name="new"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/edit/", views.edit_post, name="edit"),
    path("posts/<int:pk>/delete/", views.delete_post, name="delete"),
    path("posts/<int:pk>/pin/", views.pin_post, name="pin"),
    path("posts/<int:pk>/unpin/", views.unpin_post, name="unpin"),
    path("posts/<int:pk>/comments/", views.add_comment, name="comment"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("mentions/", views.mention_suggestions, name="mention_suggestions"),
]
