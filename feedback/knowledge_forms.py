from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from feedback.models import ArticleCategory, FlagKind
from feedback.models.knowledge import (
    ARTICLE_BODY_MAX_LENGTH,
    ARTICLE_TITLE_MAX_LENGTH,
    CATEGORY_NAME_MAX_LENGTH,
    FLAG_COMMENT_MAX_LENGTH,
    FLAG_REPLY_MAX_LENGTH,
    MAX_REVIEW_INTERVAL_MONTHS,
)
from portal.forms import BootstrapFormMixin
from portal.models import Role, Site, Team

MARKDOWN_HINT = _("Markdown works: **bold**, numbered steps (1. 2. 3.), lists, links.")


class ArticleForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=ARTICLE_TITLE_MAX_LENGTH,
        help_text=_("What an agent would search for, e.g. “Refund policy for annual plans”."),
        error_messages={"required": _("Give the article a title.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=ArticleCategory.objects.order_by("name"),
        empty_label=_("Choose a category"),
        error_messages={"required": _("Choose a category.")},
    )
    body = forms.CharField(
        label=_("Article"),
        max_length=ARTICLE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=MARKDOWN_HINT,
        error_messages={"required": _("Write the article before saving it.")},
    )
    review_by = forms.DateField(
        label=_("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leave empty to use the category's review interval."),
    )
    review_by_edit_help = _(
        "Change it only if the article needs checking sooner or later; "
        "confirming the article moves it on."
    )
    owner_email = forms.EmailField(
        label=_("Owner's email address"),
        required=False,
        help_text=_("The person who keeps the article right. Leave empty to own it yourself."),
    )
    owner_email_edit_help = _(
        "To hand the article to someone else. Leave empty to keep the owner it has."
    )
    sites = forms.ModelMultipleChoiceField(
        label=_("Only these sites"), queryset=Site.objects.all(), required=False
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Only these teams"), queryset=Team.objects.select_related("site"), required=False
    )
    roles = forms.MultipleChoiceField(label=_("Only these roles"), choices=Role, required=False)

    audience_fields = ("sites", "teams", "roles")

    def __init__(self, *args, may_reassign=False, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["review_by"].help_text = self.review_by_edit_help
            self.fields["owner_email"].help_text = self.owner_email_edit_help
        if not may_reassign:
            del self.fields["owner_email"]

    def audience_bound_fields(self):
        return [self[name] for name in self.audience_fields]

    def clean_owner_email(self):
        email = self.cleaned_data.get("owner_email")
        if not email:
            return None
        owner = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if owner is None:
            raise forms.ValidationError(_("Nobody working here has that email address."))
        return owner


class FlagForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=FlagKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with the article.")},
    )
    comment = forms.CharField(
        label=_("Your comment or question"),
        max_length=FLAG_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what changed or what you would ask; the owner replies to you."),
        error_messages={"required": _("Say what needs to change, so the owner can fix it.")},
    )

    def __init__(self, *args, question_only=False, **kwargs):
        """``question_only`` while the person's own flag waits for an answer: one at a time."""
        super().__init__(*args, **kwargs)
        if question_only:
            self.fields["kind"].choices = [(FlagKind.QUESTION, FlagKind.QUESTION.label)]
            self.fields["kind"].initial = FlagKind.QUESTION
            self.fields["kind"].error_messages["invalid_choice"] = _(
                "You have already flagged this article and the owner has not answered yet. "
                "Ask a question instead if you have something to add."
            )


class ReplyForm(BootstrapFormMixin, forms.Form):
    reply = forms.CharField(
        label=_("Your reply"),
        max_length=FLAG_REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The colleague who raised it is notified and sees it on the article."),
        error_messages={"required": _("Write a reply: the colleague who raised it will read it.")},
    )


class CategoryForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=CATEGORY_NAME_MAX_LENGTH,
        error_messages={"required": _("Give the category a name.")},
    )
    review_interval_months = forms.IntegerField(
        label=_("Review every (months)"),
        min_value=1,
        max_value=MAX_REVIEW_INTERVAL_MONTHS,
        initial=6,
        help_text=_("Confirming an article moves its review date this far ahead."),
    )


class KnowledgeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the knowledge base"), max_length=200, required=False)
