"""Who may do what in the listening channels; registered with ``portal.permissions``.

Each channel adds its own block below; the managers' page is shared by all of them.
"""

from portal.models import Role
from portal.permissions import has_role, register

# Knowledge base ------------------------------------------------------------------

VIEW_KNOWLEDGE = "knowledge.view"
WRITE_ARTICLE = "knowledge.write"
EDIT_ARTICLE = "knowledge.edit"
REASSIGN_ARTICLE = "knowledge.reassign"
FLAG_ARTICLE = "knowledge.flag"
RESOLVE_FLAG = "knowledge.resolve_flag"
VERIFY_ARTICLE = "knowledge.verify"
MANAGE_CATEGORIES = "knowledge.manage_categories"
SEE_ALL_REVIEWS = "knowledge.see_all_reviews"

# Departments (submitters) document their own products and processes; managers and
# administrators keep the contact centre's own procedures. Agents and team leaders own
# articles when someone hands one to them, but do not start new ones.
ARTICLE_WRITERS = frozenset({Role.MANAGER, Role.ADMINISTRATOR, Role.SUBMITTER})


def is_knowledge_manager(user):
    return user.is_manager_or_administrator


@register(VIEW_KNOWLEDGE)
def _view_knowledge(user, obj):
    return True


@register(WRITE_ARTICLE)
def _write_article(user, obj):
    return user.role in ARTICLE_WRITERS


@register(EDIT_ARTICLE)
def _edit_article(user, article):
    return article is not None and (article.owner_id == user.pk or is_knowledge_manager(user))


@register(REASSIGN_ARTICLE)
def _reassign_article(user, article):
    return is_knowledge_manager(user)


@register(FLAG_ARTICLE)
def _flag_article(user, article):
    # Owners fix their own articles instead; whether the person may see the article at
    # all is the caller's question (the article comes from ``visible_articles``).
    return article is not None and article.owner_id != user.pk


@register(RESOLVE_FLAG)
def _resolve_flag(user, flag):
    return (
        flag is not None
        and flag.is_open
        and (flag.article.owner_id == user.pk or is_knowledge_manager(user))
    )


@register(VERIFY_ARTICLE)
def _verify_article(user, article):
    return article is not None and (article.owner_id == user.pk or is_knowledge_manager(user))


@register(MANAGE_CATEGORIES)
def _manage_categories(user, obj):
    return is_knowledge_manager(user)


@register(SEE_ALL_REVIEWS)
def _see_all_reviews(user, obj):
    return is_knowledge_manager(user)


def is_manager(user):
    return user.is_manager_or_administrator


# The managers' page ----------------------------------------------------------------

VIEW_MANAGERS_PAGE = "feedback.view_managers_page"


@register(VIEW_MANAGERS_PAGE)
def _view_managers_page(user, obj):
    return is_manager(user)


# Think tank ------------------------------------------------------------------------

VIEW_IDEAS = "feedback.view_ideas"
POST_IDEA = "feedback.post_idea"
SUPPORT_IDEA = "feedback.support_idea"
COMMENT_ON_IDEA = "feedback.comment_on_idea"
DELETE_IDEA_COMMENT = "feedback.delete_idea_comment"
CHANGE_IDEA_STATUS = "feedback.change_idea_status"
MERGE_IDEA = "feedback.merge_idea"


@register(VIEW_IDEAS)
def _view_ideas(user, obj):
    return True


@register(POST_IDEA)
def _post_idea(user, obj):
    return True


@register(SUPPORT_IDEA)
def _support_idea(user, idea):
    # The author's support goes without saying; a merged or finished idea takes no more.
    return (
        idea is not None and idea.author_id != user.pk and not idea.is_merged and not idea.is_closed
    )


@register(COMMENT_ON_IDEA)
def _comment_on_idea(user, idea):
    return idea is not None and not idea.is_merged


@register(DELETE_IDEA_COMMENT)
def _delete_idea_comment(user, comment):
    return comment is not None and (comment.author_id == user.pk or is_manager(user))


