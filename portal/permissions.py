"""One place that answers "may this person do this (to that)?".

Every view and service asks ``can``/``require`` with an action name. Each app
registers the rules for its own actions at import time (see ``register``), so
the roles stay described in one vocabulary across the portal.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portal.models import Role

Rule = Callable[..., bool]
_rules: dict[str, Rule] = {}


def register(action: str) -> Callable[[Rule], Rule]:
    def decorator(rule: Rule) -> Rule:
        if action in _rules:
            raise ValueError(f"A rule for {action!r} is already registered.")
        _rules[action] = rule
        return rule

    return decorator


def can(user, action: str, obj=None) -> bool:
    # Look the rule up first, so a misspelt action fails loudly for every
    # caller, not only for signed-in ones.
    try:
        rule = _rules[action]
    except KeyError:
        raise ValueError(f"No permission rule is registered for {action!r}.") from None
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(rule(user, obj))


def require(user, action: str, obj=None, message=None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(message or _("You do not have permission to do that."))


def permission_required(action: str, message=None):
    """View decorator for actions that do not depend on a particular object.

    ``message`` says who may and whom to ask, on the page that refuses everyone else.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, action, message=message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def has_role(user, *roles) -> bool:
    return user.role in roles


# Organisation and people ---------------------------------------------------------

MANAGE_ORGANISATION = "organisation.manage"
MANAGE_PEOPLE = "people.manage"
VIEW_PEOPLE = "people.view"
EDIT_PROFILE = "profile.edit"
USE_MFA = "mfa.use"


@register(MANAGE_ORGANISATION)
def _manage_organisation(user, obj):
    return has_role(user, Role.ADMINISTRATOR)


@register(MANAGE_PEOPLE)
def _manage_people(user, obj):
    return has_role(user, Role.ADMINISTRATOR)


@register(VIEW_PEOPLE)
def _view_people(user, obj):
    return True


@register(EDIT_PROFILE)
def _edit_profile(user, profile):
    return has_role(user, Role.ADMINISTRATOR) or (
        profile is not None and profile.user_id == user.pk
    )


@register(USE_MFA)
def _use_mfa(user, obj):
    return True
