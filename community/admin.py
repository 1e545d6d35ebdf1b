from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.models import (
    AgentOfTheWeek,
    CauseGroup,
    GroupEvent,
    GroupMembership,
    Huddle,
    NewStarterProject,
    Nomination,
    Post,
    PostAttachment,
    Section,
    SectionPostingRole,
)
from portal.audiences import set_audience
from portal.models import Department, Role, Site, Team


class SectionPostingRoleInline(admin.TabularInline):
    model = SectionPostingRole
    extra = 0
    verbose_name_plural = _("Roles that may post (none and no department: everyone)")


class SectionForm(forms.ModelForm):
    """A section with its audience edited in place, instead of through a separate record."""

    audience_sites = forms.ModelMultipleChoiceField(
        label=_("Only these sites see it"), queryset=Site.objects.all(), required=False
    )
    audience_teams = forms.ModelMultipleChoiceField(
        label=_("Only these teams see it"),
        queryset=Team.objects.select_related("site"),
        required=False,
    )
    audience_departments = forms.ModelMultipleChoiceField(
        label=_("Only these departments see it"),
        queryset=Department.objects.all(),
        required=False,
    )
    audience_roles = forms.MultipleChoiceField(
        label=_("Only these roles see it"), choices=Role, required=False
    )

    class Meta:
        model = Section
        fields = ["name", "slug", "description", "icon", "position", "posting_department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        audience = self.instance.audience if self.instance.pk else None
        if audience is not None:
            self.fields["audience_sites"].initial = audience.sites.all()
            self.fields["audience_teams"].initial = audience.teams.all()
            self.fields["audience_departments"].initial = audience.departments.all()
            self.fields["audience_roles"].initial = [r.role for r in audience.roles.all()]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    form = SectionForm
    list_display = ["name", "slug", "position", "posting_department", "is_builtin"]
    list_select_related = ["posting_department"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SectionPostingRoleInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "icon", "position"]}),
        (_("Who may post"), {"fields": ["posting_department"]}),
        (
            _("Who sees it (leave empty for everyone)"),
            {
                "fields": [
                    "audience_sites",
                    "audience_teams",
                    "audience_departments",
                    "audience_roles",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        set_audience(
            obj,
            sites=data["audience_sites"],
            teams=data["audience_teams"],
            departments=data["audience_departments"],
            roles=data["audience_roles"],
        )

    # Built-in sections are part of the product and other code finds them by slug.
    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj and obj.is_builtin else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and obj.is_builtin else self.prepopulated_fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_builtin)


class PostAttachmentInline(admin.TabularInline):
    """What is attached, for reference: files are added, removed and served through the portal,
    which checks them and who may see them."""

    model = PostAttachment
    fields = ["original_name", "kind", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    inlines = [PostAttachmentInline]
    list_display = ["__str__", "section", "author", "created_at", "pinned", "deleted_at"]
    list_filter = ["section", "pinned"]
    list_select_related = ["section", "author__profile"]
    search_fields = ["title", "body", "author__profile__display_name"]
    date_hierarchy = "created_at"
    # Posts change through the portal, where permissions and edit marks apply.
    readonly_fields = [
        "section",
        "author",
        "title",
        "body",
        "pinned",
        "created_at",
        "edited_at",
        "deleted_at",
        "deleted_by",
        "audience",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(AgentOfTheWeek)
class AgentOfTheWeekAdmin(admin.ModelAdmin):
    """Picks are final in the portal; an administrator corrects a mistaken one here."""

    list_display = ["week", "winner", "chosen_by", "chosen_at"]
    list_select_related = ["winner__profile", "chosen_by__profile"]
    raw_id_fields = ["winner", "chosen_by"]
    date_hierarchy = "week"


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["week", "nominee", "nominated_by", "created_at"]
    list_select_related = ["nominee__profile", "nominated_by__profile"]
    raw_id_fields = ["nominee", "nominated_by"]
    date_hierarchy = "week"


# Huddles, new-starter projects and cause groups: made and run on their own pages;
# the admin is for looking things up and for the odd correction.


@admin.register(Huddle)
class HuddleAdmin(admin.ModelAdmin):
    list_display = ["date", "team", "focus", "led_by"]
    list_filter = ["team__site", "team"]
    date_hierarchy = "date"
    raw_id_fields = ["led_by"]
    list_select_related = ["team__site", "led_by__profile"]


@admin.register(NewStarterProject)
class NewStarterProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "team", "capacity", "is_open", "created_at"]
    list_filter = ["is_open", "team"]
    search_fields = ["title"]
    raw_id_fields = ["owner"]
    list_select_related = ["owner__profile", "team__site"]


@admin.register(CauseGroup)
class CauseGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "summary", "created_at"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        # A group needs its feed section and representatives: create it on /groups/new/.
        return False


@admin.register(GroupMembership)
class GroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "is_representative", "joined_at"]
    list_filter = ["group", "is_representative"]
    raw_id_fields = ["user"]
    list_select_related = ["user__profile", "group"]


@admin.register(GroupEvent)
class GroupEventAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "starts_at", "time_zone", "cancelled_at"]
    list_filter = ["group"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["created_by"]
    list_select_related = ["group"]
