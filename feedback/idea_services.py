"""Everything that changes the think tank: posting, supporting, reading, commenting,
moving an idea through its statuses and merging duplicates.

The figures on ``Idea`` (supporters, comments, readers) change with ``F()`` in the same
transaction as the rows they count, after the idea's row is locked, so they stay equal
to a fresh count however many people act at once. Its stored score is worked out again
in the same transaction (``_rescore``), and for every idea by ``refresh_popularity`` on a
schedule, since a score falls as an idea ages.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import rules
from feedback.idea_selectors import live_ideas, popularity
from feedback.models import (
    Idea,
    IdeaCategory,
    IdeaComment,
    IdeaReader,
    IdeaStatus,
    IdeaStatusChange,
    IdeaSupport,
)
from feedback.models.ideas import (
    IDEA_COMMENT_MAX_LENGTH,
    IDEA_TEXT_MAX_LENGTH,
    IDEA_TITLE_MAX_LENGTH,
    STATUS_REPLY_MAX_LENGTH,
    STATUSES_NEEDING_A_REPLY,
)
from portal import permissions
from portal.milestones import record_achievement
from portal.models import MilestoneKind, NotificationVerb
from portal.notifications import notify, notify_many


def _name(person):
    profile = getattr(person, "profile", None)
    return profile.display_name if profile else person.email


def _require_length(field, value, limit, label):
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("%(label)s can be at most %(limit)s characters; it has %(length)s.")
                % {"label": label, "limit": limit, "length": len(value)}
            }
        )


def _clean_idea(*, title, problem, proposal, category):
    title = " ".join((title or "").split())
    problem = (problem or "").strip()
    proposal = (proposal or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give your idea a short title.")
    if not problem:
        errors["problem"] = _("Say what the problem is, so colleagues recognise it.")
    if not proposal:
        errors["proposal"] = _("Say what you propose to do about it.")
    if category not in IdeaCategory.values:
        errors["category"] = _("Choose a category.")
    if errors:
        raise ValidationError(errors)
    _require_length("title", title, IDEA_TITLE_MAX_LENGTH, _("The title"))
    _require_length("problem", problem, IDEA_TEXT_MAX_LENGTH, _("The problem"))
    _require_length("proposal", proposal, IDEA_TEXT_MAX_LENGTH, _("The proposal"))
    return title, problem, proposal


@transaction.atomic
def post_idea(*, author, title, problem, proposal, category, now=None):
    permissions.require(author, rules.POST_IDEA)
    title, problem, proposal = _clean_idea(
        title=title, problem=problem, proposal=proposal, category=category
    )
    return Idea.objects.create(
        author=author,
        title=title,
        problem=problem,
        proposal=proposal,
        category=category,
        created_at=now or timezone.now(),
    )


def _locked(idea):
    """The idea's row, locked until the transaction ends, with fresh figures."""
    return Idea.objects.select_for_update().get(pk=idea.pk)


def _support_refusal(user, idea):
    if idea.author_id == user.pk:
        return _("It is your own idea: only support from colleagues is counted.")
    if idea.is_merged:
        return _("This idea was merged into another one; support that one instead.")
    if idea.is_closed:
        return _("This idea is %(status)s, so it takes no more support.") % {
            "status": idea.get_status_display().lower()
        }
    return _("You cannot support this idea.")


@transaction.atomic
def support_idea(*, user, idea):
    """Support ``idea``; supporting twice keeps one support. Returns the idea, refreshed."""
    idea = _locked(idea)
    permissions.require(user, rules.SUPPORT_IDEA, idea, _support_refusal(user, idea))
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=user)
    except IntegrityError:
        return idea
    _add_to(idea, "supporter_count", 1)
    idea.refresh_from_db(fields=["supporter_count", "popularity"])
    return idea


