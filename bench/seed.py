"""The benchmark's contact centre, written in bulk (COPY) and cached between runs.

Run inside Django (``bench/run.py`` calls ``python -m bench.seed``). A marker table
``bench_seed`` records the seed version and scale; when they match, nothing is written,
so a second ``make bench`` starts measuring within seconds. Only for a dedicated
database: it writes thousands of people and posts.
"""

import argparse
import datetime
import io
import json
import random
import sys

SEED_VERSION = 3
RANDOM_SEED = 6


def _sites():
    # Four sites in four time zones, so "today" differs across the floor.
    return [
        ("Cardiff", "Europe/London"),
        ("Shenzhen", "Asia/Shanghai"),
        ("Manila", "Asia/Manila"),
        ("Phoenix", "America/Phoenix"),
    ]


DEPARTMENTS = ["Customer Service", "Billing Support", "Technical Support", "Retentions"]
GIVEN = [
    "Alys", "Bethan", "Carys", "Dylan", "Emyr", "Ffion", "Gareth", "Huw", "Iwan", "Jac",
    "Li Wei", "Zhang Min", "Chen Jing", "Wang Fang", "Liu Yang", "Maria", "Jose", "Ana",
    "Mark", "Grace", "Carlos", "Emily", "Jacob", "Sofia", "Noah", "Olivia", "Mateo", "Ava",
]  # fmt: skip
FAMILY = [
    "Hughes", "Evans", "Price", "Jones", "Morgan", "Li", "Zhang", "Chen", "Wang", "Liu",
    "Santos", "Reyes", "Cruz", "Garcia", "Lopez", "Smith", "Johnson", "Martinez", "Brown",
]  # fmt: skip
SKILLS = [
    "billing disputes", "router setup", "eSIM", "complaints", "Welsh speaker",
    "Mandarin", "Tagalog", "Spanish", "retentions", "fibre orders", "roaming",
]  # fmt: skip
OPENINGS = [
    "Quick one about", "Heads-up on", "Question about", "Tip for", "Update on",
    "Anyone else seeing", "Reminder about", "Thanks to everyone who helped with",
]  # fmt: skip
TOPICS = [
    "direct debits", "router resets", "eSIM activation", "roaming charges", "the Hub 4",
    "engineer visits", "payment plans", "porting numbers", "the new IVR", "the Welsh line",
    "overnight handover", "refund approvals", "the outage map", "contract end dates",
    "bill shock", "screen repairs", "warranty claims", "business accounts", "line faults",
    "fibre orders", "the car park", "the Saturday rota", "headset batteries", "quiz night",
]  # fmt: skip
SENTENCES = [
    "It caught me out twice this week.", "The **knowledge base** article is out of date.",
    "Customers are calling about it since Monday.", "Worth mentioning in the huddle.",
    "Check the account notes first.", "Saves about a minute a call.",
    "Ask your team leader if unsure.", "The overnight team flagged it first.",
    "Billing Operations know and are fixing it.", "Shout if you have seen the same.",
    "Steps:\n\n1. Check the line test\n2. Reset the router\n3. Book an engineer",
    "See [the guide](https://intranet.example/guide) for the details.",
]  # fmt: skip
BUSY_POST_TITLE = "Rota for the new quarter: ask your questions here"
BUSY_POST_COMMENTS = 200
REPLY = "Thanks, good to know."
SEARCH_TERM = "router"
# Agents the load generator signs in as: different people on different sites.
LOAD_AGENTS = 8
# bench/run.py recreates the database when the seed says it is stale.
STALE_SEED_EXIT = 3


class Scale:
    """How much to seed. ``full`` is the issue's contact centre; ``smoke`` is for the test."""

    def __init__(
        self, name, people, posts, comments_per_post, reactions_per_post, ideas, articles,
        briefing_days,
    ):  # fmt: skip
        self.name = name
        self.people = people
        self.posts = posts
        self.comments_per_post = comments_per_post
        self.reactions_per_post = reactions_per_post
        self.ideas = ideas
        self.articles = articles
        self.briefing_days = briefing_days

    def as_dict(self):
        return dict(vars(self))


