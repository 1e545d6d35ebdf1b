"""@mentions in posts and comments.

The autocomplete inserts ``@[Display Name](person:123)``: the id, not a name or an
email local part, says who is meant, so two people called Sam never get mixed up.
On save the services rewrite each mention with the person's current name (so nobody
can dress a mention of one person up as another) and plain ``@Name`` for an id that
is no active person. On render each mention becomes a link to the profile.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.markdown import render_markdown

MAX_MENTIONS = 20
MENTION = re.compile(r"@\[(?P<name>[^\[\]\n]{1,120})\]\(person:(?P<pk>\d{1,18})\)")
# Characters that would end the link text early or start Markdown inside it.
_NAME_UNSAFE = re.compile(r"[\[\]\\\n`*_<>]")


def mention_token(pk, name):
    name = _NAME_UNSAFE.sub("", name).strip() or "?"
    return f"@[{name}](person:{pk})"


def resolve_mentions(text):
    """Return ``text`` with mentions rewritten to current names, and the people mentioned."""
    ids = {int(match["pk"]) for match in MENTION.finditer(text)}
    if not ids:
        return text, []
    if len(ids) > MAX_MENTIONS:
        raise ValidationError(
            _("You can mention at most %(limit)s people at once."),
            params={"limit": MAX_MENTIONS},
            code="too_many_mentions",
        )
    people = {
        person.pk: person
        for person in get_user_model()
        .objects.filter(pk__in=ids, is_active=True, profile__isnull=False)
        .select_related("profile")
    }

    def rewrite(match):
        person = people.get(int(match["pk"]))
        if person is None:
            return f"@{match['name']}"
        return mention_token(person.pk, person.profile.display_name)

    return MENTION.sub(rewrite, text), list(people.values())


def render_with_mentions(text):
    """Markdown with each mention as a link to the person's profile, sanitised as usual."""

    def link(match):
        url = reverse("people:detail", args=[int(match["pk"])])
        return f"[@{match['name']}]({url})"

    return render_markdown(MENTION.sub(link, text or ""))


def plain_mentions(text):
    """Mention tokens as the names they show, for plain-text places such as search snippets."""
    return MENTION.sub(lambda match: "@" + match["name"], text or "")
