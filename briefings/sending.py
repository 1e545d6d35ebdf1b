"""Compiling and sending the daily briefing.

Beat runs ``dispatch`` every minute (in UTC). For every site whose send time has passed
today (in the site's zone) and whose briefing for today is not complete, it

1. get-or-creates the ``Briefing`` (unique per site and date) and, when creating it,
   records which approved items go into it (``BriefingEntry``, unique per item and site);
2. enrols every active person of the site: ``BriefingDelivery`` rows created in batches
   of people streamed by id (``bulk_create(ignore_conflicts=True)`` against the unique
   person-and-date constraint, so a second dispatcher or a rerun adds nothing);
3. puts rows stuck in ``sending`` by a dead worker back to ``pending``, and enqueues one
   batch task per range of person ids that has rows ready to send.

A batch task claims its ready rows a few at a time (``SELECT … FOR UPDATE SKIP LOCKED``,
marked ``sending``), sends them over one SMTP connection and records each result as soon
as the mail server answers. What is and is not guaranteed when a worker dies mid-batch:
rows it had not reached stay ``sending`` and are sent later, once; the one message the
server may have accepted just before the worker died, before its row was marked ``sent``,
is sent again. That window is a single message per dead worker, and the message carries
the same Message-ID both times, so mail clients can fold the duplicate.

A briefing that starts more than ``schedule.LATE_AFTER`` after its send time (the
scheduler or the workers were down) is marked late; it is never skipped. Before today's
send time the current briefing is yesterday's, so a scheduler that was down from 07:00
until 02:00 the next night still sends yesterday's briefing, late, when it comes back.
"""

import datetime
import email.policy
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from briefings import schedule, selectors
from briefings.calendar_selectors import campaigns_starting_soon
from briefings.models import (
    Briefing,
    BriefingDelivery,
    BriefingEntry,
    BriefingItem,
    BriefingState,
    DeliveryState,
    ItemState,
)
from portal import audiences, languages
from portal.models import Site

logger = logging.getLogger(__name__)

ENROL_BATCH = 1000
SEND_BATCH = 500
CLAIM_CHUNK = 100
# A claim older than this belongs to a worker that died: a batch of SEND_BATCH messages
# takes seconds.
STALE_CLAIM = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 6
# Items approved this long before a briefing and never sent to a site are not picked up
# by it (e.g. a site added later does not get last month's news).
CARRY_OVER = datetime.timedelta(days=14)


PLACEHOLDER_TO = "recipient@briefing.invalid"
PLACEHOLDER_MESSAGE_ID = "<message-id@briefing.invalid>"


def retry_delay(attempts):
    """1, 2, 4, 8, 16 minutes, then 30."""
    return datetime.timedelta(minutes=min(2 ** max(attempts - 1, 0), 30))


# Dispatching -----------------------------------------------------------------------


def dispatch(*, now=None):
    """Work out what is due and start or continue it; return the ids of briefings touched."""
    now = now or timezone.now()
    touched = []
    sites = list(Site.objects.all())
    for site in sites:
        date = schedule.current_date(site, now)
        if Briefing.objects.filter(site=site, date=date, state=BriefingState.COMPLETE).exists():
            continue
        briefing = start_briefing(site=site, date=date, now=now, all_sites=sites)
        touched.append(briefing.pk)
    # Earlier briefings still retrying transient failures.
    for briefing_id in (
        Briefing.objects.filter(state=BriefingState.SENDING)
        .exclude(pk__in=touched)
        .values_list("pk", flat=True)
    ):
        touched.append(briefing_id)
    for briefing_id in touched:
        continue_briefing(briefing_id=briefing_id, now=now)
    return touched


def start_briefing(*, site, date, now, all_sites=None):
    """Get or create the site's briefing for ``date``, compiling its items on creation."""
    due_at = schedule.send_at(site, date)
    with transaction.atomic():
        briefing, created = Briefing.objects.get_or_create(
            site=site,
            date=date,
            defaults={
                "due_at": due_at,
                "started_at": now,
                "late": now - due_at > schedule.LATE_AFTER,
            },
        )
        if created:
            compile_items(briefing, all_sites=all_sites)
    if created and briefing.late:
        logger.warning("Briefing %s started late at %s (due %s)", briefing, now, due_at)
    return briefing


