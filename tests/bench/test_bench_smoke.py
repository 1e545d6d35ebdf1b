"""`make bench` at its smallest setting, so the benchmark cannot rot between runs.

The same seed (at the "smoke" scale), the same sessions, the same locust load and the
same report as bench/run.py, for a second per page against the live test server.
"""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from bench import run, seed
from briefings import schedule
from briefings import selectors as briefing_selectors
from briefings.models import Briefing, BriefingDelivery
from community.models import Comment, Post
from feedback.models import Article, FlagKind, Idea, IdeaStatus
from portal.models import Profile, User

SMOKE = seed.SCALES["smoke"]


def quiet(*_parts):
    pass


@pytest.fixture
def smoke_seed(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("The bench seeds with PostgreSQL's COPY")
    # The sections the data migration makes, made again after a transactional test's flush.
    importlib.import_module("community.migrations.0002_builtin_sections").create_sections(
        django_apps, None
    )
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_seed")
    yield
    # The marker lives outside Django's tables, so the flush after the test leaves it.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_seed")


def test_seed_writes_the_data_once_and_then_is_cached(smoke_seed):
    first = seed.seed(SMOKE, log=quiet)
    posts, comments = Post.objects.count(), Comment.objects.count()

    again = seed.seed(SMOKE, log=quiet)

    assert again == first
    assert (Post.objects.count(), Comment.objects.count()) == (posts, comments)
    assert posts == SMOKE.posts + 1
    busy = Post.objects.get(pk=first["busy_post"])
    assert busy.comments.count() == seed.BUSY_POST_COMMENTS
    assert busy.body_html.startswith("<p>")


def test_seeded_idea_counters_equal_their_rows(smoke_seed):
    seed.seed(SMOKE, log=quiet)

    ideas = Idea.objects.annotate(
        supports_counted=Count("supports", distinct=True),
        readers_counted=Count("readers", distinct=True),
        comments_counted=Count("comments", distinct=True),
    )

    assert ideas.count() == SMOKE.ideas
    assert ideas.exclude(supporter_count=F("supports_counted")).count() == 0
    assert ideas.exclude(reader_count=F("readers_counted")).count() == 0
    assert ideas.exclude(comment_count=F("comments_counted")).count() == 0
    assert ideas.filter(supporter_count__gt=0).exists()
    assert set(ideas.values_list("status", flat=True)) > {IdeaStatus.NEW, IdeaStatus.PLANNED}


def test_seeded_article_flag_counters_equal_the_open_flags(smoke_seed):
    seed.seed(SMOKE, log=quiet)

    open_flags = Q(flags__resolved_at__isnull=True)
    articles = Article.objects.annotate(
        flags_open=Count("flags", filter=open_flags & ~Q(flags__kind=FlagKind.QUESTION)),
        questions_open=Count("flags", filter=open_flags & Q(flags__kind=FlagKind.QUESTION)),
    )

    assert articles.count() == SMOKE.articles
    assert articles.exclude(open_flag_count=F("flags_open")).count() == 0
    assert articles.exclude(open_question_count=F("questions_open")).count() == 0


def test_every_agent_has_todays_briefing_with_its_items(smoke_seed):
    detail = seed.seed(SMOKE, log=quiet)
    agent = User.objects.get(pk=detail["load_agents"][0])
    site = agent.profile.site

    delivery = briefing_selectors.current_delivery(agent)

    assert delivery.date == schedule.local_date(site, timezone.now())
    assert delivery.briefing.site == site
    assert Briefing.objects.filter(site=site).count() == SMOKE.briefing_days
    # Five items for every site and one aimed at this one; none aimed at another site.
    assert len(briefing_selectors.items_for(delivery, agent)) == 6
    people_at_site = Profile.objects.filter(site=site).count()
    assert BriefingDelivery.objects.filter(briefing=delivery.briefing).count() == people_at_site


def test_seed_of_another_scale_is_refused_as_stale(smoke_seed):
    seed.seed(SMOKE, log=quiet)
    bigger = seed.Scale(
        "bigger", people=61, posts=300, comments_per_post=2, reactions_per_post=3, ideas=200,
        articles=40, briefing_days=3,
    )  # fmt: skip

    with pytest.raises(seed.StaleSeed):
        seed.seed(bigger, log=quiet)


def test_smallest_bench_measures_every_page_without_errors(smoke_seed, live_server, tmp_path):
    detail = seed.seed(SMOKE, log=quiet)
    detail["sessions"] = seed.create_sessions(detail["load_agents"])

    # Two agents for two seconds a page: the test server is one process, and a request
    # still running when the time is up is not counted.
    results = run.measure_pages(live_server.url, detail, seconds=2, warm_up=0, users=2, log=quiet)
    output = run.write_report(
        tmp_path / "bench.json",
        server="live_server",
        load={"users": 2, "warm_up_s": 0, "measured_s": 2},
        seed=detail,
        results=results,
        dispatch={},
    )

    report = json.loads(output.read_text())
    measured = {page["page"]: page for page in report["pages"]}
    assert set(measured) == {
        "bare view",
        "signed-in floor",
        "home",
        "feed",
        f"post, {seed.BUSY_POST_COMMENTS} comments",
        "today's briefing",
        "ideas by popularity",
        "people directory",
        "search",
    }
    for page in measured.values():
        assert page["requests"] > 0, page
        assert page["failures"] == 0, page
        assert page["p95_ms"] is not None
    assert measured["bare view"]["ratio"] == 1.0
    assert "sessions" not in report["data"]
