"""`make bench` at its smallest setting, so the benchmark cannot rot between runs.

The same seed (at the "smoke" scale), the same sessions, the same locust load and the
same report as bench/run.py, for a second per page against the live test server.
"""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.db import connection

from bench import run, seed
from community.models import Comment, Post

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


def test_seed_of_another_scale_is_refused_as_stale(smoke_seed):
    seed.seed(SMOKE, log=quiet)
    bigger = seed.Scale("bigger", people=61, posts=300, comments_per_post=2, reactions_per_post=3)

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
    measured = {page["page"]: page for page in report["pages"] if "skipped" not in page}
    skipped = {page["page"] for page in report["pages"] if "skipped" in page}
    assert set(measured) == {
        "bare view",
        "home",
        "feed",
        f"post, {seed.BUSY_POST_COMMENTS} comments",
        "people directory",
        "search",
    }
    assert skipped == {"today's briefing", "ideas by popularity"}
    for page in measured.values():
        assert page["requests"] > 0, page
        assert page["failures"] == 0, page
        assert page["p95_ms"] is not None
    assert measured["bare view"]["ratio"] == 1.0
    assert "sessions" not in report["data"]
