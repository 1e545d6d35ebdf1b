import calendar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import languages
from portal.dates import zone_label
from portal.milestones import DEFAULT_OWN_TEXT, DEFAULT_TEAM_TEXT, PLACEHOLDERS, validate_wording
from portal.models import MilestoneKind, MilestoneSetting, Profile, Role, Site, Team
from portal.uploads import clean_image


def bootstrap_class(widget):
    """The Bootstrap class for a widget: check inputs, selects, or plain controls."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


class BootstrapFormMixin:
    """Give every widget the Bootstrap class that matches it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = bootstrap_class(widget)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


MONTH_CHOICES = [("", _("Month"))] + [(m, _(calendar.month_name[m])) for m in range(1, 13)]
DAY_CHOICES = [("", _("Day"))] + [(d, str(d)) for d in range(1, 32)]


class ProfileForm(BootstrapFormMixin, forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language for pages and email"),
        choices=languages.CHOICES,
        required=False,
        help_text=Profile._meta.get_field("language").help_text,
    )
    birthday_day = forms.TypedChoiceField(
        label=_("Birthday day"), choices=DAY_CHOICES, coerce=int, empty_value=None, required=False
    )
    birthday_month = forms.TypedChoiceField(
        label=_("Birthday month"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "job_title",
            "bio",
            "skills",
            "languages",
            "birthday_day",
            "birthday_month",
            "celebrate_birthday",
            "language",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"bio": _("A few lines about you. Markdown works: **bold**, lists, links.")}


class AdminProfileForm(ProfileForm):
    """What an administrator may change on anyone's profile."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    class Meta(ProfileForm.Meta):
        fields = [*ProfileForm.Meta.fields, "site", "team", "department", "start_date"]
        widgets = {
            **ProfileForm.Meta.widgets,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.select_related("site")
        self.fields["role"].initial = self.instance.user.role
        self.order_fields(["display_name", "job_title", "role", "site", "team", "department"])


class PhotoForm(BootstrapFormMixin, forms.Form):
    photo = forms.FileField(
        label=_("New photo"),
        # Said on the next page, as the form has no asterisk to warn (components/field.html).
        error_messages={"required": _("Choose a photo to upload first.")},
        help_text=_(
            "JPEG, PNG, WebP or GIF, up to 5 MB. We crop nothing; square photos look best."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    def clean_photo(self):
        return clean_image(
            self.cleaned_data["photo"], max_bytes=settings.PROFILE_PHOTO_MAX_BYTES, max_side=512
        )


class DirectoryFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or skill"), required=False, max_length=100)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.all(), required=False, empty_label=_("All sites")
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("site"),
        required=False,
        empty_label=_("All teams"),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )


class OwnTimeZoneMixin:
    """A form whose date-and-time field, ``zoned_field``, invites people says the zone the
    time typed is read in: the person's own, which TimeZoneMiddleware made current for
    this request, named by its city and its abbreviation now ("London, GMT"). Any other
    help for the field, ``zoned_field_help``, follows."""

    zoned_field = ""
    zoned_field_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        city = timezone.get_current_timezone_name().rsplit("/", 1)[-1].replace("_", " ")
        zone = gettext(
            "In your time zone, %(zone)s. Each person invited sees the time in their own."
        ) % {"zone": f"{city}, {zone_label(timezone.localtime())}"}
        self.fields[self.zoned_field].help_text = " ".join(
            filter(None, [zone, str(self.zoned_field_help)])
        )


def add_service_error(form, error):
    """Show a service's ValidationError on the fields it names, or above the form.

    Services name model fields (``{"team": ...}``); a form that lacks one of them
    shows that message at the top instead of failing.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class WishForm(forms.Form):
    message = forms.CharField(
        label=_("Your message (optional)"), max_length=280, required=False, strip=True
    )


class MilestoneSettingForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = MilestoneSetting
        fields = ["enabled", "own_text", "team_text"]
        help_texts = {
            "own_text": _("Leave empty for the built-in wording."),
            "team_text": _("Leave empty for the built-in wording."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        self.kind_label = MilestoneKind(kind).label
        self.placeholders = ", ".join("{" + name + "}" for name in PLACEHOLDERS[kind])
        self.default_own = DEFAULT_OWN_TEXT[kind]
        self.default_team = DEFAULT_TEAM_TEXT[kind]
        self.fields["own_text"].widget.attrs["placeholder"] = self.default_own
        self.fields["team_text"].widget.attrs["placeholder"] = self.default_team

    def clean(self):
        cleaned = super().clean()
        for field in ("own_text", "team_text"):
            text = cleaned.get(field) or ""
            try:
                validate_wording(self.instance.kind, text)
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned
