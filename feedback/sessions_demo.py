"""Demo data for the listening channels, called from ``portal.demo.seed_demo``.

Each function adds its channel once (it looks for its own marker first), writes
history directly with the dates it happened on, and sends no email.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from feedback import (
    focus_group_selectors,
    focus_group_services,
    qanda_services,
    scorecard_services,
    straight_talk_services,
)
from feedback.models import (
    FocusGroup,
    FocusGroupInvitation,
    FocusGroupTheme,
    QandaInvitation,
    QandaSession,
    Question,
    QuestionVote,
    ScorecardChampion,
    ScorecardInput,
    ScorecardMeeting,
    StraightTalkRequest,
)
from portal.models import Role, Team
from portal.notifications import without_email

SEED = 5
DOMAIN = "switchboard.example"
MANAGER_EMAIL = f"manager@{DOMAIN}"
AGENT_EMAIL = f"agent@{DOMAIN}"
PAST_QANDA_TITLE = "Quarterly Q&A: summer 2026"
NEXT_QANDA_TITLE = "Quarterly Q&A: winter 2026"
PANEL = "Gareth Price (Head of Customer Service), Elin Rowlands (HR Business Partner)"

PAST_QUESTIONS = [
    # (question, anonymous, answer or None, answered in writing)
    (
        "Will the new rota pattern give us more weekends off?",
        False,
        "Yes: from September every full-timer gets at least one full weekend in three. "
        "Part-timers keep their agreed days.",
        False,
    ),
    (
        "Why does after-call work count against us on the scorecard?",
        True,
        "It should not count when the case needs it. We are changing the measure to "
        "exclude logged follow-ups; your scorecard champions have the detail.",
        False,
    ),
    (
        "Is there a plan to replace the old headsets? Half of ours crackle.",
        False,
        "Yes. 200 new headsets arrive in October, Billing and Broadband first.",
        False,
    ),
    (
        "Are the Shenzhen and Cardiff pay bands being aligned?",
        True,
        "We reviewed both sites with HR. Bands stay local to each market, but the "
        "progression steps are now the same everywhere. Details are on the HR page.",
        True,
    ),
    (
        "Can we get more time for training on new products before launch?",
        False,
        "Every launch now has two hours of training in paid time, booked by team leaders.",
        False,
    ),
    ("When will the car park resurfacing finish?", True, None, False),
]
NEXT_QUESTIONS = [
    ("What is the plan for the overnight team when the new IVR goes live?", False),
    ("Will we get a say in how the new quality score is calculated?", True),
    ("Could breaks be staggered so the queue does not spike at 11:00?", False),
    ("Is hybrid working going to be offered to agents, not only team leaders?", True),
    ("Why do refunds over £50 still need a team leader? It doubles handling time.", False),
    ("Will the Welsh Language Line get more staff for the January peak?", True),
]
PAST_SUMMARY = (
    "Thank you for 41 questions and more than 300 upvotes. We answered the six most "
    "upvoted in the room; the answers are below.\n\n"
    "**What happens next**\n\n"
    "- The rota change starts in September.\n"
    "- Headsets arrive in October.\n"
    "- The car park question is carried over to the winter session."
)

THEMES = [
    ["Rota changes", "Headset quality", "Training time"],
    ["rota changes", "After-call work time", "Parking"],
    ["Knowledge base out of date", "Headset quality", "Rota Changes"],
    ["After-call work time", "Refund approvals", "Knowledge base out of date"],
    ["Rota changes", "Refund approvals", "Recognition"],
]
TOPICS = [
    "Working patterns and the rota",
    "Tools that slow you down",
    "What customers tell us about billing",
    "How we measure quality",
    "Your first year here",
    "Handing cases between teams",
    "Peak season planning",
]


def _person(email):
    return get_user_model().objects.select_related("profile").get(email=email)


def _agents(rng, count, *, team=None):
    agents = get_user_model().objects.filter(role=Role.AGENT, is_active=True)
    if team is not None:
        agents = agents.filter(profile__team=team)
    agents = list(agents.order_by("pk"))
    return rng.sample(agents, min(count, len(agents)))


@transaction.atomic
def seed_qanda(now=None):
    """A published past Q&A with answers, and an upcoming one taking questions."""
    if QandaSession.objects.filter(title=PAST_QANDA_TITLE).exists():
        return False
    now = now or timezone.now()
    rng = random.Random(SEED)
    manager = _person(MANAGER_EMAIL)
    past_at = (now - timedelta(days=45)).replace(hour=14, minute=0, second=0, microsecond=0)
    past = QandaSession.objects.create(
        title=PAST_QANDA_TITLE,
        scheduled_at=past_at,
        panel=PANEL,
        description="Our quarterly chance to ask leadership anything.",
        organiser=manager,
        status=QandaSession.Status.PUBLISHED,
        summary=PAST_SUMMARY,
        published_at=past_at + timedelta(days=2),
    )
    upcoming = QandaSession.objects.create(
        title=NEXT_QANDA_TITLE,
        scheduled_at=(now + timedelta(days=21)).replace(hour=14, minute=0, second=0, microsecond=0),
        panel=PANEL,
        description="Send your questions before the session and upvote the ones you want "
        "answered first. Anonymous questions are welcome.",
        organiser=manager,
    )
    carried = None
    for number, (body, anonymous, answer, in_writing) in enumerate(PAST_QUESTIONS):
        asked_at = past_at - timedelta(days=10 - number, hours=number)
        question = Question.objects.create(
            session=past,
            body=body,
            is_anonymous=anonymous,
            author=None if anonymous else _agents(rng, 1)[0],
            created_at=asked_at.replace(minute=0) if anonymous else asked_at,
            status=Question.Status.ANSWERED if answer else Question.Status.WAITING,
            answer=answer or "",
            answered_in_writing=in_writing,
            answered_by=manager if answer else None,
            answered_at=(past_at + timedelta(days=3 if in_writing else 0)) if answer else None,
        )
        _votes(rng, question, 30 - 4 * number)
        if answer is None:
            carried = question
    moved = Question.objects.create(
        session=upcoming,
        body=carried.body,
        is_anonymous=carried.is_anonymous,
        author=carried.author,
        created_at=carried.created_at,
        carried_over_from=carried,
    )
    _votes(rng, moved, 8)
    carried.status = Question.Status.CARRIED_OVER
    carried.save(update_fields=["status"])
    agent = _person(AGENT_EMAIL)
    for number, (body, anonymous) in enumerate(NEXT_QUESTIONS):
        asked_at = now - timedelta(days=6 - number, hours=number)
        asker = agent if number == 0 else _agents(rng, 1)[0]
        question = Question.objects.create(
            session=upcoming,
            body=body,
            is_anonymous=anonymous,
            author=None if anonymous else asker,
            created_at=asked_at.replace(minute=0, second=0, microsecond=0)
            if anonymous
            else asked_at,
        )
        _votes(rng, question, rng.randint(2, 24))
    # A small invitation-only session for the newest agents.
    invited = QandaSession.objects.create(
        title="Ask us anything: agents in their first year",
        scheduled_at=(now + timedelta(days=9)).replace(hour=11, minute=0, second=0, microsecond=0),
        panel="Gareth Price (Head of Customer Service)",
        description="A smaller session for people who joined this year.",
        organiser=manager,
        invite_only=True,
    )
    newest = list(
        get_user_model()
        .objects.filter(role=Role.AGENT, is_active=True)
        .order_by("-profile__start_date")
        .values_list("pk", flat=True)[:24]
    )
    QandaInvitation.objects.bulk_create(
        [QandaInvitation(session=invited, person_id=pk) for pk in {*newest, agent.pk}],
        ignore_conflicts=True,
    )
    with without_email():
        for planned in (upcoming, invited):
            qanda_services.announce_session(session_id=planned.pk)
        qanda_services.announce_summary(session_id=past.pk)
    return True


def _votes(rng, question, count):
    QuestionVote.objects.bulk_create(
        [QuestionVote(question=question, voter=voter) for voter in _agents(rng, max(count, 0))],
        ignore_conflicts=True,
    )


@transaction.atomic
def seed_focus_groups(now=None):
    """Five weeks of focus groups with notes and themes, last week's still without notes,
    and next week's with invitations waiting for answers (the demo agent's among them)."""
    if FocusGroup.objects.exists():
        return False
    now = now or timezone.now()
    rng = random.Random(SEED + 1)
    manager = _person(MANAGER_EMAIL)
    agent = _person(AGENT_EMAIL)
    base = (now - timedelta(days=now.weekday())).replace(
        hour=10, minute=0, second=0, microsecond=0
    ) + timedelta(days=2)
    with without_email():
        for weeks_ago in range(6, 0, -1):
            meets_at = base - timedelta(weeks=weeks_ago)
            group = FocusGroup.objects.create(
                topic=TOPICS[6 - weeks_ago],
                meets_at=meets_at,
                place="Cardiff, meeting room Taf, and on video for Shenzhen",
                size=8,
                organiser=manager,
            )
            for person in focus_group_selectors.propose_invitees(group):
                response = rng.choices(
                    [
                        FocusGroupInvitation.Response.ACCEPTED,
                        FocusGroupInvitation.Response.DECLINED,
                    ],
                    weights=[4, 1],
                )[0]
                FocusGroupInvitation.objects.create(
                    group=group,
                    person=person,
                    response=response,
                    responded_at=meets_at - timedelta(days=2),
                )
            if weeks_ago > 1:
                themes = THEMES[(6 - weeks_ago) % len(THEMES)]
                focus_group_services.record_notes(
                    actor=manager,
                    group=group,
                    notes=f"Eight of us talked about {group.topic.lower()}. "
                    f"What came up most: {', '.join(themes).lower()}.\n\n"
                    "- Agents want changes announced a week earlier.\n"
                    "- Team leaders will take the actions to their huddles.",
                    themes=themes,
                    now=meets_at + timedelta(hours=3),
                )
        group = FocusGroup.objects.create(
            topic=TOPICS[6],
            meets_at=base + timedelta(weeks=1),
            place="Cardiff, meeting room Taf, and on video for Shenzhen",
            size=8,
            organiser=manager,
        )
        proposal = focus_group_selectors.propose_invitees(group)
        people = [agent, *[person for person in proposal if person.pk != agent.pk][:7]]
        FocusGroupInvitation.objects.bulk_create(
            [FocusGroupInvitation(group=group, person=person) for person in people]
        )
    return True


DECISION = (
    "We agreed three changes with the quality team:\n\n"
    "1. After-call work is measured per case type, not as one target.\n"
    "2. Customer effort score replaces first-call resolution for billing disputes.\n"
    "3. Scorecards are reviewed monthly with your team leader, not weekly.\n\n"
    "Thanks to everyone who sent input: most of you asked for point 1."
)
INPUTS = [
    "After-call work should depend on the case: a refund needs far longer notes.",
    "First-call resolution punishes us for transferring to specialists when that is right.",
    "Could the quality score include what the customer said, not only the checklist?",
    "Weekly reviews feel like a lot; monthly with a trend would be fairer.",
]


@transaction.atomic
def seed_scorecards(now=None):
    """Champions for six teams; Billing Support collecting input before its meeting, and
    Broadband Help with a published outcome."""
    if ScorecardChampion.objects.exists():
        return False
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(SEED + 2)
    manager = _person(MANAGER_EMAIL)
    agent = _person(AGENT_EMAIL)
    teams = list(Team.objects.order_by("site__name", "name")[:6])
    with without_email():
        for team in teams:
            members = _agents(rng, 4, team=team)
            candidates = [m for m in members if m.pk != agent.pk]
            if candidates:
                scorecard_services.name_champion(actor=manager, team=team, champion=candidates[0])
        for name, meets_on, publish in [
            ("Broadband Help", today - timedelta(days=12), True),
            ("Billing Support", today + timedelta(days=5), False),
        ]:
            championship = ScorecardChampion.objects.filter(team__name=name).first()
            if championship is None:
                continue
            meeting = ScorecardMeeting.objects.create(
                team=championship.team, champion=championship.champion, meets_on=meets_on
            )
            senders = [
                m for m in _agents(rng, 4, team=championship.team) if m != championship.champion
            ]
            if not publish and agent.profile.team_id == championship.team_id:
                senders = [agent, *[s for s in senders if s.pk != agent.pk]][:3]
            ScorecardInput.objects.bulk_create(
                ScorecardInput(
                    meeting=meeting, sender=sender, recipient=championship.champion, body=body
                )
                for sender, body in zip(senders, INPUTS, strict=False)
            )
            scorecard_services.tell_team(meeting_id=meeting.pk, news="scheduled")
            if publish:
                meeting.decision = DECISION
                meeting.decided_at = now - timedelta(days=11)
                meeting.status = ScorecardMeeting.Status.PUBLISHED
                meeting.published_at = now - timedelta(days=11)
                meeting.save()
                scorecard_services.tell_team(meeting_id=meeting.pk, news="published")
    return True


THEME_RAISED_TITLE = "Why do rota changes keep coming at short notice?"
QUESTION_RAISED_TITLE = "Will hybrid working be offered to agents?"


@transaction.atomic
def seed_straight_talk_from_voice(now=None):
    """Straight talk the demo manager raised from a recurring focus-group theme and from
    an anonymous Q&A question, so "Raised from" links back to both channels."""
    if StraightTalkRequest.objects.filter(title=THEME_RAISED_TITLE).exists():
        return False
    now = now or timezone.now()
    manager = _person(MANAGER_EMAIL)
    theme = (
        FocusGroupTheme.objects.filter(key="rota changes")
        .select_related("group")
        .order_by("-group__meets_at")
        .first()
    )
    question = Question.objects.filter(
        session__title=NEXT_QANDA_TITLE, body__startswith="Is hybrid working"
    ).first()
    if theme is None or question is None:
        return False
    straight_talk_services.raise_straight_talk(
        actor=manager,
        title=THEME_RAISED_TITLE,
        question="Rota changes came up in most focus groups this quarter. We will explain "
        "how the rota is planned and why changes sometimes come late.",
        origin=theme,
        now=now - timedelta(days=3),
    )
    straight_talk_services.raise_straight_talk(
        actor=manager,
        title=QUESTION_RAISED_TITLE,
        question=question.body,
        origin=question,
        now=now - timedelta(days=2),
    )
    return True