def compile_items(briefing, *, all_sites=None):
    """Record the approved items that go into this briefing; each goes to a site once."""
    site = briefing.site
    all_sites = all_sites if all_sites is not None else list(Site.objects.all())
    candidates = selectors.with_audience(
        BriefingItem.objects.filter(
            state=ItemState.APPROVED,
            approved_at__lt=briefing.due_at,
            approved_at__gte=briefing.due_at - CARRY_OVER,
        ).exclude(entries__site=site)
    )
    entries = [
        BriefingEntry(briefing=briefing, item=item, site=site)
        for item in candidates
        if site in selectors.sites_for(item, all_sites=all_sites)
        and schedule.scheduled_date(item, site) <= briefing.date
    ]
    BriefingEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return entries


def continue_briefing(*, briefing_id, now):
    from briefings.tasks import send_briefing_batch

    with transaction.atomic():
        # One dispatcher at a time per briefing; a second one (a duplicate tick) skips it.
        briefing = (
            Briefing.objects.select_for_update(skip_locked=True)
            .select_related("site")
            .filter(pk=briefing_id, state=BriefingState.SENDING)
            .first()
        )
        if briefing is None:
            return
        if not briefing.people_enrolled:
            enrol_people(briefing)
        rows = BriefingDelivery.objects.filter(briefing=briefing)
        rows.filter(state=DeliveryState.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
            state=DeliveryState.PENDING, claimed_at=None
        )
        ranges = ready_ranges(briefing, now)
        for first, last in ranges:
            send_briefing_batch.delay_on_commit(briefing.pk, first, last)
        if not rows.filter(state__in=[DeliveryState.PENDING, DeliveryState.SENDING]).exists():
            briefing.state = BriefingState.COMPLETE
            briefing.finished_at = now
            briefing.save(update_fields=["state", "finished_at"])


def enrol_people(briefing):
    """One delivery row per active person of the site, streamed by id in batches."""
    people = (
        get_user_model()
        .objects.filter(is_active=True, profile__site=briefing.site_id)
        .order_by("pk")
        .values_list("pk", "profile__team_id", "profile__department_id", "role")
    )
    last = briefing.last_person_id
    while chunk := list(people.filter(pk__gt=last)[:ENROL_BATCH]):
        BriefingDelivery.objects.bulk_create(
            [
                BriefingDelivery(
                    briefing=briefing,
                    person_id=person_id,
                    date=briefing.date,
                    team_id=team_id,
                    department_id=department_id,
                    role=role,
                )
                for person_id, team_id, department_id, role in chunk
            ],
            ignore_conflicts=True,
        )
        last = chunk[-1][0]
    briefing.last_person_id = last
    briefing.people_enrolled = True
    briefing.save(update_fields=["last_person_id", "people_enrolled"])


def ready_ranges(briefing, now):
    """(first, last) person ids covering the rows ready to send, SEND_BATCH rows per range."""
    table = BriefingDelivery._meta.db_table
    sql = f"""
        SELECT MIN(person_id), MAX(person_id) FROM (
            SELECT person_id, (ROW_NUMBER() OVER (ORDER BY person_id) - 1) / %s AS bucket
            FROM {table}
            WHERE briefing_id = %s AND state = %s
              AND (next_attempt_at IS NULL OR next_attempt_at <= %s)
        ) AS numbered GROUP BY bucket ORDER BY 1
    """
    with db_connection.cursor() as cursor:
        cursor.execute(sql, [SEND_BATCH, briefing.pk, DeliveryState.PENDING, now])
        return [tuple(row) for row in cursor.fetchall()]


# Sending ---------------------------------------------------------------------------


