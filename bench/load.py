"""The load generator: locust, used as a library, in a process of its own.

bench/run.py starts ``python -m bench.load`` with a JSON plan on stdin (the server's
address, the session keys, the pages, how long) and reads one JSON result per page
from stdout. One process runs every page in turn, so locust starts once.

Each simulated user is a different signed-in agent (a session cookie of its own) asking
for one page again and again with no think time: the number of users is the
concurrency, fixed by bench/run.py, and every page gets the same load.
"""

import json
import sys

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402
from locust import FastHttpUser, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402


class Agent(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    path = "/"
    sessions = ()
    started = 0

    def on_start(self):
        number = type(self).started
        type(self).started += 1
        self.headers = {"Cookie": f"sessionid={self.sessions[number % len(self.sessions)]}"}

    @task
    def open_page(self):
        # A redirect (to the sign-in page, say) is a failure, not a fast answer.
        with self.client.get(
            self.path, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


def run_page(host, path, sessions, *, users, seconds):
    """Load one page with ``users`` agents for ``seconds``; return locust's totals."""
    page_agent = type(
        "PageAgent", (Agent,), {"path": path, "sessions": sessions, "abstract": False}
    )
    environment = Environment(user_classes=[page_agent], host=host)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(seconds)
    runner.quit()
    total = environment.stats.total
    measured = total.num_requests > 0
    return {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "errors": sorted({str(error.error) for error in environment.stats.errors.values()}),
        "rps": round(total.total_rps, 1),
        "p50_ms": total.get_response_time_percentile(0.50) if measured else None,
        "p95_ms": total.get_response_time_percentile(0.95) if measured else None,
        "p99_ms": total.get_response_time_percentile(0.99) if measured else None,
    }


def main():
    plan = json.load(sys.stdin)
    for page in plan["pages"]:
        arguments = (plan["host"], page["path"], plan["sessions"])
        if plan["warm_up"]:
            run_page(*arguments, users=plan["users"], seconds=plan["warm_up"])
        result = run_page(*arguments, users=plan["users"], seconds=plan["seconds"])
        print(json.dumps({"path": page["path"], **result}), flush=True)


if __name__ == "__main__":
    main()
