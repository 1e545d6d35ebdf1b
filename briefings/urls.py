from django.urls import path

from briefings import views

app_name = "briefings"

urlpatterns = [
    path("", views.today, name="index"),
    path("archive/", views.archive, name="archive"),
    path("<int:pk>/", views.briefing_detail, name="briefing"),
    path("items/", views.my_items, name="my_items"),
    path("items/new/", views.new_item, name="new_item"),
    path("items/landing/", views.landing_preview, name="landing_preview"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.edit_item, name="edit_item"),
    path("items/<int:pk>/withdraw/", views.withdraw_item, name="withdraw_item"),
    path("items/<int:pk>/review/", views.review_item, name="review_item"),
    path("items/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("review/", views.review_queue, name="review_queue"),
]
