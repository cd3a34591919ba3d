"""Public lists run a fixed, small number of queries: one per facet, never one per article or per value.

The list page with all its facets stays within 12 queries, with or without
filters or a search, and the number does not change with the amount of data
(5 articles or 60) or with the page shown (1, 2 or 3).
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleAuthor, Place, TaggedPlace, TaggedTopic, Topic
from articles.search import refresh_search_vectors
from people.models import Quote
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12  # the list with all its facets, and up to three kinds of filter chosen
# Each kind of filter named by slug costs one lookup to validate its values (the values of one
# kind are checked together), and a chosen year adds the month facet: past three kinds of
# filter the budget grows by those, and by nothing else.
SLUG_FILTERS = {"topic", "place", "author", "person", "source"}


def facet_budget_queries():
    """The facets' time budget (articles.facets.FacetBudget) on PostgreSQL: its SET LOCAL, and inside a test's
    transaction the savepoint around it (SAVEPOINT, ROLLBACK TO, RELEASE); in production only the SET."""
    return 4 if connection.vendor == "postgresql" else 0


def breadth_queries(url, params):
    """On PostgreSQL a filtered list asks the planner how many results to expect (``ArticleFilterSet.sampled``:
    one EXPLAIN), and so does each one-value facet counted without its own chosen value (source, year, month);
    the sample's two queries come only past ``BROAD_RESULTS``, which these lists are not."""
    if connection.vendor != "postgresql":
        return 0
    subject = url.split("/")[1] if url.count("/") > 2 and url != "/articles/" else None
    filtered = bool(subject or set(params) - {"sort"})
    own = {"source", "year", "month"} & (set(params) | ({"source"} if subject == "sources" else set()))
    return int(filtered) + len(own)


def query_budget(url, params):
    """The budget, plus one query for each kind of slug filter past three, a year, and, for a search on
    PostgreSQL, two to steer the planner to the search index and back (articles.tuning.index_scans_preferred),
    the facets' time budget and the expected number of results."""
    kinds = SLUG_FILTERS & set(params) | ({"subject"} if url.count("/") > 2 and url != "/articles/" else set())
    budget = max(MAX_QUERIES, 9 + len(kinds) + ("year" in params)) + (2 if params.get("q") else 0)
    return budget + facet_budget_queries() + breadth_queries(url, params)


DATE = datetime.datetime(2021, 6, 15, 10, tzinfo=datetime.UTC)

# Every article carries the "common" values, so every filter below keeps all of them and page 2 and 3 exist.
FILTERS = {
    "topic": "energy",
    "place": "kazakhstan",
    "author": "ann-common",
    "person": "vladimir-norov",
    "source": "common-wire",
    "year": "2021",
    "month": "6",
}


