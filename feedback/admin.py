from django.contrib import admin

from feedback.models import Idea, IdeaStatusChange, StraightTalkRequest

# The figures are kept by the services beside the rows they count; editing them by hand
# would make them lie, so the admin shows them read-only.
FIGURES = ("supporter_count", "comment_count", "reader_count")


class StatusChangeInline(admin.TabularInline):
    model = IdeaStatusChange
    extra = 0
    readonly_fields = ("from_status", "to_status", "reply", "changed_by", "changed_at")
    can_delete = False


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "category", *FIGURES, "created_at")
    list_filter = ("status", "category")
    search_fields = ("title", "problem", "proposal")
    raw_id_fields = ("author", "merged_into")
    readonly_fields = (*FIGURES, "merged_into", "merged_at", "status_changed_at")
    inlines = [StatusChangeInline]


@admin.register(StraightTalkRequest)
class StraightTalkRequestAdmin(admin.ModelAdmin):
    list_display = ("title", "ask_count", "created_at", "answered_at")
    search_fields = ("title", "question", "answer")
    raw_id_fields = ("raised_by", "answered_by")
    readonly_fields = ("ask_count", "origin_type", "origin_id")
