# ruff: noqa: E501  (demo prose reads better one sentence a line)
"""Demo data for the think tank and straight talk: about thirty ideas in every status,
with supporters, comments, readers and managers' replies, and a few straight-talk
requests with their "me too"s and one published answer. Safe to run twice."""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from feedback import idea_services, straight_talk_services
from feedback.models import Idea, IdeaComment, IdeaReader, IdeaSupport, StraightTalkAsk
from portal import notifications
from portal.models import Role

AGENT_EMAIL = "agent@switchboard.example"
MANAGER_EMAIL = "manager@switchboard.example"
FIRST_IDEA = "Callback slots for billing queries at peak times"

# (title, problem, proposal, category, status, reply)
IDEAS = [
    (
        FIRST_IDEA,
        "Between 9 and 11 on Mondays the billing queue goes past 20 minutes and customers ring back angry, which makes every call longer.",
        "Offer a callback slot in the IVR when the wait is over 10 minutes, booked into the quiet hour after lunch.",
        "customers",
        "planned",
        "We tested this with the IVR team: callbacks go live for billing in March, in Cardiff first. Thank you to the 30-odd of you who backed it.",
    ),
    (
        "Second screen for everyone on the Broadband Technical team",
        "We switch between the CRM, the line tester and the outage map all call long; on one screen it costs minutes per call.",
        "Give every broadband agent a second monitor; we have spares from the old training room.",
        "tools",
        "done",
        "Done: 42 monitors from the training room were fitted last week. Tell your team leader if yours is missing.",
    ),
    (
        "Quiet room for after difficult calls",
        "After an abusive call there is nowhere to take five minutes; the break room is loud and usually full.",
        "Turn meeting room 3 into a quiet room that anyone can use for ten minutes after a hard call, no questions asked.",
        "wellbeing",
        "under_review",
        "",
    ),
    (
        "Show the customer's last three contacts on the first screen",
        "Customers have to repeat themselves because the history is two clicks away and we are timed.",
        "Put the last three contacts (channel, date, one-line reason) on the account summary screen.",
        "tools",
        "planned",
        "IT have this in the CRM release after next. We will show the last three contacts with the agent's note.",
    ),
    (
        "Plain-English template for the price rise letter",
        "Customers call confused by the price rise letter; the wording is legal and the table is hard to read.",
        "Rewrite it with the Marketing team in plain English and add an example bill.",
        "customers",
        "under_review",
        "",
    ),
    (
        "Let us swap a break with a colleague without a team leader",
        "Swapping a 15-minute break needs a team leader's approval, who is often on a call.",
        "Allow two agents in the same team to swap breaks themselves if the team's cover stays the same.",
        "process",
        "declined",
        "We looked at this carefully: break cover is planned across teams, not within one, so a swap can leave a queue uncovered. We are asking Workforce Planning to make approvals quicker instead.",
    ),
    (
        "Refresher on direct debit rules every quarter",
        "The rules change and the knowledge base is updated, but nobody reads it until a customer complains.",
        "A 15-minute refresher in the huddle every quarter, with the three changes that matter.",
        "training",
        "new",
        "",
    ),
    (
        "Welsh-language greeting on the Welsh line after hours",
        "After 6pm the Welsh line plays the English greeting only.",
        "Record the Welsh greeting for the out-of-hours message as well.",
        "customers",
        "done",
        "Recorded and live since Monday. Diolch!",
    ),
    (
        "Headset batteries that last a full shift",
        "The wireless headsets die after six hours, so long shifts end on a wired spare.",
        "Buy spare batteries, or charging docks at each bank of desks.",
        "tools",
        "new",
        "",
    ),
    (
        "Buddy for every new starter's first month",
        "New starters sit with a different person every day and do not know who to ask.",
        "Pair each new starter with one experienced buddy for the first month, with an hour a week set aside.",
        "training",
        "planned",
        "Starting with the April intake: every new starter gets a named buddy, and buddies get an hour a week off the phones.",
    ),
    (
        "Stop the double survey after chats",
        "Customers get a survey in the chat window and then by email for the same contact.",
        "Send one survey only, in the channel the customer used.",
        "customers",
        "under_review",
        "",
    ),
    (
        "Water fountain on the second floor",
        "The only water fountain is on the ground floor; a trip takes most of a short break.",
        "Fit a water fountain on the second floor by the lifts.",
        "wellbeing",
        "done",
        "Fitted on Thursday. Facilities say a second one on the third floor follows in spring.",
    ),
    (
        "One refund form instead of three",
        "Refunds under £50, between £50 and £200 and over £200 each have their own form.",
        "One form that asks for approval only when the amount needs it.",
        "process",
        "new",
        "",
    ),
    (
        "Outage map on a big screen on the floor",
        "We find out about outages from customers, not from the network team.",
        "Put the live outage map on the TV by the Broadband desks.",
        "tools",
        "under_review",
        "",
    ),
    (
        "Shadow the engineers for a day",
        "We promise engineer visits without knowing what the engineer actually does.",
        "Let agents spend a day with a field engineer once a year.",
        "training",
        "new",
        "",
    ),
    (
        "Earlier rota for the Christmas period",
        "The Christmas rota comes out in late November; childcare is booked by then.",
        "Publish the Christmas rota by the end of September.",
        "process",
        "planned",
        "Workforce Planning will publish the Christmas rota by 30 September from this year on.",
    ),
    (
        "Allow notes longer than 500 characters",
        "Complex cases do not fit, so we split notes and the next agent misses half.",
        "Raise the note limit to 2,000 characters.",
        "tools",
        "declined",
        "The limit comes from the billing system we share with the retail stores, and it cannot change before the migration next year. Until then, the case notes field has no limit: please use that for complex cases.",
    ),
    (
        "Free fruit on night shifts",
        "The canteen is closed at night and the vending machine is crisps only.",
        "A fruit basket on the floor for the night shift.",
        "wellbeing",
        "new",
        "",
    ),
    (
        "Customer-hero shout-outs in the briefing",
        "Great calls go unnoticed outside the team.",
        "A short 'customer hero' line in the daily briefing, nominated by team leaders.",
        "process",
        "new",
        "",
    ),
    (
        "Chinese-language knowledge articles for Shenzhen",
        "Shenzhen agents translate the articles themselves, each differently.",
        "Translate the twenty most used articles into Chinese and keep them in step.",
        "training",
        "under_review",
        "",
    ),
    (
        "Hold music that is not the same 30 seconds",
        "Customers complain about the loop as soon as we answer, which starts calls badly.",
        "A longer playlist, and a message with the expected wait every two minutes.",
        "customers",
        "new",
        "",
    ),
    (
        "Tell us when a complaint we handled is closed",
        "We hand complaints over and never hear how they ended.",
        "An automatic note to the first agent when the complaint is closed, with the outcome.",
        "process",
        "new",
        "",
    ),
    (
        "Standing desks for those who want them",
        "Sitting for eight hours hurts; a few standing desks would help.",
        "Two adjustable desks per bank that anyone can book.",
        "wellbeing",
        "under_review",
        "",
    ),
    (
        "Macros for the five most common chat answers",
        "We type the same five answers dozens of times a day.",
        "Approved text snippets in the chat tool for the five most common questions.",
        "tools",
        "done",
        "The five snippets are in the chat tool under the lightning icon. Suggest more in the comments.",
    ),
    (
        "Rotate who takes the escalations line",
        "The same three people take every escalation and they are exhausted.",
        "A weekly rota for the escalations line among everyone trained for it.",
        "process",
        "new",
        "",
    ),
    (
        "Parking for night-shift staff",
        "Night staff arrive when the car park is full of day staff and park on the street.",
        "Reserve ten spaces for night-shift staff from 5pm.",
        "wellbeing",
        "declined",
        "The car park is leased with the other tenants and we cannot reserve spaces. We have arranged a discount at the multi-storey on Bute Street instead: ask reception for a pass.",
    ),
    (
        "Mini-training on spotting vulnerable customers",
        "We are not sure what to do when a customer seems vulnerable.",
        "A 30-minute session with the vulnerability team and a one-page guide.",
        "training",
        "new",
        "",
    ),
    (
        "Auto-fill the address from the postcode",
        "We type full addresses while the customer waits.",
        "Postcode look-up in the order form.",
        "tools",
        "new",
        "",
    ),
]
# A duplicate that the demo merges into the callback idea, to show how merging looks.
DUPLICATE = (
    "Call customers back instead of making them wait",
    "Long waits on Monday mornings make customers angry before we even speak.",
    "Let customers choose a call back instead of holding.",
    "customers",
)
COMMENTS = [
    "Yes please, this would save me so much time.",
    "We tried something like this at my last job and it worked well.",
    "Could this start with the night shift? It is quieter to try things there.",
    "Agree, customers mention this on nearly every call.",
    "+1 from the Shenzhen team.",
    "What would it cost? Worth asking IT before we get our hopes up.",
    "I raised this in our huddle last week too.",
    "Good idea, but it needs training to go with it.",
    "This happened to me three times yesterday.",
    "Happy to help test it.",
]
STRAIGHT_TALK = [
    (
        "Why do Saturday shifts change at short notice?",
        "Three times this month my Saturday shift was moved with less than a week's notice. Is there a rule for how much notice we get?",
        18,
    ),
    (
        "Is the Cardiff office moving?",
        "There are rumours about a move to the business park. Can we have a straight answer either way?",
        34,
    ),
    (
        "Why was the bonus scheme changed mid-year?",
        "The quality part of the bonus changed in October. Why, and does it count from October or the start of the year?",
        25,
    ),
    (
        "When will the new CRM actually arrive?",
        "We have been told 'next quarter' four quarters running.",
        12,
    ),
]
ANSWERED = (
    "Is the Cardiff office moving?",
    "**No.** We have signed a new five-year lease on this building, starting in April. "
    "The business park rumour comes from the retail team, who are moving there. If that "
    "ever changes, you will hear it here first, with at least six months' notice.",
)
RAISED_TITLE = "Why can't we reserve parking for the night shift?"


