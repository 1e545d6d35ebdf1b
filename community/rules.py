"""Who may do what in the community; registered with ``portal.permissions`` at start-up."""

from django.core.exceptions import ObjectDoesNotExist

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
        and _may_post_in_group_section(user, section)
    )


def _may_post_in_group_section(user, section):
    """A cause group's section takes posts from its members only."""
    try:
        group = section.cause_group
    except ObjectDoesNotExist:
        return True
    return is_member(user, group)


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
    return post is not None and post.takes_reactions and _view_post(user, post)


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


# Team huddles ---------------------------------------------------------------------

VIEW_TEAM_HUDDLES = "community.view_team_huddles"
RUN_HUDDLE = "community.run_huddle"
ASK_IN_HUDDLE = "community.ask_in_huddle"
ANSWER_HUDDLE_QUESTION = "community.answer_huddle_question"
CHECK_IN_TO_HUDDLE = "community.check_in_to_huddle"


def in_team(user, team_id):
    profile = getattr(user, "profile", None)
    return profile is not None and team_id is not None and profile.team_id == team_id


@register(VIEW_TEAM_HUDDLES)
def _view_team_huddles(user, team):
    return team is not None and (is_moderator(user) or in_team(user, team.pk))


@register(RUN_HUDDLE)
def _run_huddle(user, team):
    """Open, edit and take attendance: only the team's own leader, not managers."""
    return team is not None and leads_team(user, team.pk)


@register(ASK_IN_HUDDLE)
def _ask_in_huddle(user, huddle):
    return huddle is not None and in_team(user, huddle.team_id)


@register(ANSWER_HUDDLE_QUESTION)
def _answer_huddle_question(user, question):
    return question is not None and leads_team(user, question.huddle.team_id)


@register(CHECK_IN_TO_HUDDLE)
def _check_in_to_huddle(user, huddle):
    return huddle is not None and in_team(user, huddle.team_id)


# New-starter projects ---------------------------------------------------------------

VIEW_PROJECTS = "community.view_projects"
CREATE_PROJECT = "community.create_project"
EDIT_PROJECT = "community.edit_project"
TAKE_PROJECT = "community.take_project"
ASSIGN_BUDDY = "community.assign_buddy"
POST_PROJECT_UPDATE = "community.post_project_update"
FINISH_PROJECT = "community.finish_project"


def keeps_projects(user):
    return user.role in {Role.TEAM_LEADER, Role.MANAGER, Role.ADMINISTRATOR}


def is_new_starter(user, today=None):
    """Within ``NEW_STARTER_WEEKS`` of their start date (reads ``user.profile``)."""
    from datetime import timedelta

    from django.utils import timezone

    from community.models import NEW_STARTER_WEEKS

    profile = getattr(user, "profile", None)
    if profile is None or profile.start_date is None:
        return False
    today = today or timezone.localdate()
    return profile.start_date <= today < profile.start_date + timedelta(weeks=NEW_STARTER_WEEKS)


@register(VIEW_PROJECTS)
def _view_projects(user, obj):
    return True


@register(CREATE_PROJECT)
def _create_project(user, obj):
    return keeps_projects(user)


@register(EDIT_PROJECT)
def _edit_project(user, project):
    return project is not None and (project.owner_id == user.pk or is_moderator(user))


@register(TAKE_PROJECT)
def _take_project(user, project):
    return project is not None and project.is_open and is_new_starter(user)


@register(ASSIGN_BUDDY)
def _assign_buddy(user, assignment):
    return (
        assignment is not None
        and assignment.is_active
        and (assignment.project.owner_id == user.pk or is_moderator(user))
    )


@register(POST_PROJECT_UPDATE)
def _post_project_update(user, assignment):
    return (
        assignment is not None
        and assignment.is_active
        and user.pk in {assignment.starter_id, assignment.buddy_id, assignment.project.owner_id}
    )


@register(FINISH_PROJECT)
def _finish_project(user, assignment):
    return assignment is not None and assignment.is_active and assignment.starter_id == user.pk


# Cause groups -----------------------------------------------------------------------

VIEW_GROUPS = "community.view_groups"
CREATE_GROUP = "community.create_group"
NAME_REPRESENTATIVES = "community.name_representatives"
EDIT_GROUP = "community.edit_group"
MANAGE_GROUP_EVENTS = "community.manage_group_events"
JOIN_GROUP = "community.join_group"
POST_IN_GROUP = "community.post_in_group"
RSVP = "community.rsvp"


def represents(user, group):
    """Asks the database unless the view annotated ``group.i_represent`` for this person."""
    known = getattr(group, "i_represent", None)
    if known is not None:
        return bool(known)
    return group.memberships.filter(user_id=user.pk, is_representative=True).exists()


def is_member(user, group):
    known = getattr(group, "i_am_member", None)
    if known is not None:
        return bool(known)
    return group.memberships.filter(user_id=user.pk).exists()


@register(VIEW_GROUPS)
def _view_groups(user, obj):
    return True


@register(CREATE_GROUP)
def _create_group(user, obj):
    return user.role == Role.ADMINISTRATOR


@register(NAME_REPRESENTATIVES)
def _name_representatives(user, group):
    return user.role == Role.ADMINISTRATOR


@register(EDIT_GROUP)
def _edit_group(user, group):
    return group is not None and represents(user, group)


@register(MANAGE_GROUP_EVENTS)
def _manage_group_events(user, group):
    return group is not None and represents(user, group)


@register(JOIN_GROUP)
def _join_group(user, group):
    return group is not None


@register(POST_IN_GROUP)
def _post_in_group(user, group):
    return group is not None and is_member(user, group)


@register(RSVP)
def _rsvp(user, event):
    return event is not None
