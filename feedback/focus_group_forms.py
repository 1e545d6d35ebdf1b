from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from feedback.focus_group_services import meets_at_problem, same_minute
from feedback.models.focus_groups import NOTES_MAX_LENGTH
from portal.forms import BootstrapFormMixin, OwnTimeZoneMixin


class FocusGroupForm(OwnTimeZoneMixin, BootstrapFormMixin, forms.Form):
    zoned_field = "meets_at"

    topic = forms.CharField(label=_("Topic"), max_length=150)
    meets_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(
        label=_("Where"), max_length=200, help_text=_("A meeting room or a video call link.")
    )
    size = forms.IntegerField(
        label=_("How many to invite"),
        min_value=3,
        max_value=20,
        initial=8,
        error_messages={
            "min_value": _(
                "Invite at least %(limit_value)s people: with fewer it is an interview, "
                "not a group that talks among itself."
            ),
            "max_value": _(
                "Invite at most %(limit_value)s people, so that everyone gets a say in "
                "the time there is."
            ),
        },
    )

    def clean_meets_at(self):
        """Checked here as well as by the service, so that a past date shows with the
        form's other errors at once. An edit may keep the time it had."""
        meets_at = self.cleaned_data["meets_at"]
        kept = self.initial.get("meets_at")
        if kept is not None and same_minute(meets_at, kept):
            return meets_at
        if problem := meets_at_problem(meets_at, timezone.now()):
            raise forms.ValidationError(problem)
        return meets_at


class InviteForm(forms.Form):
    """The organiser's adjusted list: proposed people ticked, plus anyone added by email."""

    people = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    extra_emails = forms.CharField(
        label=_("Add people by email (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text=_("One per line or separated by commas."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(person.pk, str(person)) for person in proposal]

    def clean_extra_emails(self):
        text = self.cleaned_data["extra_emails"].replace(",", "\n")
        return [line.strip() for line in text.splitlines() if line.strip()]


class NotesForm(BootstrapFormMixin, forms.Form):
    notes = forms.CharField(
        label=_("Notes"),
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown works. Shared with the people invited to the group."),
    )
    themes = forms.CharField(
        label=_("Themes that came up"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line or separated by commas, for example: rota changes, headsets. "
            "The same theme in other weeks is counted together, whatever the capitals."
        ),
    )
