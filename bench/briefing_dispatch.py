"""Measure a briefing send to N recipients through a real SMTP server and a real worker.

Usage (from the repository root):

    .venv/bin/python bench/briefing_dispatch.py --recipients 10000
    .venv/bin/python bench/briefing_dispatch.py --recipients 1000 10000

For each N it puts N people at a site of their own in a dedicated database (bulk
inserts, kept between runs), clears that site's briefings, starts an aiosmtpd server
that counts what it accepts, and a Celery worker (prefork, 2 processes) on Redis; then it
enqueues the dispatcher task once, as beat would, and waits for the last message.

It reports the time from the dispatch to the last message accepted, messages per second,
the worker's peak memory (RSS of the main process and its children, summed, from /proc)
and whether every person got exactly one message. Results go to
bench/results/briefing_dispatch.json (and are printed as a table).
"""

import argparse
import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS = BASE_DIR / "bench" / "results" / "briefing_dispatch.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/sb_brief_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
EMAIL_DOMAIN = "dispatch.bench.example"
TEAMS_PER_SITE = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--recipients", type=int, nargs="+", default=[1000, 10_000], help="people per run"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="a dedicated PostgreSQL database (created if missing)",
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait per run")
    return parser.parse_args()


def configure_environment(args, smtp_port):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SWITCHBOARD_VAR_DIR": str(BASE_DIR / "var" / "bench"),
            "LOG_LEVEL": "WARNING",
        }
    )
    (BASE_DIR / "var" / "bench").mkdir(parents=True, exist_ok=True)