SCALES = {
    "full": Scale(
        "full",
        people=5_000,
        posts=200_000,
        comments_per_post=2,
        reactions_per_post=3,
        ideas=20_000,
        articles=2_000,
        briefing_days=60,
    ),
    "smoke": Scale(
        "smoke",
        people=60,
        posts=300,
        comments_per_post=2,
        reactions_per_post=3,
        ideas=200,
        articles=40,
        briefing_days=3,
    ),
}


# Marker -------------------------------------------------------------------------------


def _marker(cursor, part):
    cursor.execute(
        "CREATE TABLE IF NOT EXISTS bench_seed "
        "(part text PRIMARY KEY, version integer NOT NULL, detail text NOT NULL)"
    )
    cursor.execute("SELECT version, detail FROM bench_seed WHERE part = %s", [part])
    return cursor.fetchone()


def _mark(cursor, part, detail):
    cursor.execute(
        "INSERT INTO bench_seed (part, version, detail) VALUES (%s, %s, %s) "
        "ON CONFLICT (part) DO UPDATE SET version = EXCLUDED.version, detail = EXCLUDED.detail",
        [part, SEED_VERSION, json.dumps(detail)],
    )


class StaleSeed(RuntimeError):
    """The database holds another seed version or scale: it must be recreated."""


