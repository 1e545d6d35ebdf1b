"""Who may do what in the community; registered with ``portal.permissions`` at start-up."""

from portal.audiences import is_visible_to
from portal.models import Role
from portal.permissions import register

VIEW = "community.view"
POST = "community.post"
EDIT_POST = "community.edit_post"
DELETE_POST = "community.delete_post"
PIN = "community.pin"
VIEW_DELETED = "community.view_deleted"
VIEW_POST = "community.view_post"
COMMENT = "community.comment"
EDIT_COMMENT = "community.edit_comment"
DELETE_COMMENT = "community.delete_comment"
REACT = "community.react"
OFFER_SWAP = "community.offer_swap"
WITHDRAW_SWAP_OFFER = "community.withdraw_swap_offer"
ACCEPT_SWAP_OFFER = "community.accept_swap_offer"
DECIDE_SWAP = "community.decide_swap"
WITHDRAW_SWAP = "community.withdraw_swap"
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


@register(VIEW_POST)
def _view_post(user, post):
    # Imported here: the selectors ask these rules, so a module-level import would be circular.
    from community.selectors import visible_posts

    return post is not None and visible_posts(user).filter(pk=post.pk).exists()


@register(COMMENT)
def _comment(user, post):
    return post is not None and not post.is_deleted and _view_post(user, post)


@register(EDIT_COMMENT)
def _edit_comment(user, comment):
    return (
        comment is not None
        and not comment.is_deleted
        and comment.author_id == user.pk
        and not comment.post.is_deleted
    )


@register(DELETE_COMMENT)
def _delete_comment(user, comment):
    return comment is not None and (comment.author_id == user.pk or is_moderator(user))


@register(REACT)
def _react(user, post):
    return post is not None and not post.is_deleted and _view_post(user, post)


# Shift swaps ---------------------------------------------------------------------


def leads_team(user, team_id):
    """A team leader placed in that team (reads ``user.profile``, cached after the first time)."""
    profile = getattr(user, "profile", None)
    return user.role == Role.TEAM_LEADER and profile is not None and profile.team_id == team_id


def may_approve_swaps_of(user, team_id):
    return is_moderator(user) or leads_team(user, team_id)


@register(OFFER_SWAP)
def _offer_swap(user, swap):
    return swap is not None and swap.post.author_id != user.pk


@register(WITHDRAW_SWAP_OFFER)
def _withdraw_swap_offer(user, offer):
    return offer is not None and offer.offered_by_id == user.pk


@register(ACCEPT_SWAP_OFFER)
def _accept_swap_offer(user, swap):
    return swap is not None and swap.post.author_id == user.pk


@register(DECIDE_SWAP)
def _decide_swap(user, swap):
    # Nobody approves a swap they are part of, whatever their role.
    if swap is None or user.pk == swap.post.author_id:
        return False
    if swap.accepted_offer_id is not None and swap.accepted_offer.offered_by_id == user.pk:
        return False
    return may_approve_swaps_of(user, swap.team_id)


@register(WITHDRAW_SWAP)
def _withdraw_swap(user, swap):
    return swap is not None and swap.post.author_id == user.pk


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