@transaction.atomic
def withdraw_support(*, user, idea):
    """Take back ``user``'s support; withdrawing what is not there changes nothing."""
    idea = _locked(idea)
    removed, _by_model = IdeaSupport.objects.filter(idea=idea, user=user).delete()
    if removed:
        _add_to(idea, "supporter_count", -1)
        idea.refresh_from_db(fields=["supporter_count", "popularity"])
    return idea


def record_reader(*, user, idea):
    """Count ``user`` as a reader of ``idea`` the first time only; authors are not readers."""
    if idea.author_id == user.pk or idea.is_merged:
        return False
    if IdeaReader.objects.filter(idea=idea, user=user).exists():
        return False
    with transaction.atomic():
        _locked(idea)
        try:
            with transaction.atomic():
                IdeaReader.objects.create(idea=idea, user=user)
        except IntegrityError:
            return False
        _add_to(idea, "reader_count", 1)
    return True


@transaction.atomic
def add_comment(*, author, idea, body):
    idea = _locked(idea)
    permissions.require(
        author,
        rules.COMMENT_ON_IDEA,
        idea,
        _("This idea was merged into another one; comment there instead."),
    )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something before sending your comment.")})
    _require_length("body", body, IDEA_COMMENT_MAX_LENGTH, _("A comment"))
    comment = IdeaComment.objects.create(idea=idea, author=author, body=body)
    _add_to(idea, "comment_count", 1)
    notify(
        recipient=idea.author,
        verb=NotificationVerb.IDEA_COMMENT,
        actor=author,
        target=idea,
        message=lambda: (
            _("%(name)s commented on your idea “%(idea)s”")
            % {"name": _name(author), "idea": idea.title}
        ),
        url=comment.get_absolute_url(),
        dedupe_key=f"idea_comment:{comment.pk}",
    )
    return comment


@transaction.atomic
def delete_comment(*, actor, comment):
    idea = _locked(comment.idea)
    permissions.require(
        actor,
        rules.DELETE_IDEA_COMMENT,
        comment,
        _("Only the author or a manager can delete a comment."),
    )
    removed, _by_model = IdeaComment.objects.filter(pk=comment.pk).delete()
    if removed:
        _add_to(idea, "comment_count", -1)
    return idea


def _add_to(idea, figure, change):
    """Change one of the idea's figures, and its stored score with it.

    Two statements: within one UPDATE the score would be worked out from the old figure.
    """
    Idea.objects.filter(pk=idea.pk).update(**{figure: F(figure) + change})
    _rescore(idea)


def _rescore(idea):
    Idea.objects.filter(pk=idea.pk).update(popularity=popularity(timezone.now()))


def refresh_popularity(*, now=None):
    """Work out every live idea's score as of ``now``: one UPDATE; returns how many."""
    return live_ideas().update(popularity=popularity(now or timezone.now()))


def _author_and_supporters(idea):
    User = get_user_model()
    return User.objects.filter(Q(pk=idea.author_id) | Q(idea_supports__idea=idea)).distinct()


@transaction.atomic
def change_status(*, actor, idea, status, reply="", now=None):
    """Move ``idea`` to ``status`` with a public ``reply``; tell its author and supporters.

    Planning or declining needs a reply: the people who spoke up are owed the reason.
    """
    idea = _locked(idea)
    permissions.require(
        actor,
        rules.CHANGE_IDEA_STATUS,
        idea,
        _("Only managers can change the status of an idea.")
        if not idea.is_merged
        else _("This idea was merged into another one; change that one instead."),
    )
    reply = (reply or "").strip()
    if status not in IdeaStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if status == idea.status:
        raise ValidationError(
            {"status": _("The idea is %(status)s already.") % {"status": idea.get_status_display()}}
        )
    if status in STATUSES_NEEDING_A_REPLY and not reply:
        raise ValidationError(
            {"reply": _("Say why: a planned or declined idea needs a reply everyone can read.")}
        )
    _require_length("reply", reply, STATUS_REPLY_MAX_LENGTH, _("The reply"))
    now = now or timezone.now()
    change = IdeaStatusChange.objects.create(
        idea=idea,
        from_status=idea.status,
        to_status=status,
        reply=reply,
        changed_by=actor,
        changed_at=now,
    )
    idea.status = status
    idea.status_reply = reply
    idea.status_changed_at = now
    idea.save(update_fields=["status", "status_reply", "status_changed_at"])
    if status == IdeaStatus.DONE:
        record_achievement(person=idea.author, kind=MilestoneKind.IDEA_DONE, detail=idea.title)
    notify_many(
        recipients=_author_and_supporters(idea),
        verb=NotificationVerb.IDEA_UPDATE,
        actor=actor,
        target=idea,
        message=lambda: (
            _("“%(idea)s” is now %(status)s")
            % {"idea": idea.title, "status": idea.get_status_display().lower()}
        ),
        url=idea.get_absolute_url(),
        dedupe_key=f"idea_status:{change.pk}",
    )
    return change


