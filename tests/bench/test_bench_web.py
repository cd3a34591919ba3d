"""The web benchmark's parts (bench/web_bench.py, bench/load_figures.py, bench/locust_load.py), without gunicorn.

The loopback guard, the statistics, the Server-Timing reader, the URLs it finds
in a database, and a small real load (locust, in its own process, as the
benchmark runs it) against Django's live server.
"""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from bench import web_bench
from bench.load_figures import (
    NotLoopback,
    is_loopback,
    loopback_address,
    median,
    parse_server_timing,
    percentile,
    plan,
    timing_figures,
)
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

ROOT = Path(__file__).resolve().parents[2]
SUMMARY_KEYS = {
    "paths", "requests_planned", "requests", "concurrency", "max_seconds", "stopped_by_time", "seconds",
    "requests_per_second", "errors", "error_kinds", "status", "latency_ms", "server_ms_median", "db_ms_median",
    "queries_median", "by_path", "client_cpu_high",
}  # fmt: skip
FAKE_DNS = {"example.com": ["93.184.215.14"], "split.test": ["127.0.0.1", "10.0.0.1"], "six.test": ["::1"]}


def fake_resolver(name):
    return FAKE_DNS.get(name, [])


# --- the loopback guard ------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]", "localhost"])
def test_loopback_hosts_are_accepted(host):
    assert is_loopback(host)


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "10.0.0.1", "192.168.1.1", "8.8.8.8", "::ffff:10.0.0.1", "not an address", "", "  "]
)
def test_anything_else_is_refused(host):
    assert not is_loopback(host)


def test_names_are_resolved_and_every_address_must_be_loopback():
    assert not is_loopback("example.com", resolver=fake_resolver)
    assert not is_loopback("split.test", resolver=fake_resolver)  # one loopback address is not enough
    assert not is_loopback("unknown.test", resolver=fake_resolver)
    assert loopback_address("six.test", resolver=fake_resolver) == "::1"
    assert loopback_address("localhost") in ("127.0.0.1", "::1")
    with pytest.raises(NotLoopback, match="not a loopback address"):
        loopback_address("example.com", resolver=fake_resolver)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.1", "example.com"])
def test_the_benchmark_refuses_before_doing_anything(host, capsys):
    assert web_bench.main(["--host", host]) == 2
    error = capsys.readouterr().err
    assert f"refusing --host {host!r}" in error and "this machine only" in error


JOB = {"host": "127.0.0.1", "port": 80, "paths": ["/"], "requests": 1, "concurrency": 1, "max_seconds": 1}


