from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.forms import MARKDOWN_HINT
from community.models import POST_BODY_MAX_LENGTH, SWAP_OFFER_MESSAGE_MAX_LENGTH, ShiftSwap
from community.swap_services import SHOW_TO_SITE, SHOW_TO_TEAM
from portal.forms import BootstrapFormMixin
from portal.models import Site, Team


class SwapForm(BootstrapFormMixin, forms.Form):
    shift_date = forms.DateField(
        label=_("Date of the shift"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date of the shift.")},
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Give the time the shift starts.")},
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Ends after midnight? Give the end time; it is read as the next day."),
        error_messages={"required": _("Give the time the shift ends.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        error_messages={"required": _("Choose the team the shift belongs to.")},
    )
    wants = forms.ChoiceField(label=_("What would you like in return?"), choices=ShiftSwap.Wants)
    wanted_date = forms.DateField(
        label=_("The day you would like a shift on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only when you want a shift on a specific day in return."),
    )
    show_to = forms.ChoiceField(
        label=_("Who can see it"),
        choices=[
            (SHOW_TO_TEAM, _("My team")),
            (SHOW_TO_SITE, _("Everyone at the team's site")),
        ],
        initial=SHOW_TO_TEAM,
    )
    note = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=POST_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HINT,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        profile = getattr(user, "profile", None)
        site_id = profile.site_id if profile else None
        team_id = profile.team_id if profile else None
        self.fields["team"].queryset = Team.objects.filter(
            Q(pk=team_id) | Q(site_id=site_id)
        ).select_related("site")
        self.fields["team"].initial = team_id

    def clean(self):
        data = super().clean()
        if data.get("wants") == ShiftSwap.Wants.DAY and not data.get("wanted_date"):
            self.add_error("wanted_date", _("Give the day you would like a shift on in return."))
        return data


class OfferForm(BootstrapFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the poster (optional)"),
        required=False,
        max_length=SWAP_OFFER_MESSAGE_MAX_LENGTH,
    )


class SwapFilterForm(BootstrapFormMixin, forms.Form):
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.all(), required=False, empty_label=_("All sites")
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("site"),
        required=False,
        empty_label=_("All teams"),
    )
    wants = forms.ChoiceField(
        label=_("In return"),
        choices=[("", _("Anything")), *ShiftSwap.Wants.choices],
        required=False,
    )
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
