"""The read API for articles: published only, the site's filters and facets, fields=, pagination, query counts."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.pagination import MAX_PAGE_SIZE
from articles.facets import facet_counts
from articles.filters import ArticleFilterSet
from articles.models import Article
from people.models import Quote
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"
HIDDEN_STATUSES = [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED]


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    """Tests send many anonymous requests; the throttle is tested with the API keys."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def hidden():
    """One article of each kind the public must never see, all tagged and quoting someone."""
    articles = [ArticleFactory(title=f"Hidden {status}", status=status) for status in HIDDEN_STATUSES]
    articles.append(ArticleFactory(title="Hidden future", published_at=timezone.now() + datetime.timedelta(days=2)))
    secret = PersonFactory(name="Secret Speaker")
    for article in articles:
        article.topics.add("Energy")
        article.places.add("Kazakhstan")
        QuoteFactory(article=article, person=secret, text="Never to be seen.")
    return articles


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def all_pages(api, url):
    seen = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        seen += slugs(response)
        url = response.json()["next"]
    return seen


def test_the_list_holds_only_published_articles_newest_first(api, hidden):
    older = ArticleFactory(published_at=days_ago(3))
    newer = ArticleFactory(published_at=days_ago(1))
    undated = ArticleFactory(published_at=None)
    response = api.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert slugs(response) == [undated.slug, newer.slug, older.slug]  # undated: by its import time, just now


@pytest.mark.parametrize("index", range(4))
def test_an_unpublished_article_has_no_detail(api, hidden, index):
    assert api.get(f"{LIST}{hidden[index].slug}/").status_code == 404


def test_the_detail_nests_source_byline_in_order_tags_by_kind_and_quotes(api):
    first, second = AuthorFactory(name="Zed First"), AuthorFactory(name="Amy Second")
    article = ArticleFactory(title="Summit in Astana", source=SourceFactory(name="Xinhua"), authors=[first, second])
    article.topics.add("Energy", "Security")
    article.places.add("Kazakhstan")
    person = PersonFactory(name="Zhang Ming")
    QuoteFactory(article=article, person=person, text="Second thing.", position=2, role="", organization="")
    QuoteFactory(article=article, person=person, text="First thing.", position=1, is_direct=True,
                 role="Secretary-General", organization="SCO")  # fmt: skip

    data = APIClient().get(f"{LIST}{article.slug}/").json()

    assert data["title"] == "Summit in Astana"
    assert data["source"]["name"] == "Xinhua" and data["source"]["slug"] == "xinhua"
    assert [a["name"] for a in data["authors"]] == ["Zed First", "Amy Second"]
    assert [t["slug"] for t in data["tags"]["topics"]] == ["energy", "security"]
    assert [t["name"] for t in data["tags"]["places"]] == ["Kazakhstan"]
    [quoted] = data["quoted"]
    assert quoted["slug"] == person.slug
    assert (quoted["role"], quoted["organization"]) == ("Secretary-General", "SCO")
    assert [(q["text"], q["direct"]) for q in quoted["quotes"]] == [("First thing.", True), ("Second thing.", False)]
    assert data["url"].endswith(article.get_absolute_url())


def test_slugs_that_try_to_walk_out_of_the_path_are_not_routes(api):
    ArticleFactory(title="Real")
    for bad in ["..%2F..%2Fadmin", "../admin", "a.b", "%2e%2e"]:
        assert api.get(f"{LIST}{bad}/").status_code == 404


# filters: the site's FilterSet


def site_slugs(query):
    filterset = ArticleFilterSet(QueryDict(query), queryset=Article.objects.published())
    assert filterset.is_valid()
    return [article.slug for article in filterset.qs]


@pytest.fixture
def corpus(hidden):
    xinhua, tass = SourceFactory(name="Xinhua"), SourceFactory(name="TASS")
    author = AuthorFactory(name="Ann Writer")
    speaker = PersonFactory(name="Wang Yi")
    articles = []
    for i in range(12):
        article = ArticleFactory(
            title=f"Pipeline story {i}" if i % 3 == 0 else f"Summit story {i}",
            source=xinhua if i % 2 else tass,
            published_at=datetime.datetime(2023 + i % 2, 1 + i % 3, 10, tzinfo=datetime.UTC),
            authors=[author] if i % 4 == 0 else [],
        )
        article.topics.add("Energy" if i % 2 else "Security")
        if i % 3 == 0:
            article.topics.add("Trade")
        article.places.add("Kazakhstan" if i % 3 else "China")
        if i % 5 == 0:
            QuoteFactory(article=article, person=speaker)
        articles.append(article)
    return articles


