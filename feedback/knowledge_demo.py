"""Demo data for the knowledge base: believable articles, some overdue, flagged or verified."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from feedback import knowledge_services
from feedback.models import Article, ArticleCategory, FlagKind
from portal.models import Role, User
from portal.notifications import without_email

DOMAIN = "switchboard.example"

# Knowledge base ------------------------------------------------------------------

KNOWLEDGE_CATEGORIES = {
    "Billing and payments": 6,
    "Accounts and security": 3,
    "Complaints": 6,
    "Broadband and technical": 6,
    "Mobile and devices": 6,
    "Policies and procedures": 12,
    "Systems and tools": 6,
}

# Who owns what: a demo sign-in ("manager", "submitter", "leader") or a job title.
# state: "current" (reviewed on time), "verified" (confirmed by its owner recently),
# "overdue" (review date passed), "flagged" (open flags), "question" (a question waiting),
# "answered" (a flag the owner replied to).
KNOWLEDGE_ARTICLES = [
    (
        "Billing and payments",
        "Refund policy: who can refund what",
        "Billing Operations Analyst",
        "verified",
        "Refunds go back to the **original payment method**, never to a different card.\n\n"
        "| Amount | Who approves |\n| --- | --- |\n| Up to £50 | You, on the call |\n"
        "| £50 to £250 | Your team leader (send a Teams message with the account number) |\n"
        "| Over £250 | Billing Operations, by the refund form in the CRM |\n\n"
        "1. Check the account for refunds in the last 90 days: a second refund needs a "
        "team leader.\n"
        "2. Note the reason code (RF1 billing error, RF2 service failure, RF3 goodwill).\n"
        "3. Tell the customer it takes **3 to 5 working days** to reach their account.",
    ),
    (
        "Billing and payments",
        "Setting up a payment plan",
        "Billing Operations Analyst",
        "current",
        "Offer a payment plan when a customer cannot pay a bill in full.\n\n"
        "- Plans run for up to **6 months**; longer needs Billing Operations.\n"
        "- The first payment is taken on the day you set it up.\n"
        "- A missed payment cancels the plan automatically; the customer gets a text.\n\n"
        "In the CRM: *Account → Payments → New arrangement*. Read the script on screen "
        "word for word: "
        "it is a regulated conversation.",
    ),
    (
        "Billing and payments",
        "Direct debit failed: what to tell the customer",
        "manager",
        "overdue",
        "When a direct debit fails the account shows **DD returned**.\n\n"
        "1. Check the reason (insufficient funds, cancelled mandate, account closed).\n"
        "2. Offer to take the payment by card now.\n"
        "3. A £5 late fee is added after 14 days; you may waive it once a year.\n\n"
        "The bank retries the collection once, 7 days later.",
    ),
    (
        "Billing and payments",
        "Explaining a first bill (pro-rata charges)",
        "Billing Operations Analyst",
        "question",
        "A first bill is usually higher: it covers the part month since the connection date "
        "plus the first full month in advance.\n\n"
        "Use the **bill explainer** in the CRM to show the customer each line. Add a note "
        "*first bill explained* so the next advisor knows.",
    ),
    (
        "Billing and payments",
        "Bill shock: unexpected roaming or premium charges",
        "manager",
        "flagged",
        "If a bill is more than twice the usual amount:\n\n"
        "1. Open the itemised usage and find the charges.\n"
        "2. Premium-rate numbers: offer to bar them (*Services → Bars*).\n"
        "3. Roaming: check the customer had the roaming bundle; if not, a one-off "
        "goodwill credit of "
        "up to 50% is allowed.\n\nNever promise a credit before checking usage.",
    ),
    (
        "Accounts and security",
        "Password reset for the customer app",
        "Service Desk Lead",
        "verified",
        "1. Pass security: full name, date of birth and the **first line of the address**.\n"
        "2. In the CRM choose *Account → Online access → Send reset link*.\n"
        "3. The link goes to the email on the account and works for **30 minutes**.\n\n"
        "Never read a temporary password over the phone, and never change the email on the account "
        "in the same call as a password reset.",
    ),
    (
        "Accounts and security",
        "Passing security: what counts",
        "manager",
        "current",
        "A customer passes security with **three** of: full name, date of birth, first line of the "
        "address, the last four digits of the bank account, or the account PIN.\n\n"
        "Third parties (a partner, a carer) need to be on the account as an authorised contact. "
        "Power of attorney goes to the Complaints team's vulnerable customers queue.",
    ),
    (
        "Accounts and security",
        "Suspected account takeover",
        "Service Desk Lead",
        "flagged",
        "Signs: a new email or phone number followed quickly by a SIM swap or upgrade order.\n\n"
        "1. Do **not** tell the caller what changed.\n"
        "2. Put a fraud hold on the account (*Security → Hold*).\n"
        "3. Transfer to the fraud line, extension 4410.\n\n"
        "Log it as a security incident before the end of your shift.",
    ),
    (
        "Accounts and security",
        "Changing the account holder",
        "leader",
        "current",
        "Both the current and the new holder must pass security, on the same call or by the "
        "transfer form. The new holder gets a credit check. Contracts carry over; "
        "discounts tied to "
        "the old holder (staff, student) do not.",
    ),
    (
        "Complaints",
        "Complaint escalation: first, second and final response",
        "manager",
        "verified",
        "A complaint is any expression of dissatisfaction, even if the customer does not say "
        "*complaint*.\n\n"
        "1. **First contact:** try to fix it on the call; log it as a complaint either way.\n"
        "2. **Not fixed in 3 working days:** it goes to the Complaints team automatically.\n"
        "3. **8 weeks** or a deadlock letter: the customer may go to the ombudsman; give them the "
        "leaflet link.\n\nAlways give the complaint reference before the call ends.",
    ),
    (
        "Complaints",
        "Vulnerable customers: spotting and recording",
        "Quality and Training Manager",
        "current",
        "Listen for bereavement, illness, money worries, or a customer who struggles to follow.\n\n"
        "- Ask permission before recording anything about their circumstances.\n"
        "- Use the **Additional support** flag, not free-text notes.\n"
        "- Offer: a named contact, a paper bill, a payment holiday, or a call back at a set time.",
    ),
    (
        "Complaints",
        "Goodwill gestures: limits and reason codes",
        "manager",
        "overdue",
        "You may offer up to **£20** goodwill per complaint, once per account per quarter. "
        "Team leaders approve up to £75. Use reason code GW1 (service), GW2 (delay) or GW3 "
        "(advisor error).",
    ),
    (
        "Complaints",
        "Ombudsman enquiries",
        "Quality and Training Manager",
        "answered",
        "If a customer says they have contacted the ombudsman, do not discuss the case: take a "
        "message and send it to the Complaints team's ombudsman inbox. The team replies within "
        "2 working days.",
    ),
    (
        "Broadband and technical",
        "Router reset: the five-step check",
        "leader",
        "verified",
        "1. Check the outage map for the postcode first.\n"
        "2. Lights: a **red** broadband light means a line fault; orange means the router is still "
        "starting.\n"
        "3. Restart: off at the wall for 30 seconds.\n"
        "4. Factory reset (pin in the back for 15 seconds) **only** if the customer has the Wi-Fi "
        "card.\n"
        "5. Still down: run the line test and book an engineer if it fails.",
    ),
    (
        "Broadband and technical",
        "Booking an engineer visit",
        "Product Owner, Broadband",
        "current",
        "Book only after a failed line test. Slots are AM (8 to 1) or PM (1 to 6). Tell "
        "the customer "
        "an adult must be in, and that a **£65 charge** applies if the fault is on their wiring.",
    ),
    (
        "Broadband and technical",
        "Fibre order delays",
        "Product Owner, Broadband",
        "overdue",
        "Fibre installs take 10 to 14 working days. If the order shows *Awaiting survey* for more "
        "than 5 days, raise a chase in the order tracker; do not cancel and re-order.",
    ),
    (
        "Broadband and technical",
        "Wi-Fi dead spots: what to suggest",
        "Product Owner, Broadband",
        "current",
        "Move the router off the floor and away from the TV; use the 5 GHz network near "
        "the router. "
        "Customers on Full Fibre can have **one free booster**: order it under *Add-ons*.",
    ),
    (
        "Broadband and technical",
        "Major outage script",
        "manager",
        "flagged",
        "When the outage banner is on:\n\n"
        "- Read the outage script; do not give a fix time unless the banner has one.\n"
        "- Add the customer to the outage so they get a text when it is fixed.\n"
        "- No compensation on the call: it is applied automatically after 48 hours.",
    ),
    (
        "Mobile and devices",
        "SIM swap: security steps",
        "Product Manager, Mobile",
        "verified",
        "A SIM swap moves the number to a new SIM, so it is a fraud target.\n\n"
        "1. Full security plus a **one-time code** to the email on the account.\n"
        "2. No SIM swaps for accounts changed in the last 7 days.\n"
        "3. Tell the customer the old SIM stops working within 2 hours.",
    ),
    (
        "Mobile and devices",
        "Porting a number in (PAC codes)",
        "Product Manager, Mobile",
        "current",
        "The customer texts PAC to 65075 at their old provider and gets a code valid for 30 days. "
        "Enter it on the order; the number moves the next working day.",
    ),
    (
        "Mobile and devices",
        "Roaming bundles and the EU",
        "Product Manager, Mobile",
        "question",
        "Roaming in the EU is included on plans from 2023 onwards. Older plans need the **£2.25 a "
        "day** roaming pass, added under *Bolt-ons*. Outside the EU, check the country list.",
    ),
    (
        "Mobile and devices",
        "Warranty claims for handsets",
        "Repairs Advisor",
        "overdue",
        "Handsets have a 24-month warranty. Water damage and cracked screens are not covered. "
        "Book a courier pickup in the repairs portal; the customer gets a box within 2 days.",
    ),
    (
        "Mobile and devices",
        "eSIM activation",
        "Product Manager, Mobile",
        "flagged",
        "The QR code is emailed after the order. Each code works **once**: if activation fails, "
        "do not resend; raise a new eSIM profile under *SIM → Replace*.",
    ),
    (
        "Policies and procedures",
        "Call recording: what to tell a customer who asks",
        "Quality and Training Manager",
        "current",
        "All calls are recorded for training and quality. If a customer asks for a copy, that is a "
        "subject access request: give them the privacy page link; we do not send "
        "recordings by email.",
    ),
    (
        "Policies and procedures",
        "Abusive callers",
        "Quality and Training Manager",
        "verified",
        "Give one warning using the script. If the abuse continues you may end the call; log it "
        "with the *Abusive call* outcome and tell your team leader. Your wellbeing comes first.",
    ),
    (
        "Policies and procedures",
        "Data protection: never read out",
        "HR Business Partner",
        "current",
        "Never read out: full card numbers, bank details, passwords or another person's details. "
        "Confirm details by asking the customer to say them, not by reading them.",
    ),
    (
        "Policies and procedures",
        "Welsh language line: transfers and call-backs",
        "leader",
        "overdue",
        "A customer may ask for Welsh at any point. Transfer to the Welsh Language Line "
        "queue; out of "
        "hours, book a call-back with the Welsh flag.",
    ),
    (
        "Systems and tools",
        "CRM is slow: workarounds",
        "Service Desk Lead",
        "current",
        "If the CRM takes more than 10 seconds per screen, log out and back in once. Still slow: "
        "use the read-only mirror for account lookups and tell the service desk (ext. 2000).",
    ),
    (
        "Systems and tools",
        "Wrap codes: which to use",
        "submitter",
        "flagged",
        "Choose the code for what the call was **about**, not what you did. *General enquiry* only "
        "when nothing else fits. Codes feed the weekly reports that decide staffing.",
    ),
    (
        "Systems and tools",
        "Softphone headset not detected",
        "Service Desk Lead",
        "current",
        "Unplug the headset, close the softphone, plug it into a different USB port and restart "
        "the softphone. Still not detected: raise an IT ticket with the headset's asset number.",
    ),
]

FLAG_COMMENTS = {
    "Bill shock: unexpected roaming or premium charges": [
        (
            FlagKind.OUT_OF_DATE,
            "The goodwill limit for roaming went down to 25% last month, "
            "according to the briefing.",
        ),
        (FlagKind.UNCLEAR, "Does “twice the usual amount” mean the last bill or the average?"),
    ],
    "Suspected account takeover": [
        (FlagKind.WRONG, "The fraud line is extension 4412 now, 4410 goes to voicemail."),
    ],
    "Major outage script": [
        (FlagKind.OUT_OF_DATE, "Compensation is now after 24 hours, not 48."),
    ],
    "eSIM activation": [
        (FlagKind.UNCLEAR, "Where is SIM → Replace? I can only see SIM → Order."),
    ],
    "Wrap codes: which to use": [
        (FlagKind.OUT_OF_DATE, "The new codes for outage calls are not listed."),
    ],
}
QUESTIONS = {
    "Explaining a first bill (pro-rata charges)": "Is there a version of the bill explainer we "
    "can email to the customer after the call?",
    "Roaming bundles and the EU": "Is Switzerland covered by the EU roaming included in the plan?",
}
ANSWERED = {
    "Ombudsman enquiries": (
        FlagKind.UNCLEAR,
        "Which inbox is the ombudsman inbox? There are two in the address book.",
        "The one called **Complaints: Ombudsman**. I have added the address to the article.",
    ),
}


def _person(key):
    if key in {"manager", "submitter", "leader", "agent"}:
        return User.objects.filter(email=f"{key}@{DOMAIN}").first()
    return User.objects.filter(profile__job_title=key, is_active=True).order_by("pk").first()


def seed_knowledge_base(today=None):
    """30 knowledge articles with owners; some overdue, flagged or verified; None if present."""
    if Article.objects.exists():
        return None
    author = _person("manager")
    if author is None:
        return None
    now = timezone.now()
    today = today or timezone.localdate(now)
    if today != timezone.localdate(now):
        # Seeding "as of" another day: the whole history moves with it.
        now = datetime.combine(today, time(10), tzinfo=timezone.get_current_timezone())
    categories = {}
    for name, months in KNOWLEDGE_CATEGORIES.items():
        categories[name], _created = ArticleCategory.objects.get_or_create(
            name=name, defaults={"review_interval_months": months}
        )
    agents = list(
        User.objects.filter(role=Role.AGENT, is_active=True)
        .exclude(email=f"agent@{DOMAIN}")
        .order_by("pk")[:20]
    )
    demo_agent = _person("agent") or agents[0]
    created = 0
    with without_email():
        for number, (category, title, owner_key, state, body) in enumerate(KNOWLEDGE_ARTICLES):
            owner = _person(owner_key) or author
            written = now - timedelta(days=200 - number * 3)
            article = knowledge_services.create_article(
                actor=author,
                title=title,
                body=body,
                category=categories[category],
                owner=owner,
                review_by=today + timedelta(days=30 + number * 5),
                now=written,
            )
            created += 1
            if state == "overdue":
                Article.objects.filter(pk=article.pk).update(
                    review_by=today - timedelta(days=5 + number)
                )
            elif state == "verified":
                knowledge_services.verify_article(
                    actor=owner, article=article, now=now - timedelta(days=number % 20 + 1)
                )
            for index, (kind, comment) in enumerate(FLAG_COMMENTS.get(title, [])):
                flagger = demo_agent if index == 0 and title == "Major outage script" else None
                knowledge_services.flag_article(
                    actor=flagger or agents[(number + index) % len(agents)],
                    article=article,
                    kind=kind,
                    comment=comment,
                    now=now - timedelta(days=index + 2, hours=number),
                )
            if question := QUESTIONS.get(title):
                knowledge_services.flag_article(
                    actor=demo_agent,
                    article=article,
                    kind=FlagKind.QUESTION,
                    comment=question,
                    now=now - timedelta(days=1, hours=number),
                )
            if answered := ANSWERED.get(title):
                kind, comment, reply = answered
                flag = knowledge_services.flag_article(
                    actor=demo_agent,
                    article=article,
                    kind=kind,
                    comment=comment,
                    now=now - timedelta(days=6),
                )
                knowledge_services.resolve_flag(
                    actor=owner, flag=flag, reply=reply, now=now - timedelta(days=4)
                )
    return created
