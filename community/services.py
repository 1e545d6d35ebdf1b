"""Everything that changes the community feed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import rules
from community.mentions import resolve_mentions
from community.models import (
    COMMENT_BODY_MAX_LENGTH,
    MAX_PINNED,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    Comment,
    Post,
    PostView,
    Reaction,
    ReactionKind,
)
from portal import permissions
from portal.audiences import set_audience
from portal.models import NotificationVerb
from portal.notifications import notify


def _clean_text(*, title, body):
    """Stripped title and body, mentions rewritten; returns them and the people mentioned."""
    title, body = (title or "").strip(), (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before posting."), code="empty")
    body, mentioned = resolve_mentions(body)
    if len(body) > POST_BODY_MAX_LENGTH:
        raise ValidationError(
            _("A post can be at most %(limit)s characters; this one has %(length)s."),
            params={"limit": POST_BODY_MAX_LENGTH, "length": len(body)},
            code="too_long",
        )
    if len(title) > POST_TITLE_MAX_LENGTH:
        raise ValidationError(
            _("A title can be at most %(limit)s characters."),
            params={"limit": POST_TITLE_MAX_LENGTH},
            code="title_too_long",
        )
    return title, body, mentioned


def _name(person):
    profile = getattr(person, "profile", None)
    return profile.display_name if profile else person.email


def _notify_if_visible(*, recipient, post, **fields):
    """Notify only people who can open the post: a mention must not leak a targeted post."""
    if permissions.can(recipient, rules.VIEW_POST, post):
        notify(recipient=recipient, **fields)


def _notify_mentions(*, actor, post, mentioned, target, skip=()):
    """Tell each person mentioned in ``target``, once ever: the key survives later edits."""
    if isinstance(target, Comment):
        key = f"comment:{target.pk}"
        message = _("%(name)s mentioned you in a comment") % {"name": _name(actor)}
    else:
        key = f"post:{target.pk}"
        message = _("%(name)s mentioned you in a post") % {"name": _name(actor)}
    for person in mentioned:
        if person.pk in skip:
            continue
        _notify_if_visible(
            recipient=person,
            post=post,
            verb=NotificationVerb.MENTION,
            actor=actor,
            target=target,
            message=message,
            url=target.get_absolute_url(),
            dedupe_key=f"mention:{key}:{person.pk}",
        )


@transaction.atomic
def create_post(*, author, section, body, title="", sites=(), teams=(), roles=()):
    """Post in ``section``; sites, teams and roles narrow who sees it within the section."""
    if not permissions.can(author, rules.POST, section):
        raise PermissionDenied(
            _("You cannot post in %(section)s. %(who)s")
            % {"section": section.name, "who": section.who_may_post()}
        )
    title, body, mentioned = _clean_text(title=title, body=body)
    post = Post.objects.create(section=section, author=author, title=title, body=body)
    if sites or teams or roles:
        set_audience(post, sites=sites, teams=teams, roles=roles)
    _notify_mentions(actor=author, post=post, mentioned=mentioned, target=post)
    return post


@transaction.atomic
def edit_post(*, actor, post, body, title=""):
    permissions.require(actor, rules.EDIT_POST, post, _("Only the author can edit a post."))
    post.title, post.body, mentioned = _clean_text(title=title, body=body)
    post.edited_at = timezone.now()
    post.save(update_fields=["title", "body", "edited_at"])
    _notify_mentions(actor=actor, post=post, mentioned=mentioned, target=post)
    return post


@transaction.atomic
def delete_post(*, actor, post):
    """Hide a post from the feed; moderators still see it, marked as deleted."""
    permissions.require(
        actor,
        rules.DELETE_POST,
        post,
        _("Only the author or a manager can delete a post."),
    )
    if post.is_deleted:
        return post
    post.deleted_at = timezone.now()
    post.deleted_by = actor
    post.pinned = False
    post.save(update_fields=["deleted_at", "deleted_by", "pinned"])
    return post


@transaction.atomic
def pin_post(*, actor, post):
    permissions.require(
        actor,
        rules.PIN,
        post,
        _("Only managers and administrators can pin, and only announcements."),
    )
    if post.pinned:
        return post
    if Post.objects.filter(pinned=True).count() >= MAX_PINNED:
        raise ValidationError(
            _("At most %(limit)s announcements can be pinned at once. Unpin one first."),
            params={"limit": MAX_PINNED},
            code="too_many_pinned",
        )
    post.pinned = True
    post.save(update_fields=["pinned"])
    return post


@transaction.atomic
def unpin_post(*, actor, post):
    permissions.require(
        actor,
        rules.PIN,
        post,
        _("Only managers and administrators can unpin announcements."),
    )
    post.pinned = False
    post.save(update_fields=["pinned"])
    return post


def mark_seen(*, user, posts):
    """Record that ``user`` saw ``posts``; safe to repeat and to race (one row per person).

    Authors are not counted as having seen their own posts, and deleted posts are not
    counted at all, so "seen by N" means N colleagues. Posts the feed already knows
    were seen (``seen_by_me``) are skipped, so rereading the feed writes nothing.
    """
    rows = [
        PostView(post_id=post.pk, user_id=user.pk)
        for post in posts
        if post.author_id != user.pk
        and not post.is_deleted
        and not getattr(post, "seen_by_me", False)
    ]
    if rows:
        PostView.objects.bulk_create(rows, ignore_conflicts=True)


# Comments --------------------------------------------------------------------------


def _clean_comment(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before sending your comment."), code="empty")
    body, mentioned = resolve_mentions(body)
    if len(body) > COMMENT_BODY_MAX_LENGTH:
        raise ValidationError(
            _("A comment can be at most %(limit)s characters; this one has %(length)s."),
            params={"limit": COMMENT_BODY_MAX_LENGTH, "length": len(body)},
            code="too_long",
        )
    return body, mentioned


@transaction.atomic
def add_comment(*, author, post, body, parent=None):
    """Comment on ``post``, or reply to ``parent``; a reply to a reply joins the top-level thread.

    A new comment tells the post's author, a reply tells the author of the comment it
    answers, and everyone mentioned is told once.
    """
    permissions.require(author, rules.COMMENT, post, _("You cannot comment on this post."))
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(
                _("You can only reply to a comment on the same post."), code="wrong_post"
            )
        if parent.parent_id is not None:
            parent = parent.parent
        if parent.is_deleted:
            raise ValidationError(
                _("That comment was deleted, so it cannot take replies."), code="parent_deleted"
            )
    body, mentioned = _clean_comment(body)
    comment = Comment.objects.create(post=post, author=author, parent=parent, body=body)
    told = parent.author if parent is not None else post.author
    if parent is not None:
        message = _("%(name)s replied to your comment") % {"name": _name(author)}
    else:
        message = _("%(name)s commented on your post") % {"name": _name(author)}
    _notify_if_visible(
        recipient=told,
        post=post,
        verb=NotificationVerb.REPLY,
        actor=author,
        target=comment,
        message=message,
        url=comment.get_absolute_url(),
        dedupe_key=f"reply:comment:{comment.pk}",
    )
    # Whoever was just told about the reply need not hear about it twice.
    _notify_mentions(
        actor=author,
        post=post,
        mentioned=mentioned,
        target=comment,
        skip={told.pk},
    )
    return comment


@transaction.atomic
def edit_comment(*, actor, comment, body):
    permissions.require(
        actor, rules.EDIT_COMMENT, comment, _("Only the author can edit a comment.")
    )
    comment.body, mentioned = _clean_comment(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    _notify_mentions(
        actor=actor,
        post=comment.post,
        mentioned=mentioned,
        target=comment,
    )
    return comment


@transaction.atomic
def delete_comment(*, actor, comment):
    """Soft-delete: replies stay, under a "comment deleted" placeholder."""
    permissions.require(
        actor,
        rules.DELETE_COMMENT,
        comment,
        _("Only the author or a manager can delete a comment."),
    )
    if comment.is_deleted:
        return comment
    comment.deleted_at = timezone.now()
    comment.deleted_by = actor
    comment.save(update_fields=["deleted_at", "deleted_by"])
    return comment


# Reactions -------------------------------------------------------------------------


@transaction.atomic
def toggle_reaction(*, user, post, kind, on=None):
    """Add or remove ``user``'s ``kind`` reaction; return whether it is there afterwards.

    ``on=None`` flips it; ``True`` or ``False`` ask for a state, so a form sent twice
    (a double tap, a retry) lands where the person meant. The unique constraint, not a
    read before the write, keeps racing requests to one row.
    """
    if kind not in ReactionKind.values:
        raise ValidationError(
            _("“%(kind)s” is not a reaction."), params={"kind": kind}, code="unknown_kind"
        )
    permissions.require(user, rules.REACT, post, _("You cannot react to this post."))
    mine = Reaction.objects.filter(post=post, user=user, kind=kind)
    if not on:
        removed, _by_model = mine.delete()
        if removed or on is False:
            return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        # Someone (this person, in another tab) added it first: it is there, as asked.
        return True
    notify(
        recipient=post.author,
        verb=NotificationVerb.REACTION,
        actor=user,
        target=post,
        message=_("%(name)s reacted to your post: %(reaction)s")
        % {"name": _name(user), "reaction": ReactionKind(kind).label},
        url=post.get_absolute_url(),
        dedupe_key=f"reaction:{post.pk}:{user.pk}:{kind}",
    )
    return True
