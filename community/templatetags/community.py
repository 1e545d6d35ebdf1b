from django import template

from community import selectors
from community.mentions import render_with_mentions

register = template.Library()


@register.filter
def with_mentions(text):
    """User Markdown, sanitised, with @mentions linked to profiles (see ``community.mentions``)."""
    return render_with_mentions(text)


@register.inclusion_tag("community/_profile_recognition.html", takes_context=True)
def profile_recognition(context, person):
    """Kudos received and a current agent-of-the-week win, for a person's profile page."""
    viewer = context["request"].user
    return {
        "person": person,
        "is_me": person.pk == viewer.pk,
        "recognition": selectors.recognition_for(viewer, person),
    }
