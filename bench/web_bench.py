"""Web benchmark: latency and throughput of the public pages and the API under gunicorn, as in production.

    python bench/web_bench.py [--workers 4] [--requests 200] [--concurrency 8] [--max-seconds 20]
                              [--warmup 10] [--soak] [--only NAME,…]   (or: make bench-web BENCH_ARGS="…")

A benchmark, not a test: it prints figures and never fails on them. Steps:

1. refuse any ``--host`` that is not a loopback address (exit code 2): the load
   goes to this machine only;
2. read, through the ORM and the configured DATABASE_URL, real
   slugs from published content: the most used topic, a place and a year that
   have articles with it, a common title word (the worst search: nearly every
   article has it), the surname of the 100th most quoted person (a typical
   search), the newest article with quotes, the most quoted person; so the URLs
   exist on any corpus. Its one write: for the admin's URLs (the article list,
   with and without a search), a throwaway superuser with no password and its
   session, whose cookie those requests carry; both are deleted at the end;
3. ``collectstatic`` (into the git-ignored ``staticfiles/``: with DEBUG off the
   pages need its manifest), then start gunicorn with ``--workers`` sync workers
   on a free port of that loopback address, DEBUG off, a random SECRET_KEY,
   ALLOWED_HOSTS set to that address, the rest of the environment passed through
   (DATABASE_URL, CACHE_URL, …). The anonymous API rate limit is lifted
   (``--api-anon-rate``), or the API would be measured answering 429;
4. wait for ``/healthz``; request every URL once (the "first" column: a cold
   worker and, if caching is on, an empty cache), then ``--warmup`` times more;
5. for each URL, ``--requests`` requests from ``--concurrency`` connections, for
   at most ``--max-seconds``, sent by locust in a separate process
   (bench/locust_load.py); the server's own time and query count come from its
   Server-Timing header (scoportal/timing.py). The client keeps connections
   alive, but gunicorn's sync workers (``--threads 1``) close each after its
   response, so every request opens one, as behind the reverse proxy;
6. with ``--soak``: 64 connections for 30 s over a mix of all the URLs, counting
   errors and statuses (the target: no error response at all). Sending stops
   after 30 s; the requests then in flight are finished and counted;
7. stop gunicorn (also on Ctrl-C and on errors: its own process group is
   terminated), print a table and write bench/results/web-<timestamp>.json.

The client runs on the same machine, so it takes CPU from the server: on a
small machine the figures of the fastest URLs say as much about the client as
about the server. ``/healthz`` (every middleware, no database) is the floor the
other URLs are compared with.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.import_bench import database_version  # noqa: E402  (the path above makes bench/ importable)
from bench.load_figures import (  # noqa: E402  (the path above makes bench/ importable when run as a script)
    MAX_CONCURRENCY,
    MAX_REQUESTS,
    MAX_SECONDS,
    NotLoopback,
    loopback_address,
    timing_figures,
)

RESULTS_DIR = ROOT / "bench" / "results"
LOAD_CLIENT = ROOT / "bench" / "locust_load.py"
DEFAULT_WORKERS = 4
DEFAULT_REQUESTS = 200
DEFAULT_CONCURRENCY = 8
DEFAULT_MAX_SECONDS = 20
DEFAULT_WARMUP = 10
SOAK_CONNECTIONS = 64
SOAK_SECONDS = 30
SOAK_MAX_REQUESTS = 500_000  # a bound, far above what 30 s gives on one machine
API_ANON_RATE = "1000000/s"  # per second: DRF keeps a list of recent requests, a minute of them would grow
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
STOP_TIMEOUT = 10  # seconds for gunicorn to stop before it is killed
REQUEST_TIMEOUT = 60  # seconds for one request
CONNECT_TIMEOUT = 10  # seconds to reach the database
# The typical search looks for a person of middling prominence (the 100th most quoted), by surname:
# the common-word search above is the worst case, a word in nearly every article.
TYPICAL_PERSON_RANK = 100
STOPWORDS = set(
    "about after again against among between could their there these those through under where which while would "
    "with from into that this what when have been will were than then them they over also said says more most "
    "other such only some very just like first last year years".split()
)


# --- arguments -------------------------------------------------------------------------------------


def positive(low, high, kind=int):
    def check(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high} (got {text})")
        return value

    return check


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/web_bench.py",
        description="Latency and throughput of the site and the API under gunicorn, on this machine only.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address or name to serve on (default 127.0.0.1)")
    parser.add_argument("--workers", type=positive(1, 64), default=DEFAULT_WORKERS, help="gunicorn workers (4)")
    parser.add_argument("--threads", type=positive(1, 64), default=1, help="threads per worker (1: sync workers)")
    parser.add_argument("--requests", "-n", type=positive(1, MAX_REQUESTS), default=DEFAULT_REQUESTS, help="per URL")
    parser.add_argument("--concurrency", "-c", type=positive(1, MAX_CONCURRENCY), default=DEFAULT_CONCURRENCY)
    parser.add_argument(
        "--max-seconds", type=positive(0.1, MAX_SECONDS, float), default=DEFAULT_MAX_SECONDS, help="per URL (20)"
    )
    parser.add_argument("--warmup", type=positive(0, 10_000), default=DEFAULT_WARMUP, help="requests per URL (10)")
    parser.add_argument("--soak", action="store_true", help="also 64 connections for 30 s over a mix of the URLs")
    parser.add_argument("--soak-seconds", type=positive(1, MAX_SECONDS, float), default=SOAK_SECONDS)
    parser.add_argument("--soak-connections", type=positive(1, MAX_CONCURRENCY), default=SOAK_CONNECTIONS)
    parser.add_argument("--only", default="", help="comma-separated URL names to measure (healthz is always kept)")
    parser.add_argument("--search", default="", help="the search word (default: a common word of the titles)")
    parser.add_argument(
        "--api-anon-rate",
        default=API_ANON_RATE,
        help=f"API_ANON_RATE for the server ({API_ANON_RATE}); 60/min measures the production limit instead",
    )
    parser.add_argument("--no-collectstatic", action="store_true", help="staticfiles/ is already collected")
    return parser.parse_args(argv)


# --- the URLs --------------------------------------------------------------------------------------


def setup_django(environ):
    os.environ.update(environ)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoportal.settings")
    import django

    django.setup()


def most_common(rows, key):
    """The first value of ``key`` in rows ordered by count (``None`` when there are no rows)."""
    row = rows.first()
    return row[key] if row else None


def common_word(titles):
    counts = Counter(
        word
        for title in titles
        for word in re.findall(r"[^\W\d_]{5,}", title.lower())
        if word not in STOPWORDS
    )  # fmt: skip
    return counts.most_common(1)[0][0] if counts else None


def discover(search_word=""):
    """[(name, path)] for the benchmark, with real slugs from published content, and facts about the database."""
    from django.db import connection
    from django.db.models import Count
    from django.db.models.functions import ExtractYear
    from django.urls import reverse

    from articles.models import Article, TaggedPlace, TaggedTopic
    from people.models import Quote

    published = Article.objects.published()
    ids = published.values("pk")
    topic = most_common(
        TaggedTopic.objects.filter(content_object__in=ids).values("tag__slug").annotate(n=Count("pk")).order_by("-n"),
        "tag__slug",
    )
    with_topic = published.filter(topics__slug=topic) if topic else published
    place = most_common(
        TaggedPlace.objects.filter(content_object__in=with_topic.values("pk"))
        .values("tag__slug")
        .annotate(n=Count("pk"))
        .order_by("-n"),
        "tag__slug",
    )
    with_both = with_topic.filter(places__slug=place) if place else with_topic
    year = most_common(
        with_both.exclude(published_at=None)
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year"),
        "year",
    )
    facets = {name: value for name, value in (("topic", topic), ("place", place), ("year", year)) if value}
    word = search_word or common_word(published.newest_first().values_list("title", flat=True)[:1000])
    quoted = Quote.objects.filter(article__in=ids)
    article = published.filter(pk__in=quoted.values("article_id")).newest_first().first() or (
        published.newest_first().first()
    )
    by_quotes = quoted.values("person__slug", "person__name").annotate(n=Count("pk")).order_by("-n", "person__slug")
    person = most_common(by_quotes, "person__slug")
    typical = by_quotes[TYPICAL_PERSON_RANK : TYPICAL_PERSON_RANK + 1].first() or by_quotes.last()
    surname = typical["person__name"].split()[-1] if typical else None

    article_list = reverse("articles:list")
    api_list = reverse("v1:article-list")
    admin_list = reverse("admin:articles_article_changelist")
    candidates = [
        ("healthz", reverse("healthz")),
        ("home", reverse("home")),
        ("list", article_list),
        ("list-3-facets", f"{article_list}?{urlencode(sorted(facets.items()))}" if len(facets) == 3 else None),
        ("search", f"{article_list}?{urlencode({'q': word})}" if word else None),
        ("search-name", f"{article_list}?{urlencode({'q': surname})}" if surname else None),
        ("detail", article.get_absolute_url() if article else None),
        ("person", reverse("people:detail", args=[person]) if person else None),
        ("rss", reverse("feeds:rss")),
        ("api-list", api_list),
        ("api-facets", f"{api_list}?facets=topic,place,source,year"),
        ("api-quotes", f"{reverse('v1:quote-list')}?{urlencode({'person': person})}" if person else None),
        ("api-person", reverse("v1:person-detail", args=[person]) if person else None),
        ("sitemap", reverse("sitemap")),
        ("sitemap-articles", reverse("sitemap-section", args=["articles"])),
        ("sitemap-people", reverse("sitemap-section", args=["people"])),
        ("people", reverse("people:list")),
        ("topic", reverse("articles:topic", args=[topic]) if topic else None),
        ("admin-list", admin_list),
        ("admin-search", f"{admin_list}?{urlencode({'q': surname})}" if surname else None),
        ("admin-search-word", f"{admin_list}?{urlencode({'q': word})}" if word else None),
    ]
    urls = [(name, path) for name, path in candidates if path]
    missing = [name for name, path in candidates if not path]
    database = {
        "vendor": connection.vendor,
        "name": connection.display_name,
        "version": database_version(connection),
        "articles_published": published.count(),
        "articles_total": Article.objects.count(),
        "quotes_published": quoted.count(),
    }
    return urls, missing, database


@contextlib.contextmanager
def throwaway_editor(wanted):
    """A ``Cookie`` header of a superuser's session for the admin's URLs, if any is ``wanted``; ``""`` otherwise.

    The one write of the run: a user with no usable password and its session,
    both deleted on the way out (the user's deletion takes the session along
    only as data: the session row is deleted too).
    """
    if not wanted:
        yield ""
        return
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.create_superuser(f"bench-{secrets.token_hex(6)}", password=None)
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )
    session.create()
    try:
        yield f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    finally:
        session.delete()
        user.delete()


# --- the server ------------------------------------------------------------------------------------


def free_port(address):
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def host_header(address, port):
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def server_environment(secret_key, address, api_anon_rate):
    """The environment of the run: the caller's (DATABASE_URL, CACHE_URL, …) with production's switches."""
    environ = dict(os.environ)
    environ.update(
        DJANGO_SETTINGS_MODULE="scoportal.settings",
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=f"[{address}]" if ":" in address else address,
        HTTPS="0",  # gunicorn speaks plain HTTP; TLS is the reverse proxy's
        SERVER_TIMING="1",  # the benchmark reads it
        API_ANON_RATE=api_anon_rate,
        PYTHONUNBUFFERED="1",
    )
    return environ


class Gunicorn:
    """gunicorn in its own process group, stopped (group and all) by ``stop()``, whatever happened."""

    def __init__(self, address, port, workers, threads, environ, log_path):
        self.address, self.port = address, port
        self.log_path = log_path
        bind = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        self.command = [
            sys.executable, "-m", "gunicorn", "scoportal.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--graceful-timeout", "5", "--no-control-socket", "--error-logfile", "-", "--log-level", "warning",
        ]  # fmt: skip
        self.environ = environ
        self.process = None

    def start(self):
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.environ,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Ctrl-C reaches us, and we stop all of it
        )

    def wait_until_ready(self, timeout=STARTUP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {self.process.returncode}\n{self.log_tail()}")
            try:
                status, _, _ = single_request(self.address, self.port, "/healthz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s\n{self.log_tail()}")

    def log_tail(self, lines=20):
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process is None:
            return
        try:
            if self.process.poll() is None:
                signal_group(self.process.pid, signal.SIGTERM)
                try:
                    self.process.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    signal_group(self.process.pid, signal.SIGKILL)
                    self.process.wait(timeout=STOP_TIMEOUT)
            signal_group(self.process.pid, signal.SIGKILL)  # workers left behind by a master that died, if any
        finally:
            self.log.close()
            self.process = None


def signal_group(pgid, number):
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, number)


def single_request(address, port, path, timeout=REQUEST_TIMEOUT, cookie=""):
    """One GET on a fresh connection: (status, seconds, Server-Timing value)."""
    connection = http.client.HTTPConnection(address, port, timeout=timeout)
    headers = {"Host": host_header(address, port), **({"Cookie": cookie} if cookie else {})}
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started, response.getheader("Server-Timing")
    finally:
        connection.close()


def run_client(address, port, paths, requests, concurrency, max_seconds, cookie=""):
    """bench/locust_load.py in its own process (locust patches the standard library for gevent); its summary."""
    job = {
        "host": address,
        "port": port,
        "paths": paths,
        "requests": requests,
        "concurrency": concurrency,
        "max_seconds": max_seconds,
        "timeout": REQUEST_TIMEOUT,
        "cookie": cookie,
    }
    result = subprocess.run(
        [sys.executable, str(LOAD_CLIENT)],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=max_seconds + REQUEST_TIMEOUT + 30,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the load client failed ({result.returncode}): {result.stderr.strip()}")
    return json.loads(result.stdout)


# --- the run ---------------------------------------------------------------------------------------


def git_commit():
    try:
        run = lambda *args: subprocess.run(  # noqa: E731
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
        commit = run("rev-parse", "--short", "HEAD")
        return {"commit": commit or None, "uncommitted_changes": bool(run("status", "--porcelain", "--untracked=no"))}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "uncommitted_changes": None}


def collectstatic(environ):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"collectstatic failed:\n{result.stderr.strip()[-2000:]}")


def first_request(address, port, path, cookie=""):
    try:
        status, seconds, timing = single_request(address, port, path, cookie=cookie)
    except (OSError, http.client.HTTPException) as error:
        return {"status": None, "error": type(error).__name__}
    app, db, queries = timing_figures(timing)
    return {"status": status, "latency_ms": round(seconds * 1000, 2), "server_ms": app, "db_ms": db, "queries": queries}


def is_admin(name):
    return name.startswith("admin-")


def measure(args, address, port, urls, editor_cookie=""):
    """The first request, the warm-up, then the measured load, for every URL; [(name, path, figures)].

    The admin's URLs are requested with ``editor_cookie`` (``throwaway_editor``)."""
    print(f"  first request and {args.warmup} warm-up requests for each of {len(urls)} URLs …", flush=True)
    firsts = {}
    for name, path in urls:
        cookie = editor_cookie if is_admin(name) else ""
        firsts[name] = first_request(address, port, path, cookie)
        if args.warmup:
            warmup = min(args.concurrency, args.warmup)
            run_client(address, port, [path], args.warmup, warmup, args.max_seconds, cookie)
    results = []
    for name, path in urls:
        print(f"  {name:<14} {path}", flush=True)
        cookie = editor_cookie if is_admin(name) else ""
        summary = run_client(address, port, [path], args.requests, args.concurrency, args.max_seconds, cookie)
        summary["first"] = firsts[name]
        results.append((name, path, summary))
    return results


