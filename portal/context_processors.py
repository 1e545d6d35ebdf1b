from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from portal import permissions

NAVIGATION = [
    ("home", _("Home"), "house"),
    ("community:index", _("Community"), "people"),
    ("briefings:index", _("Briefing"), "newspaper"),
    ("feedback:index", _("Feedback"), "chat-square-text"),
    # Short in the menu so it fits on one line at laptop widths; the page says "Knowledge base".
    ("feedback:knowledge_list", _("Knowledge"), "journal-bookmark"),
    ("people:directory", _("People"), "person-vcard"),
    ("huddles:index", _("Huddle"), "megaphone"),
    ("projects:list", _("Projects"), "rocket-takeoff"),
    ("groups:list", _("Groups"), "heart"),
]


def _has_team_or_oversees(user):
    profile = getattr(user, "profile", None)
    return user.is_manager_or_administrator or (profile is not None and profile.team_id)


# Items only some people need; the rest of the menu is for everyone.
SHOWN_TO = {"huddles:index": _has_team_or_oversees}


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    current = getattr(request, "resolver_match", None)
    namespace = current.namespace if current else ""
    for url_name, label, icon in NAVIGATION:
        if url_name in SHOWN_TO and not SHOWN_TO[url_name](request.user):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        section = url_name.split(":")[0]
        if ":" in url_name:
            active = namespace == section
        else:
            active = bool(current) and not namespace and current.url_name == url_name
        items.append({"url": url, "label": label, "icon": icon, "active": active})
    active = [item for item in items if item["active"]]
    if len(active) > 1:
        # Two entries of one app (Feedback and its knowledge base): the deeper path wins.
        matching = [item for item in active if request.path.startswith(item["url"])]
        best = max(matching or active[:1], key=lambda item: len(item["url"]))
        for item in active:
            item["active"] = item is best
    return {
        "navigation": items,
        "may_manage_people": permissions.can(request.user, permissions.MANAGE_PEOPLE),
    }


def milestone_popup(request):
    """Today's celebration pop-up on full pages; fragments and forms never carry one."""
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or request.method != "GET"
        or getattr(request, "htmx", False)
    ):
        return {}
    from portal.milestones import popup_for

    # Lazy: showing a pop-up records it as seen, so only a page that renders it (one
    # built on base.html, not the Django admin) may ask for it.
    return {"milestone_popup": SimpleLazyObject(lambda: popup_for(user))}
