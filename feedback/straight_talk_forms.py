from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from feedback.idea_forms import MARKDOWN_HELP
from feedback.models.straight_talk import (
    STRAIGHT_TALK_ANSWER_MAX_LENGTH,
    STRAIGHT_TALK_TEXT_MAX_LENGTH,
    STRAIGHT_TALK_TITLE_MAX_LENGTH,
)
from portal.forms import BootstrapFormMixin


class StraightTalkForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("The issue in a line"),
        max_length=STRAIGHT_TALK_TITLE_MAX_LENGTH,
        help_text=_("e.g. “Why do Saturday shifts keep changing at short notice?”"),
    )
    question = forms.CharField(
        label=_("What you want a straight answer to"),
        max_length=STRAIGHT_TALK_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("The straight answer"),
        max_length=STRAIGHT_TALK_ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            "{}{}", _("Published on the request and sent to everyone who asked. "), MARKDOWN_HELP
        ),
    )
