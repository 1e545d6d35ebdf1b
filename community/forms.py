from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import (
    COMMENT_BODY_MAX_LENGTH,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    ReactionKind,
    Section,
)
from portal.forms import BootstrapFormMixin
from portal.models import Role, Site, Team


def _markdown_hint(limit=POST_BODY_MAX_LENGTH):
    return gettext(
        "Markdown works: **bold**, *italic*, - lists, [link text](https://example.com). "
        "Type @ and a name to mention a colleague. Up to %(limit)s characters."
    ) % {"limit": f"{limit:,}"}


# Lazy, so the hint is translated for each reader rather than once at import.
MARKDOWN_HINT = lazy(_markdown_hint, str)()
COMMENT_HINT = lazy(_markdown_hint, str)(COMMENT_BODY_MAX_LENGTH)


def mention_attrs(**attrs):
    """Textarea attributes that static/js/community.js turns into @mention autocomplete."""
    return {
        **attrs,
        "data-mentions": reverse_lazy("community:mention_suggestions"),
        "data-mentions-label": _("People to mention"),
        "data-mentions-empty": _("Nobody by that name"),
    }


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
        widget=forms.Textarea(attrs=mention_attrs(rows=8)),
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


class CommentForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs=mention_attrs(rows=3)),
        help_text=COMMENT_HINT,
        error_messages={"required": _("Write something before sending your comment.")},
    )


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind)
    # What the button showed: "on" adds, "off" removes, so a form sent twice stays put.
    state = forms.ChoiceField(choices=[("on", "on"), ("off", "off")], required=False)
