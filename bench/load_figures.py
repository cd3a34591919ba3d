"""The parts of the load generation that are ours; plain Python, safe to import anywhere.

bench/locust_load.py sends the load (with locust, in a process of its own:
locust patches the standard library for gevent as it is imported, which must
not happen to the benchmark, gunicorn's parent or a test run). What it relies
on is here, so the benchmark and the tests use the same code without locust:

- where load may go: ``loopback_address`` refuses anything but 127.0.0.0/8 and ::1;
- the bounds of a job (``plan``): requests, connections, seconds;
- what a response tells: the server's time and query count (``timing_figures``,
  from the Server-Timing header the app sends: scoportal/timing.py);
- the summary: counts by status and error, percentiles, medians (``Recorder``, ``summarize``).

A response is an error when its status is not 2xx or 3xx, or when the
connection fails or times out.
"""

import ipaddress
import math
import re
import socket
import statistics
from collections import Counter
from dataclasses import dataclass

MAX_REQUESTS = 1_000_000
MAX_CONCURRENCY = 256
MAX_SECONDS = 600
DEFAULT_TIMEOUT = 60  # seconds for one request: a stuck server is an error, not a hung benchmark


class NotLoopback(ValueError):
    """The address is not one this machine answers on its own (127.0.0.0/8 or ::1)."""


def resolve(host):
    """Every address ``host`` names (an address is itself); an empty list when it names none."""
    try:
        return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})
    except (socket.gaierror, UnicodeError, ValueError):
        return []


def loopback_address(host, resolver=resolve):
    """The loopback address to use for ``host``, or ``NotLoopback`` with the reason.

    A name is resolved first, and every address it names must be loopback:
    127.0.0.0/8 or ::1 (also as ::ffff:127.x.y.z). 0.0.0.0, ::, private and public
    addresses are refused. Prefers IPv4, as the server is bound to that one address.
    """
    text = (host or "").strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if not text:
        raise NotLoopback("no host given")
    literal = ip_address_or_none(text)
    if literal is not None:
        addresses = [literal]
    else:
        found = resolver(text)
        addresses = [ip_address_or_none(address.split("%", 1)[0]) for address in found]
        if not addresses or None in addresses:
            raise NotLoopback(f"{host!r} is neither an IP address nor a name that resolves to addresses ({found})")
    for address in addresses:
        mapped = getattr(address, "ipv4_mapped", None)
        if not (address.is_loopback or (mapped is not None and mapped.is_loopback)):
            raise NotLoopback(f"{host!r} is {address}, not a loopback address (127.0.0.0/8 or ::1)")
    addresses.sort(key=lambda address: (address.version, int(address)))
    return str(addresses[0])


