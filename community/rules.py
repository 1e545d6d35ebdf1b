"""Who may do what in the community; registered with ``portal.permissions`` at start-up."""

from portal.audiences import is_visible_to
from portal.permissions import register

VIEW = "community.view"
POST = "community.post"
EDIT_POST = "community.edit_post"
DELETE_POST = "community.delete_post"
PIN = "community.pin"
VIEW_DELETED = "community.view_deleted"
VIEW_HIDDEN = "community.view_hidden"
REPORT = "community.report"
MODERATE = "community.moderate"


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
        and not post.is_hidden
        and post.section.is_announcements
    )


@register(VIEW_DELETED)
def _view_deleted(user, obj):
    return is_moderator(user)


@register(VIEW_HIDDEN)
def _view_hidden(user, obj):
    return is_moderator(user)


@register(REPORT)
def _report(user, post):
    # Authors delete or edit their own posts instead; whether the person may see the
    # post at all is the caller's question (the post comes from ``visible_posts``).
    return (
        post is not None
        and post.author_id != user.pk
        and not post.is_deleted
        and not post.is_hidden
    )


@register(MODERATE)
def _moderate(user, post):
    return is_moderator(user)
