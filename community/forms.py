from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.models import (
    COMMENT_BODY_MAX_LENGTH,
    MAX_ATTACHMENTS,
    MODERATION_REASON_MAX_LENGTH,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    REPORT_DETAILS_MAX_LENGTH,
    CustomerFeedback,
    KudosValue,
    LostItem,
    PostAttachment,
    ReactionKind,
    ReportReason,
    Section,
)
from portal.forms import BootstrapFormMixin
from portal.models import Role, Site, Team
from portal.search import QUERY_MAX_LENGTH


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service, not here."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


def _attachments_hint():
    return gettext(
        "Optional. Up to %(count)s files of %(size)s each: images (JPEG, PNG, WebP, GIF), "
        "PDF, Word, Excel, PowerPoint, plain text or CSV. Images are resized and their "
        "hidden details (such as location) removed."
    ) % {
        "count": MAX_ATTACHMENTS,
        "size": filesizeformat(settings.COMMUNITY_ATTACHMENT_MAX_BYTES),
    }


ATTACHMENTS_ACCEPT = ",".join(
    [
        "image/jpeg",
        "image/png",
        "image/webp",
        "image/gif",
        ".pdf",
        ".docx",
        ".xlsx",
        ".pptx",
        ".txt",
        ".csv",
    ]
)


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
    attachments = MultipleFileField(
        label=_("Images and files"),
        required=False,
        help_text=lazy(_attachments_hint, str)(),
        widget=MultipleFileInput(attrs={"accept": ATTACHMENTS_ACCEPT}),
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=PostAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, attachments=(), allow_attachments=True, **kwargs):
        """``attachments``: the post's own, offered for removal (already fetched)."""
        super().__init__(*args, **kwargs)
        self.current_attachments = list(attachments)
        if self.current_attachments:
            field = self.fields["remove_attachments"]
            field.queryset = PostAttachment.objects.filter(
                pk__in=[a.pk for a in self.current_attachments]
            )
            names = {a.pk: a.original_name for a in self.current_attachments}
            field.label_from_instance = lambda attachment: names[attachment.pk]
            # The mixin styles every input as a text box; these are checkboxes.
            field.widget.attrs["class"] = "form-check-input"
        else:
            del self.fields["remove_attachments"]
        if not allow_attachments:
            del self.fields["attachments"]


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
        self.order_fields(["section", "title", "body", "attachments", *self.audience_fields])

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


class ReplyForm(CommentForm):
    """A reply under a thread: the comment form, with its own words for an empty reply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _(
            "Write something before sending your reply."
        )


class ReactionForm(forms.Form):
    # What the pressed button sends: the kind and what the button showed, "like:on" to
    # add, "like:off" to take back, so a form sent twice stays put.
    reaction = forms.CharField(max_length=40)
    # Which bar was pressed, so htmx gets that bar back: the post page's or a card's (on a
    # feed, a group page or search results).
    bar = forms.ChoiceField(choices=[("post", "post"), ("card", "card")], required=False)

    def clean_reaction(self):
        kind, _separator, state = self.cleaned_data["reaction"].partition(":")
        if kind not in ReactionKind.values or state not in {"on", "off"}:
            raise forms.ValidationError("Unknown reaction.", code="unknown")
        return kind, state == "on"


# Structured posts -------------------------------------------------------------------

PERSONAL_DATA_REMINDER = _(
    "Leave out customer names, account numbers, phone numbers and addresses."
)


def _active_people():
    return get_user_model().objects.filter(is_active=True)


class KudosForm(BootstrapFormMixin, forms.Form):
    recipient = forms.ModelChoiceField(
        queryset=_active_people(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose who the kudos are for.")},
    )
    value = forms.ChoiceField(
        label=_("What for?"),
        choices=[("", _("Choose one")), *KudosValue.choices],
        error_messages={"required": _("Choose what the kudos are for.")},
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=POST_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did they do, and what difference did it make? Markdown works."),
        error_messages={
            "required": _("Say what they did: a line or two makes kudos mean something.")
        },
    )


class NominationForm(BootstrapFormMixin, forms.Form):
    nominee = forms.ModelChoiceField(
        queryset=_active_people(),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose who you are nominating.")},
    )
    reason = forms.CharField(
        label=_("Why do they deserve it?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why they deserve it.")},
    )


class PickWinnerForm(BootstrapFormMixin, forms.Form):
    winner = forms.ModelChoiceField(queryset=_active_people(), widget=forms.HiddenInput)
    citation = forms.CharField(
        label=_("What the floor will read"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a line the floor will see.")},
    )


class LostItemForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Lost or found?"), choices=LostItem.Kind)
    what = forms.CharField(
        label=_("What is it?"),
        max_length=120,
        help_text=_("For example: blue umbrella, car keys with a red fob."),
    )
    where = forms.CharField(
        label=_("Where?"), max_length=120, help_text=_("For example: kitchen, 2nd floor.")
    )
    when = forms.DateTimeField(
        label=_("When?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("As near as you know."),
    )
    details = forms.CharField(
        label=_("Anything else?"),
        max_length=POST_BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional. Found something? Keep one detail back, so the owner can prove it is theirs."
        ),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional. JPEG, PNG, WebP or GIF, up to 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )


class ClaimForm(BootstrapFormMixin, forms.Form):
    message = forms.CharField(
        label=_("Message to the poster"),
        max_length=500,
        required=False,
        help_text=_("Optional. Say how to recognise it, or where to find you."),
    )


class ReturnedForm(BootstrapFormMixin, forms.Form):
    returned_to = forms.ModelChoiceField(
        label=_("Returned to"),
        queryset=_active_people(),
        required=False,
        empty_label=_("Someone else, or not saying"),
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["returned_to"]
        field.queryset = _active_people().filter(pk__in=[c.claimant_id for c in claims])
        # Labels from the claims already loaded, so the select costs no query per person.
        names = {c.claimant_id: str(c.claimant) for c in claims}
        field.label_from_instance = lambda person: names.get(person.pk, str(person))


class CustomerFeedbackForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Compliment or complaint?"), choices=CustomerFeedback.Kind)
    channel = forms.ChoiceField(
        label=_("How did the customer get in touch?"),
        choices=[("", _("Choose one")), *CustomerFeedback.Channel.choices],
        error_messages={"required": _("Say how the customer got in touch.")},
    )
    product = forms.CharField(
        label=_("Product or service"),
        max_length=80,
        required=False,
        help_text=_("Optional. For example: broadband, mobile app, billing."),
    )
    title = forms.CharField(label=_("Title"), max_length=POST_TITLE_MAX_LENGTH, required=False)
    body = forms.CharField(
        label=_("What happened, and what can we learn?"),
        max_length=POST_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=PERSONAL_DATA_REMINDER,
        error_messages={"required": _("Write something before posting.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search posts and comments"), max_length=QUERY_MAX_LENGTH, required=False
    )


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


def _plain_markdown_hint(limit):
    return gettext(
        "Markdown works: **bold**, *italic*, - lists, [link text](https://example.com). "
        "Up to %(limit)s characters."
    ) % {"limit": f"{limit:,}"}


def plain_markdown_hint(limit):
    """The hint for Markdown fields without @mentions (huddles, projects, group pages)."""
    return lazy(_plain_markdown_hint, str)(limit)