def ip_address_or_none(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_loopback(host, resolver=resolve):
    """True when every address ``host`` names is a loopback address (127.0.0.0/8, ::1)."""
    try:
        loopback_address(host, resolver)
    except NotLoopback:
        return False
    return True


# --- statistics -------------------------------------------------------------------------------------


def median(samples):
    return statistics.median(samples) if samples else None


def percentile(samples, fraction):
    """Nearest-rank percentile: the smallest sample with at least ``fraction`` of the samples at or below it."""
    if not samples:
        return None
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def rounded(value, digits=2):
    return None if value is None else round(value, digits)


# --- Server-Timing ----------------------------------------------------------------------------------

METRIC = re.compile(r'\s*([^,;=\s]+)((?:\s*;\s*[^,;=\s]+\s*=\s*(?:"[^"]*"|[^,;\s]*))*)\s*(?:,|$)')
PARAMETER = re.compile(r'\s*;\s*([^,;=\s]+)\s*=\s*("[^"]*"|[^,;\s]*)')
QUERY_COUNT = re.compile(r"^\s*(\d+)\s+quer")


def parse_server_timing(value):
    """``Server-Timing`` as ``{name: {"dur": ms or None, "desc": text or None}}``; unreadable parts are skipped."""
    metrics = {}
    if not value:
        return metrics
    position = 0
    while position < len(value):
        match = METRIC.match(value, position)
        if not match or match.end() == position:
            next_comma = value.find(",", position)
            if next_comma < 0:
                break
            position = next_comma + 1
            continue
        position = match.end()
        parameters = {key.lower(): raw.strip('"') for key, raw in PARAMETER.findall(match.group(2))}
        try:
            duration = float(parameters["dur"]) if "dur" in parameters else None
        except ValueError:
            duration = None
        metrics[match.group(1)] = {"dur": duration, "desc": parameters.get("desc")}
    return metrics


def timing_figures(value):
    """(app ms, db ms, query count) from a ``Server-Timing`` value; None for what it does not say."""
    metrics = parse_server_timing(value)
    app = metrics.get("app", {}).get("dur")
    db = metrics.get("db", {})
    found = QUERY_COUNT.match(db.get("desc") or "")
    return app, db.get("dur"), int(found.group(1)) if found else None


# --- the load ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One bounded load: at most ``requests`` requests and ``max_seconds`` of sending, from ``concurrency``
    connections, to ``address`` (loopback) on ``port``, cycling through ``paths``."""

    address: str
    port: int
    host_header: str
    paths: list
    requests: int
    concurrency: int
    max_seconds: float
    timeout: float
    cookie: str = ""  # a Cookie header for every request (the admin's URLs: a throwaway editor's session)

    @property
    def base_url(self):
        return f"http://[{self.address}]:{self.port}" if ":" in self.address else f"http://{self.address}:{self.port}"


def plan(job):
    """The ``Job`` a JSON job describes, or ``NotLoopback`` / ``ValueError`` (also for a missing key).

    ``job``: ``host`` (loopback only), ``port``, ``paths`` (a list, cycled through),
    ``requests``, ``concurrency``, ``max_seconds``, optional ``timeout``, ``host_header`` and ``cookie``.
    """
    try:
        address = loopback_address(job["host"])
        requests, concurrency = int(job["requests"]), int(job["concurrency"])
        max_seconds, port = float(job["max_seconds"]), int(job["port"])
        paths = list(job["paths"])
        timeout = float(job.get("timeout", DEFAULT_TIMEOUT))
        cookie = str(job.get("cookie") or "")
    except (KeyError, TypeError) as error:
        raise ValueError(f"bad job: {error!r}") from None
    if not paths:
        raise ValueError("no paths to request")
    if not 0 <= requests <= MAX_REQUESTS:
        raise ValueError(f"requests must be between 0 and {MAX_REQUESTS}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}")
    if not 0 < max_seconds <= MAX_SECONDS:
        raise ValueError(f"max_seconds must be more than 0 and at most {MAX_SECONDS}")
    name = job["host"].strip().strip("[]")  # the Host header names the host as given (localhost stays localhost)
    host_header = job.get("host_header") or (f"[{name}]:{port}" if ":" in name else f"{name}:{port}")
    return Job(address, port, host_header, paths, requests, concurrency, max_seconds, timeout, cookie)


class Recorder:
    """What every connection saw. Called from locust's greenlets, all in one thread: no lock is needed."""

    def __init__(self):
        self.latencies = []  # seconds, of every response (errors included)
        self.ok_latencies = []
        self.app = []
        self.db = []
        self.queries = []
        self.status = Counter()
        self.errors = Counter()  # kind -> count (statuses and exceptions)
        self.failures = 0  # requests that got no response at all
        self.by_path = {}  # path -> {"requests", "errors"}

    def response(self, path, status, seconds, timing):
        self.latencies.append(seconds)
        good = 200 <= status < 400
        if good:
            self.ok_latencies.append(seconds)
            app, db, queries = timing_figures(timing)
            if app is not None:
                self.app.append(app)
            if db is not None:
                self.db.append(db)
            if queries is not None:
                self.queries.append(queries)
        self.status[str(status)] += 1
        if not good:
            self.errors[f"HTTP {status}"] += 1
        self.count(path, good)

    def failure(self, path, error):
        self.errors[type(error).__name__] += 1
        self.failures += 1
        self.count(path, False)

    def count(self, path, good):
        figures = self.by_path.setdefault(path, {"requests": 0, "errors": 0})
        figures["requests"] += 1
        figures["errors"] += 0 if good else 1


def summarize(recorder, seconds, job, client_cpu_high=False):
    """The summary of a load (a dict ready for JSON); ``client_cpu_high``: locust saw its own CPU above 90 %."""
    done = len(recorder.latencies) + recorder.failures
    ms = [latency * 1000 for latency in recorder.latencies]
    ok_ms = [latency * 1000 for latency in recorder.ok_latencies]
    return {
        "paths": job.paths,
        "requests_planned": job.requests,
        "requests": done,
        "concurrency": job.concurrency,
        "max_seconds": job.max_seconds,
        "stopped_by_time": done < job.requests,
        "seconds": round(seconds, 3),
        "requests_per_second": round(done / seconds, 1) if seconds > 0 else None,
        "errors": sum(recorder.errors.values()),
        "error_kinds": dict(sorted(recorder.errors.items())),
        "status": dict(sorted(recorder.status.items())),
        "latency_ms": {
            "median": rounded(median(ms)),
            "p95": rounded(percentile(ms, 0.95)),
            "max": rounded(max(ms) if ms else None),
            "median_ok": rounded(median(ok_ms)),
        },
        "server_ms_median": rounded(median(recorder.app)),
        "db_ms_median": rounded(median(recorder.db)),
        "queries_median": rounded(median(recorder.queries), 1),
        "by_path": recorder.by_path if len(job.paths) > 1 else None,
        "client_cpu_high": client_cpu_high,
    }
