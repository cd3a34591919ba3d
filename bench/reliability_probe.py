"""Reliability probes from outside: a real gunicorn with DEBUG=0 on loopback, against a throwaway database.

    python bench/reliability_probe.py concurrency [--database scoportal_probe]
    python bench/reliability_probe.py faults [--connections 64] [--seconds 30] [--redis redis://127.0.0.1:6379/9]
    python bench/reliability_probe.py schemathesis [--max-examples 30]
    (or: make probe-reliability PROBE=faults PROBE_ARGS="--seconds 10"; PROBE defaults to all three)

A probe, not a test: it prints what it saw and never fails on it (exit code 0 unless
the probe itself could not run). docs/reliability.md says what each figure should be.

- ``concurrency``: 8 documents written here share a new source, author, quoted
  person, topic and place. 8 ``manage.py import_articles`` processes, then 8
  concurrent ``POST /api/v1/imports/`` from a logged-in staff session (an API key
  alone never writes) are released together by a session that holds ``LOCK TABLE
  articles_source IN ACCESS EXCLUSIVE MODE`` until all 8 wait for it. Prints "x of
  8 landed" and the rows stored (one source, author, person, topic and place each).
- ``faults``: the seeds imported as published; for each case (normal, Redis down,
  PostgreSQL down) the status of every public page, API list and detail (slugs read
  from the API), ``/healthz`` and ``/readyz``, then ``--connections`` connections for
  ``--seconds`` (locust: bench/locust_load.py) with counts by status and connection errors;
  then a throttle case (``API_ANON_RATE=5/min``) with the statuses of a cached API URL.
  "Down" is a URL where nothing listens (Redis 127.0.0.1:6399, PostgreSQL
  127.0.0.1:5499): the shared services are never stopped.
- ``schemathesis``: schemathesis against the server's /api/v1/schema/,
  anonymously and with an API key, ``--max-examples`` per operation; prints the 5xx
  count, read from gunicorn's access log.

Every host (the server, PostgreSQL, Redis) must be a loopback address; every loop is
bounded in count and time; gunicorn is stopped and the throwaway database dropped
whatever happens (also on Ctrl-C). The Redis database of ``--redis`` is flushed
before and after use: give one nothing else uses.
"""

import argparse
import contextlib
import json
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load_figures import NotLoopback, loopback_address  # noqa: E402  (the path above makes bench/ importable)
from bench.web_bench import (  # noqa: E402
    API_ANON_RATE,
    SOAK_MAX_REQUESTS,
    Gunicorn,
    collectstatic,
    free_port,
    host_header,
    positive,
    run_client,
    server_environment,
    setup_django,
    stop_on_terminate,
)

DEFAULT_DATABASE = "scoportal_probe"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
REDIS_DOWN = "redis://127.0.0.1:6399/0"  # nothing listens there (checked before use)
POSTGRES_DOWN_PORT = 5499  # nor there
DOCUMENTS = 8  # concurrent imports
GATE_TIMEOUT = 180  # seconds the gate waits for the importers to queue behind it
IMPORT_TIMEOUT = 600  # seconds for the 8 import_articles processes together
REQUEST_TIMEOUT = 120  # seconds for one request of the probe
SUBPROCESS_TIMEOUT = 900  # migrate, importing the seeds
THROTTLE_REQUESTS = 12
SCHEMATHESIS_TIMEOUT = 600  # seconds per schemathesis run
CONNECT_TIMEOUT = 10
SAFE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
RESERVED = {"postgres", "template0", "template1"}


class ProbeError(RuntimeError):
    """The probe itself could not run (not a finding about the site)."""