def create_database(url):
    from urllib.parse import urlparse

    import psycopg2
    from psycopg2 import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    server = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    server.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CountingHandler:
    """Counts accepted messages per recipient and when the last one arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.per_recipient = {}
        self.messages = 0
        self.last_accepted = None

    def reset(self):
        with self.lock:
            self.per_recipient, self.messages, self.last_accepted = {}, 0, None

    async def handle_DATA(self, server, session, envelope):
        now = time.monotonic()
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.per_recipient[recipient] = self.per_recipient.get(recipient, 0) + 1
            self.messages += 1
            self.last_accepted = now
        return "250 OK"


def prepare_people(count):
    """N people at a site of their own (bulk inserts, kept for the next run)."""
    import datetime

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from portal.models import Department, Profile, Role, Site, Team, User

    site, _created = Site.objects.get_or_create(
        name=f"Bench {count}",
        defaults={"time_zone": "UTC", "briefing_send_time": datetime.time(0, 0)},
    )
    department, _created = Department.objects.get_or_create(name="Customer Service")
    teams = []
    for n in range(TEAMS_PER_SITE):
        team, _created = Team.objects.get_or_create(
            name=f"Team {n}", site=site, defaults={"department": department}
        )
        teams.append(team)
    prefix = f"s{count}-"
    have = User.objects.filter(email__startswith=prefix).count()
    password = make_password(None)
    batch = 5000
    for start in range(have, count, batch):
        numbers = range(start, min(start + batch, count))
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(
                    email=f"{prefix}{n:06d}@{EMAIL_DOMAIN}",
                    password=password,
                    role=Role.TEAM_LEADER if n % 15 == 0 else Role.AGENT,
                )
                for n in numbers
            )
            Profile.objects.bulk_create(
                Profile(
                    user=user,
                    display_name=f"Bench person {n}",
                    site=site,
                    team=teams[n % TEAMS_PER_SITE],
                    department=department,
                )
                for n, user in zip(numbers, users, strict=True)
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return site


def prepare_items(author_site):
    """A few approved items, one team-only and one for team leaders, so placements differ."""
    import datetime

    from django.utils import timezone

    from briefings import services
    from briefings.models import BriefingItem
    from portal.models import Role, User

    if BriefingItem.objects.filter(title__startswith="Bench:").exists():
        return
    manager, _created = User.objects.get_or_create(
        email=f"manager@{EMAIL_DOMAIN}", defaults={"role": Role.MANAGER}
    )
    yesterday = timezone.now() - datetime.timedelta(days=1, hours=12)
    team = author_site.teams.first()
    for title, fields in [
        ("Bench: price change letters", {"must_read": True}),
        ("Bench: router firmware", {"teams": [team]}),
        ("Bench: rota for leaders", {"roles": [Role.TEAM_LEADER]}),
    ]:
        item = services.submit_item(
            author=manager,
            title=title,
            body="Customers may call about **this**.\n\n- Check the account\n- Reassure",
            category="product",
            now=yesterday,
            **fields,
        )
        services.review_item(item=item, reviewer=manager, decision="approved", now=yesterday)


def reset_briefings(run_site):
    """Forget earlier runs; every other bench site is marked done for today, so only
    ``run_site`` is due."""
    from django.utils import timezone

    from briefings import schedule
    from briefings.models import Briefing, BriefingEntry, BriefingState
    from portal.models import Site

    BriefingEntry.objects.all().delete()
    Briefing.objects.all().delete()
    now = timezone.now()
    for site in Site.objects.exclude(pk=run_site.pk):
        date = schedule.current_date(site, now)
        Briefing.objects.create(
            site=site,
            date=date,
            state=BriefingState.COMPLETE,
            due_at=schedule.send_at(site, date),
            started_at=now,
            finished_at=now,
            people_enrolled=True,
        )


def process_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def children_of(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except FileNotFoundError:
        return []


class MemorySampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_total_kib = 0
        self.peak_process_kib = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            pids = [self.pid, *children_of(self.pid)]
            sizes = [process_rss_kib(pid) for pid in pids]
            self.peak_total_kib = max(self.peak_total_kib, sum(sizes))
            self.peak_process_kib = max(self.peak_process_kib, *sizes)
            time.sleep(0.1)

    def reset(self):
        self.peak_total_kib = self.peak_process_kib = 0


def start_worker(concurrency):
    log = open(BASE_DIR / "var" / "bench" / "briefing-worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "portal",
            "worker",
            "-P",
            "prefork",
            "-c",
            str(concurrency),
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=BASE_DIR,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    log_path = BASE_DIR / "var" / "bench" / "briefing-worker.log"
    while time.monotonic() < deadline:
        if " ready." in log_path.read_text():
            return worker, log
        if worker.poll() is not None:
            raise SystemExit(f"The worker exited; see {log_path}")
        time.sleep(0.2)
    raise SystemExit(f"The worker did not start within 60 s; see {log_path}")


def measure(count, handler, sampler, timeout):
    from django.db.models import Count

    from briefings.models import BriefingDelivery, DeliveryState
    from portal.celery import app

    site = prepare_people(count)
    prepare_items(site)
    reset_briefings(site)
    handler.reset()
    sampler.reset()
    started = time.monotonic()
    app.send_task("briefings.tasks.dispatch_briefings")
    deadline = started + timeout
    while handler.messages < count and time.monotonic() < deadline:
        time.sleep(0.05)
    finished = handler.last_accepted or time.monotonic()
    # Let late duplicates (there should be none) arrive before counting them.
    time.sleep(1)
    seconds = finished - started
    states = dict(
        BriefingDelivery.objects.filter(briefing__site=site)
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    return {
        "recipients": count,
        "messages_accepted": handler.messages,
        "distinct_recipients": len(handler.per_recipient),
        "duplicates": handler.messages - len(handler.per_recipient),
        "deliveries_sent": states.get(DeliveryState.SENT, 0),
        "deliveries_failed": states.get(DeliveryState.FAILED, 0),
        "seconds_to_last_message": round(seconds, 2),
        "messages_per_second": round(handler.messages / seconds, 1) if seconds else None,
        "worker_peak_rss_mb_total": round(sampler.peak_total_kib / 1024, 1),
        "worker_peak_rss_mb_largest_process": round(sampler.peak_process_kib / 1024, 1),
        "completed": handler.messages >= count,
    }


def main():
    args = parse_args()
    smtp_port = free_port()
    configure_environment(args, smtp_port)
    sys.path.insert(0, str(BASE_DIR))
    create_database(args.database_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR, check=True
    )

    import django

    django.setup()
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    # The SMTP server runs in this process's event-loop thread.
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    subprocess.run(
        [str(Path(sys.executable).parent / "celery"), "-A", "portal", "purge", "-f"],
        cwd=BASE_DIR,
        env=os.environ.copy(),
        check=True,
        capture_output=True,
    )
    worker, log = start_worker(args.concurrency)
    sampler = MemorySampler(worker.pid)
    sampler.start()
    runs = []
    try:
        for count in args.recipients:
            runs.append(measure(count, handler, sampler, args.timeout))
    finally:
        sampler.stopped.set()
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
        controller.stop()
        asyncio.set_event_loop(None)

    from django.db import connection

    result = {
        "benchmark": "briefing_dispatch",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "database": connection.vendor,
        "worker": f"celery prefork -c {args.concurrency}",
        "cpu_count": os.cpu_count(),
        "runs": runs,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    header = ("recipients", "sent", "dupes", "seconds", "msg/s", "worker MB", "largest MB")
    print(" | ".join(f"{h:>10}" for h in header))
    for run in runs:
        row = (
            run["recipients"],
            run["messages_accepted"],
            run["duplicates"],
            run["seconds_to_last_message"],
            run["messages_per_second"],
            run["worker_peak_rss_mb_total"],
            run["worker_peak_rss_mb_largest_process"],
        )
        print(" | ".join(f"{value!s:>10}" for value in row))
    print(f"Written to {RESULTS.relative_to(BASE_DIR)}")
    return 0 if all(run["completed"] and run["duplicates"] == 0 for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
