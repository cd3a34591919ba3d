"""A facet whose counting runs past ``FACET_TIME_LIMIT_MS`` is marked, never an error (articles.facets.FacetBudget).

To run out deterministically, a test replaces one facet's counter by one that
first asks PostgreSQL to sleep far longer than the limit (``pg_sleep``): the
server cancels it at the limit, every time. The other facets, on a few rows,
count in well under it. SQLite has no limit: there the counters run as before.
"""

import dataclasses
import re

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.facets import FACETS, facet_counts, refresh_totals
from articles.filters import ArticleFilterSet
from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

LIMIT_MS = 200  # far below the sleep, far above what counting a few rows takes
SLEEP_SECONDS = 30  # never reached: the server cancels the statement at the limit


def postgres_only(test):
    test = pytest.mark.skipif(connection.vendor != "postgresql", reason="the limit is PostgreSQL's statement_timeout")(
        test
    )
    return pytest.mark.postgres(test)


def write_articles(n, first=0):
    """``n`` articles on Energy, half also on Trade, each quoting two people, over two years."""
    people = [PersonFactory(name=f"Speaker Number{i}") for i in range(2)]
    for i in range(first, first + n):
        article = ArticleFactory(title=f"Budget report {i}", published_at=f"202{i % 2 + 2}-03-0{i % 9 + 1}T10:00Z")
        article.topics.add("Energy", *(["Trade"] if i % 2 else []))
        for person in people:
            QuoteFactory(article=article, person=person)


def sleeping_first(count, sql=f"SELECT pg_sleep({SLEEP_SECONDS})"):
    def count_after_sleeping(articles, limit):
        with connection.cursor() as cursor:
            cursor.execute(sql)
        return count(articles, limit)

    return count_after_sleeping


@pytest.fixture
def runs_out(monkeypatch, settings):
    """``runs_out("person")``: that facet's counter now runs past the limit."""
    settings.FACET_TIME_LIMIT_MS = LIMIT_MS

    def make(name, sql=f"SELECT pg_sleep({SLEEP_SECONDS})"):
        monkeypatch.setitem(
            FACETS, name, dataclasses.replace(FACETS[name], count=sleeping_first(FACETS[name].count, sql))
        )

    return make


def facet_section(html, label):
    """The HTML of the facet headed ``label`` in the list's sidebar, or None."""
    found = re.search(rf'<section class="facet">\s*<h2>{re.escape(label)}</h2>(.*?)</section>', html, re.S)
    return found and found.group(1)


def statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("totals_current", [False, True], ids=["no totals", "totals current"])
@postgres_only
def test_a_facet_that_runs_out_is_marked_on_a_normal_page_and_the_others_are_counted(client, runs_out, totals_current):
    write_articles(4)
    if totals_current:
        assert refresh_totals(force=True)
    runs_out("person")
    before = statement_timeout()

    response = client.get("/articles/", {"topic": "energy"})

    assert response.status_code == 200
    html = response.content.decode()
    people = facet_section(html, "Quoted person")
    assert "Not counted for these results" in people
    assert 'class="count"' not in people
    if totals_current:  # the most quoted people overall, to choose from, uncounted
        assert "Speaker Number0" in people and "The most frequent overall" in people
    else:
        assert "Speaker Number0" not in people and "Narrow the search" in people
    topics = facet_section(html, "Topic")
    assert re.search(r'>Energy</a> <span class="count">4</span>', topics)
    assert re.search(r'>Trade</a> <span class="count">2</span>', topics)
    assert "Not counted" not in topics
    assert html.count("Not counted") == 1
    # The request's own transaction goes on, without the facets' limit.
    assert Article.objects.filter(title__startswith="Budget report").count() == 4
    assert statement_timeout() == before


@postgres_only
def test_the_api_names_the_facet_that_ran_out_and_counts_the_others(client, runs_out):
    write_articles(4)
    runs_out("person")

    response = client.get("/api/v1/articles/", {"topic": "energy", "facets": "topic,person,year"})

    assert response.status_code == 200
    body = response.json()
    assert body["facets_timed_out"] == ["person"]
    assert body["facets"]["person"] == []
    assert {v["value"]: v["count"] for v in body["facets"]["topic"]} == {"energy": 4, "trade": 2}
    assert {v["value"]: v["count"] for v in body["facets"]["year"]} == {"2022": 2, "2023": 2}
    assert len(body["results"]) == 4