# --- arguments -------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="bench/reliability_probe.py", description=__doc__.split("\n\n")[0])
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--host", default="127.0.0.1", help="loopback address to serve on (127.0.0.1)")
    common.add_argument("--database", default=DEFAULT_DATABASE, help=f"throwaway database ({DEFAULT_DATABASE})")
    common.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES,
        help=f"the loopback PostgreSQL, as a URL of a database to run CREATE DATABASE from ({DEFAULT_POSTGRES})",
    )
    common.add_argument(
        "--workers", type=positive(1, 32), default=None, help="gunicorn workers (concurrency: 8, else 3)"
    )
    common.add_argument("--no-collectstatic", action="store_true", help="staticfiles/ is already collected")
    sub = parser.add_subparsers(dest="probe", required=True)
    sub.add_parser("concurrency", parents=[common], help="8 concurrent imports, by the command and by the API")
    faults = sub.add_parser("faults", parents=[common], help="statuses and load with Redis or PostgreSQL down")
    faults.add_argument("--connections", type=positive(1, 256), default=64, help="load connections (64)")
    faults.add_argument("--seconds", type=positive(1, 600, float), default=30, help="load seconds per case (30)")
    faults.add_argument("--redis", default=DEFAULT_REDIS, help=f"a Redis database to use and flush ({DEFAULT_REDIS})")
    faults.add_argument("--only", default="", help="comma-separated cases: normal,redis-down,postgres-down,throttle")
    fuzz = sub.add_parser("schemathesis", parents=[common], help="schemathesis on /api/v1/schema/, 5xx count")
    fuzz.add_argument("--max-examples", type=positive(1, 1000), default=30, help="per operation (30)")
    return parser.parse_args(argv)


# --- loopback services -----------------------------------------------------------------------------


def loopback_url(url, what):
    """``url`` if its host is a loopback address, else ProbeError."""
    parts = urlsplit(url)
    try:
        loopback_address(parts.hostname or "")
    except NotLoopback as refusal:
        raise ProbeError(f"refusing {what} {url!r}: {refusal}; probes stay on this machine") from None
    return parts


def with_path(parts, database, port=None):
    netloc = parts.netloc
    if port is not None:
        netloc = f"{netloc.rsplit('@', 1)[0]}@" if "@" in netloc else ""
        netloc += f"{parts.hostname}:{port}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, ""))


def listening(host, port):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


class ThrowawayDatabase:
    """CREATE DATABASE on the loopback server, DROP DATABASE … WITH (FORCE) in ``drop()``; refuses an existing one."""

    def __init__(self, admin_url, name):
        if not SAFE_NAME.fullmatch(name) or name in RESERVED:
            raise ProbeError(f"refusing --database {name!r}: a new lower-case name of letters, digits and _")
        self.parts = loopback_url(admin_url, "--postgres")
        self.admin_url, self.name = admin_url, name
        self.url = with_path(self.parts, name)
        self.created = False

    def admin(self):
        import psycopg

        return psycopg.connect(self.admin_url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)

    def create(self):
        with self.admin() as connection:
            if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone():
                raise ProbeError(
                    f"database {self.name} exists: a probe never reuses one (dropdb it if it is a leftover probe's, "
                    "or give another --database)"
                )
            connection.execute(f'CREATE DATABASE "{self.name}"')
            self.created = True

    def drop(self):
        if not self.created:
            return
        with self.admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.created = False
        print(f"dropped the throwaway database {self.name}", flush=True)


def flush_redis(url):
    import redis

    loopback_url(url, "--redis")
    redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5).flushdb()


# --- Django, the server, requests ------------------------------------------------------------------


def manage(environ, *args, timeout=SUBPROCESS_TIMEOUT):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise ProbeError(f"manage.py {' '.join(args)} failed:\n{(result.stderr or result.stdout).strip()[-2000:]}")
    return result.stdout


def base_environment(address, database_url, api_anon_rate=API_ANON_RATE):
    environ = server_environment(secrets.token_urlsafe(50), address, api_anon_rate)
    environ["DATABASE_URL"] = database_url
    environ.pop("DATABASE_REPLICA_URL", None)
    environ["CACHE_URL"] = ""  # local memory unless a case says otherwise
    return environ


