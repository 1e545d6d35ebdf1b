"""Demo data for huddles, new-starter projects and cause groups (``manage.py seed_demo``).

Each function is keyed on something it creates, so running it again adds nothing, and
runs without email: the history it writes happened before anyone was watching.
"""

# The Shenzhen huddles are written in Chinese, with Chinese punctuation on purpose.
# ruff: noqa: RUF001

import datetime
import random
import zoneinfo

from django.db import transaction
from django.utils import timezone

from community import group_services, huddle_services, project_services
from community import services as feed_services
from community.models import (
    NEW_STARTERS,
    CauseGroup,
    EventRsvp,
    GroupMembership,
    Huddle,
    HuddleAttendance,
    HuddleFigure,
    HuddleQuestion,
    NewStarterProject,
    Post,
    Section,
)
from portal import notifications
from portal.models import Role, Team, User

SEED = 7_2026
DEMO_DOMAIN = "switchboard.example"

# team, today's focus, announcements, figures, questions (question, answer or "")
HUDDLES = [
    (
        "Billing Support",
        "Get direct-debit changes right first time",
        "- The new **payment plan** script is live from today.\n"
        "- Thursday's team quiz moves to the big meeting room.",
        [("Calls answered yesterday", "1,204"), ("First-call resolution", "78%"), ("NPS", "62")],
        [
            ("Can we offer a payment holiday on business accounts?", "Not yet: transfer them to "
             "Business Accounts, who can."),
            ("Is the refund limit still £50 without approval?", "Yes, £50. Above that, ask me."),
            ("Who covers the Welsh line at lunch today?", ""),
        ],
    ),
    (
        "Broadband Help",
        "Cut repeat calls about router resets",
        "Engineers are short in the Valleys this week: book visits three days out.",
        [("Open faults", "312"), ("Average handle time", "7:45"), ("Repeat calls", "11%")],
        [
            ("Is the outage map right for Newport?", "It lags by about an hour; check the NOC "
             "channel first."),
            ("Can we send the Hub 4 guide by text now?", ""),
        ],
    ),
    (
        "Overnight Support",
        "网络中断时先查看故障地图",
        "本周三凌晨有计划维护，请提前告知客户。",
        [("昨晚接听", "486"), ("平均处理时长", "6:10")],
        [
            ("维护期间可以给客户补偿吗？", "可以，按标准补偿表处理。"),
            ("新的升级流程什么时候开始？", ""),
        ],
    ),
]  # fmt: skip

PAST_FOCUSES = [
    "Friendly, accurate account notes on every call",
    "Shorter holds: ask a colleague on the floor first",
    "Vulnerable customers: spot the signs and flag them",
    "Save offers that fit, not the biggest one",
    "Warm handovers to Complaints",
    "Check the knowledge base before escalating",
    "End every call with a clear next step",
]
PAST_QUESTIONS = [
    ("Is the new rota out yet?", "Friday, after the planning meeting."),
    ("Can we swap breaks within the team?", "Yes, tell me first."),
    ("Where is the latest price list?", "Pinned in Announcements."),
    ("Are we still doing the Saturday overtime?", "Two more weeks."),
]


def _team(name):
    return Team.objects.select_related("site").filter(name=name).first()


def _leader(team):
    return (
        User.objects.filter(role=Role.TEAM_LEADER, profile__team=team, is_active=True)
        .select_related("profile")
        .order_by("pk")
        .first()
    )


def _members(team):
    return list(
        User.objects.filter(profile__team=team, is_active=True, role=Role.AGENT)
        .select_related("profile")
        .order_by("pk")
    )


