from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models.qanda import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH
from portal.forms import BootstrapFormMixin, OwnTimeZoneMixin
from portal.models import Role, Site, Team

MARKDOWN_HINT = _("Markdown works: **bold**, lists, links.")


class SessionForm(OwnTimeZoneMixin, BootstrapFormMixin, forms.Form):
    zoned_field = "scheduled_at"
    zoned_field_help = _("Questions can be sent until the session starts.")

    title = forms.CharField(label=_("Title"), max_length=150)
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    panel = forms.CharField(
        label=_("Panel"),
        max_length=300,
        help_text=_("Who answers, for example: Gareth Price (Head of Customer Service), HR."),
    )
    description = forms.CharField(
        label=_("What it is about (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HINT,
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Only these sites"), queryset=Site.objects.all(), required=False
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Only these teams"), queryset=Team.objects.select_related("site"), required=False
    )
    roles = forms.MultipleChoiceField(label=_("Only these roles"), choices=Role, required=False)
    invitees = forms.CharField(
        label=_("Invite only these people (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "name@example.com"}),
        help_text=_(
            "Email addresses, one per line or separated by commas. With a list, only the "
            "people on it see the session and ask questions; without one, its audience does."
        ),
    )

    def clean_invitees(self):
        text = self.cleaned_data["invitees"].replace(",", "\n").replace(";", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class SessionEditForm(OwnTimeZoneMixin, BootstrapFormMixin, forms.Form):
    """What can change once a session is planned; its audience and invitation list stay."""

    zoned_field = SessionForm.zoned_field
    zoned_field_help = SessionForm.zoned_field_help
    title = SessionForm.base_fields["title"]
    scheduled_at = SessionForm.base_fields["scheduled_at"]
    panel = SessionForm.base_fields["panel"]
    description = SessionForm.base_fields["description"]


class QuestionForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=_("Ask anonymously"),
        required=False,
        help_text=_(
            "Your name is not stored with an anonymous question at all, so nobody can see "
            "who asked: not colleagues, not managers, not administrators, not even you "
            "later on. It will not appear under your name and you will not be notified "
            "of its answer; read it on this page or in the published summary."
        ),
    )


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HINT,
    )
    in_writing = forms.BooleanField(
        label=_("Answered in writing after the session"), required=False
    )


class CarryOverForm(BootstrapFormMixin, forms.Form):
    to_session = forms.ModelChoiceField(
        label=_("Carry over to"), queryset=None, empty_label=_("Choose a session")
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_session"].queryset = sessions


class SummaryForm(BootstrapFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What the session covered and what happens next. The answers recorded against "
            "each question are shown with it. Everyone the session was for is notified."
        ),
    )