def _copy(cursor, table, columns, rows):
    """COPY rows (tuples, None for NULL) into ``table``: the fast path for bulk data."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.cursor.copy_expert(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buffer
    )


def _copy_value(value):
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


# The seed -----------------------------------------------------------------------------


def seed(scale, *, now=None, log=print):
    """Seed the contact centre at ``scale`` unless already there; return what the bench needs."""
    from django.db import connection, transaction
    from django.utils import timezone

    with connection.cursor() as cursor:
        found = _marker(cursor, "community")
    if found is not None:
        version, detail = found[0], json.loads(found[1])
        if version != SEED_VERSION or detail["scale"] != scale.as_dict():
            raise StaleSeed(
                f"The database holds seed version {version} at {detail['scale']}; "
                f"this is version {SEED_VERSION} at {scale.as_dict()}."
            )
        log(f"Seed version {SEED_VERSION} ({scale.name}) already there: skipped.")
        return detail
    now = now or timezone.now()
    with transaction.atomic():
        detail = _seed_community(scale, now=now, log=log)
        detail["ideas"] = seed_ideas(scale.ideas, now=now, log=log)
        detail["articles"] = seed_articles(scale.articles, now=now, log=log)
        detail["briefings"] = seed_briefings(scale.briefing_days, now=now, log=log)
        with connection.cursor() as cursor:
            _mark(cursor, "community", detail)
    with connection.cursor() as cursor:
        # What autovacuum does in production after a bulk load (it is off on some test
        # servers): statistics for the planner, and GIN pending lists and visibility maps
        # cleared, so searches and index-only scans read no more than a live database.
        cursor.execute("VACUUM (ANALYZE)")
    return detail


def _seed_community(scale, *, now, log):
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from community.mentions import render_with_mentions
    from community.models import Comment, Post, PostView, Reaction, ReactionKind, Section
    from portal.models import Audience, Department, Profile, Role, Site, Team, User

    rng = random.Random(RANDOM_SEED)
    now = now or timezone.now()
    # Stored as the services store it; the bodies repeat, so each is rendered once.
    rendered = {}

    def html(body):
        if body not in rendered:
            rendered[body] = render_with_mentions(body)
        return rendered[body]

    today = now.date()

    sites = [Site.objects.get_or_create(name=n, defaults={"time_zone": z})[0] for n, z in _sites()]
    departments = [Department.objects.get_or_create(name=name)[0] for name in DEPARTMENTS]
    teams = [
        Team.objects.get_or_create(
            name=f"{department.name} {letter}", site=site, defaults={"department": department}
        )[0]
        for site in sites
        for department in departments
        for letter in "AB"
    ]

    log(f"  {scale.people:,} people over {len(sites)} sites")
    password = make_password(None)
    roles = [Role.AGENT] * 40 + [Role.TEAM_LEADER] * 3 + [Role.MANAGER, Role.SUBMITTER]
    users = User.objects.bulk_create(
        (
            User(
                email=f"person{number:05d}@bench.switchboard.example",
                role=Role.AGENT if number < LOAD_AGENTS else rng.choice(roles),
                password=password,
            )
            for number in range(scale.people)
        ),
        batch_size=5000,
    )
    profiles = []
    for number, user in enumerate(users):
        # The load's agents are spread over the sites: their audience checks differ.
        team = teams[number % len(teams)] if number < LOAD_AGENTS else rng.choice(teams)
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        profiles.append(
            Profile(
                user=user,
                display_name=name,
                job_title="Customer Service Advisor",
                site=team.site,
                team=team,
                department=team.department,
                start_date=today - datetime.timedelta(days=rng.randint(0, 3000)),
                birthday_day=rng.randint(1, 28),
                birthday_month=rng.randint(1, 12),
                skills=", ".join(rng.sample(SKILLS, 2)),
                languages="English",
            )
        )
    Profile.objects.bulk_create(profiles, batch_size=5000)
    people = [user.pk for user in users]

    sections = list(
        Section.objects.filter(slug__in=["general", "tips", "shift-swaps"]).values_list(
            "pk", flat=True
        )
    )
    log(f"  {scale.posts:,} posts, a fifth aimed at one site")
    # As set_audience does: each targeted post has an audience of its own.
    targeted = [rng.random() < 0.2 for _ in range(scale.posts)]
    audiences = Audience.objects.bulk_create(
        (Audience() for _ in range(sum(targeted))), batch_size=10000
    )
    with connection.cursor() as cursor:
        _copy(
            cursor,
            Audience.sites.through._meta.db_table,
            ["audience_id", "site_id"],
            ((audience.pk, rng.choice(sites).pk) for audience in audiences),
        )
        span = 730 * 24 * 3600
        audience_ids = iter(audience.pk for audience in audiences)
        post_rows = []
        for aimed in targeted:
            body = "\n\n".join(rng.sample(SENTENCES, 3))
            post_rows.append(
                (
                    rng.choice(sections),
                    rng.choice(people),
                    f"{rng.choice(OPENINGS)} {rng.choice(TOPICS)}",
                    body,
                    html(body),
                    False,
                    now - datetime.timedelta(seconds=rng.random() * span + 3600),
                    "",
                    next(audience_ids) if aimed else None,
                )
            )
        post_columns = [
            "section_id", "author_id", "title", "body", "body_html", "pinned", "created_at",
            "hidden_reason", "audience_id",
        ]  # fmt: skip
        _copy(cursor, Post._meta.db_table, post_columns, post_rows)
        busy_body = "The draft rota is on the shared drive. Questions below, please."
        busy = Post.objects.create(
            section_id=sections[0],
            author_id=people[0],
            title=BUSY_POST_TITLE,
            body=busy_body,
            body_html=html(busy_body),
            created_at=now - datetime.timedelta(minutes=30),
        )
        cursor.execute(
            f"SELECT id, created_at FROM {Post._meta.db_table} WHERE id <> %s", [busy.pk]
        )
        posts = cursor.fetchall()

        log(
            f"  about {scale.comments_per_post * len(posts):,} comments and "
            f"{scale.reactions_per_post * len(posts):,} reactions"
        )
        comment_rows = []
        reaction_rows = []
        kinds = ReactionKind.values
        for pk, created_at in posts:
            for _ in range(rng.randint(0, 2 * scale.comments_per_post)):
                body = rng.choice(SENTENCES)
                comment_rows.append(
                    (pk, rng.choice(people), body, html(body),
                     created_at + datetime.timedelta(minutes=rng.randint(1, 600)))
                )  # fmt: skip
            count = rng.randint(0, 2 * scale.reactions_per_post)
            for person in rng.sample(people, min(count, len(people))):
                reaction_rows.append((pk, person, rng.choice(kinds), created_at))
        # The busy post: exactly BUSY_POST_COMMENTS, threads with a reply each.
        threads = BUSY_POST_COMMENTS // 2
        for number in range(threads):
            body = rng.choice(SENTENCES)
            comment_rows.append(
                (busy.pk, rng.choice(people), body, html(body),
                 busy.created_at + datetime.timedelta(seconds=10 * number))
            )  # fmt: skip
        comment_columns = ["post_id", "author_id", "body", "body_html", "created_at"]
        _copy(cursor, Comment._meta.db_table, comment_columns, comment_rows)
        cursor.execute(
            f"SELECT id, created_at FROM {Comment._meta.db_table} WHERE post_id = %s", [busy.pk]
        )
        _copy(
            cursor,
            Comment._meta.db_table,
            ["post_id", "parent_id", "author_id", "body", "body_html", "created_at"],
            (
                (busy.pk, parent, rng.choice(people), REPLY, html(REPLY),
                 written + datetime.timedelta(seconds=5))
                for parent, written in cursor.fetchall()
            ),
        )  # fmt: skip
        for person in rng.sample(people, min(40, len(people))):
            reaction_rows.append((busy.pk, person, "like", busy.created_at))
        _copy(
            cursor,
            Reaction._meta.db_table,
            ["post_id", "user_id", "kind", "created_at"],
            reaction_rows,
        )
        # "Seen by": the newest posts have been read by some of the floor.
        newest = sorted(posts, key=lambda row: row[1], reverse=True)[:2000]
        view_rows = [
            (pk, person, created_at)
            for pk, created_at in newest
            for person in rng.sample(people, min(len(people), rng.randint(5, 40)))
        ]
        _copy(cursor, PostView._meta.db_table, ["post_id", "user_id", "first_seen_at"], view_rows)

    return {
        "scale": scale.as_dict(),
        "people": len(people),
        "posts": len(posts) + 1,
        "comments": len(comment_rows) + threads,
        "reactions": len(reaction_rows),
        "busy_post": busy.pk,
        "busy_post_comments": Comment.objects.filter(post=busy).count(),
        "load_agents": people[:LOAD_AGENTS],
        "search_term": SEARCH_TERM,
    }


# Ideas, knowledge articles and briefings ---------------------------------------------
# Seeded in the same transaction as the community and cached under the same marker.
# Every stored counter is written from the rows it counts, so the data is what the
# services would have left behind.

IDEA_OPENINGS = [
    "Simplify", "A checklist for", "Self-service for", "Better scripts for",
    "Fewer transfers on", "A dashboard for", "Automate", "Train new starters on",
    "One screen for", "Text customers about",
]  # fmt: skip
IDEA_PROBLEMS = [
    "Customers ring back two or three times before it is sorted.",
    "We copy the same details into three systems.",
    "New starters take weeks to get confident with it.",
    "Calls about it run ten minutes over the average.",
    "The **knowledge base** gives two different answers.",
    "Team leaders are asked about it several times a shift.",
]  # fmt: skip
IDEA_PROPOSALS = [
    "Add a short guided flow to the agent desktop.",
    "Send an SMS with the next steps after the call.",
    "Put a one-page checklist in the knowledge base and link it from the IVR note.",
    "Let customers do it in the app, with a fallback to us.",
    "Give each site a named expert for a month and collect the questions.",
]  # fmt: skip
IDEA_REPLIES = {
    "under_review": "Thanks: the operations team is looking at the cost.",
    "planned": "Planned for next quarter, with a pilot in Cardiff first.",
    "done": "Live since the last release. Thank you to everyone who supported it.",
    "declined": "Not now: the billing system is being replaced next year and this changes with it.",
}  # fmt: skip
# Mostly new ideas; the rest spread over what managers do with them.
IDEA_STATUSES = (
    ["new"] * 60 + ["under_review"] * 15 + ["planned"] * 10 + ["done"] * 8 + ["declined"] * 7
)
IDEA_COMMENTS = [
    "Yes please, this comes up every shift.", "We tried this in Manila and it helped.",
    "What about customers without a smartphone?", "Supported, but keep the phone option.",
    "The overnight team would love this.",
]  # fmt: skip
ARTICLE_CATEGORIES = [
    ("Billing", 6), ("Broadband", 6), ("Mobile", 6), ("Devices", 12),
    ("Accounts and security", 3), ("Complaints", 12), ("Retentions", 6), ("Payments", 6),
    ("Roaming", 12), ("Business customers", 12), ("Engineer visits", 6), ("Policies", 3),
]  # fmt: skip
ARTICLE_ASPECTS = [
    "how it works", "troubleshooting", "what to tell the customer", "eligibility",
    "refunds and credits", "escalation", "known issues", "step by step",
]  # fmt: skip
FLAG_COMMENTS = {
    "out_of_date": "The prices changed last month.",
    "wrong": "Step 3 sends customers to the wrong team.",
    "unclear": "Does this apply to business accounts too?",
    "question": "Can we offer this to customers in their first month?",
}
FLAG_REPLY = "Thanks: corrected and checked with the product team."
BRIEFING_TITLES = [
    ("system", "Planned maintenance on the billing system tonight"),
    ("system", "Outage map: {topic} in the north-west"),
    ("product", "New tariff: what changes for {topic}"),
    ("product", "Update on {topic}"),
    ("marketing", "Campaign starts today: ask customers about {topic}"),
    ("compliance", "Reminder: verify the account holder before discussing {topic}"),
    ("hr", "The Saturday rota for next month is out"),
    ("other", "Quiz night on Friday, and {topic}"),
]  # fmt: skip
# Of each site's people, how many open a day's briefing, and how many readers confirm
# the must-read item.
BRIEFING_READ_SHARE = 0.7
ACKNOWLEDGED_SHARE = 0.8


def _people():
    """(user id, site id, team id, department id, role) of every bench person, by id."""
    from portal.models import Profile

    return list(
        Profile.objects.filter(user__email__endswith="@bench.switchboard.example")
        .order_by("user_id")
        .values_list("user_id", "site_id", "team_id", "department_id", "user__role")
    )


def _some_time_after(rng, start, now, *, within_days):
    """A moment after ``start`` (within the given days) that is not in the future."""
    span = min((now - start).total_seconds(), within_days * 86400)
    return start + datetime.timedelta(seconds=rng.random() * max(span, 1))


def seed_ideas(count, *, now, log=print):
    """``count`` ideas over two years with their supporters, readers and comments.

    Readers are sampled first and supporters are some of them, so each idea's counters
    equal its rows. Ideas that are not new carry the status change that moved them.
    """
    from django.db import connection

    from feedback.idea_services import refresh_popularity
    from feedback.models import (
        Idea,
        IdeaCategory,
        IdeaComment,
        IdeaReader,
        IdeaStatusChange,
        IdeaSupport,
    )

    rng = random.Random(RANDOM_SEED + 1)
    placements = _people()
    people = [row[0] for row in placements]
    managers = [row[0] for row in placements if row[4] == "manager"] or people
    log(f"  {count:,} ideas with supporters, readers and comments")
    ideas, plans = [], []
    for _number in range(count):
        created_at = now - datetime.timedelta(seconds=rng.random() * 730 * 86400 + 600)
        # A few ideas catch on; most gather a handful of supporters.
        hot = rng.random() < 0.02
        supporters = rng.randint(40, 300) if hot else int(rng.expovariate(1 / 4))
        readers = min(len(people), supporters + rng.randint(0, 25 if hot else 15))
        supporters = min(supporters, readers)
        comments = rng.randint(5, 30) if hot else int(rng.expovariate(1 / 1.2))
        status = rng.choice(IDEA_STATUSES)
        changed_at = (
            None if status == "new" else _some_time_after(rng, created_at, now, within_days=60)
        )
        ideas.append(
            Idea(
                author_id=rng.choice(people),
                title=f"{rng.choice(IDEA_OPENINGS)} {rng.choice(TOPICS)}",
                problem=rng.choice(IDEA_PROBLEMS),
                proposal=rng.choice(IDEA_PROPOSALS),
                category=rng.choice(IdeaCategory.values),
                status=status,
                status_reply=IDEA_REPLIES.get(status, ""),
                status_changed_at=changed_at,
                created_at=created_at,
                supporter_count=supporters,
                comment_count=comments,
                reader_count=readers,
            )
        )
        plans.append((rng.sample(people, readers), supporters, comments))
    Idea.objects.bulk_create(ideas, batch_size=5000)

    reader_rows, support_rows, comment_rows, change_rows = [], [], [], []
    for idea, (readers, supporters, comments) in zip(ideas, plans, strict=True):
        for person in readers:
            read_at = _some_time_after(rng, idea.created_at, now, within_days=30)
            reader_rows.append((idea.pk, person, read_at))
        for person in readers[:supporters]:
            supported_at = _some_time_after(rng, idea.created_at, now, within_days=30)
            support_rows.append((idea.pk, person, supported_at))
        for _ in range(comments):
            written = _some_time_after(rng, idea.created_at, now, within_days=30)
            comment_rows.append((idea.pk, rng.choice(people), rng.choice(IDEA_COMMENTS), written))
        if idea.status != "new":
            change_rows.append(
                (idea.pk, "new", idea.status, idea.status_reply, rng.choice(managers),
                 idea.status_changed_at)
            )  # fmt: skip
    with connection.cursor() as cursor:
        reader_columns = ["idea_id", "user_id", "first_read_at"]
        _copy(cursor, IdeaReader._meta.db_table, reader_columns, reader_rows)
        support_columns = ["idea_id", "user_id", "created_at"]
        _copy(cursor, IdeaSupport._meta.db_table, support_columns, support_rows)
        _copy(
            cursor,
            IdeaComment._meta.db_table,
            ["idea_id", "author_id", "body", "created_at"],
            comment_rows,
        )
        _copy(
            cursor,
            IdeaStatusChange._meta.db_table,
            ["idea_id", "from_status", "to_status", "reply", "changed_by_id", "changed_at"],
            change_rows,
        )
    # One idea in a hundred was a duplicate and joined an older one, as a merge leaves it.
    merged = 0
    for newer, older in zip(ideas[1::100], ideas[::100], strict=False):
        if newer.created_at > older.created_at and newer.status == "new":
            Idea.objects.filter(pk=newer.pk).update(
                merged_into_id=older.pk,
                merged_at=_some_time_after(rng, newer.created_at, now, within_days=14),
            )
            merged += 1
    # As the scheduled job would have left them (feedback.tasks.refresh_idea_popularity).
    refresh_popularity(now=now)
    return {
        "ideas": len(ideas),
        "merged": merged,
        "supports": len(support_rows),
        "readers": len(reader_rows),
        "comments": len(comment_rows),
    }


def seed_articles(count, *, now, log=print):
    """``count`` knowledge articles on 12 shelves, some overdue for review, some flagged.

    The open flag and question counters are the open flags' rows; each article has its
    first version, as the service records it.
    """
    from django.db import connection

    from feedback.models import Article, ArticleCategory, ArticleFlag, ArticleVersion

    rng = random.Random(RANDOM_SEED + 2)
    people = _people()
    everyone = [row[0] for row in people]
    owners = [row[0] for row in people if row[4] in {"team_leader", "manager", "submitter"}]
    owners = owners or everyone
    categories = [
        ArticleCategory.objects.get_or_create(
            name=name, defaults={"review_interval_months": months}
        )[0]
        for name, months in ARTICLE_CATEGORIES
    ]
    log(f"  {count:,} knowledge articles, some overdue for review or flagged")
    today = now.date()
    articles, flag_plans = [], []
    for number in range(count):
        category = rng.choice(categories)
        owner = rng.choice(owners)
        created_at = now - datetime.timedelta(seconds=rng.random() * 1095 * 86400 + 3600)
        updated_at = _some_time_after(rng, created_at, now, within_days=365)
        verified = rng.random() < 0.8
        verified_at = _some_time_after(rng, updated_at, now, within_days=180) if verified else None
        # About one in eight is past its review date.
        if rng.random() < 0.12:
            review_by = today - datetime.timedelta(days=rng.randint(1, 90))
        else:
            review_by = today + datetime.timedelta(
                days=rng.randint(1, 30 * category.review_interval_months)
            )
        topic = rng.choice(TOPICS)
        body = "\n\n".join(
            [f"## {topic.capitalize()}", *rng.sample(SENTENCES, 4), "Last checked by the owner."]
        )
        articles.append(
            Article(
                title=f"{topic.capitalize()}: {rng.choice(ARTICLE_ASPECTS)} ({number + 1})",
                body=body,
                category=category,
                owner_id=owner,
                created_by_id=owner,
                created_at=created_at,
                updated_at=updated_at,
                review_by=review_by,
                verified_at=verified_at,
                verified_by_id=owner if verified else None,
            )
        )
        roll = rng.random()
        open_flags = rng.randint(1, 3) if roll < 0.06 else 0
        open_questions = rng.randint(1, 2) if 0.06 <= roll < 0.10 else 0
        resolved = rng.randint(1, 2) if rng.random() < 0.10 else 0
        flag_plans.append((owner, open_flags, open_questions, resolved))
        articles[-1].open_flag_count = open_flags
        articles[-1].open_question_count = open_questions
    Article.objects.bulk_create(articles, batch_size=1000)

    flag_rows, version_rows = [], []
    kinds = ["out_of_date", "wrong", "unclear"]
    for article, (owner, open_flags, open_questions, resolved) in zip(
        articles, flag_plans, strict=True
    ):
        version_rows.append((article.pk, article.title, article.body, owner, article.updated_at))
        # Distinct people for the open flags: one open flag per person and article.
        raisers = [person for person in rng.sample(everyone, 9) if person != owner][:8]
        for person in raisers[:open_flags]:
            kind = rng.choice(kinds)
            raised = _some_time_after(rng, article.updated_at, now, within_days=60)
            flag_rows.append(
                (article.pk, person, kind, FLAG_COMMENTS[kind], raised, None, None, "")
            )
        for person in raisers[3 : 3 + open_questions]:
            raised = _some_time_after(rng, article.updated_at, now, within_days=60)
            flag_rows.append(
                (article.pk, person, "question", FLAG_COMMENTS["question"], raised, None, None, "")
            )
        for person in raisers[5 : 5 + resolved]:
            kind = rng.choice(kinds)
            raised = _some_time_after(rng, article.created_at, article.updated_at, within_days=60)
            answered = _some_time_after(rng, raised, now, within_days=7)
            flag_rows.append(
                (article.pk, person, kind, FLAG_COMMENTS[kind], raised, answered, owner, FLAG_REPLY)
            )
    with connection.cursor() as cursor:
        _copy(
            cursor,
            ArticleFlag._meta.db_table,
            ["article_id", "raised_by_id", "kind", "comment", "created_at", "resolved_at",
             "resolved_by_id", "reply"],
            flag_rows,
        )  # fmt: skip
        _copy(
            cursor,
            ArticleVersion._meta.db_table,
            ["article_id", "title", "body", "edited_by_id", "edited_at"],
            version_rows,
        )
    return {
        "articles": len(articles),
        "categories": len(categories),
        "overdue": sum(article.review_by < today for article in articles),
        "flagged": sum(plan[1] > 0 for plan in flag_plans),
        "flags": len(flag_rows),
    }


def seed_briefings(days, *, now, log=print):
    """``days`` of sent briefings per site, up to and including each site's today.

    Each day has items for every site (one of them must-read) and one item per site
    aimed at that site alone; each site's briefing for the day carries them as entries,
    and every person of the site has a sent delivery for it, most of them read, most
    readers having confirmed the must-read item.
    """
    from django.db import connection

    from briefings import schedule
    from briefings.models import (
        Acknowledgement,
        Briefing,
        BriefingDelivery,
        BriefingEntry,
        BriefingItem,
    )
    from portal.models import Audience, Department, Site

    rng = random.Random(RANDOM_SEED + 3)
    people = _people()
    authors = [row[0] for row in people if row[4] in {"submitter", "manager"}] or [people[0][0]]
    reviewers = [row[0] for row in people if row[4] == "manager"] or authors
    departments = list(Department.objects.filter(name__in=DEPARTMENTS))
    sites = list(Site.objects.filter(name__in=[name for name, _zone in _sites()]).order_by("pk"))
    by_site = {site.pk: [row for row in people if row[1] == site.pk] for site in sites}
    log(f"  {days} days of briefings for {len(sites)} sites, a delivery per person and day")

    def item(date, *, must_read=False, audience=None):
        category, title = rng.choice(BRIEFING_TITLES)
        submitted_at = datetime.datetime.combine(
            date - datetime.timedelta(days=2), datetime.time(9), tzinfo=datetime.UTC
        ) + datetime.timedelta(minutes=rng.randint(0, 600))
        approved_at = submitted_at + datetime.timedelta(minutes=rng.randint(10, 240))
        body = "\n\n".join(rng.sample(SENTENCES, 3))
        return BriefingItem(
            audience=audience,
            author_id=rng.choice(authors),
            department=rng.choice(departments),
            title=title.format(topic=rng.choice(TOPICS)),
            body=body,
            category=category,
            must_read=must_read,
            state="approved",
            created_at=submitted_at,
            submitted_at=submitted_at,
            reviewed_by_id=rng.choice(reviewers),
            reviewed_at=approved_at,
            approved_at=approved_at,
        )

    last_date = max(schedule.local_date(site, now) for site in sites)
    dates = [last_date - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    # Items for every site, then one aimed at each site (an audience of its own).
    shared = {date: [item(date, must_read=number == 0) for number in range(5)] for date in dates}
    audiences = Audience.objects.bulk_create(Audience() for _ in range(len(dates) * len(sites)))
    Audience.sites.through.objects.bulk_create(
        Audience.sites.through(audience_id=audience.pk, site_id=sites[number % len(sites)].pk)
        for number, audience in enumerate(audiences)
    )
    aimed = {
        (date, site.pk): item(date, audience=audiences[day * len(sites) + number])
        for day, date in enumerate(dates)
        for number, site in enumerate(sites)
    }
    BriefingItem.objects.bulk_create(
        [entry for items in shared.values() for entry in items] + list(aimed.values())
    )

    briefings = []
    for site in sites:
        today = schedule.local_date(site, now)
        for date in dates:
            if date > today:
                continue
            due_at = schedule.send_at(site, date)
            # Today's may be due later today: the bench shows it as already sent.
            started_at = min(due_at, now - datetime.timedelta(minutes=10))
            briefings.append(
                Briefing(
                    site=site,
                    date=date,
                    state="complete",
                    due_at=due_at,
                    started_at=started_at,
                    finished_at=started_at + datetime.timedelta(minutes=3),
                    last_person_id=max((row[0] for row in by_site[site.pk]), default=0),
                    people_enrolled=True,
                )
            )
    Briefing.objects.bulk_create(briefings)
    BriefingEntry.objects.bulk_create(
        BriefingEntry(briefing=briefing, item=entry, site_id=briefing.site_id)
        for briefing in briefings
        for entry in [*shared[briefing.date], aimed[briefing.date, briefing.site_id]]
    )

    delivery_rows, acknowledgement_rows = [], []
    for briefing in briefings:
        must_read = shared[briefing.date][0]
        for person, _site, team, department, role in by_site[briefing.site_id]:
            sent_at = briefing.started_at + datetime.timedelta(seconds=rng.randint(1, 170))
            read = rng.random() < BRIEFING_READ_SHARE
            read_at = _some_time_after(rng, sent_at, now, within_days=1) if read else None
            delivery_rows.append(
                (briefing.pk, person, briefing.date, team, department, role, "sent", 1,
                 sent_at, "", sent_at, read_at)
            )  # fmt: skip
            if read and rng.random() < ACKNOWLEDGED_SHARE:
                acknowledgement_rows.append((must_read.pk, person, read_at))
    with connection.cursor() as cursor:
        _copy(
            cursor,
            BriefingDelivery._meta.db_table,
            ["briefing_id", "person_id", "date", "team_id", "department_id", "role", "state",
             "attempts", "claimed_at", "last_error", "sent_at", "read_at"],
            delivery_rows,
        )  # fmt: skip
        _copy(
            cursor,
            Acknowledgement._meta.db_table,
            ["item_id", "person_id", "acknowledged_at"],
            acknowledgement_rows,
        )
    return {
        "days": len(dates),
        "briefings": len(briefings),
        "items": len(shared) * 5 + len(aimed),
        "deliveries": len(delivery_rows),
        "acknowledgements": len(acknowledgement_rows),
    }


def create_sessions(user_ids):
    """A signed-in session for each person, as the sign-in view would leave it.

    Created directly (no sign-in form) so the load measures pages, not password hashing.
    Must run with the server's SECRET_KEY: the session carries a hash keyed on it.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from portal.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
    return cookies


def main(argv=None):
    parser = argparse.ArgumentParser(description="Seed the benchmark database (cached).")
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    args = parser.parse_args(argv)

    import django

    django.setup()
    log = lambda *parts: print(*parts, file=sys.stderr, flush=True)  # noqa: E731
    try:
        detail = seed(SCALES[args.scale], log=log)
    except StaleSeed as error:
        log(error)
        sys.exit(STALE_SEED_EXIT)
    detail = {**detail, "sessions": create_sessions(detail["load_agents"])}
    print(json.dumps(detail))


if __name__ == "__main__":
    main()
