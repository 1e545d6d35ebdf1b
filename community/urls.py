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
    path("recognition/kudos/", views.give_kudos, name="give_kudos"),
    path("recognition/agent-of-the-week/", views.agent_of_the_week, name="agent_of_the_week"),
    path("recognition/agent-of-the-week/nominate/", views.nominate, name="nominate"),
    path(
        "recognition/agent-of-the-week/pick/",
        views.pick_agent_of_the_week,
        name="pick_agent_of_the_week",
    ),
    path("lost-and-found/", views.lost_and_found, name="lost_and_found"),
    path("lost-and-found/new/", views.new_lost_item, name="new_lost_item"),
    path("posts/<int:pk>/claim/", views.claim_item, name="claim_item"),
    path("posts/<int:pk>/returned/", views.mark_returned, name="mark_returned"),
    path("customer-feedback/new/", views.new_feedback, name="new_feedback"),
    path("posts/<int:pk>/highlight/", views.highlight_feedback, name="highlight_feedback"),
]
