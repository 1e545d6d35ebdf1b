from django.urls import path

from briefings import archive_views, calendar_views, report_views, views

app_name = "briefings"

urlpatterns = [
    path("", views.today, name="index"),
    path("archive/", archive_views.archive, name="archive"),
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
    # Figures and reminders (report_views)
    path("reports/", report_views.index, name="reports"),
    path("reports/<int:pk>/", report_views.briefing_report, name="report"),
    path("reports/<int:pk>/items/<int:item_pk>/", report_views.waiting, name="report_waiting"),
    path("reports/<int:pk>/items/<int:item_pk>/remind/", report_views.remind, name="report_remind"),
    # The marketing calendar (calendar_views)
    path("calendar/", calendar_views.month, name="calendar"),
    path("calendar/new/", calendar_views.new_campaign, name="new_campaign"),
    path("calendar/<int:pk>/", calendar_views.campaign_detail, name="campaign"),
    path("calendar/<int:pk>/edit/", calendar_views.edit_campaign, name="edit_campaign"),
    path("calendar/<int:pk>/delete/", calendar_views.delete_campaign, name="delete_campaign"),
]
