"""Faults: the site without its cache, without its database, and rate limits on cached API responses.

- Redis unreachable: the cache is an optimisation, so every page and API list
  still answers 200 (computed, uncached), and the outage is logged once per
  interval, not once per request (``scoportal/cache_backend.py``).
- The database unreachable: 503 with ``Retry-After``, the site's own page for
  pages and JSON under ``/api/`` (``scoportal.views.server_error``); ``/healthz``
  (liveness) still answers 200 and ``/readyz`` (readiness) 503.
- A response served from the page cache is still counted by the API's
  throttles (``articles.content_cache``, ``api.throttles``).
"""

import json
import logging
import os
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connections
from django.test import Client
from redis.exceptions import ConnectionError as RedisConnectionError

from articles import content_version
from articles.models import Article
from scoportal.cache_backend import FailSoftRedisCache
from tests.factories import ArticleFactory, AuthorFactory, QuoteFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NOWHERE = "redis://127.0.0.1:6399/0"  # nothing listens there
FAIL_SOFT = "scoportal.cache_backend.FailSoftRedisCache"
TINY_RATES = {"anon": "2/min", "api_key": "5/min"}


@pytest.fixture
def content():
    """One published article with every kind of link, so every public page has something to show."""
    article = ArticleFactory(title="Summit in Astana", authors=[AuthorFactory(name="Aigerim Bekova")])
    article.topics.add("Energy")
    article.places.add("Kazakhstan")
    quote = QuoteFactory(article=article)
    return {
        "article": article.slug,
        "source": article.source.slug,
        "author": article.authors.get().slug,
        "topic": article.topics.get().slug,
        "place": article.places.get().slug,
        "person": quote.person.slug,
    }


def public_urls(slugs):
    return [
        "/",
        "/articles/",
        "/articles/?q=summit",
        f"/articles/{slugs['article']}/",
        "/articles/facets/topic/",
        f"/sources/{slugs['source']}/",
        f"/authors/{slugs['author']}/",
        f"/topics/{slugs['topic']}/",
        f"/places/{slugs['place']}/",
        "/people/",
        f"/people/{slugs['person']}/",
        "/feeds/articles.rss",
        "/feeds/articles.atom",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
    ]


def api_urls(slugs):
    return [
        "/api/v1/",
        "/api/v1/articles/",
        f"/api/v1/articles/{slugs['article']}/",
        "/api/v1/sources/",
        "/api/v1/authors/",
        "/api/v1/people/",
        "/api/v1/quotes/",
        "/api/v1/tags/",
        "/api/v1/articles/?facets=topic",
    ]


# --- Redis unreachable ---------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The shared cache is Redis at a port where nothing listens; page caching and throttles are on."""
    settings.CACHES = {"default": {"BACKEND": FAIL_SOFT, "LOCATION": NOWHERE}}
    settings.CONTENT_CACHE_SECONDS = 300
    with patch.dict("scoportal.cache_backend.OUTAGES", clear=True):  # this process has seen no outage yet
        yield


def test_settings_put_a_redis_url_behind_the_fail_soft_backend_with_short_timeouts():
    """What production gets for CACHE_URL=redis://…: the fail-soft backend, with socket timeouts under a second."""
    code = "from django.conf import settings; import json; print(json.dumps(settings.CACHES['default']))"
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "DATABASE_REPLICA_URL"}}
    environ.update(SECRET_KEY="x", CACHE_URL=NOWHERE)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["BACKEND"] == FAIL_SOFT
    assert config["LOCATION"] == NOWHERE
    assert 0 < config["OPTIONS"]["socket_connect_timeout"] <= 1
    assert 0 < config["OPTIONS"]["socket_timeout"] <= 1


def test_with_redis_unreachable_the_cache_reads_as_empty_and_writes_are_dropped(redis_down):
    assert cache.get("key", "fallback") == "fallback"
    assert cache.set("key", "value", 30) is None
    assert cache.add("key", "value", 30) is False
    assert cache.get_many(["key", "other"]) == {}
    assert cache.set_many({"key": "value"}, 30) == []
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    with pytest.raises(ValueError):  # as for a key that is not there
        cache.incr("key")