def soak(args, address, port, urls):
    print(
        f"  soak: {args.soak_connections} connections for {args.soak_seconds:g} s over {len(urls)} URLs …", flush=True
    )
    paths = [path for name, path in urls if not is_admin(name)]  # the public's mix: no editor's session
    return run_client(address, port, paths, SOAK_MAX_REQUESTS, args.soak_connections, args.soak_seconds)


def number(value, width, digits=1):
    if value is None:
        return f"{'–':>{width}}"
    if digits == 0 and value != int(value):
        digits = 1  # a median query count between two counts
    return f"{value:>{width}.{digits}f}"


def report(args, environment, results, soaked, missing):
    floor = next((summary for name, _, summary in results if name == "healthz"), None)
    floor_ms = floor["latency_ms"]["median"] if floor else None
    for _, _, summary in results:
        median_ms = summary["latency_ms"]["median"]
        summary["ratio_to_floor"] = round(median_ms / floor_ms, 1) if median_ms and floor_ms else None

    database, server = environment["database"], environment["server"]
    workers = f"{server['workers']} sync workers" if server["threads"] == 1 else f"{server['workers']} workers"
    workers += "" if server["threads"] == 1 else f" × {server['threads']} threads"
    print()
    print(
        f"Web benchmark — {database['name']} {database['version']}, {database['articles_published']} published "
        f"articles; gunicorn {workers}; "
        f"{args.requests} requests per URL at concurrency {args.concurrency} (≤ {args.max_seconds:g} s); "
        f"{environment['machine']['cpus']} CPUs shared with the client; cache {environment['cache']}, "
        f"CONTENT_CACHE_SECONDS={environment['content_cache_seconds']}"
    )
    header = (
        f"{'URL':<14}{'first ms':>9}{'median ms':>10}{'p95 ms':>9}{'server ms':>10}{'queries':>8}"
        f"{'req/s':>8}{'errors':>7}{'× floor':>8}  path"
    )
    print(header)
    print("-" * (len(header) + 30))
    for name, path, summary in results:
        latency, first = summary["latency_ms"], summary["first"]
        print(
            f"{name:<14}{number(first.get('latency_ms'), 9)}{number(latency['median'], 10, 2)}"
            f"{number(latency['p95'], 9)}{number(summary['server_ms_median'], 10, 2)}"
            f"{number(summary['queries_median'], 8, 0)}{number(summary['requests_per_second'], 8)}"
            f"{summary['errors']:>7}{number(summary['ratio_to_floor'], 8)}  {path}"
        )
    for name, _, summary in results:
        if summary["errors"]:
            print(f"  {name}: errors {summary['error_kinds']}")
        if summary["stopped_by_time"]:
            print(f"  {name}: stopped after {args.max_seconds:g} s at {summary['requests']} requests")
        if summary["first"].get("status") not in (200, None) or summary["first"].get("error"):
            print(f"  {name}: first request {summary['first']}")
    if missing:
        print(f"not measured (nothing in the database to build them from): {', '.join(missing)}")
    machine = environment["machine"]
    if machine["load_average_before"][0] > 0.5 * (machine["cpus"] or 1):
        print(
            f"NOTE: the machine was busy before the run (load average {machine['load_average_before'][0]} on "
            f"{machine['cpus']} CPUs): the figures include waiting for the CPU"
        )
    if any(summary.get("client_cpu_high") for _, _, summary in results):
        print("NOTE: locust's process used more than 90 % of a CPU: the fastest URLs measure the client as well")
    print("first: the first request after the server started (a cold worker; an empty cache if caching is on);")
    print("server ms and queries: medians of the Server-Timing header; × floor: median latency over /healthz's")
    if soaked:
        met = soaked["errors"] == 0
        print()
        print(
            f"soak: {soaked['requests']} requests in {soaked['seconds']:.1f} s from {args.soak_connections} "
            f"connections ({soaked['requests_per_second']} req/s), median {soaked['latency_ms']['median']} ms, "
            f"p95 {soaked['latency_ms']['p95']} ms, max {soaked['latency_ms']['max']} ms"
        )
        print(f"      statuses {soaked['status']}, errors {soaked['errors']} {soaked['error_kinds'] or ''}")
        for path, figures in (soaked.get("by_path") or {}).items():
            if figures["errors"]:
                print(f"      {path}: {figures['errors']} errors of {figures['requests']}")
        verdict = "met" if met else "NOT met"
        print(f"      target: no error response under {args.soak_connections} connections: {verdict}")

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "benchmark": "web",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "environment": environment,
        "floor_median_ms": floor_ms,
        "urls": [{"name": name, "path": path, **without(summary, "paths")} for name, path, summary in results],
        "not_measured": missing,
        "soak": soaked,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"web-{stamp}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {path.relative_to(ROOT)}")
    return payload


