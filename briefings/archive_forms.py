from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.calendar_forms import DateInput
from briefings.models import Category
from portal.forms import BootstrapFormMixin
from portal.search import QUERY_MAX_LENGTH


class ArchiveFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": _("Words in the title or text")}),
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any category")), *Category.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The “to” date is before the “from” date."))
        return data

    @property
    def is_filtering(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)
