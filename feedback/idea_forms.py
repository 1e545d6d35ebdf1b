from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from feedback.idea_selectors import DEFAULT_SORT, SORTS
from feedback.models import IdeaCategory, IdeaStatus
from feedback.models.ideas import (
    IDEA_COMMENT_MAX_LENGTH,
    IDEA_TEXT_MAX_LENGTH,
    IDEA_TITLE_MAX_LENGTH,
    STATUS_REPLY_MAX_LENGTH,
)
from portal.forms import BootstrapFormMixin
from portal.models import Site

MARKDOWN_HELP = _("Markdown works: **bold**, *italic*, - lists, [link text](https://example.com).")


class IdeaForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=IDEA_TITLE_MAX_LENGTH,
        help_text=_(
            "One line colleagues will recognise, e.g. “Callback slots for billing queries”."
        ),
    )
    problem = forms.CharField(
        label=_("The problem"),
        max_length=IDEA_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            "{}{}", _("What gets in the way today, for you or for customers? "), MARKDOWN_HELP
        ),
    )
    proposal = forms.CharField(
        label=_("Your proposal"),
        max_length=IDEA_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy("{}{}", _("What would you change? "), MARKDOWN_HELP),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *IdeaCategory.choices]
    )


class IdeaCommentForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=IDEA_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
    )


class StatusForm(BootstrapFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=IdeaStatus.choices)
    reply = forms.CharField(
        label=_("Public reply"),
        required=False,
        max_length=STATUS_REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=format_lazy(
            "{}{}",
            _(
                "Everyone reads this on the idea, and the author and supporters are told. "
                "Needed for planned and declined. "
            ),
            MARKDOWN_HELP,
        ),
    )


class MergeForm(BootstrapFormMixin, forms.Form):
    into = forms.IntegerField(
        label=_("Number of the idea to keep"),
        min_value=1,
        help_text=_("Every idea shows its number (#) next to its title."),
    )


class IdeaFilterForm(forms.Form):
    """The list's filters; anything unknown falls back to "all" rather than an error."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *IdeaStatus.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("Any category")), *IdeaCategory.choices],
        required=False,
    )
    site = forms.ModelChoiceField(
        label=_("Author's site"),
        queryset=Site.objects.order_by("name"),
        empty_label=_("Any site"),
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[(key, sort.label) for key, sort in SORTS.items()],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def filters(self):
        # Django drops invalid fields from cleaned_data, so a bad filter is simply ignored.
        self.is_valid()
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "category": data.get("category") or "",
            "site": data.get("site"),
            "sort": data.get("sort") or DEFAULT_SORT,
        }