def test_with_redis_unreachable_every_public_page_and_api_list_answers_200(client, content, redis_down):
    for url in public_urls(content) + api_urls(content):
        for attempt in ("first", "again"):  # the second inside the interval in which the outage is known
            response = client.get(url)
            assert response.status_code == 200, (url, attempt, response.status_code)
            assert response.get("X-Cache") != "hit", url


def test_with_redis_unreachable_the_outage_is_logged_once_per_interval_not_per_request(client, content, redis_down):
    urls = ["/articles/", "/api/v1/articles/", "/people/", f"/articles/{content['article']}/"]
    clock = [1000.0]
    with patch("scoportal.cache_backend.monotonic", lambda: clock[0]), _capture() as records:
        for url in urls * 3:
            assert client.get(url).status_code == 200
            clock[0] += 1  # twelve requests in twelve seconds
        assert len(records) == 1, [r.getMessage() for r in records]
        assert "6399" in records[0].getMessage()
        clock[0] += 120  # past the logging interval: the outage is reported again, once
        for url in urls:
            assert client.get(url).status_code == 200
        assert len(records) == 2


class _capture:
    """The warnings of the ``scoportal.cache`` logger, as a list (caplog's fixture cannot be used inside a patch)."""

    def __enter__(self):
        self.records = []
        self.handler = logging.Handler(logging.WARNING)
        self.handler.emit = self.records.append
        logging.getLogger("scoportal.cache").addHandler(self.handler)
        return self.records

    def __exit__(self, *exc):
        logging.getLogger("scoportal.cache").removeHandler(self.handler)


def test_with_redis_unreachable_the_api_still_says_when_content_last_changed(client, content, redis_down):
    assert "Last-Modified" in client.get("/api/v1/articles/")


def test_a_change_made_while_redis_was_unreachable_is_seen_when_it_answers_again(client, content, settings):
    """The content version lives in the database: what Redis held before an outage is never served after a change."""
    settings.CONTENT_CACHE_SECONDS = 300
    cache.clear()  # the default cache (local memory here) stands for Redis
    backend = FailSoftRedisCache(NOWHERE, {})
    assert client.get("/articles/")["X-Cache"] == "miss"
    assert client.get("/articles/")["X-Cache"] == "hit"
    clock = [1000.0]
    with (
        patch.dict("scoportal.cache_backend.OUTAGES", clear=True),
        patch("scoportal.cache_backend.monotonic", lambda: clock[0]),
        patch("django.core.cache.backends.redis.RedisCache.get", side_effect=[RedisConnectionError("down"), "value"]),
    ):
        assert backend.get("key") is None  # the outage begins
        Article.objects.filter(status=Article.Status.PUBLISHED).update(title="Renamed during the outage")
        content_version.changed()  # what the save did in the database, Redis unreachable
        clock[0] += 10  # past the retry interval: Redis answers
        assert backend.get("key") == "value"
    page = client.get("/articles/")
    assert page["X-Cache"] == "miss" and b"Renamed during the outage" in page.content
    cache.clear()