def claim(*, briefing_id, first, last, now, limit=CLAIM_CHUNK):
    """Mark up to ``limit`` ready rows of the range ``sending`` and return them."""
    with transaction.atomic():
        ids = list(
            BriefingDelivery.objects.select_for_update(skip_locked=True)
            .filter(
                briefing_id=briefing_id,
                person_id__gte=first,
                person_id__lte=last,
                state=DeliveryState.PENDING,
            )
            .exclude(next_attempt_at__gt=now)
            .order_by("person_id")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        BriefingDelivery.objects.filter(pk__in=ids).update(
            state=DeliveryState.SENDING, claimed_at=now
        )
    # Each person's language comes with their row: one query however many languages.
    return list(
        BriefingDelivery.objects.filter(pk__in=ids)
        .select_related("person")
        .annotate(language=F("person__profile__language"))
        .order_by("person_id")
    )


def default_connection():
    return mailers.default


def send_batch(*, briefing_id, first, last, connection_factory=default_connection):
    """Send the ready rows of one id range over one SMTP connection; safe to run twice."""
    briefing = Briefing.objects.select_related("site").filter(pk=briefing_id).first()
    if briefing is None:
        return 0
    renderer = Renderer(briefing)
    connection = None
    sent = 0
    _relax_commit_flush(True)
    try:
        while rows := claim(briefing_id=briefing_id, first=first, last=last, now=timezone.now()):
            if connection is None:
                connection = connection_factory()
                try:
                    connection.open()
                except (smtplib.SMTPException, OSError) as error:
                    connection = None
                    _release(rows, f"{type(error).__name__}: {error}")
                    return sent
            for index, row in enumerate(rows):
                outcome = _send_one(connection, renderer, row)
                _record(row, outcome)
                if outcome.kind == "sent":
                    sent += 1
                elif outcome.kind == "connection":
                    # The server is unreachable: give the rest of the claim back untried.
                    _release(rows[index + 1 :], outcome.error)
                    return sent
    finally:
        _relax_commit_flush(False)
        if connection is not None:
            try:
                connection.close()
            except (OSError, smtplib.SMTPException):
                logger.warning("Closing the SMTP connection failed", exc_info=True)
    return sent


def _relax_commit_flush(relaxed):
    """Let this session's commits return before PostgreSQL flushes them to disk.

    Each message is recorded by its own commit (the crash window stays one message), and
    waiting for the disk on each was most of the time per message. A commit is still
    visible to every other session at once, so a killed worker loses nothing; only if
    PostgreSQL itself crashes can the last fraction of a second of "sent" marks be lost,
    and those few people would get the briefing a second time (same Message-ID).
    """
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute(
                "SET synchronous_commit TO off" if relaxed else "RESET synchronous_commit"
            )


class Outcome:
    def __init__(self, kind, error=""):
        self.kind = kind  # sent, transient, permanent or connection
        self.error = error[:500]


def _send_one(connection, renderer, row):
    try:
        smtp = getattr(connection, "connection", None)
        if isinstance(smtp, smtplib.SMTP) and (raw := renderer.raw_message(row)) is not None:
            smtp.sendmail(renderer.envelope_from(connection), [row.person.email], raw)
        else:
            connection.send_messages([renderer.message(row)])
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        return _by_code(code, reply)
    except smtplib.SMTPResponseException as error:
        return _by_code(error.smtp_code, error.smtp_error)
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        return Outcome("connection", f"{type(error).__name__}: {error}")
    return Outcome("sent")


def _by_code(code, reply):
    if isinstance(reply, bytes):
        reply = reply.decode(errors="replace")
    text = f"{code} {reply}"
    return Outcome("permanent" if 500 <= code < 600 else "transient", text)


def _record(row, outcome):
    now = timezone.now()
    claimed = BriefingDelivery.objects.filter(pk=row.pk, state=DeliveryState.SENDING)
    attempts = row.attempts + 1
    if outcome.kind == "sent":
        claimed.update(state=DeliveryState.SENT, sent_at=now, attempts=F("attempts") + 1)
    elif outcome.kind == "permanent" or attempts >= MAX_ATTEMPTS:
        claimed.update(
            state=DeliveryState.FAILED,
            attempts=F("attempts") + 1,
            last_error=outcome.error,
            claimed_at=None,
        )
    else:
        claimed.update(
            state=DeliveryState.PENDING,
            attempts=F("attempts") + 1,
            last_error=outcome.error,
            next_attempt_at=now + retry_delay(attempts),
            claimed_at=None,
        )


def _release(rows, error):
    BriefingDelivery.objects.filter(
        pk__in=[row.pk for row in rows], state=DeliveryState.SENDING
    ).update(
        state=DeliveryState.PENDING,
        claimed_at=None,
        next_attempt_at=timezone.now() + retry_delay(1),
        last_error=error[:500],
    )


class Renderer:
    """Renders a briefing once per placement and language: people placed alike get the
    same items, each in their own language (rows carry it from ``claim``)."""

    def __init__(self, briefing):
        self.briefing = briefing
        self.items = selectors.compiled_items(briefing)
        self.upcoming_campaigns = campaigns_starting_soon(briefing.site, briefing.date)
        self.rendered = {}
        self.serialised = {}
        self.sender = None
        self.portal_url = settings.SITE_URL.rstrip("/")

    def items_for(self, *, team_id, department_id, role):
        return [
            item
            for item in self.items
            if audiences.includes(
                item.audience,
                site_id=self.briefing.site_id,
                team_id=team_id,
                department_id=department_id,
                role=role,
            )
        ]

    def render(self, *, team_id, department_id, role, language=None):
        language = language or settings.LANGUAGE_CODE
        key = (team_id, department_id, role, language)
        if key not in self.rendered:
            items = self.items_for(team_id=team_id, department_id=department_id, role=role)
            context = {
                "briefing": self.briefing,
                "site": self.briefing.site,
                "items": items,
                "must_read_count": sum(1 for item in items if item.must_read),
                "briefing_url": self.portal_url + reverse("briefings:index"),
                "portal_url": self.portal_url,
                "upcoming_campaigns": self.upcoming_campaigns,
            }
            with translation.override(language):
                subject = render_to_string("briefings/email/briefing_subject.txt", context)
                self.rendered[key] = (
                    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
                    render_to_string("briefings/email/briefing_message.txt", context),
                    render_to_string("briefings/email/briefing_message.html", context),
                )
        return self.rendered[key]

    def raw_message(self, row):
        """The SMTP bytes for one person, from the placement's message serialised once.

        Building a MIME message costs milliseconds; people placed alike get the same one,
        so only the To and Message-ID headers are put in per person. None when the
        address needs encoding, so the caller builds that message the ordinary way.
        """
        address = row.person.email
        if not address.isascii() or any(char in address for char in "\r\n<>,\"' "):
            return None
        language = languages.for_email(row.language)
        key = (row.team_id, row.department_id, row.role, language)
        if key not in self.serialised:
            subject, text, html = self.render(
                team_id=row.team_id,
                department_id=row.department_id,
                role=row.role,
                language=language,
            )
            template = EmailMultiAlternatives(
                subject,
                text,
                settings.DEFAULT_FROM_EMAIL,
                [PLACEHOLDER_TO],
                headers={"Message-ID": PLACEHOLDER_MESSAGE_ID},
            )
            template.attach_alternative(html, "text/html")
            self.serialised[key] = template.message(policy=email.policy.SMTP).as_bytes()
        raw = self.serialised[key]
        return raw.replace(
            b"To: " + PLACEHOLDER_TO.encode(), b"To: " + address.encode(), 1
        ).replace(PLACEHOLDER_MESSAGE_ID.encode(), row.message_id.encode(), 1)

    def envelope_from(self, connection):
        if self.sender is None:
            self.sender = connection.prep_address(settings.DEFAULT_FROM_EMAIL)
        return self.sender

    def message(self, row):
        subject, text, html = self.render(
            team_id=row.team_id,
            department_id=row.department_id,
            role=row.role,
            language=languages.for_email(row.language),
        )
        message = EmailMultiAlternatives(
            subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [row.person.email],
            headers={"Message-ID": row.message_id},
        )
        message.attach_alternative(html, "text/html")
        return message
