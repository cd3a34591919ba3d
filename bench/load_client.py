"""A small, bounded HTTP load generator for bench/web_bench.py: one thread per keep-alive connection.

    echo '{"host": "127.0.0.1", "port": 8000, "paths": ["/healthz"], "requests": 200,
           "concurrency": 8, "max_seconds": 20}' | python bench/load_client.py

reads one JSON job on stdin and writes its summary as JSON on stdout. The
benchmark runs it as a separate process, so the client's work is not done by
the benchmark's own interpreter; tests call ``run_load`` directly.

Every load is bounded: at most ``requests`` requests (``MAX_REQUESTS`` at the
very most) and ``max_seconds`` of sending, from at most ``MAX_CONCURRENCY``
connections, and only to a loopback address (``is_loopback``). Each connection
sends its next request when the previous response has been read (a closed
loop), cycling through ``paths``, so the load never runs ahead of the server.

A response is an error when its status is not 2xx or 3xx, or when the
connection fails or times out. A connection the server closed is opened again
before the next request (gunicorn's sync workers close every connection after
its response); a keep-alive connection found closed when reused is retried once,
as any HTTP client does; that is not an error.

Only the standard library: http.client, threading, statistics.
"""

import http.client
import ipaddress
import json
import math
import re
import socket
import statistics
import sys
import threading
import time

MAX_REQUESTS = 1_000_000
MAX_CONCURRENCY = 256
MAX_SECONDS = 600
DEFAULT_TIMEOUT = 60  # seconds for one request: a stuck server is an error, not a hung benchmark
STALE_CONNECTION_ERRORS = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


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


class Recorder:
    """What every connection saw; appends from several threads (list.append is atomic)."""

    def __init__(self):
        self.latencies = []  # seconds, of every response (errors included)
        self.ok_latencies = []
        self.app = []
        self.db = []
        self.queries = []
        self.status = {}
        self.errors = {}  # kind -> count (statuses and exceptions)
        self.failures = 0  # requests that got no response at all
        self.by_path = {}  # path -> {"requests", "errors"}
        self.lock = threading.Lock()

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
        with self.lock:
            self.status[str(status)] = self.status.get(str(status), 0) + 1
            if not good:
                self.errors[f"HTTP {status}"] = self.errors.get(f"HTTP {status}", 0) + 1
            self.count(path, good)

    def failure(self, path, error):
        kind = type(error).__name__
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.failures += 1
            self.count(path, False)

    def count(self, path, good):
        figures = self.by_path.setdefault(path, {"requests": 0, "errors": 0})
        figures["requests"] += 1
        figures["errors"] += 0 if good else 1


def request_once(connection, path, headers, timeout):
    """Send GET ``path`` and read the whole response; (status, Server-Timing value)."""
    connection.timeout = timeout
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.will_close:
        connection.close()
    return response.status, response.getheader("Server-Timing")


def connection_loop(job, paths, tickets, deadline, recorder):
    make = http.client.HTTPConnection
    connection = make(job["address"], job["port"], timeout=job["timeout"])
    headers = {"Host": job["host_header"], "User-Agent": "scoportal-bench/1"}
    clock = time.perf_counter
    served = 0  # responses on the current connection
    try:
        for index in tickets:
            if clock() >= deadline:
                return
            path = paths[index % len(paths)]  # the tickets are shared, so the mix is even overall
            started = clock()
            try:
                try:
                    status, timing = request_once(connection, path, headers, job["timeout"])
                except STALE_CONNECTION_ERRORS:
                    if not served:
                        raise
                    connection.close()  # the server closed a kept-alive connection meanwhile: once more, afresh
                    served = 0
                    started = clock()
                    status, timing = request_once(connection, path, headers, job["timeout"])
            except (OSError, http.client.HTTPException) as error:
                recorder.failure(path, error)
                connection.close()
                served = 0
                continue
            recorder.response(path, status, clock() - started, timing)
            served = 0 if connection.sock is None else served + 1
    finally:
        connection.close()


def run_load(job):
    """Run one bounded load and return its summary (a dict ready for JSON).

    ``job``: ``host`` (loopback only), ``port``, ``paths`` (a list, cycled through),
    ``requests``, ``concurrency``, ``max_seconds``, optional ``timeout`` and ``host_header``.
    """
    address = loopback_address(job["host"])
    requests = int(job["requests"])
    concurrency = int(job["concurrency"])
    max_seconds = float(job["max_seconds"])
    paths = list(job["paths"])
    if not paths:
        raise ValueError("no paths to request")
    if not 0 <= requests <= MAX_REQUESTS:
        raise ValueError(f"requests must be between 0 and {MAX_REQUESTS}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be between 1 and {MAX_CONCURRENCY}")
    if not 0 < max_seconds <= MAX_SECONDS:
        raise ValueError(f"max_seconds must be more than 0 and at most {MAX_SECONDS}")
    port = int(job["port"])
    name = job["host"].strip().strip("[]")  # the Host header names the host as given (localhost stays localhost)
    host_header = job.get("host_header") or (f"[{name}]:{port}" if ":" in name else f"{name}:{port}")
    settings = {"address": address, "port": port, "timeout": float(job.get("timeout", DEFAULT_TIMEOUT))}
    settings["host_header"] = host_header

    recorder = Recorder()
    tickets = iter(range(requests))  # shared: each next() hands out one request (atomic under the GIL)
    started = time.perf_counter()
    deadline = started + max_seconds
    threads = [
        threading.Thread(
            target=connection_loop,
            args=(settings, paths, tickets, deadline, recorder),
            name=f"load-{number}",
            daemon=True,
        )
        for number in range(min(concurrency, max(requests, 1)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return summarize(recorder, seconds, requests, concurrency, max_seconds, paths)


def summarize(recorder, seconds, requests, concurrency, max_seconds, paths):
    done = len(recorder.latencies) + recorder.failures
    errors = sum(recorder.errors.values())
    ms = [latency * 1000 for latency in recorder.latencies]
    ok_ms = [latency * 1000 for latency in recorder.ok_latencies]
    return {
        "paths": paths,
        "requests_planned": requests,
        "requests": done,
        "concurrency": concurrency,
        "max_seconds": max_seconds,
        "stopped_by_time": done < requests,
        "seconds": round(seconds, 3),
        "requests_per_second": round(done / seconds, 1) if seconds > 0 else None,
        "errors": errors,
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
        "by_path": recorder.by_path if len(paths) > 1 else None,
    }


def main(stdin=sys.stdin, stdout=sys.stdout):
    try:
        job = json.load(stdin)
        summary = run_load(job)
    except NotLoopback as refusal:
        print(f"load_client: refused: {refusal}", file=sys.stderr)
        return 2
    except (ValueError, KeyError, TypeError) as error:
        print(f"load_client: bad job: {error!r}", file=sys.stderr)
        return 2
    json.dump(summary, stdout)
    stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
