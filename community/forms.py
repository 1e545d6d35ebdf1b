from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import (
    MODERATION_REASON_MAX_LENGTH,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    REPORT_DETAILS_MAX_LENGTH,
    ReportReason,
    Section,
)
from portal.forms import BootstrapFormMixin
from portal.models import Role, Site, Team
from portal.search import QUERY_MAX_LENGTH


def _markdown_hint():
    return gettext(
        "Markdown works: **bold**, *italic*, - lists, [link text](https://example.com). "
        "Up to %(limit)s characters."
    ) % {"limit": f"{POST_BODY_MAX_LENGTH:,}"}


# Lazy, so the hint is translated for each reader rather than once at import.
MARKDOWN_HINT = lazy(_markdown_hint, str)()


class EditPostForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=POST_TITLE_MAX_LENGTH,
        required=False,
        help_text=_("Optional. A few words people can scan."),
    )
    body = forms.CharField(
        label=_("What do you want to say?"),
        max_length=POST_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HINT,
        error_messages={"required": _("Write something before posting.")},
    )


class PostForm(EditPostForm):
    """A new post: where it goes, what it says and, optionally, who within the section sees it."""

    section = forms.ModelChoiceField(
        label=_("Section"),
        queryset=Section.objects.none(),
        empty_label=_("Choose a section"),
        error_messages={"required": _("Choose where to post.")},
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Only these sites"), queryset=Site.objects.all(), required=False
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Only these teams"), queryset=Team.objects.select_related("site"), required=False
    )
    roles = forms.MultipleChoiceField(label=_("Only these roles"), choices=Role, required=False)

    audience_fields = ("sites", "teams", "roles")

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = Section.objects.filter(pk__in=[s.pk for s in sections])
        self.order_fields(["section", "title", "body", *self.audience_fields])

    def audience_bound_fields(self):
        return [self[name] for name in self.audience_fields]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search posts"), max_length=QUERY_MAX_LENGTH, required=False)


class ReportForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=ReportReason,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the post.")},
    )
    details = forms.CharField(
        label=_("Anything a moderator should know?"),
        max_length=REPORT_DETAILS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, unless you chose “Something else”. Only moderators see it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radios are checks in Bootstrap, not text boxes as the mixin would make them.
        self.fields["reason"].widget.attrs["class"] = "form-check-input"


class ModerationForm(BootstrapFormMixin, forms.Form):
    """The reason for a moderation decision; the button pressed says which decision."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=MODERATION_REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The author sees it when you hide or restore the post. "
            "Optional when you only dismiss the reports."
        ),
    )
