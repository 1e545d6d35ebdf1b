from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

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


# A post's reaction bar, written here rather than as template markup: the feed draws one
# per card, twenty a page, and as a template their eighty buttons cost more than the rest
# of the card (the feed took 67 ms a request under gunicorn instead of 39 without them).
REACTION_BUTTON = (
    '<button type="submit" name="reaction" value="{toggle}" id="reaction-{pk}-{kind}" '
    'title="{label}" class="btn btn-sm rounded-pill {tone}" aria-pressed="{pressed}"{described}>'
    '<i class="bi bi-{icon}" aria-hidden="true"></i> '
    '<span class="sb-reaction-label">{label}</span>{count}</button>'
)
REACTION_COUNT = ' <span class="fw-semibold">{}</span>'
REACTION_BADGE = (
    '<span class="badge rounded-pill text-bg-light border" title="{0}">'
    '<i class="bi bi-{1}" aria-hidden="true"></i> '
    '<span class="sb-reaction-label">{0}</span> {2}</span>'
)
REACTION_DONE = (
    '<p class="small text-success-emphasis align-self-center mb-0" '
    'id="reaction-{}-done" role="status"><i class="bi bi-check-circle" aria-hidden="true"></i> '
    "{}</p>"
)


@register.simple_tag(takes_context=True)
def reaction_bar(context, post, *, may_react, bar="", next_url=""):
    """One form whose buttons each toggle a kind, with its count; just the counts when the
    person may not react; nothing for a post nobody reacted to that takes no reactions.

    Each button sends its kind and what it showed ("like:on" adds, "like:off" removes), so
    a form sent twice stays put. ``post`` carries ``reaction_bar`` (from the selector).
    ``bar="card"`` is a feed card's: the kinds' names show from tablet width up and stay in
    each button's name on a phone (portal.css); a search result draws the same bar. A plain
    form goes back to ``next_url``, by default this page, at the card on a feed. The buttons
    keep their ids across an htmx swap, so the keyboard focus stays on the one pressed.

    A reaction made without JavaScript is confirmed here, beside the bar of the post it was
    made on, when the view put it in the context as ``reaction_done`` (``{"post", "kind",
    "message"}``, from ``community.views.reaction_done``); the pressed button, which the
    page opens at, is described by it.
    """
    if not (may_react or post.reaction_total):
        return ""
    card = bar == "card"
    if card:
        name = post.author.profile.display_name
        label = gettext("Reactions to the post by %(name)s") % {"name": name}
    else:
        label = gettext("Reactions")
    classes = "sb-reactions sb-reactions-card" if card else "sb-reactions"
    if not may_react:
        badges = format_html_join(
            "",
            REACTION_BADGE,
            ((item.label, item.icon, item.count) for item in post.reaction_bar if item.count),
        )
        return format_html(
            '<div class="{} d-flex flex-wrap gap-2 mt-3" role="group" aria-label="{}">{}</div>',
            classes,
            label,
            badges,
        )
    if not next_url:
        here = context["request"].get_full_path()
        next_url = f"{here}#post-{post.pk}" if card else here
    done = context.get("reaction_done")
    if done and done["post"] != post.pk:
        done = None
    described = format_html(' aria-describedby="reaction-{}-done"', post.pk) if done else ""
    buttons = format_html_join(
        "",
        REACTION_BUTTON,
        (
            {
                "toggle": item.toggle,
                "pk": post.pk,
                "kind": item.kind,
                "label": item.label,
                "tone": "btn-primary" if item.mine else "btn-outline-secondary",
                "pressed": "true" if item.mine else "false",
                "described": described if done and item.kind == done["kind"] else "",
                "icon": item.shown_icon,
                "count": format_html(REACTION_COUNT, item.count) if item.count else "",
            }
            for item in post.reaction_bar
        ),
    )
    url = reverse("community:react", args=[post.pk])
    return format_html(
        '<form class="{classes} d-flex flex-wrap gap-2 mt-3" role="group" aria-label="{label}" '
        'method="post" action="{url}" hx-post="{url}" hx-target="this" hx-swap="outerHTML">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
        '<input type="hidden" name="next" value="{next_url}">{bar}{buttons}{done}</form>',
        classes=classes,
        label=label,
        url=url,
        csrf=context.get("csrf_token", ""),
        next_url=next_url,
        bar=format_html('<input type="hidden" name="bar" value="{}">', bar) if bar else "",
        buttons=buttons,
        done=format_html(REACTION_DONE, post.pk, done["message"]) if done else "",
    )
