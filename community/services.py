"""Everything that changes the community feed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import rules
from community.models import (
    MAX_PINNED,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    Post,
    PostView,
)
from portal import permissions
from portal.audiences import set_audience


def _clean_text(*, title, body):
    title, body = (title or "").strip(), (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before posting."), code="empty")
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
    return title, body


@transaction.atomic
def create_post(*, author, section, body, title="", sites=(), teams=(), roles=()):
    """Post in ``section``; sites, teams and roles narrow who sees it within the section."""
    if not permissions.can(author, rules.POST, section):
        raise PermissionDenied(
            _("You cannot post in %(section)s. %(who)s")
            % {"section": section.name, "who": section.who_may_post()}
        )
    title, body = _clean_text(title=title, body=body)
    post = Post.objects.create(section=section, author=author, title=title, body=body)
    if sites or teams or roles:
        set_audience(post, sites=sites, teams=teams, roles=roles)
    return post


@transaction.atomic
def edit_post(*, actor, post, body, title=""):
    permissions.require(actor, rules.EDIT_POST, post, _("Only the author can edit a post."))
    post.title, post.body = _clean_text(title=title, body=body)
    post.edited_at = timezone.now()
    post.save(update_fields=["title", "body", "edited_at"])
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
