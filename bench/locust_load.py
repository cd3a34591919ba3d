"""One bounded load, sent with locust: the load generator of bench/web_bench.py and bench/reliability_probe.py.

    echo '{"host": "127.0.0.1", "port": 8000, "paths": ["/healthz"], "requests": 200,
           "concurrency": 8, "max_seconds": 20}' | python bench/locust_load.py

reads one JSON job on stdin and writes its summary as JSON on stdout; a job
that is refused (not loopback) or out of bounds exits with code 2
(bench/load_figures.py: ``plan``, ``summarize``).

locust runs here as a library, headless, one process: one ``FastHttpUser`` per
connection, each sending its next request as soon as the previous response is
read (no wait time: a closed loop, so the load never runs ahead of the server),
the users together taking ``requests`` tickets and cycling through ``paths``.
A user stops when the tickets run out or ``max_seconds`` have passed, after the
request it has in flight, which is counted. Every response goes to our
``Recorder`` (latency, status, Server-Timing); locust's own statistics are not
used. Requests carry no cookie (but the job's own ``cookie``, for the admin's
pages) and ask for no compression, as the benchmark's figures always have.

A process of its own because importing locust monkey-patches the standard
library for gevent (sockets, threads, ssl, subprocess): that must not happen to
the benchmark, which runs gunicorn and the ORM, nor to a test run.
"""

import json
import sys
import time
from pathlib import Path

from locust import FastHttpUser, constant, task  # patches the standard library for gevent, on import
from locust.contrib.fasthttp import LocustBadStatusCode
from locust.env import Environment
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load_figures import NotLoopback, Recorder, plan, summarize  # noqa: E402  (the path above)


class Connection(FastHttpUser):
    """One keep-alive connection; ``run_load`` makes a subclass per job, with the job's attributes."""

    abstract = True
    wait_time = constant(0)
    concurrency = 1  # one connection per user
    max_retries = 0  # a failed request is an error (a kept-alive connection found closed is reopened all the same)
    job = tickets = deadline = None

    def __init__(self, environment):
        super().__init__(environment)
        self.client.client.cookiejar = None  # geventhttpclient keeps no cookie then: one could vary a cached page
        self.headers = {"Host": self.job.host_header, "User-Agent": "scoportal-bench/2", "Accept-Encoding": "identity"}
        if self.job.cookie:
            self.headers["Cookie"] = self.job.cookie

    @task
    def next_request(self):
        number = next(self.tickets, None)  # shared by the users: greenlets of one thread take turns
        if number is None or time.perf_counter() >= self.deadline:
            raise StopUser
        path = self.job.paths[number % len(self.job.paths)]  # so the mix is even overall
        self.client.get(path, headers=self.headers, allow_redirects=False)


def recording(recorder):
    """A listener for locust's request event: a response by its status, or a failure by its exception."""

    def on_request(name, response_time, response=None, exception=None, **_):
        status = getattr(response, "status_code", 0) or 0
        if status and (exception is None or isinstance(exception, LocustBadStatusCode)):
            recorder.response(name, status, response_time / 1000, response.headers.get("Server-Timing"))
        else:
            recorder.failure(name, exception)

    return on_request


def run_load(job):
    """Send the load a ``Job`` describes; its summary."""
    attributes = {
        "abstract": False,
        "host": job.base_url,
        "network_timeout": job.timeout,
        "connection_timeout": job.timeout,
        "job": job,
        "tickets": iter(range(job.requests)),
    }
    user = type("Connection", (Connection,), attributes)
    environment = Environment(user_classes=[user])
    recorder = Recorder()
    environment.events.request.add_listener(recording(recorder))
    runner = environment.create_local_runner()
    users = min(job.concurrency, max(job.requests, 1))
    started = time.perf_counter()
    user.deadline = started + job.max_seconds
    try:
        runner.start(users, spawn_rate=users)  # all at once: the dispatcher does not pause after its last batch
        runner.spawning_greenlet.join()
        runner.user_greenlets.join(timeout=job.max_seconds + job.timeout)
        seconds = time.perf_counter() - started
        cpu_high = runner.cpu_warning_emitted
    finally:
        runner.quit()
    return summarize(recorder, seconds, job, client_cpu_high=cpu_high)


def main(stdin=sys.stdin, stdout=sys.stdout):
    try:
        job = plan(json.load(stdin))
    except NotLoopback as refusal:
        print(f"locust_load: refused: {refusal}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"locust_load: bad job: {error}", file=sys.stderr)
        return 2
    json.dump(run_load(job), stdout)
    stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
