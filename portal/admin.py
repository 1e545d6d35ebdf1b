from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    Department,
    Invitation,
    Milestone,
    MilestoneRun,
    Notification,
    Profile,
    Site,
    Team,
    User,
    Wish,
)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "briefing_cutoff_time", "briefing_send_time"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "department"]
    list_filter = ["site", "department"]
    list_select_related = ["site", "department"]
    search_fields = ["name"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["site", "team", "department"]
    exclude = ["photo"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active", "profile__site"]
    list_select_related = ["profile"]
    search_fields = ["email", "profile__display_name"]
    inlines = [ProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Role"), {"fields": ["role", "is_active"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []

    def has_add_permission(self, request):
        # People are added from the portal's "Add a person" and import pages,
        # which create the profile and send the invitation.
        return False

    @admin.display(description=_("display name"), ordering="profile__display_name")
    def display_name(self, user):
        return user.profile.display_name if hasattr(user, "profile") else ""


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["user", "invited_by", "created_at", "sent_at"]
    list_select_related = ["user", "invited_by"]
    readonly_fields = ["user", "invited_by", "created_at", "sent_at"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "verb", "message", "created_at", "read_at"]
    list_filter = ["verb"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "message"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    """To look up what was celebrated; the daily job and ``record_achievement`` create them."""

    list_display = ["person", "kind", "date", "number", "detail"]
    list_filter = ["kind", "date"]
    list_select_related = ["person__profile"]
    search_fields = ["person__email", "person__profile__display_name"]
    readonly_fields = ["person", "kind", "date", "number", "detail", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(MilestoneRun)
class MilestoneRunAdmin(admin.ModelAdmin):
    list_display = ["site", "date", "milestones", "created_at"]
    list_filter = ["site"]
    list_select_related = ["site"]
    readonly_fields = ["site", "date", "milestones", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    """Administrators may remove an unkind wish; nobody writes one here."""

    list_display = ["sender", "milestone", "message", "created_at"]
    list_select_related = ["sender__profile", "milestone__person__profile"]
    search_fields = ["message", "sender__email"]
    readonly_fields = ["milestone", "sender", "message", "created_at"]

    def has_add_permission(self, request):
        return False
