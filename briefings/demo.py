"""Demo briefings: three weeks of approved items and sent briefings, a review queue, and
one item approved at 15:55 that goes out in the next 07:30 briefing.

Called from ``portal.demo.seed_demo``. Safe to run twice (it does nothing the second
time) and sends no email: past briefings are recorded as sent, not sent again.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from briefings import schedule, selectors, sending, services
from briefings.models import (
    Acknowledgement,
    Briefing,
    BriefingDelivery,
    BriefingItem,
    BriefingState,
    Category,
    DeliveryState,
)
from portal import audiences
from portal.models import Role, Site, User
from portal.notifications import without_email

SEED = 4
DAYS = 21
NEXT_MORNING_TITLE = "New broadband bundles go live: what customers will ask"

# title, category, department submitting it, must read, body
HISTORY = [
    ("Direct debit dates move for January bills", Category.PRODUCT, "Billing", True,
     "Bills dated 1 to 5 January collect on the **8th**. Customers do not need to do "
     "anything; reassure anyone who calls and note the account."),
    ("Spring upgrade campaign: 20% off handsets", Category.MARKETING, "Marketing", False,
     "Emails and texts go to eligible customers from Monday. Expect upgrade questions; "
     "the offer code is `SPRING20` and it works online and on the phone."),
    ("Planned maintenance on the billing system, Sunday 02:00 to 04:00", Category.SYSTEM,
     "IT", True,
     "Payments taken during the window are queued and applied afterwards. Tell customers "
     "their payment is safe; do not take it twice."),
    ("Updated complaints script for vulnerable customers", Category.COMPLIANCE,
     "Customer Service", True,
     "Use the new opening from today. The full script is in the knowledge base under "
     "*Complaints → Vulnerability*."),
    ("Holiday requests for Easter close on Friday", Category.HR, "HR", False,
     "Book through the HR portal. Requests after Friday go on the reserve list."),
    ("eSIM activation now works for all iPhones", Category.PRODUCT, "Product", False,
     "No more workaround: activation takes about two minutes. The old article has been "
     "withdrawn."),
    ("Router firmware update: lights flash blue for ten minutes", Category.SYSTEM, "IT",
     False, "Customers may call about blue lights overnight. It is the update; nothing to "
     "do unless it lasts over an hour."),
    ("Price change letters reach customers this week", Category.PRODUCT, "Billing", True,
     "Prices rise by the amount in the contract from 1 April. The letter explains it; the "
     "FAQ is linked below."),
    ("Refer a friend: £50 each until the end of the month", Category.MARKETING, "Marketing",
     False, "Both customers get £50 credit once the friend's line is live."),
    ("Fire drill at Cardiff on Thursday at 11:00", Category.OTHER, "Customer Service", False,
     "Finish your call, then leave by the nearest exit. Team leaders take the register."),
    ("Data protection refresher due this month", Category.COMPLIANCE, "HR", True,
     "Twenty minutes in the learning portal. It counts towards this quarter's scorecard."),
    ("New IVR option for business customers", Category.PRODUCT, "Product", False,
     "Option 4 now goes straight to the business team."),
]  # fmt: skip

WAITING = [
    ("Mobile roaming bundles for the summer", Category.PRODUCT, "Product",
     "From June, roaming in 50 countries is included in every bundle over £20."),
    ("Charity bake sale on Friday", Category.OTHER, "HR",
     "In the canteen from 12:00. All money goes to the local food bank."),
]  # fmt: skip
# About one building: only Cardiff's briefing carries them.
CARDIFF_ONLY = {"Fire drill at Cardiff on Thursday at 11:00", "Charity bake sale on Friday"}
RETURNED = (
    "Outage map changes",
    Category.SYSTEM,
    "IT",
    "The outage map is changing.",
    "Say when it changes and what agents should tell customers; link the new map.",
)


def briefings_seeded():
    return BriefingItem.objects.filter(title=NEXT_MORNING_TITLE).exists()


def _submitter_for(department, submitters, fallback):
    return next(
        (person for person in submitters if person.profile.department.name == department),
        fallback,
    )


def seed_briefings(now=None):
    """Create the demo briefings; returns how many items it made, or None if already there."""
    if briefings_seeded():
        return None
    now = now or timezone.now()
    rng = random.Random(SEED)
    manager = User.objects.get(email="manager@switchboard.example")
    submitters = list(
        User.objects.filter(role=Role.SUBMITTER, is_active=True).select_related(
            "profile__department"
        )
    )
    fallback = next(p for p in submitters if p.email == "submitter@switchboard.example")
    sites = list(Site.objects.all())
    cardiff = next(site for site in sites if site.name == "Cardiff")
    created = 0
    with without_email(), transaction.atomic():
        # History: each day one or two items submitted before the cut-off, approved soon after.
        for days_ago in range(DAYS, 0, -1):
            day = timezone.localdate(now, timezone=schedule.zone_of(cardiff)) - datetime.timedelta(
                days=days_ago
            )
            for _ in range(rng.choice((1, 1, 2))):
                title, category, department, must_read, body = rng.choice(HISTORY)
                submitted = schedule.local_moment(
                    cardiff, day, datetime.time(rng.randint(9, 14), rng.choice((0, 15, 30, 45)))
                )
                item = services.submit_item(
                    author=_submitter_for(department, submitters, fallback),
                    title=title,
                    body=body,
                    category=category,
                    must_read=must_read,
                    links="FAQ | https://intranet.example/faq" if must_read else "",
                    sites=[cardiff] if title in CARDIFF_ONLY else (),
                    now=submitted,
                )
                services.review_item(
                    item=item,
                    reviewer=manager,
                    decision="approved",
                    now=submitted + datetime.timedelta(minutes=rng.randint(20, 90)),
                )
                created += 1
        _record_past_briefings(sites, now, rng)
        created += _seed_queue(submitters, fallback, manager, now, cardiff)
    return created


def _record_past_briefings(sites, now, rng):
    """Compile and record the briefings already due, as sent, without sending them."""
    for site in sites:
        current = schedule.current_date(site, now)
        for days_ago in range(DAYS - 1, -1, -1):
            date = current - datetime.timedelta(days=days_ago)
            due = schedule.send_at(site, date)
            briefing = sending.start_briefing(site=site, date=date, now=due, all_sites=sites)
            sending.enrol_people(briefing)
            deliveries = BriefingDelivery.objects.filter(briefing=briefing)
            deliveries.update(
                state=DeliveryState.SENT, sent_at=due + datetime.timedelta(seconds=40), attempts=1
            )
            # Most people open their briefing during the morning; the newest is still fresh.
            share = 0.45 if days_ago == 0 else 0.8
            read_ids = [
                pk for pk in deliveries.values_list("pk", flat=True) if rng.random() < share
            ]
            deliveries.filter(pk__in=read_ids).update(
                read_at=due + datetime.timedelta(minutes=rng.randint(5, 240))
            )
            Briefing.objects.filter(pk=briefing.pk).update(
                state=BriefingState.COMPLETE, finished_at=due + datetime.timedelta(minutes=1)
            )
            _acknowledge_some(briefing, read_ids, due, rng)


def _acknowledge_some(briefing, read_ids, due, rng):
    must_read = [item for item in selectors.compiled_items(briefing) if item.must_read]
    readers = BriefingDelivery.objects.filter(pk__in=read_ids).values_list(
        "person_id", "team_id", "department_id", "role"
    )
    acknowledgements = []
    for person_id, team_id, department_id, role in readers:
        for item in must_read:
            meant = audiences.includes(
                item.audience,
                site_id=briefing.site_id,
                team_id=team_id,
                department_id=department_id,
                role=role,
            )
            if meant and rng.random() < 0.75:
                acknowledgements.append(
                    Acknowledgement(
                        item=item,
                        person_id=person_id,
                        acknowledged_at=due + datetime.timedelta(minutes=rng.randint(10, 300)),
                    )
                )
    Acknowledgement.objects.bulk_create(acknowledgements, ignore_conflicts=True)


def _seed_queue(submitters, fallback, manager, now, cardiff):
    """The item for the next morning, two waiting for review and one returned."""
    next_date = schedule.next_send_date(cardiff, now)
    # "Submitted at 15:55, in the agent's 07:30 email the next morning": 15:55 before the
    # next briefing's cut-off, or now if that is still to come.
    submitted = min(now, schedule.cutoff_for(cardiff, next_date) - datetime.timedelta(minutes=5))
    item = services.submit_item(
        author=fallback,
        title=NEXT_MORNING_TITLE,
        body=(
            "From tomorrow customers can add **TV** or **mobile** to any broadband plan for "
            "£10 a month.\n\n- Existing customers: add it in *My Account* or through us.\n"
            "- No new contract: it ends with their broadband.\n- Not yet in Shenzhen's "
            "markets."
        ),
        category=Category.PRODUCT,
        must_read=True,
        links="Bundle price list | https://intranet.example/bundles",
        sites=[cardiff],
        now=submitted,
    )
    services.review_item(
        item=item,
        reviewer=manager,
        decision="approved",
        now=min(now, submitted + datetime.timedelta(minutes=3)),
    )
    recent = now - datetime.timedelta(hours=2)
    for title, category, department, body in WAITING:
        services.submit_item(
            author=_submitter_for(department, submitters, fallback),
            title=title,
            body=body,
            category=category,
            sites=[cardiff] if title in CARDIFF_ONLY else (),
            now=recent,
        )
    title, category, department, body, comment = RETURNED
    returned = services.submit_item(
        author=fallback, title=title, body=body, category=category, now=recent
    )
    services.review_item(
        item=returned, reviewer=manager, decision="returned", comment=comment, now=recent
    )
    return 2 + len(WAITING)
