from django import template

from community.mentions import render_with_mentions

register = template.Library()


@register.filter
def with_mentions(text):
    """User Markdown, sanitised, with @mentions linked to profiles (see ``community.mentions``)."""
    return render_with_mentions(text)
