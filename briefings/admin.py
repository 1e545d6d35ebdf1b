from django.contrib import admin

from briefings.models import (
    Briefing,
    BriefingDelivery,
    BriefingItem,
    Campaign,
    CampaignChannel,
)


@admin.register(BriefingItem)
class BriefingItemAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "state", "author", "submitted_at", "must_read", "urgent"]
    list_filter = ["state", "category", "must_read"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    readonly_fields = ["author", "audience", "reviewed_by", "reviewed_at", "approved_at"]


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["site", "date", "state", "due_at", "started_at", "finished_at", "late"]
    list_filter = ["state", "site", "late"]
    list_select_related = ["site"]
    readonly_fields = [field.name for field in Briefing._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(BriefingDelivery)
class BriefingDeliveryAdmin(admin.ModelAdmin):
    """Read-only: for looking up why someone did not get their briefing."""

    list_display = ["person", "date", "state", "attempts", "sent_at", "read_at", "last_error"]
    list_filter = ["state", "date"]
    list_select_related = ["person"]
    search_fields = ["person__email"]
    readonly_fields = [field.name for field in BriefingDelivery._meta.fields]

    def has_add_permission(self, request):
        return False


class CampaignChannelInline(admin.TabularInline):
    model = CampaignChannel
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "department", "starts_on", "ends_on", "volume", "author"]
    list_filter = ["volume", "department"]
    list_select_related = ["department", "author"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_on"
    filter_horizontal = ["sites"]
    inlines = [CampaignChannelInline]