def locust_load(job):
    return subprocess.run(
        [sys.executable, "bench/locust_load.py"],
        cwd=ROOT,
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_load_generator_refuses_too():
    with pytest.raises(NotLoopback):
        plan({**JOB, "host": "10.0.0.1"})
    result = locust_load({**JOB, "host": "0.0.0.0"})
    assert result.returncode == 2 and "refused" in result.stderr


@pytest.mark.parametrize(
    "change", [{"concurrency": 0}, {"concurrency": 257}, {"requests": -1}, {"max_seconds": 0}, {"paths": []}]
)
def test_every_load_is_bounded(change):
    with pytest.raises(ValueError):
        plan({**JOB, **change})


def test_a_job_names_the_host_as_given_and_connects_to_its_address():
    with pytest.raises(ValueError, match="bad job"):
        plan({key: value for key, value in JOB.items() if key != "host"})
    assert plan({**JOB, "host": "localhost"}).address in ("127.0.0.1", "::1")
    assert plan({**JOB, "host": "localhost"}).host_header == "localhost:80"
    assert plan({**JOB, "host": "::1"}).base_url == "http://[::1]:80"


def test_locust_never_runs_in_the_benchmarks_own_process():
    """Importing locust patches the standard library for gevent: the benchmark (gunicorn, the ORM) must not."""
    check = (
        "import sys, bench.web_bench, bench.reliability_probe; print(sorted({'locust', 'gevent'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"


# --- statistics and Server-Timing --------------------------------------------------------------------


def test_median_and_nearest_rank_percentile():
    hundred = list(range(1, 101))
    assert median(hundred) == 50.5
    assert percentile(hundred, 0.95) == 95
    assert percentile(list(reversed(hundred)), 0.95) == 95  # order does not matter
    assert percentile(list(range(1, 11)), 0.95) == 10
    assert percentile([7.0], 0.95) == 7.0 and median([7.0]) == 7.0
    assert median([3, 1, 2]) == 2
    assert median([]) is None and percentile([], 0.95) is None


def test_server_timing_is_read():
    value = 'app;dur=12.41, db;dur=3.07;desc="6 queries"'
    assert parse_server_timing(value) == {"app": {"dur": 12.41, "desc": None}, "db": {"dur": 3.07, "desc": "6 queries"}}
    assert timing_figures(value) == (12.41, 3.07, 6)
    assert timing_figures('app;dur=0.40, db;dur=0.10;desc="1 query"') == (0.4, 0.1, 1)
    assert timing_figures("app;dur=0.35") == (0.35, None, None)  # a client error: no query count
    assert timing_figures('cache;desc="hit, fresh", app ; dur = 2.5') == (2.5, None, None)
    assert timing_figures(None) == (None, None, None)
    assert timing_figures("garbage;;;, app;dur=abc") == (None, None, None)


# --- the URLs ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_urls_come_from_published_content_and_all_answer(client):
    speaker = PersonFactory(name="Zhang Ming")
    for number in range(3):
        article = ArticleFactory(title=f"Cooperation summit report {number}")
        article.topics.add("Energy")
        article.places.add("Kazakhstan")
        QuoteFactory(article=article, person=speaker)
    draft = ArticleFactory(title="Secret draft", status="draft")
    QuoteFactory(article=draft, person=PersonFactory(name="Hidden Speaker"))

    urls, missing, database = web_bench.discover()
    paths = dict(urls)
    assert not missing
    assert list(paths) == [
        "healthz", "home", "list", "list-3-facets", "search", "search-name", "detail", "person", "rss",
        "api-list", "api-facets", "api-quotes", "api-person", "sitemap", "sitemap-articles", "sitemap-people",
        "people", "topic", "admin-list", "admin-search", "admin-search-word",
    ]  # fmt: skip
    assert "topic=energy" in paths["list-3-facets"] and "place=kazakhstan" in paths["list-3-facets"]
    assert paths["search"] in ("/articles/?q=cooperation", "/articles/?q=summit", "/articles/?q=report")
    assert paths["search-name"] == "/articles/?q=Ming"  # fewer than 100 people: the least quoted, by surname
    assert paths["person"] == f"/people/{speaker.slug}/"
    assert paths["topic"] == "/topics/energy/"
    assert paths["admin-search"] == "/admin/articles/article/?q=Ming"
    assert database["articles_published"] == 3 and database["articles_total"] == 4
    with web_bench.throwaway_editor(True) as cookie:
        name, key = cookie.split("=", 1)
        client.cookies[name] = key
        for name, path in urls:
            assert client.get(path).status_code == 200, (name, path)
    assert not get_user_model().objects.exists()  # the throwaway editor is gone, and its session with it
    assert client.get(paths["admin-list"]).status_code == 302


@pytest.mark.django_db
def test_no_editor_is_made_without_admin_urls():
    with web_bench.throwaway_editor(False) as cookie:
        assert cookie == ""
        assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_an_empty_database_still_gives_the_fixed_urls():
    urls, missing, _ = web_bench.discover()
    fixed = {"healthz", "home", "list", "rss", "api-list", "api-facets", "sitemap", "people", "admin-list"}
    assert fixed <= dict(urls).keys()
    assert set(missing) == {
        "list-3-facets", "search", "search-name", "detail", "person", "api-quotes", "api-person", "topic",
        "admin-search", "admin-search-word",
    }  # fmt: skip


def test_the_server_runs_as_in_production_against_the_callers_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite3")
    monkeypatch.setenv("DEBUG", "1")
    monkeypatch.setenv("SERVER_TIMING", "0")
    environ = web_bench.server_environment("k" * 50, "127.0.0.1", "1000/s")
    assert environ["DATABASE_URL"] == "sqlite:////tmp/elsewhere.sqlite3"
    assert environ["DEBUG"] == "0" and environ["SERVER_TIMING"] == "1" and environ["ALLOWED_HOSTS"] == "127.0.0.1"
    assert web_bench.server_environment("k", "::1", "1/s")["ALLOWED_HOSTS"] == "[::1]"
    args = web_bench.parse_args([])
    assert (args.workers, args.requests, args.concurrency, args.max_seconds) == (4, 200, 8, 20)


# --- a real load, small ------------------------------------------------------------------------------


def run_load(live_server, paths, requests, concurrency=2):
    """As the benchmark runs the load: bench/locust_load.py in its own process; the host is named as given."""
    url = urlsplit(live_server.url)
    return web_bench.run_client(url.hostname, url.port, paths, requests, concurrency, max_seconds=10)


def test_the_load_against_the_live_server(live_server, transactional_db):
    article = ArticleFactory(title="Energy ministers meet")
    QuoteFactory(article=article)

    floor = run_load(live_server, ["/healthz"], 12)
    assert set(floor) == SUMMARY_KEYS
    assert (floor["requests"], floor["errors"], floor["status"]) == (12, 0, {"200": 12})
    assert floor["queries_median"] == 0 and floor["server_ms_median"] > 0
    assert floor["latency_ms"]["median"] <= floor["latency_ms"]["p95"] <= floor["latency_ms"]["max"]
    assert floor["requests_per_second"] > 0 and not floor["stopped_by_time"]

    # the shared in-memory SQLite connection of the live server takes one request at a time
    mixed = run_load(live_server, ["/healthz", article.get_absolute_url()], 6, concurrency=1)
    assert (mixed["requests"], mixed["errors"]) == (6, 0)
    assert mixed["by_path"] == {
        "/healthz": {"requests": 3, "errors": 0},
        article.get_absolute_url(): {"requests": 3, "errors": 0},
    }


def test_the_admins_urls_are_loaded_with_the_editors_cookie(live_server, transactional_db):
    url = urlsplit(live_server.url)
    admin = "/admin/articles/article/"
    with web_bench.throwaway_editor(True) as cookie:
        signed_in = web_bench.run_client(url.hostname, url.port, [admin], 3, 1, max_seconds=10, cookie=cookie)
    assert signed_in["status"] == {"200": 3}
    assert run_load(live_server, [admin], 2, concurrency=1)["status"] == {"302": 2}  # no cookie: the login page


def test_errors_are_counted_not_raised(live_server, transactional_db):
    summary = run_load(live_server, ["/articles/no-such-article/"], 4)
    assert summary["errors"] == 4 and summary["status"] == {"404": 4} and summary["error_kinds"] == {"HTTP 404": 4}