def test_with_redis_unreachable_the_api_is_not_throttled_and_answers(client, content, redis_down, settings):
    """The counters live in the cache: without it the limit cannot be counted, and the API stays open."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": TINY_RATES}
    assert [client.get("/api/v1/sources/").status_code for _ in range(4)] == [200] * 4


# --- the database unreachable ---------------------------------------------------


@pytest.fixture(params=[OperationalError, InterfaceError], ids=["OperationalError", "InterfaceError"])
def database_down(request):
    """Every use of the default connection fails as it does when PostgreSQL is stopped or the connection dropped."""
    error = request.param('connection to server at "127.0.0.1", port 5499 failed: Connection refused')
    with patch.object(connections["default"], "ensure_connection", side_effect=error):
        yield


@pytest.fixture
def browser():
    """A client that gets the response a visitor would get, rather than the exception re-raised."""
    return Client(raise_request_exception=False)


def assert_retry_after(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize("url", ["/", "/articles/", "/people/", "/articles/some-article/", "/feeds/articles.rss"])
def test_with_the_database_down_a_page_is_the_sites_503_page(browser, database_down, url):
    response = browser.get(url)
    assert_retry_after(response)
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "<h1>Temporarily unavailable</h1>" in body
    assert "SCO Portal" in body
    assert response.get("X-Cache") is None


@pytest.mark.parametrize(
    "url", ["/api/v1/sources/", "/api/v1/articles/", "/api/v1/people/", "/api/v1/articles/a-slug/"]
)
def test_with_the_database_down_the_api_answers_503_json(browser, database_down, url):
    response = browser.get(url)
    assert_retry_after(response)
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}
    assert "unavailable" in response.json()["detail"]


def test_with_the_database_down_and_the_page_cache_on_a_page_is_still_503(browser, database_down, settings):
    """The content version is read from the database before any view runs: still a 503."""
    settings.CONTENT_CACHE_SECONDS = 300
    cache.clear()
    assert_retry_after(browser.get("/articles/"))
    assert_retry_after(browser.get("/api/v1/articles/"))
    cache.clear()


def test_with_the_database_down_healthz_answers_200_and_readyz_503(browser, database_down):
    assert browser.get("/healthz").status_code == 200
    ready = browser.get("/readyz")
    assert_retry_after(ready)
    assert ready.json()["database"] == "unavailable"
    assert ready.json()["status"] == "unavailable"
    assert "no-store" in ready["Cache-Control"]


def test_with_the_database_down_the_error_is_logged_once_a_minute_not_per_request(browser, database_down, caplog):
    from scoportal.unavailable import OncePerInterval

    # settings may have been configured more than once in this process: each filter keeps its own time
    filters = [f for f in logging.getLogger("django.request").filters if isinstance(f, OncePerInterval)]
    assert filters
    clock = [1000.0]
    with ExitStack() as stack:
        for once in filters:
            stack.enter_context(patch.object(once, "last", None))
        stack.enter_context(patch("scoportal.unavailable.monotonic", lambda: clock[0]))
        for url in ["/articles/", "/api/v1/articles/", "/people/"] * 2:
            assert browser.get(url).status_code == 503
            clock[0] += 1
        logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
        assert len(logged) == 1
        clock[0] += 60
        assert browser.get("/articles/").status_code == 503
        assert len([r for r in caplog.records if r.name == "django.request" and r.exc_info]) == 2


def test_an_error_that_is_not_the_database_is_still_a_500(browser):
    with patch("articles.views.ArticleListView.get", side_effect=ValueError("a bug")):
        response = browser.get("/articles/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong" in response.content.decode()


def test_an_api_error_that_is_not_the_database_is_a_500_in_json(browser):
    with patch("articles.api.views.ArticleViewSet.list", side_effect=ValueError("a bug")):
        response = browser.get("/api/v1/articles/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


# --- readiness ------------------------------------------------------------------


def test_readyz_answers_200_when_the_database_and_the_cache_work(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_with_redis_unreachable_is_200_and_reports_the_cache_degraded(client, redis_down):
    """The site works without its cache (uncached): the server stays in the pool, and says what is wrong."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


# --- throttling of cached API responses ---------------------------------------------


@pytest.fixture
def api_cache_on(settings):
    settings.CONTENT_CACHE_SECONDS = 300
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": TINY_RATES}
    cache.clear()
    yield
    cache.clear()


def test_after_the_anonymous_quota_a_cached_api_url_answers_429(client, content, api_cache_on):
    first = client.get("/api/v1/articles/")
    second = client.get("/api/v1/articles/")
    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Cache"]) == (200, "hit")
    third = client.get("/api/v1/articles/")
    assert third.status_code == 429
    assert int(third["Retry-After"]) > 0
    assert third["Content-Type"] == "application/json"
    assert "throttled" in third.json()["detail"]
    assert client.get("/api/v1/sources/").status_code == 429  # the quota is per client, whatever the URL


def test_the_cache_still_serves_another_client_within_its_quota(client, content, api_cache_on):
    assert client.get("/api/v1/articles/").status_code == 200
    other = client.get("/api/v1/articles/", REMOTE_ADDR="192.0.2.7")
    assert (other.status_code, other["X-Cache"]) == (200, "hit")


def test_a_cached_page_outside_the_api_is_not_throttled(client, content, api_cache_on):
    assert [client.get("/articles/").status_code for _ in range(4)] == [200] * 4
