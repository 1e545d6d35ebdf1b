"""The daily briefing: items departments submit, the briefing compiled per site and date,
one delivery per person per date, and acknowledgements of must-read items.

Dates are a site's local calendar dates. A site's briefing for date D is sent at the
site's send time on D and carries the approved items submitted before the cut-off on
D - 1 (see ``briefings.schedule``); what actually went into it is recorded in
``BriefingEntry`` when the dispatcher compiles it, so a briefing never changes after
it has started.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import Department, Role, Site, Targeted, Team
from portal.search import SearchIndex, search_vector_field

TITLE_MAX_LENGTH = 160
BODY_MAX_LENGTH = 10_000
REVIEW_COMMENT_MAX_LENGTH = 2000
MAX_ATTACHMENTS = 4


class Category(models.TextChoices):
    # The order here is the order items appear in a briefing after the must-reads.
    SYSTEM = "system", _("System or outage")
    PRODUCT = "product", _("Product update")
    MARKETING = "marketing", _("Marketing campaign")
    COMPLIANCE = "compliance", _("Compliance")
    HR = "hr", _("HR")
    OTHER = "other", _("Other")


class ItemState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BriefingItem(Targeted):
    """Something a department wants the floor to know, in one briefing per site."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="briefing_items"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    body = models.TextField(_("details"), max_length=BODY_MAX_LENGTH)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("One web address per line, optionally after a label and “|”."),
    )
    must_read = models.BooleanField(
        _("must read"), default=False, help_text=_("Agents confirm that they have read it.")
    )
    # Set only by a manager; puts the item into today's briefing of every site whose
    # briefing for the day it was marked has not started yet.
    urgent = models.BooleanField(_("urgent for today"), default=False)
    urgent_marked_at = models.DateTimeField(_("marked urgent at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ItemState, default=ItemState.SUBMITTED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # The cut-off is measured against this; a returned item that is resubmitted gets a
    # new time, since it was not ready before.
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    review_comment = models.TextField(
        _("comment or reason"), max_length=REVIEW_COMMENT_MAX_LENGTH, blank=True
    )
    # The archive's search (briefings.archive_selectors).
    search_vector = search_vector_field(title="A", body="B")

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("briefing item")
        verbose_name_plural = _("briefing items")
        indexes = [
            SearchIndex(fields=["search_vector"], name="briefing_item_search"),
            models.Index(fields=["state", "submitted_at"], name="briefing_item_queue"),
            models.Index(fields=["author", "-submitted_at"], name="briefing_item_by_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ItemState.values), name="briefing_item_state_known"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=Category.values),
                name="briefing_item_category_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ItemState.APPROVED) | models.Q(approved_at__isnull=False),
                name="briefing_item_approved_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(urgent=False) | models.Q(urgent_marked_at__isnull=False),
                name="briefing_item_urgent_has_time",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("briefings:item", args=[self.pk])

    @property
    def is_editable(self):
        return self.state in {ItemState.SUBMITTED, ItemState.RETURNED}

    def link_list(self):
        """[(label, url)] from the links field; lines that are not http(s) are left out."""
        result = []
        for line in self.links.splitlines():
            label, _sep, url = line.rpartition("|")
            url = url.strip()
            if url.startswith(("https://", "http://")):
                result.append((label.strip() or url, url))
        return result


def briefing_attachment_path(attachment, filename):
    return f"briefings/{filename}"


class BriefingAttachment(models.Model):
    """A document on an item (checked by ``portal.uploads.clean_attachment``)."""

    item = models.ForeignKey(BriefingItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=briefing_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class BriefingState(models.TextChoices):
    SENDING = "sending", _("Sending")
    COMPLETE = "complete", _("Complete")


class Briefing(models.Model):
    """One site's briefing for one local date, compiled when its send time comes."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="briefings")
    date = models.DateField(_("date"))
    state = models.CharField(
        _("state"), max_length=20, choices=BriefingState, default=BriefingState.SENDING
    )
    due_at = models.DateTimeField(_("due at"))
    started_at = models.DateTimeField(_("started at"))
    # Set once every person of the site has a delivery row and none is waiting.
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    late = models.BooleanField(
        _("late"), default=False, help_text=_("The dispatcher started it after its send time.")
    )
    # Deliveries are created in batches by person id; the dispatcher resumes from here.
    last_person_id = models.PositiveBigIntegerField(default=0)
    people_enrolled = models.BooleanField(default=False)
    items = models.ManyToManyField(
        BriefingItem, through="BriefingEntry", related_name="briefings", blank=True
    )

    class Meta:
        ordering = ["-date", "site__name"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        constraints = [
            models.UniqueConstraint(fields=["site", "date"], name="briefing_one_per_site_and_date"),
            models.CheckConstraint(
                condition=models.Q(state__in=BriefingState.values), name="briefing_state_known"
            ),
        ]
        indexes = [models.Index(fields=["state"], name="briefing_state")]

    def __str__(self):
        return f"{self.site} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("briefings:briefing", args=[self.pk])


class BriefingEntry(models.Model):
    """An item in a site's briefing: each item goes out at most once per site."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(BriefingItem, on_delete=models.PROTECT, related_name="entries")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("briefing entry")
        verbose_name_plural = _("briefing entries")
        constraints = [
            models.UniqueConstraint(fields=["item", "site"], name="briefing_entry_once_per_site"),
            models.UniqueConstraint(fields=["briefing", "item"], name="briefing_entry_unique"),
        ]

    def __str__(self):
        return f"{self.briefing}: {self.item}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class BriefingDelivery(models.Model):
    """One person's briefing for one date: at most one per person and date.

    The row is the record of sending: a worker claims it (``sending``), hands the
    message to the mail server, then marks it ``sent``. A transient failure puts it
    back to ``pending`` with ``next_attempt_at``; a permanent one marks it ``failed``.
    The placement (team, department, role) is copied in at enrolment so the
    briefing's figures stay as they were that day.
    """

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_deliveries"
    )
    date = models.DateField(_("date"))
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "person_id"]
        verbose_name = _("briefing delivery")
        verbose_name_plural = _("briefing deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"], name="briefing_delivery_one_per_person_and_date"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=DeliveryState.values),
                name="briefing_delivery_state_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=DeliveryState.SENT) | models.Q(sent_at__isnull=False),
                name="briefing_delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["briefing", "state", "person"], name="briefing_delivery_work"),
            models.Index(fields=["state", "claimed_at"], name="briefing_delivery_claims"),
        ]

    def __str__(self):
        return f"{self.person_id} {self.date:%Y-%m-%d} ({self.state})"

    @property
    def message_id(self):
        """The same Message-ID for every attempt, so a mail server or client can spot a resend."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "switchboard"
        return f"<briefing-{self.date:%Y%m%d}-{self.person_id}-{self.pk}@{domain}>"


class Acknowledgement(models.Model):
    """A person confirms they have read a must-read item."""

    item = models.ForeignKey(
        BriefingItem, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="briefing_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["item", "person"], name="acknowledgement_once"),
        ]

    def __str__(self):
        return f"{self.person_id} read {self.item_id}"


# The marketing calendar ------------------------------------------------------------
#
# Campaigns and launches the departments plan, so the floor can prepare for the contact
# volume they bring. Briefings list the ones starting soon (briefings.calendar_selectors).

CAMPAIGN_TITLE_MAX_LENGTH = 160
CAMPAIGN_DESCRIPTION_MAX_LENGTH = 4000


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    SOCIAL = "social", _("Social media")
    BROADCAST = "broadcast", _("TV or radio")
    WEB = "web", _("Web")
    POST = "post", pgettext_lazy("letters sent by mail", "Post")


class Volume(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Campaign(models.Model):
    """A campaign or launch on the marketing calendar; no sites means every site."""

    title = models.CharField(_("title"), max_length=CAMPAIGN_TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=CAMPAIGN_DESCRIPTION_MAX_LENGTH, blank=True
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    volume = models.CharField(_("expected contact volume"), max_length=10, choices=Volume)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("department")
    )
    sites = models.ManyToManyField(
        Site, blank=True, related_name="campaigns", verbose_name=_("sites")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="campaigns"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["starts_on", "title", "pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="campaign_dates")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(volume__in=Volume.values), name="campaign_volume_known"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("briefings:campaign", args=[self.pk])

    @property
    def volume_tone(self):
        """The badge colour; the badge always says the volume in words too."""
        return {Volume.HIGH: "danger", Volume.MEDIUM: "warning", Volume.LOW: "secondary"}[
            self.volume
        ]

    def channel_labels(self):
        """The channels' names, in the order of ``Channel``; needs ``channels`` prefetched."""
        chosen = {row.channel for row in self.channels.all()}
        # Text now, in the active language: the plain-text email joins them without
        # autoescaping, and ``join`` gives up on lazy labels there.
        return [str(label) for value, label in Channel.choices if value in chosen]


class CampaignChannel(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel)

    class Meta:
        verbose_name = _("campaign channel")
        verbose_name_plural = _("campaign channels")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "channel"], name="campaign_channel_once"),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="campaign_channel_known"
            ),
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.channel}"