def locust_version():
    """Read from the installed package, not imported: importing locust would patch this process for gevent."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("locust")
    except PackageNotFoundError:
        return "(not installed: pip install -r requirements-dev.txt)"


def without(mapping, *keys):
    return {key: value for key, value in mapping.items() if key not in keys}


def stop_on_terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM and SIGHUP stop the run as Ctrl-C does: through every finally


def main(argv=None):
    args = parse_args(argv)
    try:
        address = loopback_address(args.host)
    except NotLoopback as refusal:
        print(
            f"web_bench: refusing --host {args.host!r}: {refusal}; the load goes to this machine only", file=sys.stderr
        )
        return 2
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background, which ignores it
    signal.signal(signal.SIGTERM, stop_on_terminate)
    signal.signal(signal.SIGHUP, stop_on_terminate)

    secret_key = secrets.token_urlsafe(50)
    environ = server_environment(secret_key, address, args.api_anon_rate)
    print("web benchmark: reading URLs from the database …", flush=True)
    setup_django({key: environ[key] for key in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS", "SERVER_TIMING")})
    from django.db import connection, connections

    if connection.vendor == "postgresql":  # an unreachable server fails the run instead of hanging it
        connection.settings_dict.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT)
    from django.db import Error as DatabaseError

    try:
        urls, missing, database = discover(args.search)
    except DatabaseError as error:
        print(f"web_bench: cannot read the database ({error}); is DATABASE_URL migrated?", file=sys.stderr)
        return 1
    finally:
        connections.close_all()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")} | {"healthz"}
        unknown = wanted - {name for name, _ in urls} - set(missing)
        if unknown:
            print(f"web_bench: unknown --only names: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        urls = [(name, path) for name, path in urls if name in wanted]
    with throwaway_editor(any(is_admin(name) for name, _ in urls)) as editor_cookie:
        connections.close_all()  # gunicorn's workers make their own
        return serve_and_measure(args, address, environ, urls, missing, database, editor_cookie)


def serve_and_measure(args, address, environ, urls, missing, database, editor_cookie):
    """Start gunicorn, measure every URL (and the soak), stop it, report; the exit code."""
    from django.conf import settings

    if not database["articles_published"]:
        print("WARNING: no published article: every list is empty (import some: see README, Importing articles)")

    import gunicorn

    environment = {
        "database": database,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        # the server runs with DEBUG off: caching is on unless this says 0 (scoportal/settings.py)
        "content_cache_seconds": os.environ.get("CONTENT_CACHE_SECONDS", "default"),
        "server": {
            "gunicorn": gunicorn.__version__,
            "workers": args.workers,
            "threads": args.threads,
            "api_anon_rate": args.api_anon_rate,
        },
        "load": {
            "requests": args.requests,
            "concurrency": args.concurrency,
            "max_seconds": args.max_seconds,
            "warmup": args.warmup,
            "client": f"locust {locust_version()} (bench/locust_load.py): one process, a user per connection",
        },
        "code": git_commit(),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(load, 2) for load in os.getloadavg()],
        },
    }
    if not args.no_collectstatic:
        print("  collectstatic …", flush=True)
        collectstatic(environ)
    port = free_port(address)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log_path = RESULTS_DIR / "web-gunicorn.log"
    server = Gunicorn(address, port, args.workers, args.threads, environ, log_path)
    print(
        f"  gunicorn on http://{host_header(address, port)}/, {args.workers} workers, log {log_path.name}", flush=True
    )
    try:
        server.start()
        server.wait_until_ready()
        results = measure(args, address, port, urls, editor_cookie)
        soaked = soak(args, address, port, urls) if args.soak else None
        environment["machine"]["load_average_after"] = [round(load, 2) for load in os.getloadavg()]
    except KeyboardInterrupt:
        print("\nweb_bench: interrupted; gunicorn stopped", file=sys.stderr)
        return 130
    except RuntimeError as error:
        print(f"web_bench: {error}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    report(args, environment, results, soaked, missing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