@dataclass
class FeedbackResult:
    ideas: int = 0
    supports: int = 0
    comments: int = 0
    straight_talk: int = 0


def ideas_seeded():
    return Idea.objects.filter(title=FIRST_IDEA, author__email=AGENT_EMAIL).exists()


@transaction.atomic
def seed_ideas(now=None, seed=5):
    """The think tank and straight talk for the demo people; None when they are there."""
    User = get_user_model()
    agent = User.objects.filter(email=AGENT_EMAIL).first()
    manager = User.objects.filter(email=MANAGER_EMAIL).first()
    if agent is None or manager is None or ideas_seeded():
        return None
    now = now or timezone.now()
    rng = random.Random(seed)
    floor = list(
        User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.TEAM_LEADER])
        .select_related("profile")
        .order_by("pk")
    )
    managers = list(User.objects.filter(is_active=True, role=Role.MANAGER).order_by("pk"))
    result = FeedbackResult()
    with notifications.without_email():
        for number, (title, problem, proposal, category, status, reply) in enumerate(IDEAS):
            author = agent if number == 0 else rng.choice(floor)
            posted = now - timedelta(days=rng.randint(3, 80), hours=rng.randint(0, 12))
            idea = Idea.objects.create(
                author=author,
                title=title,
                problem=problem,
                proposal=proposal,
                category=category,
                created_at=posted,
            )
            result.ideas += 1
            # The demo agent's idea is the popular one; the rest vary.
            crowd = 32 if number == 0 else rng.choice([0, 2, 4, 7, 11, 16, 24])
            supporters = [p for p in rng.sample(floor, crowd + 1) if p.pk != author.pk][:crowd]
            age = (now - posted).total_seconds()
            IdeaSupport.objects.bulk_create(
                IdeaSupport(
                    idea=idea,
                    user=person,
                    created_at=posted + timedelta(seconds=rng.uniform(0, age)),
                )
                for person in supporters
            )
            readers = set(supporters) | set(rng.sample(floor, crowd * 2 + rng.randint(3, 15)))
            readers.discard(author)
            IdeaReader.objects.bulk_create(
                IdeaReader(idea=idea, user=person, first_read_at=posted + timedelta(hours=1))
                for person in readers
            )
            comments = [
                IdeaComment(
                    idea=idea,
                    author=rng.choice(floor),
                    body=text,
                    created_at=posted + timedelta(seconds=rng.uniform(0, age)),
                )
                for text in rng.sample(COMMENTS, rng.randint(0, 5) if number else 4)
            ]
            IdeaComment.objects.bulk_create(comments)
            idea.supporter_count = len(supporters)
            idea.reader_count = len(readers)
            idea.comment_count = len(comments)
            idea.save(update_fields=["supporter_count", "reader_count", "comment_count"])
            _move_on(idea, status, reply, rng.choice(managers or [manager]), posted, now, rng)
        _merge_duplicate(agent, manager, floor, rng, now)
        result.ideas += 1
        result.straight_talk = _seed_straight_talk(manager, floor, rng, now)
    # Scored at the end, as the scheduled job would: the demo writes figures directly.
    idea_services.refresh_popularity(now=now)
    # Counted at the end: the merge adds the duplicate's supporters to the idea kept.
    result.supports = IdeaSupport.objects.count()
    result.comments = IdeaComment.objects.count()
    return result


