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

SEED_VERSION = 2
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

    def __init__(self, name, people, posts, comments_per_post, reactions_per_post):
        self.name = name
        self.people = people
        self.posts = posts
        self.comments_per_post = comments_per_post
        self.reactions_per_post = reactions_per_post

    def as_dict(self):
        return dict(vars(self))


SCALES = {
    "full": Scale("full", people=5_000, posts=200_000, comments_per_post=2, reactions_per_post=3),
    "smoke": Scale("smoke", people=60, posts=300, comments_per_post=2, reactions_per_post=3),
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
    """Seed the community at ``scale`` unless already there; return what the bench needs."""
    from django.db import connection, transaction

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
    with transaction.atomic():
        detail = _seed_community(scale, now=now, log=log)
        with connection.cursor() as cursor:
            _mark(cursor, "community", detail)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
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


# Hooks for what other branches are building ------------------------------------------
# Each seeds in bulk once its model is on this branch, and says plainly when it is not.


def _model(app_label, model_name):
    from django.apps import apps

    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def seed_ideas(count=20_000, *, log=print):
    """HOOK (think tank): ``count`` ideas with supporters, comments and readers."""
    if _model("feedback", "Idea") is None:
        log("  ideas: skipped, feedback.Idea is not on this branch yet")
        return None
    log("  ideas: HOOK NOT FILLED IN: the model is here, its bulk seed is not")
    return None


def seed_articles(count=2_000, *, log=print):
    """HOOK (knowledge base): ``count`` knowledge articles."""
    if _model("feedback", "Article") is None:
        log("  knowledge articles: skipped, feedback.Article is not on this branch yet")
        return None
    log("  knowledge articles: HOOK NOT FILLED IN: the model is here, its bulk seed is not")
    return None


def seed_briefings(days=60, *, log=print):
    """HOOK (briefings): ``days`` of compiled and sent briefings, with deliveries."""
    if _model("briefings", "Briefing") is None:
        log("  briefings: skipped, briefings.Briefing is not on this branch yet")
        return None
    log("  briefings: HOOK NOT FILLED IN: the model is here, its bulk seed is not")
    return None


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
    extras = {
        "ideas": seed_ideas(log=log),
        "articles": seed_articles(log=log),
        "briefings": seed_briefings(log=log),
    }
    detail = {**detail, "extras": extras, "sessions": create_sessions(detail["load_agents"])}
    print(json.dumps(detail))


if __name__ == "__main__":
    main()
