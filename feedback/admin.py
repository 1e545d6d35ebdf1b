from django.contrib import admin

from feedback.models import (
    FocusGroup,
    FocusGroupTheme,
    Idea,
    IdeaStatusChange,
    QandaSession,
    Question,
    ScorecardChampion,
    StraightTalkRequest,
)

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


# Scorecard input is deliberately not registered: only its sender and champion may read it.


class QuestionInline(admin.TabularInline):
    model = Question
    fk_name = "session"
    # An anonymous question has no author at all; the column stays empty for it.
    fields = ["body", "is_anonymous", "author", "status"]
    readonly_fields = ["is_anonymous", "author"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        # Questions are asked on the session's page, where anonymity is explained.
        return False


@admin.register(QandaSession)
class QandaSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "scheduled_at", "status", "invite_only"]
    list_filter = ["status"]
    readonly_fields = ["organiser", "audience", "published_at"]
    inlines = [QuestionInline]


class ThemeInline(admin.TabularInline):
    """Read only: themes are recorded with the notes, which also work out their counting key."""

    model = FocusGroupTheme
    fields = ["name"]
    readonly_fields = ["name"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FocusGroup)
class FocusGroupAdmin(admin.ModelAdmin):
    list_display = ["topic", "meets_at", "organiser"]
    raw_id_fields = ["organiser"]
    inlines = [ThemeInline]


@admin.register(ScorecardChampion)
class ScorecardChampionAdmin(admin.ModelAdmin):
    list_display = ["team", "champion", "named_at"]
    list_select_related = ["team__site", "champion__profile"]
    raw_id_fields = ["champion", "named_by"]
