"""Measure the directory, profiles, the community feed, a post and search on a real server.

Usage (from the repository root): ``make bench`` or ``.venv/bin/python bench/run.py``.
See bench/README.md for what it does to the database it is pointed at.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_VAR_DIR = BASE_DIR / "var" / "bench"
SIGN_IN_EMAIL = "agent@switchboard.example"
SEED_SCRIPT = """
import json
from community.models import Comment, Post
from portal import demo
from portal.models import Profile
created = demo.seed_crowd({people})
posts_created = demo.seed_bench_posts({posts})
profile = Profile.objects.get(user__email={email!r})
busy = demo.bench_busy_post()
print(json.dumps({{
    "created": created,
    "people": Profile.objects.count(),
    "profile": profile.pk,
    "posts_created": posts_created,
    "posts": Post.objects.count(),
    "comments": Comment.objects.count(),
    "busy_post": busy.pk,
    "busy_comments": busy.comments.count(),
    "password": demo.DEMO_PASSWORD,
}}))
"""
SEARCH_TERM = "router"
LOAD_MORE_DEPTH = 5


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000, help="people in the directory")
    parser.add_argument("--posts", type=int, default=200_000, help="posts in the feed")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    return parser.parse_args()


def bench_environment():
    """The current environment in production mode, with a dedicated database when none is set."""
    env = dict(os.environ)
    BENCH_VAR_DIR.mkdir(parents=True, exist_ok=True)
    env.setdefault("DATABASE_URL", f"sqlite:///{BENCH_VAR_DIR / 'bench.sqlite3'}")
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SWITCHBOARD_VAR_DIR=str(BENCH_VAR_DIR),
        STATIC_ROOT=str(BENCH_VAR_DIR / "static"),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def ensure_postgres_database(url):
    """Create the bench database on first use, so pointing DATABASE_URL at it is enough."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg2
    from psycopg2 import sql

    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def manage(env, *args, capture=False):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env, port, workers):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode} before it was ready")
        try:
            status, _body, _cookies = request(port, "GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 seconds")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def request(port, method, path, *, cookies=None, body=None, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            key, _, rest = header.partition("=")
            set_cookies[key] = rest.split(";", 1)[0]
        return response.status, content, set_cookies
    finally:
        if own:
            connection.close()


def sign_in(port, password):
    status, page, cookies = request(port, "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise SystemExit(f"The sign-in page answered {status} without a form")
    body = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "login": SIGN_IN_EMAIL,
            "password": password,
        }
    )
    status, _page, new_cookies = request(
        port, "POST", "/accounts/login/", cookies=cookies, body=body
    )
    cookies.update(new_cookies)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Signing in as {SIGN_IN_EMAIL} failed (HTTP {status})")
    return cookies


def load_more_path(port, cookies):
    """The feed page a reader reaches after pressing "load more" a few times."""
    path = "/community/"
    for _ in range(LOAD_MORE_DEPTH):
        status, page, _cookies = request(port, "GET", path, cookies=cookies)
        cursor = re.search(rb"[?&]before=([A-Za-z0-9_-]+)", page)
        if status != 200 or cursor is None:
            raise SystemExit(f"No 'load more' link on {path} (HTTP {status})")
        path = f"/community/?before={cursor.group(1).decode()}"
    return path


def measure(port, path, cookies, *, total, concurrency):
    """Send ``total`` GETs, ``concurrency`` at a time; return latencies, failures, seconds."""
    latencies, failures = [], []
    lock = threading.Lock()
    remaining = iter(range(total))

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            started = time.perf_counter()
            try:
                status, _content, _cookies = request(
                    port, "GET", path, cookies=cookies, connection=connection
                )
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status == 200 else failures).append(
                    elapsed if status == 200 else status
                )
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures, time.perf_counter() - started


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    args = parse_args()
    env = bench_environment()
    database = env["DATABASE_URL"]
    print(f"Database: {urlparse(database).scheme}://…{urlparse(database).path}")
    print(f"Broker/cache: {env.get('REDIS_URL') or 'embedded (no REDIS_URL)'}")
    ensure_postgres_database(database)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    print(
        f"Seeding up to {args.people:,} extra people and {args.posts:,} posts "
        "(skipped when already there)…"
    )
    started = time.perf_counter()
    seed = SEED_SCRIPT.format(people=args.people, posts=args.posts, email=SIGN_IN_EMAIL)
    output = manage(env, "shell", "--no-imports", "-c", seed, capture=True).stdout
    seeded = json.loads(output.strip().splitlines()[-1])
    print(
        f"  {seeded['created']:,} people and {seeded['posts_created']:,} posts created in "
        f"{time.perf_counter() - started:.1f} s; {seeded['people']:,} people in the directory, "
        f"{seeded['posts']:,} posts and {seeded['comments']:,} comments in the feed"
    )

    port = args.port or free_port()
    server = start_server(env, port, args.workers)
    try:
        cookies = sign_in(port, seeded["password"])
        pages = [
            ("directory, first page", "/people/"),
            ("directory, page 400", "/people/?page=400"),
            ("directory, search", "/people/?q=billing"),
            ("profile", f"/people/{seeded['profile']}/"),
            ("feed, first page", "/community/"),
            (f"feed, load more x{LOAD_MORE_DEPTH}", load_more_path(port, cookies)),
            ("feed, section Tips", "/community/?section=tips"),
            (
                f"post, {seeded['busy_comments']} comments",
                f"/community/posts/{seeded['busy_post']}/",
            ),
            ("search posts", f"/community/search/?q={SEARCH_TERM}"),
        ]
        print(
            f"\n{args.requests} requests per page, {args.concurrency} at a time, "
            f"gunicorn with {args.workers} workers on 127.0.0.1:{port}\n"
        )
        print(
            f"{'page':<26}{'ok':>6}{'failed':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}"
        )
        failed_any = False
        for label, path in pages:
            measure(port, path, cookies, total=10, concurrency=args.concurrency)
            latencies, failures, seconds = measure(
                port, path, cookies, total=args.requests, concurrency=args.concurrency
            )
            failed_any |= bool(failures)
            if not latencies:
                print(f"{label:<26}{0:>6}{len(failures):>8}  every request failed: {failures[:3]}")
                continue
            print(
                f"{label:<26}{len(latencies):>6}{len(failures):>8}"
                f"{statistics.median(latencies) * 1000:>9.1f}"
                f"{percentile(latencies, 0.95) * 1000:>9.1f}"
                f"{max(latencies) * 1000:>9.1f}"
                f"{len(latencies) / seconds:>8.1f}"
            )
    finally:
        stop_server(server)
    return 1 if failed_any else 0


if __name__ == "__main__":
    sys.exit(main())
