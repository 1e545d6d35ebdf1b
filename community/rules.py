"""Who may do what in the community; registered with ``portal.permissions`` at start-up."""

from portal.audiences import is_visible_to
from portal.permissions import register

VIEW = "community.view"
POST = "community.post"
EDIT_POST = "community.edit_post"
DELETE_POST = "community.delete_post"
PIN = "community.pin"
VIEW_DELETED = "community.view_deleted"


def is_moderator(user):
    return user.is_manager_or_administrator


def may_post_in(user, section):
    """Posting rights alone, without the audience: no query when roles are prefetched."""
    roles = section.posting_role_values()
    if not roles and section.posting_department_id is None:
        return True
    if user.role in roles:
        return True
    profile = getattr(user, "profile", None)
    return (
        section.posting_department_id is not None
        and profile is not None
        and profile.department_id == section.posting_department_id
    )


@register(VIEW)
def _view(user, obj):
    return True


@register(POST)
def _post(user, section):
    # Rights first: they are free, the audience costs a query and only for targeted sections.
    return (
        section is not None
        and may_post_in(user, section)
        and (section.audience_id is None or is_visible_to(section, user))
    )


@register(EDIT_POST)
def _edit_post(user, post):
    return post is not None and not post.is_deleted and post.author_id == user.pk


@register(DELETE_POST)
def _delete_post(user, post):
    return post is not None and (post.author_id == user.pk or is_moderator(user))


@register(PIN)
def _pin(user, post):
    return (
        post is not None
        and is_moderator(user)
        and not post.is_deleted
        and post.section.is_announcements
    )


@register(VIEW_DELETED)
def _view_deleted(user, obj):
    return is_moderator(user)


# Structured posts -------------------------------------------------------------------

NOMINATE = "community.nominate"
PICK_AGENT_OF_THE_WEEK = "community.pick_agent_of_the_week"
CLAIM_ITEM = "community.claim_item"
MARK_RETURNED = "community.mark_returned"
HIGHLIGHT_FEEDBACK = "community.highlight_feedback"


@register(NOMINATE)
def _nominate(user, obj):
    return True


@register(PICK_AGENT_OF_THE_WEEK)
def _pick_agent_of_the_week(user, obj):
    return is_moderator(user)


@register(CLAIM_ITEM)
def _claim_item(user, item):
    return item is not None and not item.post.is_deleted and item.post.author_id != user.pk


@register(MARK_RETURNED)
def _mark_returned(user, item):
    return item is not None and item.post.author_id == user.pk


@register(HIGHLIGHT_FEEDBACK)
def _highlight_feedback(user, feedback):
    return feedback is not None and is_moderator(user) and not feedback.post.is_deleted
