from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import plain_markdown_hint
from community.models import (
    PROJECT_MAX_CAPACITY,
    PROJECT_TEXT_MAX_LENGTH,
    PROJECT_TITLE_MAX_LENGTH,
    PROJECT_UPDATE_MAX_LENGTH,
)
from portal.forms import BootstrapFormMixin


class ProjectForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=PROJECT_TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the project a title.")},
    )
    description = forms.CharField(
        label=_("What the new starter will do"),
        max_length=PROJECT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=plain_markdown_hint(PROJECT_TEXT_MAX_LENGTH),
        error_messages={"required": _("Say what the new starter will do.")},
    )
    impact = forms.CharField(
        label=_("Why it matters"),
        max_length=300,
        help_text=_("The difference it makes, e.g. “Fewer repeat calls about roaming”."),
        error_messages={"required": _("Say why it matters.")},
    )
    capacity = forms.IntegerField(
        label=_("How many new starters at once"),
        min_value=1,
        max_value=PROJECT_MAX_CAPACITY,
        initial=1,
    )


class EditProjectForm(ProjectForm):
    is_open = forms.BooleanField(
        label=_("Open to new starters"),
        required=False,
        help_text=_("Untick to stop offering it; people already on it carry on."),
    )


class UpdateForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Progress update"),
        max_length=PROJECT_UPDATE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=plain_markdown_hint(PROJECT_UPDATE_MAX_LENGTH),
        error_messages={"required": _("Write the update first.")},
    )


class FinishForm(BootstrapFormMixin, forms.Form):
    write_up = forms.CharField(
        label=_("Your write-up"),
        max_length=PROJECT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What you did, what changed and what you learnt. It is posted in the New starters "
            "section of the feed for everyone to read. Markdown works."
        ),
        error_messages={"required": _("Write a few lines on what you did and what changed.")},
    )


class BuddyForm(BootstrapFormMixin, forms.Form):
    buddy = forms.ModelChoiceField(label=_("Buddy"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buddy"].queryset = candidates
        self.fields["buddy"].label_from_instance = lambda person: person.profile.display_name