def _move_on(idea, status, reply, manager, posted, now, rng):
    """Take the idea through review to ``status`` the way a manager would."""
    if status == "new":
        return
    reviewed = posted + (now - posted) * 0.3
    idea_services.change_status(
        actor=manager,
        idea=idea,
        status="under_review",
        reply="Thanks: we are looking into this with the teams involved.",
        now=reviewed,
    )
    if status == "under_review":
        return
    if status == "done":
        idea_services.change_status(
            actor=manager,
            idea=idea,
            status="planned",
            reply="Agreed; we are doing this.",
            now=posted + (now - posted) * 0.5,
        )
    idea_services.change_status(
        actor=manager, idea=idea, status=status, reply=reply, now=posted + (now - posted) * 0.8
    )


def _merge_duplicate(agent, manager, floor, rng, now):
    title, problem, proposal, category = DUPLICATE
    author = next(p for p in floor if p.pk != agent.pk)
    duplicate = idea_services.post_idea(
        author=author,
        title=title,
        problem=problem,
        proposal=proposal,
        category=category,
        now=now - timedelta(days=20),
    )
    for person in rng.sample(floor, 6):
        if person.pk not in (author.pk,):
            idea_services.support_idea(user=person, idea=duplicate)
    keep = Idea.objects.get(title=FIRST_IDEA, author=agent)
    idea_services.merge_idea(actor=manager, duplicate=duplicate, into=keep, now=now)


