"""Who may do what in the listening channels; registered with ``portal.permissions``.

Each channel adds its own block below; the managers' page is shared by all of them.
"""

from portal.models import Role
from portal.permissions import register

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
    return is_manager(user)
