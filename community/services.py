"""Everything that changes the community feed."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import rules, selectors
from community.mentions import plain_mentions, render_with_mentions, resolve_mentions
from community.models import (
    ATTACHMENT_IMAGE_MAX_SIDE,
    COMMENT_BODY_MAX_LENGTH,
    CUSTOMER_FEEDBACK,
    LOST_AND_FOUND,
    MAX_ATTACHMENTS,
    MAX_HIGHLIGHTED,
    MAX_PINNED,
    MODERATION_REASON_MAX_LENGTH,
    PHOTO_MAX_BYTES,
    POST_BODY_MAX_LENGTH,
    POST_TITLE_MAX_LENGTH,
    RECOGNITION,
    REPORT_DETAILS_MAX_LENGTH,
    AgentOfTheWeek,
    Claim,
    Comment,
    CustomerFeedback,
    Kudos,
    KudosValue,
    LostItem,
    ModerationAction,
    ModerationKind,
    Nomination,
    Post,
    PostAttachment,
    PostView,
    Reaction,
    ReactionKind,
    Report,
    ReportReason,
    ReportResolution,
    Section,
    current_week,
)
from community.personal_data import find_personal_data
from portal import permissions
from portal.audiences import set_audience
from portal.lists import join_list
from portal.models import NotificationVerb
from portal.notifications import notify
from portal.uploads import clean_attachment, clean_image

# Posted to through their own forms (kudos, lost and found, customer feedback).
STRUCTURED_SECTIONS = frozenset({RECOGNITION, LOST_AND_FOUND, CUSTOMER_FEEDBACK})


def _clean_text(*, title, body, body_required=True):
    """Stripped title and body, mentions rewritten; returns them and the people mentioned."""
    title, body = (title or "").strip(), (body or "").strip()
    if body_required and not body:
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
        template = gettext_lazy("%(name)s mentioned you in a comment on “%(post)s”")
    else:
        key = f"post:{target.pk}"
        template = gettext_lazy("%(name)s mentioned you in “%(post)s”")
    for person in mentioned:
        if person.pk in skip:
            continue
        _notify_if_visible(
            recipient=person,
            post=post,
            verb=NotificationVerb.MENTION,
            actor=actor,
            target=target,
            message=lambda: template % {"name": _name(actor), "post": _post_name(post)},
            url=target.get_absolute_url(),
            dedupe_key=f"mention:{key}:{person.pk}",
        )


def _new_post(*, author, section, title, body, body_required=True):
    if not permissions.can(author, rules.POST, section):
        raise PermissionDenied(
            _("You cannot post in %(section)s. %(who)s")
            % {"section": section.label, "who": section.who_may_post()}
        )
    title, body, mentioned = _clean_text(title=title, body=body, body_required=body_required)
    post = Post.objects.create(
        section=section,
        author=author,
        title=title,
        body=body,
        body_html=render_with_mentions(body),
    )
    return post, mentioned


def _attachment_error(error):
    """Attachment errors name the form field they belong under, so forms can show them there."""
    return ValidationError({"attachments": error})


def _too_many_attachments(count):
    return _attachment_error(
        ValidationError(
            _(
                "A post can have at most %(limit)s attachments; this one would have %(count)s. "
                "Remove some first."
            ),
            params={"limit": MAX_ATTACHMENTS, "count": count},
            code="too_many_attachments",
        )
    )


def _clean_attachments(uploads, *, keeping=0):
    """Check every upload before anything is stored, so one bad file stores none.

    Each refusal names its file, so the person knows which one to leave out.
    """
    uploads = [upload for upload in uploads if upload]
    if keeping + len(uploads) > MAX_ATTACHMENTS:
        raise _too_many_attachments(keeping + len(uploads))
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(
                clean_attachment(
                    upload,
                    max_bytes=settings.COMMUNITY_ATTACHMENT_MAX_BYTES,
                    max_image_side=ATTACHMENT_IMAGE_MAX_SIDE,
                )
            )
        except ValidationError as error:
            errors.extend(
                _("“%(name)s”: %(problem)s") % {"name": upload.name, "problem": message}
                for message in error.messages
            )
    if errors:
        raise _attachment_error(errors)
    return cleaned


def _store_attachments(post, cleaned):
    """Save accepted files into the free positions of ``post`` (locked by the caller)."""
    taken = set(post.attachments.values_list("position", flat=True))
    free = [position for position in range(MAX_ATTACHMENTS) if position not in taken]
    if len(cleaned) > len(free):
        raise _too_many_attachments(len(taken) + len(cleaned))
    stored = []
    try:
        for position, upload in zip(free, cleaned, strict=False):
            attachment = PostAttachment(
                post=post,
                kind=upload.kind,
                original_name=upload.original_name,
                content_type=upload.content_type,
                size=upload.size,
                width=upload.width,
                height=upload.height,
                position=position,
            )
            attachment.file.save(upload.file.name, upload.file, save=False)
            stored.append(attachment.file.name)
            attachment.save()
    except BaseException:
        _delete_files(stored)
        raise


def _delete_files(names):
    for name in names:
        default_storage.delete(name)


def _refuse_attachments_on_structured(section):
    if section.slug in STRUCTURED_SECTIONS:
        raise _attachment_error(
            ValidationError(
                _("Posts in %(section)s cannot carry attachments."),
                params={"section": section.label},
                code="no_attachments_here",
            )
        )


@transaction.atomic
def create_post(*, author, section, body, title="", sites=(), teams=(), roles=(), attachments=()):
    """Post in ``section``; sites, teams and roles narrow who sees it within the section.

    ``attachments`` are uploads: images, PDFs, Office documents, text or CSV (see
    ``portal.uploads.clean_attachment``), at most ``MAX_ATTACHMENTS``.
    """
    if section.slug in STRUCTURED_SECTIONS:
        raise ValidationError(
            _("%(section)s has its own form, so every post there has what the section needs."),
            params={"section": section.label},
            code="structured_section",
        )
    post, mentioned = _new_post(author=author, section=section, title=title, body=body)
    cleaned = _clean_attachments(attachments)
    if sites or teams or roles:
        set_audience(post, sites=sites, teams=teams, roles=roles)
    if cleaned:
        _store_attachments(post, cleaned)
    _notify_mentions(actor=author, post=post, mentioned=mentioned, target=post)
    return post


@transaction.atomic
def edit_post(*, actor, post, body, title="", add_attachments=(), remove_attachments=()):
    """Change a post's text; add uploads and remove attachments (by id) at the same time."""
    permissions.require(actor, rules.EDIT_POST, post, _("Only the author can edit a post."))
    post.title, post.body, mentioned = _clean_text(title=title, body=body)
    if post.section.slug == CUSTOMER_FEEDBACK:
        _refuse_personal_data(post.title, post.body)
    add_attachments = [upload for upload in add_attachments if upload]
    removing = PostAttachment.objects.none()
    if add_attachments or remove_attachments:
        # Locked, so two edits at once cannot both take the last free place.
        Post.objects.select_for_update().filter(pk=post.pk).values_list("pk").get()
        removing = post.attachments.filter(pk__in=list(remove_attachments))
    if add_attachments:
        _refuse_attachments_on_structured(post.section)
    keeping = post.attachments.exclude(pk__in=removing.values("pk")).count()
    cleaned = _clean_attachments(add_attachments, keeping=keeping)
    gone = list(removing.values_list("file", flat=True))
    removing.delete()
    # Files go only once the rows are gone for good; a rollback keeps both.
    transaction.on_commit(partial(_delete_files, gone))
    if cleaned:
        _store_attachments(post, cleaned)
    post.body_html = render_with_mentions(post.body)
    post.edited_at = timezone.now()
    post.save(update_fields=["title", "body", "body_html", "edited_at"])
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


