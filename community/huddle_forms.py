from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from community.forms import plain_markdown_hint
from community.models import (
    HUDDLE_FOCUS_MAX_LENGTH,
    HUDDLE_QUESTION_MAX_LENGTH,
    HUDDLE_TEXT_MAX_LENGTH,
    MAX_HUDDLE_FIGURES,
)
from portal.forms import BootstrapFormMixin


def figures_as_text(huddle):
    return "\n".join(f"{figure.label}: {figure.value}" for figure in huddle.figures.all())


class HuddleForm(BootstrapFormMixin, forms.Form):
    focus = forms.CharField(
        label=_("Today's focus"),
        max_length=HUDDLE_FOCUS_MAX_LENGTH,
        help_text=_("One line the team remembers, e.g. “First-call resolution on broadband”."),
        error_messages={"required": _("Say what the team focuses on today.")},
    )
    announcements = forms.CharField(
        label=_("Announcements"),
        required=False,
        max_length=HUDDLE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=plain_markdown_hint(HUDDLE_TEXT_MAX_LENGTH),
    )
    figures = forms.CharField(
        label=_("Figures to share"),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("Calls answered yesterday: 1,204")}
        ),
        help_text=format_lazy(
            _("One per line: a label, a colon and the value. At most {limit}."),
            limit=MAX_HUDDLE_FIGURES,
        ),
    )

    def clean_figures(self):
        figures = []
        lines = [line.strip() for line in self.cleaned_data["figures"].splitlines()]
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            label, colon, value = line.partition(":")
            if not colon or not label.strip() or not value.strip():
                raise forms.ValidationError(
                    _("Line %(number)s needs a label, a colon and a value, like “NPS: 62”."),
                    params={"number": number},
                )
            figures.append((label.strip(), value.strip()))
        if len(figures) > MAX_HUDDLE_FIGURES:
            raise forms.ValidationError(
                _("Share at most %(limit)s figures; pick the ones that matter."),
                params={"limit": MAX_HUDDLE_FIGURES},
            )
        return figures


class QuestionForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=HUDDLE_QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write your question first.")},
    )


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=HUDDLE_QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the answer first.")},
    )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Who was there"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members
        self.fields["present"].label_from_instance = lambda person: person.profile.display_name
