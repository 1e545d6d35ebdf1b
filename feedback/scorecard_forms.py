from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models.scorecards import DECISION_MAX_LENGTH, INPUT_MAX_LENGTH
from portal.forms import BootstrapFormMixin


class MeetingDateForm(BootstrapFormMixin, forms.Form):
    meets_on = forms.DateField(
        label=_("Meeting date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class InputForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your input on how performance is measured"),
        max_length=INPUT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you and your champion can read it; managers cannot."),
    )


class DecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.CharField(
        label=_("What the meeting decided"),
        max_length=DECISION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown works. Your team reads this when you publish it."),
    )
