"""The hot queries of the public pages can use their indexes (EXPLAIN on PostgreSQL).

The planner prefers sequential scans on a small test table, so sequential
scans are switched off for the EXPLAIN: what is checked is that a matching
index exists and that the query is written so that it can use it. (The
100,000-article figures are in docs/performance.md.)
"""

import re
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, TaggedTopic
from articles.sitemaps import recently_changed
from people.models import Quote
from people.queries import person_quotes
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"),
]


@pytest.fixture
def data():
    person = PersonFactory(name="Zhang Ming")
    for n in range(40):
        article = ArticleFactory(title=f"Energy cooperation {n}")
        article.topics.add("Energy" if n % 2 else "Security")
        QuoteFactory(article=article, person=person if n % 3 == 0 else PersonFactory())
    with connection.cursor() as cursor:
        # No ANALYZE: inside the test transaction it would leave statistics of rows that are then
        # rolled back (pg_class.reltuples is updated in place), misleading every later test's plans.
        cursor.execute("SET enable_seqscan = off")
    yield person
    with connection.cursor() as cursor:
        cursor.execute("RESET enable_seqscan")


def plan(queryset):
    return queryset.explain()


@contextmanager
def plans_without(*methods):
    """Planner methods switched off for the block (``"sort"``: ``enable_sort``), leaving the plan in question."""
    with connection.cursor() as cursor:
        for method in methods:
            cursor.execute(f"SET enable_{method} = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for method in methods:
                cursor.execute(f"RESET enable_{method}")


def test_the_public_list_walks_the_public_order_index(data):
    with plans_without("bitmapscan", "sort"):  # only an index in the list's order can avoid a sort now
        text = plan(Article.objects.published().newest_first()[:20])
    assert "article_public_order" in text
    assert "Sort" not in text  # rows come in order from the index: no sort of the whole table


def test_a_persons_first_quotes_walk_the_public_order_index(data):
    """A person's page (and the API's quotes by person) reads the articles newest first through the index and
    stops after a page: as a semi-join on ``published()`` it sorted every article (most quoted person: 274 ms)."""
    # only a plan in the index's order can avoid a full sort now
    with plans_without("bitmapscan", "hashjoin", "mergejoin", "sort"):
        text = plan(person_quotes(data)[:20])
    assert "article_public_order" in text
    assert "people_quot_person__aef8c4_idx" in text  # each article's quotes by this person, by index
    assert not re.search(r"(^|->)\s*Sort\s+\(", text, re.MULTILINE)  # no full sort; an incremental one at most


def test_the_sitemap_index_reads_the_latest_changes_from_the_change_index(data):
    """``/sitemap.xml`` dates its sections by the 50 latest changes: without the index, a top-N sort of the whole
    table (70 of its 100 ms at 100,000 articles)."""
    with plans_without("bitmapscan", "sort"):
        text = plan(recently_changed(timezone.now()))
    assert "article_changed" in text
    assert not re.search(r"(^|->)\s*Sort\s+\(", text, re.MULTILINE)


def test_a_persons_quotes_use_the_person_index(data):
    assert "people_quot_person__aef8c4_idx" in plan(Quote.objects.filter(person=data))


def test_a_topic_filter_finds_its_articles_through_the_tag_index(data):
    energy = TaggedTopic.objects.filter(tag__slug="energy").values_list("tag_id", flat=True).first()
    assert "articles_ta_tag_id_2bbba7_idx" in plan(TaggedTopic.objects.filter(tag_id=energy).values("content_object"))


def test_search_matches_through_a_full_text_index(data):
    """GIN, or RUM where the server has it (articles/migrations/0011): either reads no vector of a non-match."""
    text = plan(Article.objects.search("energy"))
    assert "article_search_vector_gin" in text or "article_search_vector_rum" in text, text


def test_the_quoted_people_of_an_article_can_come_from_the_quote_index_alone(data):
    """The person facet over a few ids (``few_result_ids``) looks up each article's quotes by index, and the
    index carries the person, so PostgreSQL can answer it from the index alone once the table is vacuumed."""
    article = Quote.objects.values_list("article_id", flat=True).first()
    with plans_without("bitmapscan"):
        text = plan(Quote.objects.filter(article_id=article).order_by().values("person_id"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'quote_article_position'")
        (definition,) = cursor.fetchone()
    assert "quote_article_position" in text
    assert definition.endswith('(article_id, "position") INCLUDE (person_id)')
