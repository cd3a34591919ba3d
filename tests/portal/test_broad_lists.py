"""Very broad lists are counted over a random sample and say so (articles.estimates, ``ArticleFilterSet.sampled``).

The thresholds are lowered so that a few dozen articles make a "broad" list;
the table is analysed, so the planner expects about as many results as there
are. With a sample as large as the table, the estimates equal the exact
counts, which the tests compare against; a smaller sample is checked for what
does not depend on which pages it drew.
"""

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import estimates, tuning
from articles.facets import facet_counts, refresh_totals
from articles.filters import ArticleFilterSet
from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="sampling is PostgreSQL's TABLESAMPLE")


def write_articles(n, first=0, status=Article.Status.PUBLISHED, topic="Energy"):
    """``n`` articles with "pipeline" in the title, on ``topic`` (a third also on Trade), quoting one person."""
    person = PersonFactory(name=f"Broad Speaker{first}")
    for i in range(first, first + n):
        article = ArticleFactory(
            title=f"Pipeline report {i}", status=status, published_at=f"20{20 + i % 3}-03-0{i % 9 + 1}T10:00Z"
        )
        article.topics.add(topic, *(["Trade"] if i % 3 == 0 else []))
        QuoteFactory(article=article, person=person)


def analyse():
    """Fresh planner statistics for the tables a list joins (row counts left by earlier tests would mislead it)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article, articles_taggedtopic, articles_taggedplace, people_quote")


@pytest.fixture
def broad(settings, monkeypatch):
    """More than 10 expected results is broad; a sample finding more than 5 is kept; the sample is the table."""
    settings.BROAD_RESULTS = 10
    settings.SAMPLE_RESULTS = 1_000_000
    settings.RANKED_NEWEST = 5
    settings.CONTENT_CACHE_SECONDS = 0
    monkeypatch.setattr(tuning, "FEW_RESULTS", 5)
    return settings


def filterset(query):
    fs = ArticleFilterSet(QueryDict(query), queryset=Article.objects.published())
    assert fs.is_valid(), fs.errors
    return fs


def published_matches(word="pipeline"):
    return Article.objects.published().search(word).count()


def test_about_rounds_to_two_significant_figures():
    rounded = [estimates.about(n) for n in (0, 0.4, 3, 47, 97_123, 41_689, 1_950.0)]
    assert rounded == [0, 1, 3, 47, 97_000, 42_000, 2_000]


def test_a_sample_scales_its_counts_to_the_table():
    sample = estimates.Sample(tuning.IdList([1, 2]), scale=50.0)
    assert sample.estimate(3) == 150
    assert sample.estimate(0) == 0


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no sampling")
def test_on_sqlite_every_list_is_counted_exactly(broad, client):
    write_articles(20)
    fs = filterset("q=pipeline")
    assert fs.sampled is None
    response = client.get(reverse("articles:list"), {"q": "pipeline"})
    assert not response.context["estimated_total"]
    assert "About" not in response.content.decode()


@postgres_only
def test_a_broad_search_is_estimated_and_says_so(broad, client):
    write_articles(24)
    write_articles(6, first=100, status=Article.Status.DRAFT, topic="Draft only topic")
    analyse()
    response = client.get(reverse("articles:list"), {"q": "pipeline"})
    html = response.content.decode()
    assert response.context["estimated_total"]
    assert response.context["results_total"] == published_matches() == 24  # the whole table sampled: no draft
    assert "About 24 articles matching" in html
    assert "estimated from a sample" in html
    facets = response.context["facets"]
    assert all(facet.estimated for facet in facets.values())
    assert {v.label: v.count for v in facets["topic"].values} == {"Energy": 24, "Trade": 8}  # no draft's topic
    assert 'title="about">~</abbr>24' in html


@postgres_only
def test_a_broad_search_lists_newest_first_and_ranks_only_the_newest(broad, client):
    write_articles(24)
    analyse()
    newest = list(Article.objects.published().newest_first().values_list("pk", flat=True))
    response = client.get(reverse("articles:list"), {"q": "pipeline"})
    assert response.context["sort"] == "newest"
    assert [a.pk for a in response.context["articles"]] == newest[:20]
    assert "too many matches to rank them all" in response.content.decode()

    ranked = client.get(reverse("articles:list"), {"q": "pipeline", "sort": "relevance"})
    assert ranked.context["page"].paginator.count == 5
    assert sorted(a.pk for a in ranked.context["articles"]) == sorted(newest[:5])
    assert "Most relevant among the 5 newest matches" in ranked.content.decode()


@postgres_only
def test_a_narrow_list_is_counted_exactly(broad, client):
    write_articles(24)
    analyse()
    response = client.get(reverse("articles:list"), {"q": "pipeline", "topic": "trade", "year": "2020"})
    assert not response.context["estimated_total"]
    assert not any(facet.estimated for facet in response.context["facets"].values())
    assert response.context["sort"] == "relevance"


@postgres_only
def test_a_sample_finding_few_results_is_not_used(broad, client, monkeypatch):
    write_articles(24)
    analyse()
    monkeypatch.setattr(tuning, "FEW_RESULTS", 100)  # the planner expects 24 (> 10), the sample finds 24 (<= 100)
    fs = filterset("q=pipeline")
    assert fs.sampled is None
    assert not any(f.estimated for f in facet_counts(fs).values())


@postgres_only
def test_a_narrow_list_samples_a_one_value_facet_whose_own_filter_left_out_is_broad(broad):
    write_articles(36)
    analyse()
    broad.BROAD_RESULTS = 15  # the list (12 in 2021) is narrow; its year facet, counted without the year, is not
    fs = filterset("q=pipeline&year=2021")
    facets = facet_counts(fs)
    assert fs.sampled is None
    assert facets["year"].estimated and not facets["topic"].estimated
    assert {v.value: v.count for v in facets["year"].values} == {"2020": 12, "2021": 12, "2022": 12}
    assert {v.label: v.count for v in facets["topic"].values} == {"Energy": 12}  # Trade: the years 2020


@postgres_only
def test_a_one_value_facet_is_counted_over_the_sample_without_its_own_filter(broad):
    write_articles(36)
    analyse()
    facets = facet_counts(filterset("q=pipeline&year=2021"))  # 12 in 2021: broad
    assert facets["year"].estimated
    assert {v.value: v.count for v in facets["year"].values} == {"2020": 12, "2021": 12, "2022": 12}


@postgres_only
def test_a_smaller_sample_counts_only_published_articles_and_stays_below_the_table(broad):
    write_articles(60)
    write_articles(40, first=200, status=Article.Status.DRAFT, topic="Draft only topic")
    analyse()
    broad.SAMPLE_RESULTS = 30  # about half the table's pages
    sample = estimates.sample_for(60, Article.objects.all())
    assert 0 < len(sample.rows) <= Article.objects.count()
    assert sample.scale >= 1
    fs = filterset("q=pipeline")
    if fs.sampled is not None:  # the pages drawn may hold few matches, and then the list is counted exactly
        published = set(Article.objects.published().values_list("pk", flat=True))
        assert set(fs.sampled.found) <= published
        topics = {v.label for v in facet_counts(fs)["topic"].values}
        assert "Draft only topic" not in topics


@postgres_only
def test_the_api_names_the_estimated_facets(broad, client):
    write_articles(24)
    analyse()
    data = client.get(reverse("v1:article-list"), {"q": "pipeline", "facets": "topic,year", "page_size": 50}).json()
    assert data["facets_estimated"] == ["topic", "year"]
    assert {row["label"]: row["count"] for row in data["facets"]["topic"]} == {"Energy": 24, "Trade": 8}
    assert len(data["results"]) == 24  # the API lists every match, newest first: no ranking window
    narrow = client.get(reverse("v1:article-list"), {"q": "pipeline", "year": "2020", "facets": "topic"}).json()
    assert narrow["facets_estimated"] == []


@postgres_only
def test_a_broad_list_costs_the_same_queries_for_24_articles_as_for_48(broad, client, django_assert_num_queries):
    write_articles(24)
    analyse()
    url = reverse("articles:list") + "?q=pipeline"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    write_articles(24, first=50)
    analyse()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["results_total"] == 48
    assert re.search(r"About 48 articles", response.content.decode())


@postgres_only
def test_a_broad_topic_page_gives_its_exact_count_from_the_totals_and_estimates_its_facets(broad, client):
    write_articles(24)
    write_articles(6, first=100, status=Article.Status.DRAFT)
    analyse()
    refresh_totals(force=True)
    response = client.get(reverse("articles:topic", args=["energy"]))
    html = response.content.decode()
    assert response.context["results_total"] == 24 and not response.context["estimated_total"]
    assert "24 articles" in html and "About" not in html
    assert response.context["facets_estimated"] and response.context["facets"]["year"].estimated
    assert "Some counts beside the list are estimated" in html


@postgres_only
def test_without_current_totals_a_broad_topic_page_estimates_its_count(broad, client):
    write_articles(24)
    analyse()
    response = client.get(reverse("articles:topic", args=["energy"]))
    assert response.context["estimated_total"] and response.context["results_total"] == 24
