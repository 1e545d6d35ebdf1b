"""Who may do what in the feedback channels; registered with ``portal.permissions`` at start-up."""

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
