"""Who may do what with briefings; registered with ``portal.permissions`` at start-up."""

from portal.models import Role
from portal.permissions import has_role, register

READ = "briefings.read"
SUBMIT = "briefings.submit"
EDIT_ITEM = "briefings.edit_item"
WITHDRAW_ITEM = "briefings.withdraw_item"
REVIEW = "briefings.review"
MARK_URGENT = "briefings.mark_urgent"
VIEW_ITEM = "briefings.view_item"
ACKNOWLEDGE = "briefings.acknowledge"
VIEW_ALL_BRIEFINGS = "briefings.view_all"

SUBMITTING_ROLES = (Role.SUBMITTER, Role.MANAGER, Role.ADMINISTRATOR)


def is_reviewer(user):
    return user.is_manager_or_administrator


@register(READ)
def _read(user, obj):
    return True


@register(SUBMIT)
def _submit(user, obj):
    return has_role(user, *SUBMITTING_ROLES)


@register(EDIT_ITEM)
def _edit_item(user, item):
    if item is None or not item.is_editable:
        return False
    return (item.author_id == user.pk and has_role(user, *SUBMITTING_ROLES)) or is_reviewer(user)


@register(WITHDRAW_ITEM)
def _withdraw_item(user, item):
    return item is not None and item.is_editable and item.author_id == user.pk


@register(REVIEW)
def _review(user, item):
    return is_reviewer(user) and (item is None or item.is_editable)


@register(MARK_URGENT)
def _mark_urgent(user, obj):
    return is_reviewer(user)


@register(VIEW_ALL_BRIEFINGS)
def _view_all(user, obj):
    return is_reviewer(user)


@register(VIEW_ITEM)
def _view_item(user, item):
    # Imported here: the selectors ask these rules.
    from briefings.selectors import delivered_items

    if item is None:
        return False
    if item.author_id == user.pk or is_reviewer(user):
        return True
    return delivered_items(user).filter(pk=item.pk).exists()


@register(ACKNOWLEDGE)
def _acknowledge(user, item):
    from briefings.selectors import delivered_items

    return item is not None and item.must_read and delivered_items(user).filter(pk=item.pk).exists()


# Figures, reminders and the marketing calendar -----------------------------------------

VIEW_REPORTS = "briefings.view_reports"
SEND_REMINDERS = "briefings.send_reminders"
VIEW_CALENDAR = "briefings.view_calendar"
ADD_CAMPAIGN = "briefings.add_campaign"
CHANGE_CAMPAIGN = "briefings.change_campaign"


@register(VIEW_REPORTS)
def _view_reports(user, obj):
    return is_reviewer(user)


@register(SEND_REMINDERS)
def _send_reminders(user, item):
    return is_reviewer(user) and (item is None or item.must_read)


@register(VIEW_CALENDAR)
def _view_calendar(user, obj):
    return True


@register(ADD_CAMPAIGN)
def _add_campaign(user, obj):
    return has_role(user, *SUBMITTING_ROLES)


def _own_department_id(user):
    profile = getattr(user, "profile", None)
    return profile.department_id if profile is not None else None


@register(CHANGE_CAMPAIGN)
def _change_campaign(user, campaign):
    """Managers change any campaign; a submitter their own and their department's."""
    if campaign is None or not has_role(user, *SUBMITTING_ROLES):
        return False
    if is_reviewer(user) or campaign.author_id == user.pk:
        return True
    department_id = _own_department_id(user)
    return department_id is not None and campaign.department_id == department_id
