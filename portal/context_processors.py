from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from portal import permissions

NAVIGATION = [
    ("home", _("Home"), "house"),
    ("community:index", _("Community"), "people"),
    ("briefings:index", _("Briefing"), "newspaper"),
    ("feedback:index", _("Feedback"), "chat-square-text"),
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
    return {
        "navigation": items,
        "may_manage_people": permissions.can(request.user, permissions.MANAGE_PEOPLE),
    }
