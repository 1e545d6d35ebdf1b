from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.models import (
    CAMPAIGN_DESCRIPTION_MAX_LENGTH,
    CAMPAIGN_TITLE_MAX_LENGTH,
    Channel,
    Volume,
)
from portal.forms import BootstrapFormMixin
from portal.models import Department, Site


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CampaignForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=CAMPAIGN_TITLE_MAX_LENGTH)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=DateInput)
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput)
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel, widget=forms.CheckboxSelectMultiple
    )
    volume = forms.ChoiceField(
        label=_("Expected contact volume"),
        choices=Volume,
        widget=forms.RadioSelect,
        help_text=_("How many extra calls and chats you expect it to bring."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=CAMPAIGN_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What customers will see and what they are likely to ask. Markdown works."),
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Only these sites"),
        queryset=Site.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave them all unticked if customers of every site will hear about it."),
    )

    def __init__(self, data=None, *, user, campaign=None):
        initial = {}
        if campaign is not None:
            initial = {
                "title": campaign.title,
                "department": campaign.department,
                "starts_on": campaign.starts_on,
                "ends_on": campaign.ends_on,
                "channels": [row.channel for row in campaign.channels.all()],
                "volume": campaign.volume,
                "description": campaign.description,
                "sites": list(campaign.sites.all()),
            }
        super().__init__(data, initial=initial)
        departments = Department.objects.order_by("name")
        if not user.is_manager_or_administrator:
            profile = getattr(user, "profile", None)
            departments = departments.filter(pk=profile.department_id if profile else None)
        self.fields["department"].queryset = departments
        if campaign is None and not self.is_bound:
            own = list(departments[:2])
            if len(own) == 1:
                self.initial["department"] = own[0]

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data