def _seed_straight_talk(manager, floor, rng, now):
    made = 0
    answered_title, answer = ANSWERED
    for title, question, crowd in STRAIGHT_TALK:
        asker = rng.choice(floor)
        asked = now - timedelta(days=rng.randint(5, 60))
        request = straight_talk_services.ask_straight_talk(
            asker=asker, title=title, question=question, now=asked
        )
        others = [p for p in rng.sample(floor, crowd) if p.pk != asker.pk]
        age = (now - asked).total_seconds()
        StraightTalkAsk.objects.bulk_create(
            StraightTalkAsk(
                request=request,
                user=person,
                created_at=asked + timedelta(seconds=rng.uniform(0, age)),
            )
            for person in others
        )
        request.ask_count = 1 + len(others)
        request.save(update_fields=["ask_count"])
        if title == answered_title:
            straight_talk_services.answer_straight_talk(
                actor=manager, request=request, answer=answer, now=now - timedelta(days=2)
            )
        made += 1
    parking = Idea.objects.filter(title__startswith="Parking for night-shift").first()
    if parking is not None:
        straight_talk_services.raise_straight_talk(
            actor=manager,
            title=RAISED_TITLE,
            question="The parking idea was declined. Several of you asked why the car park "
            "cannot be shared differently; we will answer that properly here.",
            origin=parking,
            now=now - timedelta(days=1),
        )
        made += 1
    return made