@transaction.atomic
def seed_huddles(now=None):
    """Today's huddle for three teams, with questions and answers, and two weeks of history."""
    if Huddle.objects.exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(SEED)
    created = 0
    with notifications.without_email():
        for name, focus, announcements, figures, questions in HUDDLES:
            team = _team(name)
            leader = team and _leader(team)
            if leader is None:
                continue
            members = _members(team)
            huddle = huddle_services.open_huddle(
                leader=leader,
                team=team,
                focus=focus,
                announcements=announcements,
                figures=figures,
                now=now,
            )
            created += 1
            for (body, answer), author in zip(
                questions, rng.sample(members, len(questions)), strict=True
            ):
                question = huddle_services.ask_question(
                    author=author, huddle=huddle, body=body, now=now
                )
                if answer:
                    huddle_services.answer_question(
                        leader=leader, question=question, answer=answer, now=now
                    )
            for person in rng.sample(members, len(members) * 2 // 3):
                huddle_services.check_in(person=person, huddle=huddle, now=now)
            created += _past_huddles(team, leader, members, rng, now)
    return created


def _past_huddles(team, leader, members, rng, now):
    today = huddle_services.team_today(team, now)
    days = [today - datetime.timedelta(days=n) for n in range(1, 15)]
    huddles = Huddle.objects.bulk_create(
        Huddle(
            team=team,
            date=day,
            led_by=leader,
            focus=rng.choice(PAST_FOCUSES),
            announcements="",
            opened_at=now - datetime.timedelta(days=(today - day).days),
            updated_at=now - datetime.timedelta(days=(today - day).days),
        )
        for day in days
        if day.weekday() < 5
    )
    figures, questions, attendance = [], [], []
    for huddle in huddles:
        opened = huddle.opened_at
        figures.append(
            HuddleFigure(
                huddle=huddle,
                position=0,
                label="First-call resolution",
                value=f"{rng.randint(70, 84)}%",
            )
        )
        for body, answer in rng.sample(PAST_QUESTIONS, 2):
            questions.append(
                HuddleQuestion(
                    huddle=huddle,
                    author=rng.choice(members),
                    body=body,
                    asked_at=opened,
                    answer=answer,
                    answered_by=leader,
                    answered_at=opened,
                )
            )
        for person in rng.sample(members, len(members) * 3 // 4):
            attendance.append(
                HuddleAttendance(
                    huddle=huddle, person=person, recorded_by=leader, recorded_at=opened
                )
            )
    HuddleFigure.objects.bulk_create(figures)
    HuddleQuestion.objects.bulk_create(questions)
    HuddleAttendance.objects.bulk_create(attendance)
    return len(huddles)


# title, description, why it matters, owner's team (its leader owns it; None: a manager)
PROJECTS = [
    (
        "Rewrite the direct-debit article in plain English",
        "The knowledge-base article on changing a direct debit is long and out of date. "
        "Rewrite it in plain English with the five steps agents actually follow, and ask "
        "two colleagues to try it on live calls.",
        "Fewer holds while agents search for the right step",
        "Billing Support",
    ),
    (
        "Try a callback script for router resets",
        "Draft a short callback script for customers whose router needs a reset overnight, "
        "try it on ten calls with your buddy and note what customers say.",
        "Fewer repeat calls about the same fault",
        "Broadband Help",
    ),
    (
        "Map the top ten reasons customers call Mobile",
        "Listen to recorded calls with your buddy, tag the reason for each and make a simple "
        "chart. We use it to choose next month's training.",
        "Training aimed at what customers really ask",
        "Mobile",
    ),
    (
        "A Welsh glossary for billing terms",
        "Collect the twenty billing words the Welsh line translates most and agree one "
        "translation for each with the team.",
        "The same words on every Welsh call",
        "Welsh Language Line",
    ),
    (
        "Welcome pack for the next new starters",
        "What did you wish you had known in your first week? Turn it into a one-page welcome "
        "pack and test it on whoever starts next.",
        "New starters settle in faster",
        None,
    ),
    (
        "Check the complaint templates for jargon",
        "Read our twelve complaint letter templates and mark every phrase a customer would "
        "not understand; suggest a plain one.",
        "Letters customers understand the first time",
        "Complaints",
    ),
    (
        "Tidy the lost-and-found cupboard process",
        "Follow one week of lost property from the floor to its owner and suggest one change "
        "that saves time.",
        "Things get back to their owners sooner",
        None,
    ),
]

UPDATES = [
    "Read the current article with my buddy and listed what is missing.",
    "First draft done; two colleagues are trying it on calls this week.",
    "Tried it on six calls so far: customers liked the shorter version.",
]

# The first progress update of a project on the go, in the project's own words.
FIRST_UPDATES = {
    "Try a callback script for router resets": (
        "Listened to five router-reset calls with my buddy and wrote down what customers "
        "ask before we call back."
    ),
    "Welcome pack for the next new starters": (
        "Asked the last three new starters what they wished they had known in week one; "
        "the list so far is rotas, the break system and who to ask."
    ),
}

WRITE_UP = (
    "I rewrote the direct-debit article in plain English: five steps instead of fourteen, "
    "with the screenshots agents asked for. Two colleagues tried it on live calls for a "
    "week and their holds on direct-debit calls went from about 90 seconds to 40.\n\n"
    "Thanks to my buddy for the call listening and to the team for the feedback!"
)


WELCOMES = [
    "Please welcome {name} to {team}! Say hello if you see them on the floor.",
    "{name} is settling into {team} and has picked up a new-starter project. Drop by and "
    "introduce yourself.",
]


def _welcome(starter, leader):
    for template in WELCOMES:
        feed_services.create_post(
            author=leader,
            section=Section.objects.get(slug=NEW_STARTERS),
            body=template.format(name=starter.profile.display_name, team=starter.profile.team.name),
        )


def _make_new_starter(person, today, days_ago):
    person.profile.start_date = today - datetime.timedelta(days=days_ago)
    person.profile.save(update_fields=["start_date"])


@transaction.atomic
def seed_projects(now=None):
    """Seven projects; three recent starters, two with a project on the go and one finished."""
    if NewStarterProject.objects.exists():
        return 0
    now = now or timezone.now()
    today = timezone.localdate(now)
    manager = User.objects.filter(email=f"manager@{DEMO_DOMAIN}").first()
    if manager is None:
        return 0
    projects = []
    for title, description, impact, team_name in PROJECTS:
        team = team_name and _team(team_name)
        owner = (team and _leader(team)) or manager
        projects.append(
            project_services.create_project(
                owner=owner, title=title, description=description, impact=impact
            )
        )
    billing, broadband = _team("Billing Support"), _team("Broadband Help")
    # The newest agents of two teams become this quarter's new starters.
    starters = [_members(billing)[-1], _members(billing)[-2], _members(broadband)[-1]]
    for days_ago, person in zip((20, 45, 60), starters, strict=True):
        _make_new_starter(person, today, days_ago)
    with notifications.without_email():
        _welcome(starters[0], _leader(billing))
        _welcome(starters[2], _leader(broadband))
        finished = project_services.take_project(
            starter=starters[2], project=projects[0], now=now - datetime.timedelta(days=30)
        )
        for number, body in enumerate(UPDATES):
            project_services.post_update(
                author=starters[2],
                assignment=finished,
                body=body,
                now=now - datetime.timedelta(days=25 - number * 7),
            )
        project_services.finish_project(
            starter=starters[2], assignment=finished, write_up=WRITE_UP, now=now
        )
        for starter, project, days in (
            (starters[1], projects[1], 9),
            (starters[0], projects[4], 3),
        ):
            assignment = project_services.take_project(
                starter=starter, project=project, now=now - datetime.timedelta(days=days)
            )
            project_services.post_update(
                author=starter,
                assignment=assignment,
                body=FIRST_UPDATES[project.title],
                now=now - datetime.timedelta(days=days - 1),
            )
    return len(projects)


# name, summary, description, icon
GROUPS = [
    (
        "Mind Matters",
        "Mental health at work: talk, listen and look after each other.",
        "A safe space to talk about stress, difficult calls and everything in between. "
        "Our trained mental-health first aiders are on every shift; ask any representative "
        "who is on today.",
        "heart-pulse",
    ),
    (
        "Pride Network",
        "LGBT+ colleagues and allies across both sites.",
        "We organise Pride, share what helps at work and make sure every colleague can be "
        "themselves on the floor. Allies very welcome.",
        "rainbow",
    ),
    (
        "Roots",
        "Our ethnic-minority network: culture, careers and a voice.",
        "Mentoring, celebrations of the festivals that matter to us, and a direct line to "
        "leadership on what would make Switchboard fairer.",
        "globe-americas",
    ),
    (
        "Working Parents and Carers",
        "Rotas, school runs and caring: swap tips and find support.",
        "Share what works for fitting shifts around childcare and caring, and hear first "
        "about family-friendly policy changes.",
        "house-heart",
    ),
]

GROUP_CHAT = [
    "Hello everyone! Glad this group exists.",
    "Could we meet on the late shift once a month too? Evenings are hard for some of us.",
    "Thanks for last month's session, I learnt a lot.",
    "Does anyone want to help with a stand at the next all-hands?",
    "Is there a quiet room we can book for a chat on a bad day?",
    "I've put a few leaflets by the kitchen on level 2, help yourselves.",
    "Would a WhatsApp-free way to reach the reps work? Some of us don't share numbers.",
    "Great turnout last time, let's keep it going.",
]

# group, title, place, link, days from now, start hour, length in hours
EVENTS = [
    ("Mind Matters", "Lunchtime walk round the lake", "Meet at reception, Cardiff", "", 2, 12, 1),
    (
        "Mind Matters",
        "Coping with difficult calls: open session",
        "",
        "https://meet.example.com/mind",
        6,
        15,
        1,
    ),
    (
        "Pride Network",
        "Pride planning meeting",
        "Meeting room 3, Cardiff",
        "https://meet.example.com/pride",
        4,
        17,
        1,
    ),
    ("Roots", "Diwali lunch", "Staff kitchen, Cardiff", "", 9, 12, 2),
    ("Roots", "Mentoring circle", "", "https://meet.example.com/roots", 12, 16, 1),
    ("Working Parents and Carers", "Half-term rota clinic", "Training room, Cardiff", "", 5, 10, 1),
]


@transaction.atomic
def seed_groups(now=None):
    """Four groups with representatives, members, a few posts and upcoming events."""
    if CauseGroup.objects.exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(SEED + 1)
    admin = User.objects.filter(email=f"admin@{DEMO_DOMAIN}").first()
    agent = User.objects.filter(email=f"agent@{DEMO_DOMAIN}").first()
    if admin is None:
        return 0
    people = list(
        User.objects.filter(is_active=True, role__in=[Role.AGENT, Role.TEAM_LEADER])
        .select_related("profile")
        .order_by("pk")
    )
    groups = {}
    with notifications.without_email():
        for name, summary, description, icon in GROUPS:
            representatives = rng.sample(people, 2)
            groups[name] = group = group_services.create_group(
                actor=admin,
                name=name,
                summary=summary,
                description=description,
                icon=icon,
                representatives=representatives,
            )
            members = [
                p for p in rng.sample(people, rng.randint(12, 30)) if p not in representatives
            ]
            GroupMembership.objects.bulk_create(
                [GroupMembership(group=group, user=person) for person in members],
                ignore_conflicts=True,
            )
            welcome = group_services.post_in_group(
                author=representatives[0],
                group=group,
                title=summary.split(":")[0],
                body=f"Welcome to {name}! Say hello below and tell us what you would like "
                "the group to do this year.",
            )
            chat = rng.sample(GROUP_CHAT, 4)
            posts = [welcome] + [
                group_services.post_in_group(author=author, group=group, body=body)
                for body, author in zip(chat, rng.sample(members, len(chat)), strict=True)
            ]
            # Spread over the demo's three weeks, like the rest of the feed, so the groups'
            # posts do not all sit on top of it as written a moment ago.
            ages = sorted((rng.uniform(1, 21) for _ in posts), reverse=True)
            for post, days in zip(posts, ages, strict=True):
                Post.objects.filter(pk=post.pk).update(
                    created_at=now - datetime.timedelta(days=days)
                )
        if agent is not None:
            group_services.join_group(user=agent, group=groups["Mind Matters"], now=now)
        london = zoneinfo.ZoneInfo("Europe/London")
        for name, title, place, link, days, hour, hours in EVENTS:
            group = groups[name]
            representative = group.memberships.filter(is_representative=True).first().user
            day = (now + datetime.timedelta(days=days)).date()
            starts_at = datetime.datetime.combine(day, datetime.time(hour), london)
            event = group_services.create_event(
                actor=representative,
                group=group,
                title=title,
                description="All welcome, members or not. Bring a colleague.",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=hours),
                time_zone="Europe/London",
                place=place,
                link=link,
                now=now,
            )
            member_ids = list(group.memberships.values_list("user_id", flat=True))
            EventRsvp.objects.bulk_create(
                EventRsvp(
                    event=event,
                    user_id=pk,
                    answer=EventRsvp.Answer.GOING if rng.random() < 0.7 else "not_going",
                )
                for pk in rng.sample(member_ids, min(len(member_ids), rng.randint(3, 9)))
            )
    return len(groups)
