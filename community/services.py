"""Everything that changes the community feed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from community import rules, selectors
from community.models import (
    MAX_PINNED,
    MODERATION_REASON_MAX_LENGTH,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    REPORT_DETAILS_MAX_LENGTH,
    ModerationAction,
    ModerationKind,
    Post,
    PostView,
    Report,
    ReportReason,
    ReportResolution,
)
from portal import permissions
from portal.audiences import set_audience
from portal.models import NotificationVerb
from portal.notifications import notify


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


# Reports and moderation ------------------------------------------------------------


def report_refusal(*, reporter, post):
    """Why ``reporter`` may not report ``post``, in words they can act on."""
    if post.author_id == reporter.pk:
        return _("This is your own post: edit or delete it instead of reporting it.")
    return _("This post has already been taken down, so there is nothing to report.")


@transaction.atomic
def report_post(*, reporter, post, reason, details=""):
    """Ask moderators to look at ``post``; one open report per person and post."""
    if not selectors.visible_posts(reporter).filter(pk=post.pk).exists():
        raise PermissionDenied(_("You can only report posts you can see."))
    permissions.require(reporter, rules.REPORT, post, report_refusal(reporter=reporter, post=post))
    details = (details or "").strip()
    if reason not in ReportReason.values:
        raise ValidationError(_("Choose what is wrong with the post."), code="reason")
    if reason == ReportReason.OTHER and not details:
        raise ValidationError(
            _("Say what is wrong, so a moderator knows what to look for."), code="details"
        )
    if len(details) > REPORT_DETAILS_MAX_LENGTH:
        raise ValidationError(
            _("Details can be at most %(limit)s characters."),
            params={"limit": REPORT_DETAILS_MAX_LENGTH},
            code="details_too_long",
        )
    try:
        # A savepoint, so the constraint that stops a second open report (even from a
        # double click racing the first) leaves the outer transaction usable.
        with transaction.atomic():
            return Report.objects.create(
                post=post, reported_by=reporter, reason=reason, details=details
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already reported this post. A moderator will look at it soon."),
            code="duplicate",
        ) from None


def _clean_reason(reason, *, required):
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(_("Give a reason: the author is told why."), code="reason_required")
    if len(reason) > MODERATION_REASON_MAX_LENGTH:
        raise ValidationError(
            _("A reason can be at most %(limit)s characters."),
            params={"limit": MODERATION_REASON_MAX_LENGTH},
            code="reason_too_long",
        )
    return reason


def _require_moderator(moderator, post):
    permissions.require(
        moderator,
        rules.MODERATE,
        post,
        _("Only managers and administrators can moderate posts."),
    )


def _resolve_open_reports(*, post, moderator, resolution, at):
    return Report.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=at, resolved_by=moderator, resolution=resolution
    )


def _tell_author(*, post, moderator, message):
    notify(
        recipient=post.author,
        verb=NotificationVerb.MODERATION,
        actor=moderator,
        target=post,
        message=message,
        url=post.get_absolute_url(),
    )


def _post_name(post):
    return Truncator(str(post)).chars(60)


@transaction.atomic
def hide_post(*, moderator, post, reason):
    """Take ``post`` out of everyone's feed and search but its author's and moderators'.

    Resolves the post's open reports and tells the author why.
    """
    _require_moderator(moderator, post)
    reason = _clean_reason(reason, required=True)
    if post.is_deleted:
        raise ValidationError(
            _("This post is deleted already. Dismiss its reports instead."), code="deleted"
        )
    now = timezone.now()
    # Conditional, so two moderators hiding at once record one hide, not two.
    hidden = Post.objects.filter(pk=post.pk, hidden_at__isnull=True).update(
        hidden_at=now, hidden_by=moderator, hidden_reason=reason, pinned=False
    )
    if not hidden:
        raise ValidationError(_("This post is already hidden."), code="already_hidden")
    post.hidden_at, post.hidden_by, post.hidden_reason, post.pinned = now, moderator, reason, False
    _resolve_open_reports(
        post=post, moderator=moderator, resolution=ReportResolution.HIDDEN, at=now
    )
    action = ModerationAction.objects.create(
        post=post, moderator=moderator, action=ModerationKind.HIDE, reason=reason, created_at=now
    )
    _tell_author(
        post=post,
        moderator=moderator,
        message=_("A moderator hid your post “%(post)s”. Reason: %(reason)s")
        % {"post": _post_name(post), "reason": reason},
    )
    return action


@transaction.atomic
def restore_post(*, moderator, post, reason):
    """Show a hidden post again, and tell the author."""
    _require_moderator(moderator, post)
    reason = _clean_reason(reason, required=True)
    restored = Post.objects.filter(pk=post.pk, hidden_at__isnull=False).update(
        hidden_at=None, hidden_by=None, hidden_reason=""
    )
    if not restored:
        raise ValidationError(_("This post is not hidden."), code="not_hidden")
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    action = ModerationAction.objects.create(
        post=post, moderator=moderator, action=ModerationKind.RESTORE, reason=reason
    )
    _tell_author(
        post=post,
        moderator=moderator,
        message=_("A moderator restored your post “%(post)s”. Reason: %(reason)s")
        % {"post": _post_name(post), "reason": reason},
    )
    return action


@transaction.atomic
def dismiss_reports(*, moderator, post, reason=""):
    """Close the post's open reports without acting on the post; the author is not told."""
    _require_moderator(moderator, post)
    reason = _clean_reason(reason, required=False)
    now = timezone.now()
    dismissed = _resolve_open_reports(
        post=post, moderator=moderator, resolution=ReportResolution.DISMISSED, at=now
    )
    if not dismissed:
        raise ValidationError(
            _("There are no open reports on this post."), code="nothing_to_dismiss"
        )
    return ModerationAction.objects.create(
        post=post, moderator=moderator, action=ModerationKind.DISMISS, reason=reason, created_at=now
    )