def test_the_api_says_no_facet_ran_out_when_all_are_counted(client):
    write_articles(2)
    body = client.get("/api/v1/articles/", {"facets": "topic,person", "topic": "energy"}).json()
    assert body["facets_timed_out"] == []
    assert {v["value"]: v["count"] for v in body["facets"]["person"]} == {"speaker-number0": 2, "speaker-number1": 2}


@postgres_only
def test_a_year_facet_that_runs_out_draws_no_chart(client, runs_out, settings):
    write_articles(4)
    settings.FACET_TIME_LIMIT_MS = LIMIT_MS
    assert '<figure class="chart">' in client.get("/articles/", {"topic": "energy"}).content.decode()
    runs_out("year")

    response = client.get("/articles/", {"topic": "energy"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<figure class="chart">' not in html
    assert "Not counted for these results" in facet_section(html, "Year")


@postgres_only
def test_the_page_of_every_value_says_it_was_not_counted(client, runs_out):
    write_articles(2)
    runs_out("person")

    response = client.get(reverse("articles:facet", args=["person"]), {"topic": "energy"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not counted for these results" in html
    assert "No values for these filters" not in html


@postgres_only
def test_queries_stay_the_same_whatever_the_data_size_when_a_facet_runs_out(client, runs_out):
    runs_out("person")

    def queries_for_the_list():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/articles/", {"topic": "energy"})
        assert response.status_code == 200
        assert "Not counted for these results" in facet_section(response.content.decode(), "Quoted person")
        return len(queries)

    write_articles(3)
    few = queries_for_the_list()
    write_articles(9, first=3)
    assert queries_for_the_list() == few


@postgres_only
def test_the_limit_is_set_once_for_all_the_facets_and_again_only_after_one_runs_out(runs_out, settings):
    write_articles(2)
    settings.FACET_TIME_LIMIT_MS = LIMIT_MS

    def limits_set():
        filterset = ArticleFilterSet(QueryDict("topic=energy"), queryset=Article.objects.published())
        assert filterset.is_valid()
        with CaptureQueriesContext(connection) as queries:
            facets = facet_counts(filterset)
        return sum("statement_timeout" in q["sql"] for q in queries), facets

    assert limits_set()[0] == 1
    runs_out("author")  # counted before the person facet: the facets after it need the limit set again
    count, facets = limits_set()
    assert count == 2
    assert facets["author"].timed_out and not facets["person"].timed_out
    assert {v.value: v.count for v in facets["person"].values} == {"speaker-number0": 2, "speaker-number1": 2}


def test_no_limit_is_set_when_switched_off_or_on_sqlite(settings):
    """FACET_TIME_LIMIT_MS = 0 switches the limit off; SQLite has none whatever the setting."""
    write_articles(2)
    settings.FACET_TIME_LIMIT_MS = 0 if connection.vendor == "postgresql" else 150
    filterset = ArticleFilterSet(QueryDict("topic=energy"), queryset=Article.objects.published())
    assert filterset.is_valid()
    with CaptureQueriesContext(connection) as queries:
        facets = facet_counts(filterset)
    assert not any("statement_timeout" in q["sql"] for q in queries)
    assert not any(facet.timed_out for facet in facets.values())
    assert {v.value: v.count for v in facets["topic"].values} == {"energy": 2, "trade": 1}


@postgres_only
def test_a_database_error_that_is_not_the_limit_is_not_hidden(runs_out):
    write_articles(2)
    runs_out("person", sql="SELECT 1 / 0")
    filterset = ArticleFilterSet(QueryDict("topic=energy"), queryset=Article.objects.published())
    assert filterset.is_valid()
    with pytest.raises(DatabaseError, match="division by zero"):
        facet_counts(filterset)
    assert Article.objects.count() == 2  # the savepoint was rolled back: the transaction goes on


@postgres_only
def test_a_facet_that_ran_out_is_cached_as_not_counted_until_the_content_changes(runs_out, settings):
    """The same filters over the same articles would run out again: the result is kept with the content version."""
    settings.CONTENT_CACHE_SECONDS = 300
    cache.clear()
    write_articles(2)
    runs_out("person")

    def person_facet():
        filterset = ArticleFilterSet(QueryDict("topic=energy"), queryset=Article.objects.published())
        assert filterset.is_valid()
        with CaptureQueriesContext(connection) as queries:
            facet = facet_counts(filterset, names=["person", "topic"])["person"]
        return facet.timed_out, sum("pg_sleep" in q["sql"] for q in queries)

    try:
        assert person_facet() == (True, 1)
        assert person_facet() == (True, 0)  # from the cache: not counted, and no second try
        write_articles(1, first=2)  # a change the public sees: a new content version
        assert person_facet() == (True, 1)
    finally:
        cache.clear()
