"""The load: each simulated user is a different signed-in agent asking for one page.

Driven by bench/run.py (``locust --headless``), which passes the page and the session
keys in the environment. No think time: each user sends its next request as soon as
the last one answered, so the concurrency (the number of users) is the load.
"""

import itertools
import os

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

PATH = os.environ["BENCH_PATH"]
SESSIONS = os.environ["BENCH_SESSIONS"].split(",")
_next_session = itertools.count()


class Agent(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        session = SESSIONS[next(_next_session) % len(SESSIONS)]
        self.headers = {"Cookie": f"sessionid={session}"}

    @task
    def open_page(self):
        # A redirect (to the sign-in page, say) is a failure, not a fast answer.
        with self.client.get(
            PATH, name=PATH, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