@transaction.atomic
def merge_idea(*, actor, duplicate, into, now=None):
    """Merge ``duplicate`` into ``into``: its supporters, readers and comments move over.

    A person who supported both counts once; the duplicate's author becomes a supporter
    (they asked for the same thing). The duplicate keeps its page, which says where it
    went and sends readers on.
    """
    if duplicate.pk == into.pk:
        raise ValidationError({"into": _("An idea cannot be merged into itself.")})
    # Both rows, always in the same order, so two merges at once cannot deadlock.
    both = Idea.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")
    locked = {idea.pk: idea for idea in both}
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    permissions.require(
        actor,
        rules.MERGE_IDEA,
        duplicate,
        _("Only managers can merge ideas.")
        if not duplicate.is_merged
        else _("This idea was merged already."),
    )
    if into.is_merged:
        raise ValidationError(
            {"into": _("That idea was itself merged into another; merge into that one.")}
        )
    now = now or timezone.now()
    # Each support keeps its date, so engagement over time stays true after a merge.
    supported_at = dict(duplicate.supports.values_list("user_id", "created_at"))
    supported_at.setdefault(duplicate.author_id, duplicate.created_at)
    supported_at.pop(into.author_id, None)
    supporters = set(supported_at)
    IdeaSupport.objects.bulk_create(
        [IdeaSupport(idea=into, user_id=pk, created_at=at) for pk, at in supported_at.items()],
        ignore_conflicts=True,
    )
    readers = duplicate.readers.exclude(user_id=into.author_id).values_list("user_id", flat=True)
    IdeaReader.objects.bulk_create(
        [IdeaReader(idea=into, user_id=pk, first_read_at=now) for pk in readers],
        ignore_conflicts=True,
    )
    duplicate.comments.update(idea=into)
    duplicate.supports.all().delete()
    duplicate.readers.all().delete()
    # Recounted, not added: people who were on both ideas count once.
    into.supporter_count = into.supports.count()
    into.reader_count = into.readers.count()
    into.comment_count = into.comments.count()
    into.save(update_fields=["supporter_count", "reader_count", "comment_count"])
    _rescore(into)
    duplicate.merged_into = into
    duplicate.merged_at = now
    duplicate.supporter_count = duplicate.reader_count = duplicate.comment_count = 0
    duplicate.popularity = 0
    duplicate.save(
        update_fields=[
            "merged_into",
            "merged_at",
            "supporter_count",
            "reader_count",
            "comment_count",
            "popularity",
        ]
    )
    User = get_user_model()
    notify_many(
        recipients=User.objects.filter(pk__in=supporters | {duplicate.author_id}),
        verb=NotificationVerb.IDEA_UPDATE,
        actor=actor,
        target=into,
        message=lambda: (
            _("“%(duplicate)s” was merged into “%(idea)s”; your support moved with it")
            % {"duplicate": duplicate.title, "idea": into.title}
        ),
        url=into.get_absolute_url(),
        dedupe_key=f"idea_merged:{duplicate.pk}",
    )
    return into