@register(CHANGE_IDEA_STATUS)
def _change_idea_status(user, idea):
    return is_manager(user) and (idea is None or not idea.is_merged)


@register(MERGE_IDEA)
def _merge_idea(user, idea):
    return is_manager(user) and (idea is None or not idea.is_merged)


# Straight talk ---------------------------------------------------------------------

ASK_STRAIGHT_TALK = "feedback.ask_straight_talk"
ME_TOO_STRAIGHT_TALK = "feedback.me_too_straight_talk"
ANSWER_STRAIGHT_TALK = "feedback.answer_straight_talk"
RAISE_STRAIGHT_TALK = "feedback.raise_straight_talk"


@register(ASK_STRAIGHT_TALK)
def _ask_straight_talk(user, obj):
    return True


@register(ME_TOO_STRAIGHT_TALK)
def _me_too_straight_talk(user, request):
    return request is not None and not request.is_answered


@register(ANSWER_STRAIGHT_TALK)
def _answer_straight_talk(user, request):
    return is_manager(user)


@register(RAISE_STRAIGHT_TALK)
def _raise_straight_talk(user, origin):
    from feedback.models import Question

    # A question a manager removed stays removed: it is not put up for everyone instead.
    if isinstance(origin, Question) and origin.status == Question.Status.REMOVED:
        return False
    return is_manager(user)


# Quarterly Q&A ------------------------------------------------------------------------

QANDA_VIEW = "feedback.qanda.view"
QANDA_MANAGE = "feedback.qanda.manage"
QANDA_VIEW_SESSION = "feedback.qanda.view_session"
QANDA_ASK = "feedback.qanda.ask"
QANDA_VOTE = "feedback.qanda.vote"
QANDA_ANSWER = "feedback.qanda.answer"
QANDA_CARRY_OVER = "feedback.qanda.carry_over"
QANDA_PUBLISH = "feedback.qanda.publish"
QANDA_REMOVE = "feedback.qanda.remove"


@register(QANDA_VIEW)
def _qanda_view(user, obj):
    return True


@register(QANDA_MANAGE)
def _qanda_manage(user, obj):
    return is_manager(user)


@register(QANDA_VIEW_SESSION)
def _qanda_view_session(user, session):
    # Imported here: the selectors ask these rules, so a module-level import would be circular.
    from feedback.qanda_selectors import sessions_for

    return session is not None and (
        is_manager(user) or sessions_for(user).filter(pk=session.pk).exists()
    )


@register(QANDA_ASK)
def _qanda_ask(user, session):
    from feedback.qanda_selectors import is_taking_questions

    return is_taking_questions(session) and _qanda_view_session(user, session)


@register(QANDA_VOTE)
def _qanda_vote(user, question):
    from feedback.models import Question
    from feedback.qanda_selectors import is_taking_questions

    return (
        question is not None
        and question.status == Question.Status.WAITING
        and is_taking_questions(question.session)
        and _qanda_view_session(user, question.session)
    )


@register(QANDA_ANSWER)
def _qanda_answer(user, question):
    from feedback.models import Question

    return (
        question is not None
        and is_manager(user)
        and question.status in {Question.Status.WAITING, Question.Status.ANSWERED}
    )


@register(QANDA_CARRY_OVER)
def _qanda_carry_over(user, question):
    from feedback.models import Question

    return question is not None and is_manager(user) and question.status == Question.Status.WAITING


@register(QANDA_REMOVE)
def _qanda_remove(user, question):
    from feedback.models import Question

    return question is not None and is_manager(user) and question.status == Question.Status.WAITING


@register(QANDA_PUBLISH)
def _qanda_publish(user, session):
    return session is not None and is_manager(user) and not session.is_published


# Weekly focus groups ----------------------------------------------------------------