class Portal:
    """Articles in one shape, so that only their number changes between measurements.

    Each article has two common topics and places, the common author, person and
    source, the same month, and one more topic, place, author and person that
    varies, so the facets have several values and every filter keeps every article.
    """

    def __init__(self):
        self.topics = [Topic.objects.create(name=n) for n in ("Energy", "Trade", "Topic A", "Topic B", "Topic C")]
        self.places = [Place.objects.create(name=n) for n in ("Kazakhstan", "China", "Iran", "India", "Russia")]
        self.authors = [AuthorFactory(name="Ann Common")] + [AuthorFactory(name=f"Writer {n}") for n in "ABC"]
        self.people = [PersonFactory(name="Vladimir Norov")] + [PersonFactory(name=f"Speaker {n}") for n in "ABC"]
        self.source = SourceFactory(name="Common Wire")
        self.count = 0

    def add(self, n):
        """``n`` more articles, written in bulk (what is measured is the pages, not the writing)."""
        first = self.count
        self.count += n
        articles = Article.objects.bulk_create(
            Article(
                title=f"Cooperation report {i}",
                slug=f"cooperation-report-{i}",
                body=f"Ministers discussed cooperation in round {i}.",
                status=Article.Status.PUBLISHED,
                source=self.source,
                published_at=DATE - datetime.timedelta(minutes=i),
            )
            for i in range(first, self.count)
        )
        pks = dict(Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("title", "pk"))
        rows = [(pks[f"Cooperation report {i}"], i % 3) for i in range(first, self.count)]
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article_id=pk, author=author, position=position)
            for pk, other in rows
            for position, author in enumerate([self.authors[0], self.authors[1 + other]])
        )
        TaggedTopic.objects.bulk_create(
            TaggedTopic(content_object_id=pk, tag=topic)
            for pk, other in rows
            for topic in (self.topics[0], self.topics[1], self.topics[2 + other])
        )
        TaggedPlace.objects.bulk_create(
            TaggedPlace(content_object_id=pk, tag=place)
            for pk, other in rows
            for place in (self.places[0], self.places[1], self.places[2 + other])
        )
        Quote.objects.bulk_create(
            Quote(article_id=pk, person=person, text=f"Statement {position}", position=position)
            for pk, other in rows
            for position, person in enumerate([self.people[0], self.people[1 + other]])
        )
        refresh_search_vectors([pk for pk, _ in rows])  # bulk_create sends no signals; a no-op on SQLite
        return self


@pytest.fixture
def portal():
    return Portal()


def all_filters_but(name):
    return {k: v for k, v in FILTERS.items() if k != name and not (name == "year" and k == "month")}


LIST_CASES = {
    "home": ("/", {}),
    "list": ("/articles/", {}),
    "list sorted": ("/articles/", {"sort": "oldest"}),
    "one topic": ("/articles/", {"topic": "energy"}),
    "two topics": ("/articles/", {"topic": ["energy", "trade"]}),
    "every filter": ("/articles/", FILTERS),
    "every filter, two of each": (
        "/articles/",
        {**FILTERS, "topic": ["energy", "trade"], "place": ["kazakhstan", "china"]},
    ),
    "search": ("/articles/", {"q": "cooperation"}),
    "search and filters": ("/articles/", {"q": "cooperation", "topic": "energy", "source": "common-wire"}),
    "dates": ("/articles/", {"published_after": "2020-01-01", "published_before": "2022-12-31"}),
    "source page": ("/sources/common-wire/", {}),
    "source page filtered": ("/sources/common-wire/", all_filters_but("source")),
    "author page": ("/authors/ann-common/", {}),
    "author page filtered": ("/authors/ann-common/", all_filters_but("author")),
    "topic page": ("/topics/energy/", {}),
    "topic page filtered": ("/topics/energy/", all_filters_but("topic")),
    "place page": ("/places/kazakhstan/", {}),
    "place page filtered": ("/places/kazakhstan/", all_filters_but("place")),
}

PAGED = {f"{name}, page {page}": (url, params, page) for name, (url, params) in LIST_CASES.items() for page in (1, 3)}


def get(client, url, params, page=None):
    response = client.get(url, {**params, "page": page} if page else params)
    assert response.status_code == 200, (url, params, page, response.status_code)
    return response


def count_queries(client, url, params=None, page=None):
    with CaptureQueriesContext(connection) as context:
        get(client, url, params or {}, page)
    return len(context.captured_queries)


@pytest.mark.parametrize("case", list(PAGED))
def test_list_pages_with_all_facets_stay_within_the_query_budget(client, portal, django_assert_max_num_queries, case):
    url, params, page = PAGED[case]
    portal.add(60)
    with django_assert_max_num_queries(query_budget(url, params)):
        response = get(client, url, params, page)
    assert len(response.context["articles"]) == 20
    assert response.context["facets"]  # the facets were counted, not skipped


@pytest.mark.parametrize("case", list(LIST_CASES))
def test_list_queries_do_not_grow_with_the_data_or_the_page(client, portal, django_assert_num_queries, case):
    url, params = LIST_CASES[case]
    portal.add(5)
    small = count_queries(client, url, params)  # the budget itself is the test above
    portal.add(55)
    for page in (1, 2, 3):
        with django_assert_num_queries(small):
            get(client, url, params, page)


