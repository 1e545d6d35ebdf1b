from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.models import BODY_MAX_LENGTH, REVIEW_COMMENT_MAX_LENGTH, BriefingItem, ItemState
from portal.forms import BootstrapFormMixin
from portal.models import Role, Site, Team


class ItemForm(BootstrapFormMixin, forms.ModelForm):
    sites = forms.ModelMultipleChoiceField(
        label=_("Only these sites"), queryset=Site.objects.all(), required=False
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Only these teams"), queryset=Team.objects.select_related("site"), required=False
    )
    roles = forms.MultipleChoiceField(label=_("Only these roles"), choices=Role, required=False)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: a PDF, Office document, image or text file up to 10 MB."),
    )

    audience_fields = ("sites", "teams", "roles")

    class Meta:
        model = BriefingItem
        fields = ["title", "body", "category", "links", "must_read", "urgent"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX_LENGTH}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "links": _(
                "One per line: a label, a bar, the address — e.g. "
                "Price list | https://intranet.example/prices"
            ),
            "body": _("Markdown works: **bold**, lists, links."),
            "urgent": _(
                "Managers only: puts it into today's briefing at every site where today's "
                "has not gone out yet."
            ),
        }

    def __init__(self, *args, may_mark_urgent=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_mark_urgent:
            del self.fields["urgent"]
        if self.instance.pk and self.instance.audience_id and not self.is_bound:
            audience = self.instance.audience
            self.initial.update(
                sites=list(audience.sites.all()),
                teams=list(audience.teams.all()),
                roles=[row.role for row in audience.roles.all()],
            )

    def audience_bound_fields(self):
        return [self[name] for name in self.audience_fields]

    def service_arguments(self):
        data = self.cleaned_data
        arguments = {
            "title": data["title"],
            "body": data["body"],
            "category": data["category"],
            "links": data["links"],
            "must_read": data["must_read"],
            "sites": data["sites"],
            "teams": data["teams"],
            "roles": data["roles"],
            "attachment": data["attachment"],
        }
        if "urgent" in self.fields:
            arguments["urgent"] = data["urgent"]
        return arguments


class ReviewForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ItemState.APPROVED, _("Approve")),
            (ItemState.RETURNED, _("Return for changes")),
            (ItemState.REJECTED, _("Reject")),
        ]
    )
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to return or reject: the submitter reads it."),
    )
