import datetime

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import conditional_escape

from portal import permissions
from portal.forms import bootstrap_class
from portal.lists import join_list as join_items
from portal.lists import list_separator as separator
from portal.markdown import excerpt as cut_html
from portal.markdown import render_markdown

register = template.Library()


@register.simple_tag
def languages_in_their_own_names():
    """The portal's languages, each named in itself ("English", "简体中文"), so that anyone
    finds theirs whatever language the page is in (Django's list names them in the page's)."""
    return settings.LANGUAGES


@register.filter
def join_list(items):
    """``{{ names|join_list }}``: the items joined as the reader's language lists them."""
    return join_items(items)


@register.simple_tag
def list_separator():
    """``{% list_separator %}``, between items a loop writes out: ", " or "、"."""
    return separator()


@register.filter
def markdown(text):
    """Render user-written Markdown, sanitised (see ``portal.markdown``)."""
    return render_markdown(text)


@register.filter
def excerpt(html, words):
    """``truncatewords_html`` kept per process (see ``portal.markdown.excerpt``)."""
    return cut_html(str(conditional_escape(html)), int(words))


@register.filter
def can(user, action):
    """``{% if user|can:"people.manage" %}`` for actions that need no object."""
    return permissions.can(user, action)


@register.filter
def birthday(profile):
    """Day and month in the reader's locale, never a year."""
    if not profile.birthday_month or not profile.birthday_day:
        return ""
    day = datetime.date(2000, profile.birthday_month, profile.birthday_day)
    return date_format(day, "MONTH_DAY_FORMAT")


@register.filter
def bootstrap_widget(bound_field):
    """Render a form field's widget with the Bootstrap class that suits it."""
    css = bootstrap_class(bound_field.field.widget)
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(attrs={"class": css})


@register.filter
def fields_in_error(form):
    """The visible fields that failed, in the form's order, for its error summary to link to."""
    return [field for field in form.visible_fields() if field.errors]