def _clean_comment(body, *, post):
    body = (body or "").strip()
    if post.section.slug == CUSTOMER_FEEDBACK:
        # The same rule as the feedback itself: no customer details anywhere in the thread.
        _refuse_personal_data(body)
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
    body, mentioned = _clean_comment(body, post=post)
    comment = Comment.objects.create(
        post=post, author=author, parent=parent, body=body, body_html=render_with_mentions(body)
    )
    told = parent.author if parent is not None else post.author
    if parent is not None:
        template = gettext_lazy("%(name)s replied to your comment on “%(post)s”")
    else:
        template = gettext_lazy("%(name)s commented on your post “%(post)s”")
    _notify_if_visible(
        recipient=told,
        post=post,
        verb=NotificationVerb.REPLY,
        actor=author,
        target=comment,
        message=lambda: template % {"name": _name(author), "post": _post_name(post)},
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
    comment.body, mentioned = _clean_comment(body, post=comment.post)
    comment.body_html = render_with_mentions(comment.body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
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
        message=lambda: (
            _("%(name)s reacted to your post “%(post)s”: %(reaction)s")
            % {"name": _name(user), "post": _post_name(post), "reaction": ReactionKind(kind).label}
        ),
        url=post.get_absolute_url(),
        dedupe_key=f"reaction:{post.pk}:{user.pk}:{kind}",
    )
    return True


# Recognition ------------------------------------------------------------------------


def _require_colleague(person, *, actor, self_message):
    if person.pk == actor.pk:
        raise ValidationError(self_message, code="yourself")
    if not person.is_active:
        raise ValidationError(
            _("%(name)s has left, so they cannot receive this."),
            params={"name": person},
            code="inactive",
        )


@transaction.atomic
def give_kudos(*, giver, recipient, value, message):
    """Thank a colleague in the Recognition section; they are told."""
    _require_colleague(
        recipient,
        actor=giver,
        self_message=_("Kudos are for thanking someone else. Pick a colleague."),
    )
    if value not in KudosValue.values:
        raise ValidationError(_("Choose what the kudos are for."), code="value")
    if not (message or "").strip():
        raise ValidationError(
            _("Say what they did: a line or two makes kudos mean something."), code="empty"
        )
    post, mentioned = _new_post(
        author=giver, section=Section.objects.get(slug=RECOGNITION), title="", body=message
    )
    _notify_mentions(actor=giver, post=post, mentioned=mentioned, target=post)
    kudos = Kudos.objects.create(post=post, recipient=recipient, value=value)
    notify(
        recipient=recipient,
        verb=NotificationVerb.KUDOS,
        actor=giver,
        target=post,
        message=lambda: (
            _("%(name)s gave you kudos: %(value)s")
            % {"name": giver, "value": kudos.get_value_display()}
        ),
        url=post.get_absolute_url(),
        dedupe_key=f"kudos:{post.pk}",
    )
    return kudos


@transaction.atomic
def nominate(*, nominator, nominee, reason):
    """Nominate a colleague for this week's agent of the week, once per colleague."""
    permissions.require(nominator, rules.NOMINATE)
    _require_colleague(
        nominee,
        actor=nominator,
        self_message=_("You cannot nominate yourself. Nominate a colleague who deserves it."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Say why they deserve it: the manager choosing reads every reason."), code="empty"
        )
    max_length = Nomination._meta.get_field("reason").max_length
    if len(reason) > max_length:
        raise ValidationError(
            _("Keep the reason under %(limit)s characters."),
            params={"limit": max_length},
            code="too_long",
        )
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                week=current_week(), nominee=nominee, nominated_by=nominator, reason=reason
            )
    except IntegrityError:
        raise ValidationError(
            _("You have already nominated %(name)s this week."),
            params={"name": nominee},
            code="duplicate",
        ) from None


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


@transaction.atomic
def pick_agent_of_the_week(*, actor, winner, citation):
    """Choose this week's agent of the week from its nominees; the choice is final."""
    permissions.require(
        actor,
        rules.PICK_AGENT_OF_THE_WEEK,
        message=_("Only managers and administrators pick the agent of the week."),
    )
    week = current_week()
    if not Nomination.objects.filter(week=week, nominee=winner).exists():
        raise ValidationError(
            _("%(name)s has not been nominated this week. Pick one of this week's nominees."),
            params={"name": winner},
            code="not_nominated",
        )
    citation = (citation or "").strip()
    if not citation:
        raise ValidationError(
            _("Write a line the floor will see: why they are agent of the week."), code="empty"
        )
    try:
        with transaction.atomic():
            award = AgentOfTheWeek.objects.create(
                week=week, winner=winner, chosen_by=actor, citation=citation
            )
    except IntegrityError:
        raise ValidationError(
            _("This week's agent of the week has already been chosen."), code="duplicate"
        ) from None
    notify(
        recipient=winner,
        verb=NotificationVerb.KUDOS,
        actor=actor,
        target=award,
        message=lambda: _("You are agent of the week! %(citation)s") % {"citation": citation},
        url=reverse("community:agent_of_the_week"),
        dedupe_key=f"agent-of-the-week:{week.isoformat()}",
    )
    return award


# Lost and found ---------------------------------------------------------------------


@transaction.atomic
def report_lost_item(*, author, kind, what, where, when, details="", photo=None):
    """Post something lost or found; ``photo`` is an upload, checked and re-encoded here."""
    if kind not in LostItem.Kind.values:
        raise ValidationError(_("Say whether you lost or found it."), code="kind")
    what, where = (what or "").strip(), (where or "").strip()
    errors = {}
    if not what:
        errors["what"] = _("Say what it is, for example “blue umbrella”.")
    if not where:
        errors["where"] = _("Say where, for example “kitchen, 2nd floor”.")
    if when is None:
        errors["when"] = _("Say when, as near as you know.")
    elif when > timezone.now() + timedelta(minutes=5):
        errors["when"] = _("That time is in the future. When did it happen?")
    if photo:
        try:
            photo = clean_image(photo, max_bytes=PHOTO_MAX_BYTES, max_side=1600)
        except ValidationError as error:
            errors["photo"] = error.messages
    if errors:
        raise ValidationError(errors)
    label = LostItem.Kind(kind).label
    post, mentioned = _new_post(
        author=author,
        section=Section.objects.get(slug=LOST_AND_FOUND),
        title=f"{label}: {what}",
        body=details,
        body_required=False,
    )
    _notify_mentions(actor=author, post=post, mentioned=mentioned, target=post)
    item = LostItem(post=post, kind=kind, what=what, where=where, when=when)
    if photo:
        item.photo.save(photo.name, photo, save=False)
    item.save()
    return item


def _locked_item(item):
    return LostItem.objects.select_for_update(of=("self",)).select_related("post").get(pk=item.pk)


@transaction.atomic
def claim_item(*, claimant, item, message=""):
    """Say "that's mine" (or "I found it"); the poster is told. One claim per person."""
    # Locked, so a claim cannot slip in after the poster marked the item returned.
    item = _locked_item(item)
    permissions.require(
        claimant, rules.CLAIM_ITEM, item, _("This is your own post: you cannot claim it.")
    )
    if not item.is_open:
        raise ValidationError(
            _("This item has been returned, so it takes no more claims."), code="closed"
        )
    message = (message or "").strip()[: Claim._meta.get_field("message").max_length]
    try:
        with transaction.atomic():
            claim = Claim.objects.create(item=item, claimant=claimant, message=message)
    except IntegrityError:
        raise ValidationError(
            _("You have already claimed this. The poster has been told."), code="duplicate"
        ) from None
    if item.kind == LostItem.Kind.FOUND:
        text = gettext_lazy("%(name)s says the %(what)s you found is theirs.")
    else:
        text = gettext_lazy("%(name)s may have found your %(what)s.")
    notify(
        recipient=item.post.author,
        verb=NotificationVerb.REPLY,
        actor=claimant,
        target=item.post,
        message=lambda: text % {"name": claimant, "what": item.what},
        url=item.post.get_absolute_url(),
        dedupe_key=f"lost-item-claim:{claim.pk}",
    )
    return claim


@transaction.atomic
def mark_returned(*, actor, item, returned_to=None):
    """Close the item: returned (to one of the claimants, if chosen); no more claims."""
    item = _locked_item(item)
    permissions.require(
        actor, rules.MARK_RETURNED, item, _("Only the person who posted it can mark it returned.")
    )
    if not item.is_open:
        raise ValidationError(_("This item is already marked returned."), code="closed")
    if returned_to is not None and not item.claims.filter(claimant=returned_to).exists():
        raise ValidationError(
            _("%(name)s has not claimed this item."), params={"name": returned_to}, code="claimant"
        )
    item.state = LostItem.State.RETURNED
    item.returned_at = timezone.now()
    item.returned_to = returned_to
    item.save(update_fields=["state", "returned_at", "returned_to"])
    if returned_to is not None:
        notify(
            recipient=returned_to,
            verb=NotificationVerb.REPLY,
            actor=actor,
            target=item.post,
            message=lambda: (
                _("%(name)s marked the %(what)s as returned to you.")
                % {"name": actor, "what": item.what}
            ),
            url=item.post.get_absolute_url(),
            dedupe_key=f"lost-item-returned:{item.pk}",
        )
    return item


# Customer feedback ------------------------------------------------------------------


def _refuse_personal_data(*texts):
    found = find_personal_data(*texts)
    if found:
        raise ValidationError(
            _(
                "This looks like it contains customer details: %(found)s. Remove them and "
                "try again; describe what happened, not who it happened to."
            ),
            params={"found": join_list(found)},
            code="personal_data",
        )


@transaction.atomic
def share_customer_feedback(*, author, kind, channel, body, product="", title=""):
    if kind not in CustomerFeedback.Kind.values:
        raise ValidationError(_("Say whether it is a compliment or a complaint."), code="kind")
    if channel not in CustomerFeedback.Channel.values:
        raise ValidationError(_("Say how the customer got in touch."), code="channel")
    product = (product or "").strip()
    if len(product) > CustomerFeedback._meta.get_field("product").max_length:
        raise ValidationError(_("Keep the product name short."), code="product")
    _refuse_personal_data(title, body, product)
    post, mentioned = _new_post(
        author=author, section=Section.objects.get(slug=CUSTOMER_FEEDBACK), title=title, body=body
    )
    _notify_mentions(actor=author, post=post, mentioned=mentioned, target=post)
    return CustomerFeedback.objects.create(post=post, kind=kind, channel=channel, product=product)


@transaction.atomic
def set_feedback_highlight(*, actor, feedback, highlighted):
    """Highlight feedback the floor should learn from (or take the highlight off)."""
    permissions.require(
        actor,
        rules.HIGHLIGHT_FEEDBACK,
        feedback,
        _("Only managers and administrators can highlight customer feedback."),
    )
    if feedback.highlighted == highlighted:
        return feedback
    if highlighted and CustomerFeedback.objects.filter(highlighted=True).count() >= MAX_HIGHLIGHTED:
        raise ValidationError(
            _("At most %(limit)s pieces of feedback can be highlighted at once. Unhighlight one."),
            params={"limit": MAX_HIGHLIGHTED},
            code="too_many_highlighted",
        )
    feedback.highlighted = highlighted
    feedback.highlighted_by = actor if highlighted else None
    feedback.highlighted_at = timezone.now() if highlighted else None
    feedback.save(update_fields=["highlighted", "highlighted_by", "highlighted_at"])
    return feedback


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
    if moderator.pk == post.author_id:
        return
    # No actor: the author hears from "a moderator", not from a named colleague.
    notify(
        recipient=post.author,
        verb=NotificationVerb.MODERATION,
        actor=None,
        target=post,
        message=message,
        url=post.get_absolute_url(),
    )


def _post_name(post):
    """The post as a reader would name it: its title as shown, or the start of its text."""
    return Truncator(" ".join(plain_mentions(post.shown_title or post.body).split())).chars(60)


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
        message=lambda: (
            _("A moderator hid your post “%(post)s”. Reason: %(reason)s")
            % {"post": _post_name(post), "reason": reason}
        ),
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
        message=lambda: (
            _("A moderator restored your post “%(post)s”. Reason: %(reason)s")
            % {"post": _post_name(post), "reason": reason}
        ),
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
