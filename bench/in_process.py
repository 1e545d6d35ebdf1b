"""Each bench page's server-side cost, measured inside one Django process.

For comparing one change with the next on a busy machine: CPU time (``process_time``)
moves far less with other people's load than wall time does. Run it with the bench's
environment against the bench database (bench/README.md)::

    .venv/bin/python -m bench.in_process

Prints, per page, the median CPU and wall milliseconds of 20 requests by one of the
load's agents (after 3 unmeasured), the number of queries, their time as the query log
saw it, and PostgreSQL's own planning and execution time for them (EXPLAIN ANALYZE).
"""

import argparse
import json
import os
import statistics
import time

REQUESTS = 20
WARM_UP = 3


def measure(paths, user, *, requests=REQUESTS):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    rows = []
    for name, path in paths:
        for _ in range(WARM_UP):
            client.get(path)
        cpu, wall = [], []
        for _ in range(requests):
            started_cpu, started = time.process_time(), time.perf_counter()
            response = client.get(path)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        planning, execution = _database_time(connection, queries.captured_queries)
        rows.append(
            {
                "page": name,
                "path": path,
                "cpu_ms": round(statistics.median(cpu) * 1000, 1),
                "wall_ms": round(statistics.median(wall) * 1000, 1),
                "queries": len(queries),
                "query_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
                "db_plan_ms": planning,
                "db_exec_ms": execution,
            }
        )
    return rows


def _database_time(connection, queries):
    """PostgreSQL's own planning and execution milliseconds for the page's queries.

    From EXPLAIN ANALYZE of each query, run again: unlike the round trip, it leaves out
    waiting for a CPU, and it shows planning, which the query log hides inside "time".
    """
    planning = execution = 0.0
    with connection.cursor() as cursor:
        for query in queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
            plan = cursor.fetchone()[0][0]
            planning += plan["Planning Time"]
            execution += plan["Execution Time"]
    return round(planning, 1), round(execution, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--json", action="store_true", help="one JSON list on stdout")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.run import pages
    from portal.models import User

    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM bench_seed WHERE part = 'community'")
        seed = json.loads(cursor.fetchone()[0])
    user = User.objects.get(pk=seed["load_agents"][0])
    paths = [(name, path) for name, path, _target in pages(seed)]
    rows = measure(paths, user, requests=args.requests)
    if args.json:
        print(json.dumps(rows))
        return
    print(
        f"{'page':<24}{'cpu ms':>8}{'wall ms':>9}{'queries':>9}{'query ms':>10}"
        f"{'db plan ms':>12}{'db exec ms':>12}"
    )
    for row in rows:
        print(
            f"{row['page']:<24}{row['cpu_ms']:>8}{row['wall_ms']:>9}"
            f"{row['queries']:>9}{row['query_ms']:>10}{row['db_plan_ms']:>12}{row['db_exec_ms']:>12}"
        )


if __name__ == "__main__":
    main()