@pytest.mark.parametrize("case", list(LIST_CASES))
def test_the_same_queries_whether_the_results_are_few_or_many(client, portal, monkeypatch, case):
    """Few results are read by id (``few_result_ids``), many by the filters again: the same number of queries."""
    url, params = LIST_CASES[case]
    portal.add(5)
    few = count_queries(client, url, params)
    monkeypatch.setattr("articles.tuning.FEW_RESULTS", 2)  # the same five results now count as many
    assert count_queries(client, url, params) == few


def test_the_same_queries_with_five_articles_and_with_sixty(client, portal):
    """The baseline of the test above is itself a full page of facets, not an empty one."""
    portal.add(5)
    small = get(client, "/articles/", FILTERS)
    assert small.context["page"].paginator.count == 5
    assert {name for name, facet in small.context["facets"].items() if facet.values} == {
        "topic",
        "place",
        "author",
        "person",
        "source",
        "year",
        "month",
    }


@pytest.mark.parametrize("name", ["topic", "place", "source", "author", "person", "year", "month"])
@pytest.mark.parametrize("filtered", [False, True], ids=["unfiltered", "filtered"])
def test_facet_more_page_queries_do_not_grow_with_the_data(client, portal, django_assert_num_queries, name, filtered):
    params = dict(FILTERS) if filtered else {"year": "2021"}
    portal.add(5)
    small = count_queries(client, f"/articles/facets/{name}/", params)
    assert small <= MAX_QUERIES
    portal.add(55)
    with django_assert_num_queries(small):
        get(client, f"/articles/facets/{name}/", params)


@pytest.mark.parametrize("url", ["/feeds/articles.rss", "/feeds/articles.atom"])
@pytest.mark.parametrize("params", [{}, FILTERS, {"q": "cooperation"}], ids=["all", "filtered", "search"])
def test_feed_queries_do_not_grow_with_the_data(client, portal, django_assert_num_queries, url, params):
    portal.add(5)
    small = count_queries(client, url, params)
    assert small <= MAX_QUERIES
    portal.add(55)  # more than a feed holds
    with django_assert_num_queries(small):
        get(client, url, params)


def test_article_page_queries_do_not_grow_with_its_tags_and_quotes(client, portal, django_assert_num_queries):
    portal.add(2)
    plain, busy = ArticleFactory(title="Plain"), ArticleFactory(title="Busy", authors=portal.authors)
    busy.topics.add(*portal.topics)
    busy.places.add(*portal.places)
    for person, n in itertools.product(portal.people, range(3)):
        QuoteFactory(article=busy, person=person, text=f"Quote {n}")
    QuoteFactory(article=plain, person=portal.people[0])
    plain.topics.add(portal.topics[0])
    plain.places.add(portal.places[0])
    plain_queries = count_queries(client, plain.get_absolute_url())
    assert plain_queries <= MAX_QUERIES
    with django_assert_num_queries(plain_queries):
        get(client, busy.get_absolute_url(), {})


def test_people_index_queries_do_not_grow_with_the_data(client, portal, django_assert_num_queries):
    portal.add(5)
    small = count_queries(client, "/people/")
    assert small <= MAX_QUERIES
    for n in range(30):
        QuoteFactory(article=ArticleFactory(), person=PersonFactory(name=f"Extra person {n}"))
    with django_assert_num_queries(small):
        get(client, "/people/", {})


def test_person_page_queries_do_not_grow_with_the_quotes(client, portal, django_assert_num_queries):
    portal.add(5)
    small = count_queries(client, "/people/vladimir-norov/")
    assert small <= MAX_QUERIES
    portal.add(55)
    for page in (1, 2):
        with django_assert_num_queries(small):
            get(client, "/people/vladimir-norov/", {}, page)
