import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import MARKDOWN_HINT, plain_markdown_hint
from community.models import (
    EVENT_TEXT_MAX_LENGTH,
    GROUP_DESCRIPTION_MAX_LENGTH,
    POST_BODY_MAX_LENGTH,
)
from portal.forms import BootstrapFormMixin
from portal.models import Site, User


class GroupForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("One line about the group"),
        max_length=200,
        error_messages={"required": _("Say in one line what the group is for.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=GROUP_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=plain_markdown_hint(GROUP_DESCRIPTION_MAX_LENGTH),
    )
    icon = forms.CharField(
        label=_("Icon"),
        max_length=40,
        initial="people",
        help_text=_("A Bootstrap Icons name, for example heart, globe or rainbow."),
    )


class NewGroupForm(GroupForm):
    name = forms.CharField(
        label=_("Name"), max_length=80, error_messages={"required": _("Give the group a name.")}
    )
    representatives = forms.ModelMultipleChoiceField(
        label=_("Representatives"),
        queryset=User.objects.filter(is_active=True).select_related("profile"),
        required=False,
        help_text=_("They manage the group and its events. You can name more later."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representatives"].label_from_instance = lambda p: p.profile.display_name
        self.order_fields(["name", "summary", "description", "icon", "representatives"])


class RepresentativeForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=None, label=_("Member"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = members
        self.fields["membership"].label_from_instance = lambda m: m.user.profile.display_name
        self.fields["membership"].widget.attrs["class"] = "form-select"


class GroupPostForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=200)
    body = forms.CharField(
        label=_("Post to the group"),
        max_length=POST_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HINT,
        error_messages={"required": _("Write something before posting.")},
    )


def time_zone_choices():
    zones = sorted(set(Site.objects.values_list("time_zone", flat=True)) | {"UTC"})
    return [(zone, zone) for zone in zones]


class EventForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=150, error_messages={"required": _("Give the event a title.")}
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date of the event.")},
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give the time it starts.")},
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give the time it ends.")},
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("A room or address; leave empty for an online-only event."),
    )
    link = forms.URLField(
        label=_("Link to join online"), required=False, max_length=500, assume_scheme="https"
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=EVENT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=plain_markdown_hint(EVENT_TEXT_MAX_LENGTH),
    )

    def clean(self):
        data = super().clean()
        if {"date", "start_time", "end_time", "time_zone"} <= data.keys():
            zone = zoneinfo.ZoneInfo(data["time_zone"])
            data["starts_at"] = datetime.datetime.combine(data["date"], data["start_time"], zone)
            data["ends_at"] = datetime.datetime.combine(data["date"], data["end_time"], zone)
        return data

    def event_fields(self):
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "title", "description", "starts_at", "ends_at", "time_zone", "place", "link"
            )
        }  # fmt: skip


def event_initial(event):
    zone = zoneinfo.ZoneInfo(event.time_zone)
    starts, ends = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    return {
        "title": event.title,
        "date": starts.date(),
        "start_time": starts.time(),
        "end_time": ends.time(),
        "time_zone": event.time_zone,
        "place": event.place,
        "link": event.link,
        "description": event.description,
    }
