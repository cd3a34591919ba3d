"""``Server-Timing`` on every response: time spent in Django, and time and number of SQL queries.

    Server-Timing: app;dur=12.41, db;dur=3.07;desc="6 queries"

- ``app``: wall time from this middleware (first in ``settings.MIDDLEWARE``, so
  every other middleware, the view and the template rendering are inside it) to
  the response, in milliseconds. It excludes the WSGI server, the network, and
  the body of a streaming response (produced after this middleware returns).
- ``db``: time spent executing SQL and the number of statements, over every
  configured database alias, measured with ``connection.execute_wrapper``
  (no ``DEBUG``, no ``connection.queries``). Fetching rows from a server-side
  cursor after its ``execute`` is not counted.

The benchmark (``bench/web_bench.py``) reads the header; browsers show it in
their developer tools (Network → Timing).

Why it is on in production (``SERVER_TIMING=0`` switches it off): it costs two
``perf_counter`` calls per request and two per query, and it exposes durations
and a count, never SQL, parameters, paths or names. A duration says no more than
the response time any client can measure, only with less noise. The query count
could say more on an error page: a 404 for a slug that exists but is not public
(a person quoted only in drafts) can take one query more than a 404 for a slug
that does not exist. So client errors (4xx) carry ``app`` only.
"""

from contextlib import ExitStack
from time import perf_counter

from django.conf import settings
from django.db import connections

OWN_METRICS = ("app", "db")


class QueryTimer:
    """An ``execute_wrapper``: counts the statements and adds up the time spent executing them."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += perf_counter() - started
            self.count += 1


def server_timing(app_seconds, timer=None):
    """The header value: ``app;dur=…`` and, given a ``QueryTimer``, ``db;dur=…;desc="N queries"``."""
    metrics = [f"app;dur={app_seconds * 1000:.2f}"]
    if timer is not None:
        noun = "query" if timer.count == 1 else "queries"
        metrics.append(f'db;dur={timer.seconds * 1000:.2f};desc="{timer.count} {noun}"')
    return ", ".join(metrics)


def other_metrics(value):
    """Metrics of an existing header that are not ours (a view's own, say); ours from a cached response are dropped."""
    kept = []
    for metric in (part.strip() for part in value.split(",")):
        name = metric.split(";", 1)[0].strip()
        if metric and name not in OWN_METRICS:
            kept.append(metric)
    return kept


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=<ms>, db;dur=<ms>;desc="<N> queries"`` unless ``settings.SERVER_TIMING`` is off.

    The setting is read per request (an attribute lookup), so tests and
    ``override_settings`` can switch it without rebuilding the middleware chain.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "SERVER_TIMING", True):
            return self.get_response(request)
        started = perf_counter()
        timer = QueryTimer()
        with ExitStack() as wrappers:
            for alias in connections:
                wrappers.enter_context(connections[alias].execute_wrapper(timer))
            response = self.get_response(request)
        elapsed = perf_counter() - started
        value = server_timing(elapsed, None if 400 <= response.status_code < 500 else timer)
        existing = response.get("Server-Timing")
        if existing:
            value = ", ".join([value, *other_metrics(existing)])
        response["Server-Timing"] = value
        return response
