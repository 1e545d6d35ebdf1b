from django.urls import path

from community import swap_views, views

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
    path("posts/<int:pk>/comments/", views.add_comment, name="comment"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/delete/", views.delete_comment, name="delete_comment"),
    path("mentions/", views.mention_suggestions, name="mention_suggestions"),
    path("swaps/", swap_views.swap_list, name="swaps"),
    path("swaps/new/", swap_views.new_swap, name="swap_new"),
    path("swaps/waiting/", swap_views.awaiting_approval, name="swaps_waiting"),
    path("swaps/<int:pk>/offer/", swap_views.offer, name="swap_offer"),
    path("swaps/<int:pk>/approve/", swap_views.approve, name="swap_approve"),
    path("swaps/<int:pk>/decline/", swap_views.decline, name="swap_decline"),
    path("swaps/<int:pk>/withdraw/", swap_views.withdraw, name="swap_withdraw"),
    path("swaps/offers/<int:pk>/accept/", swap_views.accept_offer, name="swap_offer_accept"),
    path("swaps/offers/<int:pk>/withdraw/", swap_views.withdraw_offer, name="swap_offer_withdraw"),
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
    path("posts/<int:pk>/report/", views.report_post, name="report"),
    path("posts/<int:pk>/moderate/", views.moderate_post, name="moderate"),
]