@pytest.mark.parametrize(
    "query",
    [
        "topic=energy",
        "topic=energy&topic=trade",
        "place=kazakhstan",
        "source=xinhua",
        "author=ann-writer",
        "person=wang-yi",
        "year=2024",
        "year=2023&month=2",
        "published_after=2023-02-01&published_before=2024-01-31",
        "q=pipeline",
        "topic=energy&place=kazakhstan&source=xinhua",
    ],
)
def test_filters_give_the_sites_results(api, corpus, query):
    """In the API's order, newest first (a search on the site ranks by relevance; the cursor cannot)."""
    assert all_pages(api, f"{LIST}?{query}&page_size=3") == site_slugs(f"{query}&sort=newest")


def test_sort_oldest_walks_the_other_way(api, corpus):
    assert all_pages(api, f"{LIST}?sort=oldest&page_size=5") == site_slugs("sort=oldest")


@pytest.mark.parametrize(
    ("query", "field", "value"),
    [
        ("topic=no-such-topic", "topic", "no-such-topic"),
        ("place=atlantis", "place", "atlantis"),
        ("source=nobody", "source", "nobody"),
        ("author=ghost", "author", "ghost"),
        ("person=nobody-at-all", "person", "nobody-at-all"),
        ("year=abc", "year", None),
        ("published_after=yesterday", "published_after", None),
        ("sort=sideways", "sort", "sideways"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_field_and_value(api, corpus, query, field, value):
    response = api.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert field in body
    if value:
        assert value in " ".join(body[field])


# fields=


def test_fields_chooses_the_returned_fields(api, corpus):
    rows = api.get(f"{LIST}?fields=title,slug").json()["results"]
    assert rows and all(set(row) == {"title", "slug"} for row in rows)
    detail = api.get(f"{LIST}{corpus[0].slug}/?fields=slug,tags").json()
    assert set(detail) == {"slug", "tags"}


def test_an_unknown_field_is_a_400_listing_the_allowed_ones(api, corpus):
    response = api.get(f"{LIST}?fields=title,password")
    assert response.status_code == 400
    [message] = response.json()["fields"]
    assert "password" in message and "title" in message and "slug" in message


# facets=


def test_facets_have_the_sites_numbers(api, corpus):
    query = "topic=energy"
    response = api.get(f"{LIST}?{query}&facets=topic,place,source,person,year")
    assert response.status_code == 200
    facets = response.json()["facets"]
    filterset = ArticleFilterSet(QueryDict(query), queryset=Article.objects.published())
    assert filterset.is_valid()
    expected = facet_counts(filterset, names=["topic", "place", "source", "person", "year"])
    assert set(facets) == {"topic", "place", "source", "person", "year"}
    for name, facet in expected.items():
        assert facets[name] == [{"value": v.value, "label": v.label, "count": v.count} for v in facet.values]
    # the hidden articles (tagged Energy and Kazakhstan, quoting Secret Speaker) count nowhere
    assert {"value": "energy", "label": "Energy", "count": 6} in facets["topic"]
    assert all(v["value"] != "secret-speaker" for v in facets["person"])


def test_facets_agree_with_the_html_page(api, client, corpus):
    context = client.get("/articles/?source=xinhua").context
    site = {name: [(v.value, v.count) for v in facet.values] for name, facet in context["facets"].items()}
    api_facets = api.get(f"{LIST}?source=xinhua&facets=topic,place,source,person,year").json()["facets"]
    for name, values in api_facets.items():
        assert [(v["value"], v["count"]) for v in values] == site[name]


def test_facets_count_only_published_articles(api, hidden):
    ArticleFactory().topics.add("Energy")
    facets = api.get(f"{LIST}?facets=topic,place,person,year").json()["facets"]
    assert facets["topic"] == [{"value": "energy", "label": "Energy", "count": 1}]
    assert facets["place"] == [] and facets["person"] == []


def test_an_unknown_facet_is_a_400(api, corpus):
    response = api.get(f"{LIST}?facets=topic,colour")
    assert response.status_code == 400
    assert "colour" in response.json()["facets"][0]


def test_no_facets_unless_asked(api, corpus):
    assert "facets" not in api.get(LIST).json()


# pagination


def test_page_size_defaults_to_20_and_is_capped(api):
    ArticleFactory.create_batch(MAX_PAGE_SIZE + 5)
    assert len(api.get(LIST).json()["results"]) == 20
    assert len(api.get(f"{LIST}?page_size=7").json()["results"]) == 7
    assert len(api.get(f"{LIST}?page_size=1000").json()["results"]) == MAX_PAGE_SIZE
    assert api.get(f"{LIST}?page_size=0").status_code == 400
    assert api.get(f"{LIST}?page_size=lots").status_code == 400


def test_a_full_page_of_long_articles_stays_under_a_megabyte(api):
    """No response grows without bound: the largest page of articles of 15,000 characters (a long feature;
    the benchmark corpus averages 8,500) with their quotes, tags and bylines."""
    paragraph = "The ministers discussed regional security, trade corridors and water management at length. "
    for n in range(MAX_PAGE_SIZE):
        article = ArticleFactory(title=f"A long feature {n}", body=(paragraph * 170)[:15_000])
        article.topics.add("energy", "security cooperation")
        QuoteFactory.create_batch(6, article=article)
    response = api.get(f"{LIST}?page_size={MAX_PAGE_SIZE}")
    assert len(response.json()["results"]) == MAX_PAGE_SIZE
    assert len(response.content) < 1_000_000, len(response.content)


def test_cursor_pages_are_stable_while_articles_are_published(api):
    articles = [ArticleFactory(published_at=days_ago(10 + i)) for i in range(6)]
    articles += [ArticleFactory(published_at=days_ago(10)) for _ in range(3)]  # ties on the date
    articles += [ArticleFactory(published_at=None) for _ in range(3)]  # undated: at their import time
    expected = site_slugs("")
    first = api.get(f"{LIST}?page_size=4").json()
    ArticleFactory(published_at=days_ago(0))  # a new article arrives between pages
    seen = [row["slug"] for row in first["results"]] + all_pages(api, first["next"])
    assert seen == expected
    assert len(set(seen)) == len(articles)


def test_previous_links_walk_back(api):
    ArticleFactory.create_batch(7)
    ArticleFactory.create_batch(2, published_at=None)
    expected = site_slugs("")
    page1 = api.get(f"{LIST}?page_size=3").json()
    assert page1["previous"] is None
    page2 = api.get(page1["next"]).json()
    page3 = api.get(page2["next"]).json()
    assert page3["next"] is None
    assert [r["slug"] for r in api.get(page3["previous"]).json()["results"]] == expected[3:6]
    back = api.get(page2["previous"]).json()
    assert [r["slug"] for r in back["results"]] == expected[:3]
    assert back["previous"] is None


@pytest.mark.parametrize("cursor", ["garbage", "eyJyIjowLCJwIjpbXX0", "eyJyIjowLCJwIjpbIm5vdC1hLWRhdGUiLDFdfQ"])
def test_an_invalid_cursor_is_a_json_404(api, cursor):
    ArticleFactory()
    response = api.get(f"{LIST}?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor."}


# query counts


def rich_articles(n):
    people = PersonFactory.create_batch(3)
    authors = AuthorFactory.create_batch(2)
    for i in range(n):
        article = ArticleFactory(authors=authors)
        article.topics.add("Energy", f"Topic {i % 4}")
        article.places.add("China")
        for person in people:
            QuoteFactory(article=article, person=person)


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize("page_size", [5, 50])
def test_the_list_costs_the_same_queries_whatever_the_page_size(api, django_assert_max_num_queries, count, page_size):
    rich_articles(count)
    # articles+source, byline+authors, topics, places, quotes+people; the content version (Last-Modified)
    with django_assert_max_num_queries(6):
        response = api.get(f"{LIST}?page_size={page_size}")
    assert len(response.json()["results"]) == min(count, page_size)
    assert all(len(row["quoted"]) == 3 and len(row["authors"]) == 2 for row in response.json()["results"])


def test_filters_and_facets_add_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    rich_articles(30)
    query = "topic=energy&place=china&facets=topic,place,source,person,year&page_size=50"
    # 5 for the page, 2 filter lookups, the ids of the (few) results once, 5 facets over them, the content version,
    # and on PostgreSQL the facets' time budget (its SET LOCAL, and in a test's transaction its savepoint: 4)
    # and the planner's expected number of results (an EXPLAIN: ArticleFilterSet.sampled)
    with django_assert_max_num_queries(14 + (5 if connection.vendor == "postgresql" else 0)):
        assert api.get(f"{LIST}?{query}").status_code == 200


def test_the_detail_costs_six_queries(api, django_assert_max_num_queries):
    rich_articles(1)
    slug = Article.objects.get().slug
    with django_assert_max_num_queries(6):  # the list's five, and the content version
        assert api.get(f"{LIST}{slug}/").status_code == 200


def test_quotes_of_unpublished_articles_never_leak_into_a_published_one(api, hidden):
    article = ArticleFactory()
    QuoteFactory(article=article, person=Quote.objects.first().person, text="Public words.")
    data = api.get(f"{LIST}{article.slug}/").json()
    assert [q["text"] for p in data["quoted"] for q in p["quotes"]] == ["Public words."]


def test_the_root_lists_the_endpoints(api):
    data = api.get(reverse("v1:api-root")).json()
    assert set(data) == {"articles", "sources", "authors", "people", "quotes", "tags"}
