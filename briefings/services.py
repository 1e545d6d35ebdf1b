"""Everything that changes briefing items: submit, edit, withdraw, review, acknowledge."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from briefings import rules, schedule
from briefings.models import (
    BODY_MAX_LENGTH,
    MAX_ATTACHMENTS,
    REVIEW_COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Acknowledgement,
    BriefingAttachment,
    BriefingDelivery,
    BriefingItem,
    Category,
    ItemState,
)
from briefings.selectors import landings, sites_for
from portal import permissions
from portal.audiences import set_audience
from portal.models import NotificationVerb
from portal.notifications import notify
from portal.uploads import clean_attachment

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_IMAGE_SIDE = 2000


def _clean_content(*, title, body, category, links):
    title, body, links = (title or "").strip(), (body or "").strip(), (links or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the item a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("A title can be at most %(limit)s characters.") % {
            "limit": TITLE_MAX_LENGTH
        }
    if not body:
        errors["body"] = _("Write what the floor needs to know.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("The details can be at most %(limit)s characters.") % {
            "limit": BODY_MAX_LENGTH
        }
    if category not in Category.values:
        errors["category"] = _("Choose a category.")
    bad_links = [
        line
        for line in links.splitlines()
        if line.strip() and not line.rpartition("|")[2].strip().startswith(("https://", "http://"))
    ]
    if bad_links:
        errors["links"] = _("“%(line)s” is not a web address starting with https://.") % {
            "line": bad_links[0].strip()
        }
    if errors:
        raise ValidationError(errors)
    return title, body, links


def _check_urgent(item, *, now):
    """An urgent item needs at least one of its sites whose briefing today has not gone."""
    sites = sites_for(item)
    still_to_go = [
        site
        for site in sites
        if schedule.next_send_date(site, now) == schedule.local_date(site, now)
    ]
    if not still_to_go:
        raise ValidationError(
            {
                "urgent": _(
                    "Today's briefing has already gone out at every site this item is for, "
                    "so it cannot be urgent for today. It will go into the next briefing."
                )
            },
            code="too_late_for_today",
        )


def _store_attachment(item, upload):
    if item.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachment": _("An item can have at most %(limit)s attachments.")
                % {"limit": MAX_ATTACHMENTS}
            }
        )
    cleaned = clean_attachment(
        upload, max_bytes=ATTACHMENT_MAX_BYTES, max_image_side=ATTACHMENT_MAX_IMAGE_SIDE
    )
    attachment = BriefingAttachment(
        item=item,
        original_name=cleaned.original_name,
        content_type=cleaned.content_type,
        size=cleaned.size,
    )
    attachment.file.save(cleaned.file.name, cleaned.file, save=False)
    attachment.save()
    return attachment


def submit_item(
    *,
    author,
    title,
    body,
    category,
    links="",
    must_read=False,
    urgent=False,
    sites=(),
    teams=(),
    roles=(),
    attachment=None,
    now=None,
):
    permissions.require(
        author, rules.SUBMIT, message=_("Only department submitters and managers submit items.")
    )
    now = now or timezone.now()
    title, body, links = _clean_content(title=title, body=body, category=category, links=links)
    if urgent:
        permissions.require(
            author, rules.MARK_URGENT, message=_("Only a manager can mark an item urgent.")
        )
    profile = getattr(author, "profile", None)
    with transaction.atomic():
        item = BriefingItem.objects.create(
            author=author,
            department=profile.department if profile else None,
            title=title,
            body=body,
            category=category,
            links=links,
            must_read=bool(must_read),
            urgent=bool(urgent),
            urgent_marked_at=now if urgent else None,
            created_at=now,
            submitted_at=now,
        )
        set_audience(item, sites=sites, teams=teams, roles=roles)
        if urgent:
            _check_urgent(item, now=now)
        if attachment is not None:
            _store_attachment(item, attachment)
    return item


@transaction.atomic
def edit_item(
    *,
    item,
    editor,
    title,
    body,
    category,
    links="",
    must_read=False,
    urgent=None,
    sites=(),
    teams=(),
    roles=(),
    attachment=None,
    now=None,
):
    """Change an item still waiting for review; a returned item goes back into the queue."""
    now = now or timezone.now()
    item = BriefingItem.objects.select_for_update().get(pk=item.pk)
    permissions.require(
        editor,
        rules.EDIT_ITEM,
        item,
        message=_("This item can no longer be changed: it has been reviewed or withdrawn."),
    )
    title, body, links = _clean_content(title=title, body=body, category=category, links=links)
    item.title, item.body, item.category, item.links = title, body, category, links
    item.must_read = bool(must_read)
    if urgent is not None and bool(urgent) != item.urgent:
        permissions.require(
            editor, rules.MARK_URGENT, message=_("Only a manager can mark an item urgent.")
        )
        item.urgent = bool(urgent)
        item.urgent_marked_at = now if urgent else None
    if item.state == ItemState.RETURNED and item.author_id == editor.pk:
        # Resubmitted: it is ready now, so the cut-off counts from now.
        item.state = ItemState.SUBMITTED
        item.submitted_at = now
    item.save()
    set_audience(item, sites=sites, teams=teams, roles=roles)
    if item.urgent:
        _check_urgent(item, now=now)
    if attachment is not None:
        _store_attachment(item, attachment)
    return item


WITHDRAW_REFUSED = gettext_lazy(
    "Only its author can withdraw an item, and only until it is approved."
)


@transaction.atomic
def withdraw_item(*, item, user):
    item = BriefingItem.objects.select_for_update().get(pk=item.pk)
    permissions.require(user, rules.WITHDRAW_ITEM, item, message=WITHDRAW_REFUSED)
    item.state = ItemState.WITHDRAWN
    item.save(update_fields=["state", "updated_at"])
    return item


def _dates_sentence(item, now):
    return "; ".join(
        _("%(site)s %(date)s") % {"site": landing.site.name, "date": f"{landing.date:%d %b}"}
        for landing in landings(item, now=now)
    )


@transaction.atomic
def review_item(*, item, reviewer, decision, comment="", now=None):
    """Approve, return (with a comment) or reject (with a reason); the author is told."""
    now = now or timezone.now()
    item = BriefingItem.objects.select_for_update().get(pk=item.pk)
    permissions.require(
        reviewer,
        rules.REVIEW,
        item,
        message=_("Only managers review briefing items, and only items waiting for review."),
    )
    comment = (comment or "").strip()
    if len(comment) > REVIEW_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": _("Keep it under %(limit)s characters.") % {"limit": 2000}}
        )
    if decision == ItemState.APPROVED:
        item.approved_at = now
        template = gettext_lazy("“%(title)s” is approved for the briefing: %(dates)s.")
    elif decision == ItemState.RETURNED:
        if not comment:
            raise ValidationError({"comment": _("Say what needs changing before returning it.")})
        template = gettext_lazy("“%(title)s” was returned for changes: %(comment)s")
    elif decision == ItemState.REJECTED:
        if not comment:
            raise ValidationError({"comment": _("Give the reason for rejecting it.")})
        template = gettext_lazy("“%(title)s” was not accepted for the briefing: %(comment)s")
    else:
        raise ValidationError(_("Choose approve, return or reject."))
    item.state = decision
    item.reviewed_by = reviewer
    item.reviewed_at = now
    item.review_comment = comment
    item.save()
    notify(
        recipient=item.author,
        verb=NotificationVerb.BRIEFING_REVIEW,
        actor=reviewer,
        target=item,
        message=lambda: (
            template
            % {"title": item.title, "comment": comment, "dates": _dates_sentence(item, now)}
        ),
        url=item.get_absolute_url(),
        dedupe_key=f"briefing-review-{item.pk}-{decision}-{now.isoformat()}",
    )
    return item


def record_read(*, delivery, now=None):
    """The first opening counts; later ones change nothing."""
    if delivery.read_at is None:
        now = now or timezone.now()
        BriefingDelivery.objects.filter(pk=delivery.pk, read_at__isnull=True).update(read_at=now)
        delivery.read_at = now
    return delivery


def acknowledge(*, item, user, now=None):
    permissions.require(
        user,
        rules.ACKNOWLEDGE,
        item,
        message=_("Only people who received this must-read item can confirm reading it."),
    )
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                item=item, person=user, acknowledged_at=now or timezone.now()
            )
    except IntegrityError:
        # Pressed twice, or in two tabs: the first one counts.
        return Acknowledgement.objects.get(item=item, person=user)
