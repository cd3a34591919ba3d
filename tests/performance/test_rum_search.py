"""Ranked search read from the RUM index (migration 0011), where the server has the rum extension.

A search sorted by relevance is ordered by RUM's distance, which PostgreSQL
reads from the index in order instead of ranking every match; without the
index it ranks with ``ts_rank`` as before. Both find the same articles in the
same order of relevance. ``manage.py check`` warns where the index is missing.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.db import DatabaseError, connection
from django.http import QueryDict
from django.utils import timezone

from articles import checks, search, tuning
from articles.filters import ArticleFilterSet
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
SWITCHED_OFF = ("seqscan", "bitmapscan", "sort")
postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the RUM index is PostgreSQL's")


def rum_available():
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum')")
        return cursor.fetchone()[0]


@pytest.fixture
def rum():
    """The RUM index must be there wherever the server has the extension (CI installs it): fail, not skip."""
    if not rum_available():
        pytest.skip("this PostgreSQL server has no rum extension (postgresql-NN-rum)")
    assert search.rum_index_exists("default"), "migration 0011 did not build the RUM index"


def listed(text, **params):
    """The published articles the list finds for ``text``, by relevance (the FilterSet's own sort)."""
    filterset = ArticleFilterSet(QueryDict(urlencode({"q": text, **params})), queryset=Article.objects.published())
    articles, _ = filterset.listing()
    return [article.title for article in articles[:50]]


@pytest.fixture
def corpus():
    """Relevance levels a reader would agree on: the title, then the standfirst, then the body, more often first."""
    now = timezone.now()
    written = [
        ("Barley harvest", "", "The barley fields of the valley."),  # title and body
        ("Grain markets", "Barley prices rose.", "Traders met."),  # standfirst
        ("Farm report", "", "Barley, barley and more barley were sold."),  # body, three times
        ("Weather notes", "", "Rain came; barley waited."),  # body, once
        ("Wheat only", "", "Nothing of the other grain."),  # no match
    ]
    for age, (title, standfirst, body) in enumerate(written):
        ArticleFactory(title=title, standfirst=standfirst, body=body, published_at=now - datetime.timedelta(hours=age))
    ArticleFactory(title="Barley draft", body="Barley.", status=Article.Status.DRAFT)


@postgres
def test_the_relevance_order_reads_the_rum_index_without_sorting_the_matches(rum):
    for n in range(40):
        ArticleFactory(title=f"Energy cooperation {n}", body="Cooperation in trade." if n % 4 else "Other news.")
    filterset = ArticleFilterSet(QueryDict("q=cooperation"), queryset=Article.objects.published())
    # A small table, no statistics: the planner would read and sort it all (as in test_query_plans). With those
    # plans off, only an index that gives the relevance order avoids a sort: the ORDER BY must be written for it.
    with connection.cursor() as cursor:
        for method in SWITCHED_OFF:
            cursor.execute(f"SET enable_{method} = off")
    try:
        text = filterset.qs[:20].explain()
    finally:
        with connection.cursor() as cursor:
            for method in SWITCHED_OFF:
                cursor.execute(f"RESET enable_{method}")
    assert "Index Scan using article_search_vector_rum" in text
    assert re.search(r"Order By: \(search_vector <=> ", text)
    assert "Sort" not in text  # the first 20 come in rank order from the index


@postgres
@pytest.mark.parametrize("few", [True, False], ids=["few results, ranked by id", "many, read from the index"])
def test_rum_finds_the_articles_ts_rank_finds_in_the_same_order(rum, corpus, monkeypatch, few):
    if not few:
        monkeypatch.setattr(tuning, "FEW_RESULTS", 0)  # every list counts as long: the page reads the index
    with_rum = listed("barley")
    monkeypatch.setattr(search, "rum_index_exists", lambda using: False)
    with_ts_rank = listed("barley")
    assert with_rum == with_ts_rank == ["Barley harvest", "Grain markets", "Farm report", "Weather notes"]


@postgres
def test_the_rank_is_rums_score_and_agrees_with_its_order(rum, corpus):
    ranked = list(search.search(Article.objects.published(), "barley").order_by("rank_distance"))
    assert [a.rank for a in ranked] == sorted((a.rank for a in ranked), reverse=True)
    assert all(a.rank == pytest.approx(1 / a.rank_distance) for a in ranked)


@postgres
def test_articles_at_the_same_distance_are_paged_without_repeats_or_gaps(rum, monkeypatch):
    """Equal distances come in the index's order: pages of a long list neither repeat nor skip an article."""
    monkeypatch.setattr(tuning, "FEW_RESULTS", 0)
    for n in range(12):
        ArticleFactory(title=f"Dispatch {n}", body="Millet exports.")  # all at one distance
    filterset = ArticleFilterSet(QueryDict("q=millet"), queryset=Article.objects.published())
    articles, _ = filterset.listing()
    pages = [[a.pk for a in articles[start : start + 5]] for start in range(0, 12, 5)]
    flat = [pk for page in pages for pk in page]
    assert sorted(flat) == sorted(Article.objects.values_list("pk", flat=True)) and len(set(flat)) == 12


@postgres
def test_a_short_list_breaks_ties_newest_first(rum):
    now = timezone.now()
    older = ArticleFactory(title="Dispatch A", body="Millet exports.", published_at=now - datetime.timedelta(days=2))
    newer = ArticleFactory(title="Dispatch B", body="Millet exports.", published_at=now - datetime.timedelta(days=1))
    assert listed("millet") == [newer.title, older.title]


@postgres
def test_search_text_that_is_not_a_query_still_gives_a_page(rum, client):
    ArticleFactory(title="Barley harvest")
    for text in ['"barley', "barley & | !", "-", "barley <=> x", "(("]:
        assert client.get("/articles/", {"q": text}).status_code == 200


@postgres
def test_the_check_warns_where_postgresql_has_no_rum_extension(monkeypatch):
    monkeypatch.setattr(checks, "rum_index_exists", lambda using: False)
    monkeypatch.setattr(checks, "rum_on_server", lambda using: False)
    [warning] = checks.check_rum_search_index()
    major = connection.pg_version // 10000
    assert warning.id == "articles.W001"
    assert warning.msg == f"search ranks every match: install postgresql-{major}-rum"
    assert f"Install postgresql-{major}-rum" in warning.hint


@postgres
def test_the_check_says_when_the_server_has_rum_but_the_index_is_missing(monkeypatch):
    monkeypatch.setattr(checks, "rum_index_exists", lambda using: False)
    monkeypatch.setattr(checks, "rum_on_server", lambda using: True)
    [warning] = checks.check_rum_search_index()
    assert warning.msg == "search ranks every match: the RUM index is missing"
    assert search.RUM_INDEX_SQL in warning.hint


@postgres
def test_the_check_is_quiet_with_the_index_or_without_a_database(monkeypatch):
    monkeypatch.setattr(checks, "rum_index_exists", lambda using: True)
    assert checks.check_rum_search_index() == []

    def unreachable(using):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(checks, "rum_index_exists", unreachable)
    assert checks.check_rum_search_index() == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plain match")
def test_sqlite_ranks_and_orders_as_before(corpus):
    assert checks.check_rum_search_index() == []
    queryset = search.search(Article.objects.published(), "barley")
    assert "rank_distance" not in queryset.query.annotations
    assert [str(key) for key in search.relevance_order(queryset)][1:] == ["-sort_date", "-pk"]
    assert listed("barley")[0] == "Barley harvest"