FOCUS_GROUPS_VIEW = "feedback.focus_groups.view"
FOCUS_GROUPS_MANAGE = "feedback.focus_groups.manage"
FOCUS_GROUP_VIEW = "feedback.focus_groups.view_group"
FOCUS_GROUP_EDIT = "feedback.focus_groups.edit"
FOCUS_GROUP_INVITE = "feedback.focus_groups.invite"
FOCUS_GROUP_RESPOND = "feedback.focus_groups.respond"
FOCUS_GROUP_SEE_ANSWERS = "feedback.focus_groups.see_answers"
FOCUS_GROUP_RECORD_NOTES = "feedback.focus_groups.record_notes"
FOCUS_GROUP_HOT_TOPICS = "feedback.focus_groups.hot_topics"


def organises(user, group):
    return group is not None and (
        group.organiser_id == user.pk or has_role(user, Role.ADMINISTRATOR)
    )


@register(FOCUS_GROUPS_VIEW)
def _focus_groups_view(user, obj):
    return True


@register(FOCUS_GROUPS_MANAGE)
def _focus_groups_manage(user, obj):
    return is_manager(user)


@register(FOCUS_GROUP_VIEW)
def _focus_group_view(user, group):
    return group is not None and (
        is_manager(user) or group.invitations.filter(person=user).exists()
    )


@register(FOCUS_GROUP_EDIT)
def _focus_group_edit(user, group):
    # Whoever may schedule a group may change it, so a colleague can cover for an absent
    # organiser; whether it has already met is the service's question, with its own message.
    return group is not None and is_manager(user)


@register(FOCUS_GROUP_INVITE)
def _focus_group_invite(user, group):
    return organises(user, group) and group.notes_recorded_at is None


@register(FOCUS_GROUP_RESPOND)
def _focus_group_respond(user, invitation):
    return invitation is not None and invitation.person_id == user.pk


@register(FOCUS_GROUP_SEE_ANSWERS)
def _focus_group_see_answers(user, group):
    # Who else was asked, and what they answered, is between each invitee and the
    # organisers: an invitee sees their own answer and how many are coming.
    return group is not None and (is_manager(user) or organises(user, group))


@register(FOCUS_GROUP_RECORD_NOTES)
def _focus_group_record_notes(user, group):
    return organises(user, group)


@register(FOCUS_GROUP_HOT_TOPICS)
def _focus_group_hot_topics(user, obj):
    return is_manager(user)


# Scorecard champions ----------------------------------------------------------------

SCORECARDS_VIEW = "feedback.scorecards.view"
SCORECARD_NAME_CHAMPION = "feedback.scorecards.name_champion"
SCORECARD_SCHEDULE = "feedback.scorecards.schedule"
SCORECARD_VIEW_MEETING = "feedback.scorecards.view_meeting"
SCORECARD_SEND_INPUT = "feedback.scorecards.send_input"
SCORECARD_DECIDE = "feedback.scorecards.decide"


def team_of(user):
    profile = getattr(user, "profile", None)
    return profile.team_id if profile is not None else None


@register(SCORECARDS_VIEW)
def _scorecards_view(user, obj):
    return True


@register(SCORECARD_NAME_CHAMPION)
def _scorecard_name_champion(user, team):
    return is_manager(user)


@register(SCORECARD_SCHEDULE)
def _scorecard_schedule(user, championship):
    return championship is not None and championship.champion_id == user.pk


@register(SCORECARD_VIEW_MEETING)
def _scorecard_view_meeting(user, meeting):
    return meeting is not None and (
        is_manager(user) or meeting.champion_id == user.pk or team_of(user) == meeting.team_id
    )


@register(SCORECARD_SEND_INPUT)
def _scorecard_send_input(user, meeting):
    return (
        meeting is not None
        and not meeting.is_published
        and team_of(user) == meeting.team_id
        and meeting.champion_id != user.pk
    )


@register(SCORECARD_DECIDE)
def _scorecard_decide(user, meeting):
    return meeting is not None and not meeting.is_published and meeting.champion_id == user.pk
