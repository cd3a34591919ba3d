"""Server-Timing on every response (scoportal/timing.py), and /healthz, the benchmark's floor."""

import contextlib
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from scoportal.timing import QueryTimer, ServerTimingMiddleware, other_metrics, server_timing
from tests.factories import ArticleFactory, QuoteFactory
from tests.scoportal.test_settings import run_manage

# app;dur=12.41, db;dur=3.07;desc="6 queries"
HEADER = re.compile(
    r'^app;dur=(?P<app>\d+\.\d{2})(?:, db;dur=(?P<db>\d+\.\d{2});desc="(?P<queries>\d+) quer(?:y|ies)")?$'
)


def timing(response):
    value = response.headers.get("Server-Timing")
    assert value, "no Server-Timing header"
    match = HEADER.match(value)
    assert match, f"unreadable Server-Timing: {value!r}"
    return match


@pytest.mark.django_db
def test_every_page_says_how_long_it_took_and_how_many_queries_it_ran(client):
    article = ArticleFactory(title="Energy ministers meet")
    QuoteFactory(article=article)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    figures = timing(response)
    assert int(figures["queries"]) == len(captured) == 6  # the detail page's documented six queries
    assert 0 < float(figures["db"]) <= float(figures["app"])


@pytest.mark.django_db
def test_the_api_and_the_list_carry_it_too(client):
    ArticleFactory()
    for path in ("/articles/", "/api/v1/articles/", "/feeds/articles.rss"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        assert int(timing(response)["queries"]) == len(captured), path


@pytest.mark.django_db
def test_client_errors_carry_the_time_but_not_the_query_count(client):
    """A 404 for a slug that exists but is not public must not be told from one for a slug that does not exist."""
    response = client.get("/people/nobody-at-all/")
    assert response.status_code == 404
    figures = timing(response)
    assert figures["app"] and figures["db"] is None and figures["queries"] is None


@pytest.mark.django_db
def test_switched_off_by_the_setting(client, settings):
    settings.SERVER_TIMING = False
    assert "Server-Timing" not in client.get("/healthz").headers
    assert "Server-Timing" not in client.get("/articles/").headers


def test_the_setting_is_read_from_the_environment():
    code = "from django.conf import settings; print(settings.SERVER_TIMING)"
    results = [run_manage("shell", "-c", code, DEBUG="1", **extra) for extra in ({}, {"SERVER_TIMING": "0"})]
    # the last line: Django's shell may first say what it imported
    assert [result.stdout.strip().splitlines()[-1:] for result in results] == [["True"], ["False"]], [
        result.stderr for result in results
    ]


def test_every_configured_database_is_timed(monkeypatch):
    """Queries on any alias (a read replica, say) count, without DEBUG or connection.queries."""

    class FakeConnection:
        def __init__(self):
            self.wrappers = []

        @contextlib.contextmanager
        def execute_wrapper(self, wrapper):
            self.wrappers.append(wrapper)
            try:
                yield
            finally:
                self.wrappers.pop()

        def execute(self, sql):
            def run(sql, params, many, context):
                return "rows"

            call = run
            for wrapper in reversed(self.wrappers):
                call = (lambda w, inner: lambda *a: w(inner, *a))(wrapper, call)
            return call(sql, None, False, {})

    fake = {"default": FakeConnection(), "replica": FakeConnection()}
    monkeypatch.setattr("scoportal.timing.connections", fake)

    def view(request):
        fake["default"].execute("SELECT 1")
        fake["replica"].execute("SELECT 2")
        fake["replica"].execute("SELECT 3")
        return HttpResponse("done")

    response = ServerTimingMiddleware(view)(RequestFactory().get("/"))
    assert timing(response)["queries"] == "3"
    assert not fake["default"].wrappers and not fake["replica"].wrappers  # removed after the response


def test_a_views_own_metrics_are_kept_and_stale_ones_of_ours_replaced():
    def view(request):
        response = HttpResponse("cached")
        response["Server-Timing"] = 'app;dur=999.00, db;dur=5.00;desc="9 queries", cache;desc="hit"'
        return response

    value = ServerTimingMiddleware(view)(RequestFactory().get("/"))["Server-Timing"]
    assert value.startswith("app;dur=") and "999.00" not in value and '"9 queries"' not in value
    assert value.endswith(', cache;desc="hit"')
    assert other_metrics('app;dur=1, edge;dur=2, db;dur=3;desc="1 query"') == ["edge;dur=2"]


def test_the_header_format():
    timer = QueryTimer()
    assert server_timing(0.0123456, None) == "app;dur=12.35"
    assert server_timing(0.5, timer) == 'app;dur=500.00, db;dur=0.00;desc="0 queries"'
    timer.count, timer.seconds = 1, 0.002
    assert server_timing(0.01, timer) == 'app;dur=10.00, db;dur=2.00;desc="1 query"'


# --- /healthz ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert timing(response)["queries"] == "0"
    assert "Set-Cookie" not in response.headers


def test_healthz_needs_no_database_at_all(client):
    """No django_db mark: any query would fail the test."""
    assert client.get("/healthz").content == b"ok"
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/articles/").status_code == 301