def django_for(environ):
    """Django in this process, on the throwaway database (for setting up rows and counting them)."""
    setup_django({key: environ[key] for key in ("DATABASE_URL", "CACHE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})


class Server:
    """web_bench's Gunicorn on a free loopback port, with an access log (status per request) and a timeout."""

    def __init__(self, address, workers, environ, label, timeout=REQUEST_TIMEOUT):
        self.address, self.port = address, free_port(address)
        self.log_dir = Path(tempfile.mkdtemp(prefix="scoportal-probe-"))
        self.access_log = self.log_dir / f"access-{label}.log"
        self.gunicorn = Gunicorn(address, self.port, workers, 1, environ, self.log_dir / f"gunicorn-{label}.log")
        self.gunicorn.command += ["--timeout", str(timeout), "--access-logfile", str(self.access_log)]
        self.gunicorn.command += ["--access-logformat", "%(s)s"]  # the status alone: a path may hold a newline
        self.base = f"http://{host_header(address, self.port)}"

    def __enter__(self):
        self.gunicorn.start()
        self.gunicorn.wait_until_ready()
        return self

    def __exit__(self, *exc):
        self.gunicorn.stop()

    def statuses(self):
        """Counter of the statuses in the access log so far."""
        with contextlib.suppress(OSError):
            lines = self.access_log.read_text(errors="replace").splitlines()
            return Counter(line for line in lines if re.fullmatch(r"\d{3}", line))
        return Counter()

    def request(self, path, method="GET", body=None, headers=None, timeout=REQUEST_TIMEOUT):
        """(status, headers, body bytes); a connection error is raised."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Host": host_header(self.address, self.port), **(headers or {})}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (loopback http only)
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


# --- concurrency -----------------------------------------------------------------------------------


def document(n, tag):
    """One of 8 documents sharing a new source, author, quoted person, topic and place."""
    return (
        f"SCO water ministers discuss climate change in Khujand, round {n} ({tag})\n\n"
        f"Author : Nodira Qurbonova     Source : Pamir Herald Weekly {tag}     2024-03-{n + 1:02d}\n\n"
        f"KHUJAND — Water ministers of the Shanghai Cooperation Organization met in Tajikistan on Friday for round {n} "
        "of talks on irrigation, drought and climate change in Central Asia.\n\n"
        f"Deputy Water Minister Rustam Davlatzoda said the talks had gone well. “We agreed on {n + 3} new projects,” "
        "Davlatzoda told reporters.\n\nThe ministers will meet again in the autumn."
    )


class Gate(threading.Thread):
    """Holds ACCESS EXCLUSIVE on articles_source until ``sessions`` others wait for it (or ``timeout``)."""

    def __init__(self, url, sessions, timeout=GATE_TIMEOUT):
        super().__init__(name="gate", daemon=True)
        self.url, self.sessions, self.timeout = url, sessions, timeout
        self.closed, self.release = threading.Event(), threading.Event()
        self.waiting, self.seconds, self.error = 0, None, None

    def run(self):
        import psycopg

        try:
            with (
                psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT) as gate,
                psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT) as watch,
            ):
                gate.execute("LOCK TABLE articles_source IN ACCESS EXCLUSIVE MODE")
                self.closed.set()
                start = time.monotonic()
                while time.monotonic() - start < self.timeout and not self.release.is_set():
                    self.waiting = watch.execute(
                        "SELECT count(DISTINCT pid) FROM pg_locks "
                        "WHERE relation = 'articles_source'::regclass AND NOT granted"
                    ).fetchone()[0]
                    if self.waiting >= self.sessions:
                        break
                    time.sleep(0.2)
                self.seconds = time.monotonic() - start
                gate.commit()
        except Exception as error:  # reported by the caller
            self.error = error
        finally:
            self.closed.set()

    def __enter__(self):
        self.start()
        self.closed.wait(CONNECT_TIMEOUT * 3)
        if self.error:
            raise ProbeError(f"the gate could not lock articles_source: {self.error}")
        print(f"  gate closed: LOCK TABLE articles_source until {self.sessions} sessions wait", flush=True)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.join(self.timeout + 30)
        if self.seconds is not None:
            print(f"  gate opened with {self.waiting} waiting after {self.seconds:.1f} s", flush=True)


def shared_rows(tag):
    from articles.models import Article, Author, Place, Source, Topic
    from people.models import Person

    landed = Article.objects.filter(raw_text__contains=tag).count()
    rows = {
        "sources": Source.objects.count(),
        "authors": Author.objects.count(),
        "people": Person.objects.count(),
        "topics": Topic.objects.count(),
        "places": Place.objects.count(),
    }
    return landed, rows


def empty_content():
    """Remove every article and shared row, so the next run's names are new again."""
    from django.db import connection

    from articles.models import Article, Author, Place, Source, Topic
    from people.models import Person

    tables = [model._meta.db_table for model in (Article, Source, Author, Person, Topic, Place)]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")


def print_rows(what, landed, rows):
    ones = all(count == 1 for count in rows.values())
    print(f"{what}: {landed} of {DOCUMENTS} landed; rows " + ", ".join(f"{k} {v}" for k, v in rows.items()), end="")
    print(" (one each)" if ones else " (NOT one each)", flush=True)


def concurrent_commands(database, environ, directory):
    tag = f"cli-{secrets.token_hex(3)}"
    paths = []
    for n in range(DOCUMENTS):
        path = directory / f"doc{n}.txt"
        path.write_text(document(n, tag), encoding="utf-8")
        paths.append(path)
    print(f"== {DOCUMENTS} concurrent manage.py import_articles processes, released together", flush=True)
    processes, logs = [], []
    try:
        with Gate(database.url, DOCUMENTS):
            for n, path in enumerate(paths):
                log = open(directory / f"cli-{n}.log", "wb")  # noqa: SIM115 (closed below)
                logs.append(log)
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "manage.py", "import_articles", str(path)],
                        cwd=ROOT,
                        env=environ,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            deadline = time.monotonic() + IMPORT_TIMEOUT
            for process in processes:
                try:
                    process.wait(timeout=max(1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    print(f"  import_articles {process.pid} still running after {IMPORT_TIMEOUT} s: killed")
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(10)
        for log in logs:
            log.close()
    lines = Counter()
    for n in range(DOCUMENTS):
        for line in (directory / f"cli-{n}.log").read_text(errors="replace").splitlines():
            if re.search(r"fail|error|files:", line, re.IGNORECASE):
                lines[line.strip().replace(str(directory) + "/", "")] += 1
    for line, count in lines.most_common(10):
        print(f"  {count} × {line[:160]}")
    print("  exit codes: " + " ".join(str(process.returncode) for process in processes))
    print_rows("import_articles", *shared_rows(tag))


def staff_session():
    """A superuser's session cookie and a CSRF token, made in the throwaway database."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.create_superuser("prober", "prober@example.org", secrets.token_urlsafe(16))
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(32))
    return session.session_key, csrf


def post_imports(server, tag, session, csrf, texts):
    """POST every text at once (released by a barrier); [(status, body)]."""
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf, "Referer": server.base + "/"}
    barrier, results = threading.Barrier(len(texts), timeout=REQUEST_TIMEOUT), [None] * len(texts)

    def post(n):
        try:
            barrier.wait()
            status, _, body = server.request(
                "/api/v1/imports/", "POST", {"text": texts[n], "name": f"probe {tag} {n}"}, headers
            )
            results[n] = (status, body.decode(errors="replace"))
        except Exception as error:  # a connection error: reported as such
            results[n] = (None, f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=post, args=(n,), daemon=True) for n in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT + 30)
    return [result or (None, "no answer") for result in results]


def concurrent_api(args, database, environ, address):
    from django.db import connections

    session, csrf = staff_session()
    connections.close_all()
    workers = args.workers or DOCUMENTS
    tag = f"api-{secrets.token_hex(3)}"
    print(f"== {DOCUMENTS} concurrent POST /api/v1/imports/ (gunicorn, DEBUG=0, {workers} sync workers)", flush=True)
    with Server(address, workers, environ, "concurrency") as server:
        # warm every worker's importer (the NLP model) with requests that write nothing
        for _ in range(2):
            post_imports(server, "warm-up", session, csrf, ["..."] * workers)
        with Gate(database.url, DOCUMENTS):
            results = post_imports(server, tag, session, csrf, [document(n, tag) for n in range(DOCUMENTS)])
    for n, (status, body) in enumerate(results):
        if status != 201:
            print(f"  {n}: {status} {body[:200]}")
    statuses = Counter(status for status, _ in results)
    print(f"  statuses: {dict(statuses)}")
    landed, rows = shared_rows(tag)
    print(f"POST /api/v1/imports/: {statuses[201]} of {DOCUMENTS} answered 201")
    print_rows("POST /api/v1/imports/", landed, rows)


def probe_concurrency(args, address):
    database = ThrowawayDatabase(args.postgres, args.database)
    environ = base_environment(address, database.url)
    try:
        print(f"throwaway database {database.name}: creating, migrating …", flush=True)
        database.create()
        manage(environ, "migrate", "--noinput", "-v0")
        django_for(environ)
        with tempfile.TemporaryDirectory(prefix="scoportal-probe-") as directory:
            concurrent_commands(database, environ, Path(directory))
        empty_content()  # the API's documents share names as new as the command's did
        concurrent_api(args, database, environ, address)
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        database.drop()


# --- faults ----------------------------------------------------------------------------------------


def discover(server):
    """Slugs of real rows, read from the API (anonymously, as a visitor would)."""
    slugs = {}
    for kind in ("articles", "sources", "authors", "people"):
        status, _, body = server.request(f"/api/v1/{kind}/")
        rows = json.loads(body).get("results", []) if status == 200 else []
        slugs[kind] = rows[0]["slug"] if rows else "none"
    status, _, body = server.request("/api/v1/tags/")
    data = json.loads(body) if status == 200 else []
    for row in data["results"] if isinstance(data, dict) else data:
        slugs.setdefault("topic" if row.get("kind") == "topic" else "place", row["slug"])
    return slugs


def urls(s):
    pages = [
        "/", "/articles/", "/articles/?q=summit", f"/articles/{s['articles']}/", "/articles/facets/topic/",
        f"/sources/{s['sources']}/", f"/authors/{s['authors']}/", f"/topics/{s.get('topic', 'none')}/",
        f"/places/{s.get('place', 'none')}/", "/people/", f"/people/{s['people']}/", "/feeds/articles.rss",
        "/feeds/articles.atom", "/sitemap.xml", "/robots.txt",
    ]  # fmt: skip
    api = [
        "/api/v1/", "/api/v1/articles/", f"/api/v1/articles/{s['articles']}/", "/api/v1/sources/",
        "/api/v1/authors/", "/api/v1/people/", "/api/v1/quotes/", "/api/v1/tags/", "/api/v1/articles/?facets=topic",
    ]  # fmt: skip
    return {"pages": pages, "api": api, "probes": ["/healthz", "/readyz"]}


def describe(status, headers):
    text = str(status)
    if headers.get("X-Cache"):
        text += f"/{headers['X-Cache']}"
    if headers.get("Retry-After"):
        text += f"/retry-after={headers['Retry-After']}"
    return text


def excerpt(body):
    """A page's <title>, or the start of any other body, on one line."""
    text = body[:4000].decode(errors="replace")
    title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    return " ".join((title.group(1) if title else text[:100]).split())


def statuses(server, groups):
    """Every URL twice (a cache miss, then a hit if caching works); a line per URL, a tally per group."""
    for group, paths in groups.items():
        tally = Counter()
        for path in paths:
            seen, extra = [], ""
            for attempt in range(2):
                try:
                    status, headers, body = server.request(path, timeout=40)
                except OSError as error:
                    status, headers, body = type(error).__name__, {}, b""
                tally[status] += 1
                seen.append(describe(status, headers))
                if attempt == 0 and (path == "/readyz" or (isinstance(status, int) and status >= 500)):
                    extra = "  " + excerpt(body)
            print(f"  {group:6} {' '.join(seen):<40} {path}{extra}")
        print(f"  == {group}: {dict(tally)}", flush=True)


def load(args, server, groups):
    paths = groups["pages"] + groups["api"]
    summary = run_client(server.address, server.port, paths, SOAK_MAX_REQUESTS, args.connections, args.seconds)
    connection_errors = {k: v for k, v in summary["error_kinds"].items() if not k.startswith("HTTP ")}
    latency = summary["latency_ms"]
    print(
        f"  load: {args.connections} connections, {summary['seconds']:.1f} s: {summary['requests']} responses "
        f"({summary['requests_per_second']}/s), statuses {summary['status']}, connection errors "
        f"{connection_errors or 0}; median {latency['median']} ms, p95 {latency['p95']} ms, max {latency['max']} ms",
        flush=True,
    )


def throttle(server, path="/api/v1/articles/"):
    seen = []
    for _ in range(THROTTLE_REQUESTS):
        status, headers, _ = server.request(path, timeout=40)
        seen.append(describe(status, headers))
    print(f"  throttle {path}: {' '.join(seen)}", flush=True)


def probe_faults(args, address):
    cases = ["normal", "redis-down", "postgres-down", "throttle"]
    only = [name.strip() for name in args.only.split(",") if name.strip()] or cases
    unknown = set(only) - set(cases)
    if unknown:
        raise ProbeError(f"unknown --only cases: {', '.join(sorted(unknown))} (known: {', '.join(cases)})")
    loopback_url(args.redis, "--redis")
    database = ThrowawayDatabase(args.postgres, args.database)
    environ = base_environment(address, database.url)
    workers = args.workers or 3
    down_url = with_path(database.parts, database.name, port=POSTGRES_DOWN_PORT)
    try:
        print(f"throwaway database {database.name}: creating, migrating, importing the seeds as published …")
        database.create()
        manage(environ, "migrate", "--noinput", "-v0")
        manage(environ, "import_articles", "seeds", "--status", "published")
        if not args.no_collectstatic:
            collectstatic(environ)  # DEBUG off: the pages need the manifest
        flush_redis(args.redis)
        with Server(address, workers, {**environ, "CACHE_URL": args.redis}, "discover") as server:
            slugs = discover(server)
        groups = urls(slugs)
        print(f"slugs from the API: {slugs}")
        settings = {
            "normal": ({"CACHE_URL": args.redis}, f"Redis {args.redis}"),
            "redis-down": ({"CACHE_URL": REDIS_DOWN}, f"CACHE_URL={REDIS_DOWN} (nothing listens)"),
            "postgres-down": (
                {"CACHE_URL": args.redis, "DATABASE_URL": down_url},
                f"DATABASE_URL={down_url} (nothing listens), Redis flushed",
            ),
            "throttle": ({"CACHE_URL": args.redis, "API_ANON_RATE": "5/min"}, "API_ANON_RATE=5/min, Redis flushed"),
        }
        for case in only:
            if case == "redis-down" and listening("127.0.0.1", 6399):
                print(f"== {case}: skipped, something listens on 127.0.0.1:6399")
                continue
            if case == "postgres-down" and listening(database.parts.hostname, POSTGRES_DOWN_PORT):
                print(f"== {case}: skipped, something listens on port {POSTGRES_DOWN_PORT}")
                continue
            overrides, what = settings[case]
            print(f"== {case}: gunicorn DEBUG=0, {workers} sync workers, {what}", flush=True)
            flush_redis(args.redis)
            try:
                with Server(address, workers, {**environ, **overrides}, case) as server:
                    if case == "throttle":
                        throttle(server)
                    else:
                        statuses(server, groups)
                        load(args, server, groups)
            finally:
                flush_redis(args.redis)
    finally:
        database.drop()


# --- schemathesis ----------------------------------------------------------------------------------


def probe_schemathesis(args, address):
    database = ThrowawayDatabase(args.postgres, args.database)
    environ = base_environment(address, database.url)
    schemathesis = Path(sys.executable).with_name("schemathesis")
    if not schemathesis.exists():
        raise ProbeError(f"{schemathesis} not found: pip install -r requirements-dev.txt")
    try:
        print(f"throwaway database {database.name}: creating, migrating, importing the seeds as published …")
        database.create()
        manage(environ, "migrate", "--noinput", "-v0")
        manage(environ, "import_articles", "seeds", "--status", "published")
        django_for(environ)
        from django.db import connections

        from api.models import ApiKey

        _, key = ApiKey.objects.create_key(name="reliability probe")
        connections.close_all()
        with Server(address, args.workers or 3, environ, "schemathesis") as server:
            for who, headers in (("anonymous", []), ("API key", ["-H", f"Authorization: Api-Key {key}"])):
                before = server.statuses()
                started = time.monotonic()
                command = [
                    str(schemathesis), "run", f"{server.base}/api/v1/schema/", "--url", f"{server.base}",
                    "--max-examples", str(args.max_examples), "--checks", "not_a_server_error",
                    "--generation-deterministic", "--request-timeout", "30", "--no-color", *headers,
                ]  # fmt: skip
                try:
                    result = subprocess.run(
                        command,
                        cwd=server.log_dir,  # its .schemathesis/ cache goes there, not into the repository
                        capture_output=True,
                        text=True,
                        timeout=SCHEMATHESIS_TIMEOUT,
                        check=False,
                    )
                    outcome = f"exit code {result.returncode}"
                    report = server.log_dir / f"schemathesis-{who.replace(' ', '-')}.txt"
                    report.write_text(result.stdout + result.stderr, encoding="utf-8")
                    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
                    tail = [line for line in lines if re.search(r"warning|passed|failed|error", line, re.I)][-8:]
                    tail.append(f"full output: {report}")
                except subprocess.TimeoutExpired:
                    outcome, tail = f"stopped after {SCHEMATHESIS_TIMEOUT} s", []
                seen = server.statuses() - before
                fives = sum(count for status, count in seen.items() if status.startswith("5"))
                print(
                    f"== schemathesis, {who}: {sum(seen.values())} requests in {time.monotonic() - started:.0f} s, "
                    f"{fives} answered 5xx; statuses {dict(sorted(seen.items()))}; {outcome}",
                    flush=True,
                )
                for line in tail:
                    print(f"  {line}")
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        database.drop()


# --- main ------------------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    try:
        address = loopback_address(args.host)
    except NotLoopback as refusal:
        print(
            f"reliability_probe: refusing --host {args.host!r}: {refusal}; probes stay on this machine", file=sys.stderr
        )
        return 2
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, stop_on_terminate)
    signal.signal(signal.SIGHUP, stop_on_terminate)
    probe = {"concurrency": probe_concurrency, "faults": probe_faults, "schemathesis": probe_schemathesis}
    started = time.monotonic()
    try:
        probe[args.probe](args, address)
    except KeyboardInterrupt:
        print("\nreliability_probe: interrupted; gunicorn stopped, database dropped", file=sys.stderr)
        return 130
    except (ProbeError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"reliability_probe: {error}", file=sys.stderr)
        return 1
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
