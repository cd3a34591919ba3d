"""The read API for people, quotes, sources, authors and tags: published content only, counted as the site counts."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.facet_totals import current_state
from articles.facets import refresh_totals
from articles.models import Article
from people.api.serializers import LATEST_QUOTES
from people.models import PersonAlias
from people.queries import people_with_quote_counts, person_quotes, public_quote_count, public_quotes
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED]


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def at(year, month=1, day=10):
    return datetime.datetime(year, month, day, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    """Published and unpublished articles from the same sources, by the same people and authors."""
    xinhua, tass, hidden_source = SourceFactory(name="Xinhua"), SourceFactory(name="TASS"), SourceFactory(name="Dark")
    author, hidden_author = AuthorFactory(name="Ann Writer"), AuthorFactory(name="Hidden Writer")
    wang, li, secret = PersonFactory(name="Wang Yi"), PersonFactory(name="Li Qiang"), PersonFactory(name="Secret")
    a1 = ArticleFactory(title="Energy summit", source=xinhua, published_at=at(2023, 3), authors=[author])
    a1.topics.add("Energy")
    a1.places.add("China")
    a2 = ArticleFactory(title="Security talks", source=tass, published_at=at(2024, 5), authors=[author])
    a2.topics.add("Security", "Energy")
    a2.places.add("Kazakhstan")
    QuoteFactory(article=a1, person=wang, text="Energy first.", position=1, is_direct=True, role="Minister")
    QuoteFactory(article=a1, person=li, text="Agreed.", position=2)
    QuoteFactory(article=a2, person=wang, text="Security too.", position=1, role="Foreign Minister",
                 organization="MFA")  # fmt: skip
    hidden = [ArticleFactory(title=f"Hidden {s}", status=s, source=xinhua, authors=[author]) for s in HIDDEN_STATUSES]
    hidden.append(ArticleFactory(title="Hidden future", published_at=timezone.now() + datetime.timedelta(days=3)))
    hidden.append(ArticleFactory(title="Hidden elsewhere", status="draft", source=hidden_source,
                                 authors=[hidden_author]))  # fmt: skip
    for article in hidden:
        article.topics.add("Energy", "Secrets")
        article.places.add("China", "Atlantis")
        QuoteFactory(article=article, person=wang, text="Unpublished words.", role="Ex-minister")
        QuoteFactory(article=article, person=secret, text="Secret words.")
    return {"a1": a1, "a2": a2, "wang": wang, "li": li, "secret": secret, "hidden": hidden}


def texts(rows):
    return [row["text"] for row in rows]


# people


def test_people_lists_only_people_quoted_in_published_articles(api, world):
    rows = api.get("/api/v1/people/").json()["results"]
    assert {row["slug"]: row["quote_count"] for row in rows} == {"li-qiang": 1, "wang-yi": 2}
    wang = next(row for row in rows if row["slug"] == "wang-yi")
    assert (wang["role"], wang["organization"]) == ("Foreign Minister", "MFA")  # latest published, not "Ex-minister"
    expected = {p.slug: p.quote_count for p in people_with_quote_counts()}
    assert {row["slug"]: row["quote_count"] for row in rows} == expected


def test_a_person_has_their_count_latest_quotes_and_the_link_to_all_of_them(api, world):
    PersonAlias.objects.create(person=world["wang"], name="Wang I")
    data = api.get("/api/v1/people/wang-yi/").json()
    assert set(data) == {"name", "slug", "url", "description", "role", "organization", "quote_count", "aliases",
                         "quotes_url", "latest_quotes"}  # fmt: skip
    assert "quotes" not in data  # every quote is behind quotes_url, paged
    assert (data["name"], data["aliases"], data["quote_count"]) == ("Wang Yi", ["Wang I"], 2)
    assert (data["role"], data["organization"]) == ("Foreign Minister", "MFA")  # latest published, not "Ex-minister"
    assert data["url"] == f"http://testserver{world['wang'].get_absolute_url()}"
    latest = data["latest_quotes"]
    assert texts(latest) == ["Security too.", "Energy first."] == [q.text for q in person_quotes(world["wang"])]
    assert latest[0]["article"]["slug"] == world["a2"].slug
    assert latest[1]["direct"] is True and latest[1]["role"] == "Minister"
    assert data["quotes_url"] == "http://testserver/api/v1/quotes/?person=wang-yi"
    assert texts(api.get(data["quotes_url"]).json()["results"]) == texts(latest)


def test_the_latest_quotes_are_the_first_page_of_quotes_url(api, world):
    """At most LATEST_QUOTES, in the quotes endpoint's order: newest article first (undated: by import), in order."""
    li = world["li"]
    for year, count in ((2020, 2), (2025, 3), (None, 2)):
        article = ArticleFactory(published_at=at(year) if year else None)
        for position in range(count):
            QuoteFactory(article=article, person=li, text=f"{year} #{position}", position=position)
    data = api.get("/api/v1/people/li-qiang/").json()
    assert data["quote_count"] == 1 + 7
    page = api.get(data["quotes_url"], {"page_size": LATEST_QUOTES}).json()["results"]
    assert texts(data["latest_quotes"]) == texts(page) == ["None #0", "None #1", "2025 #0", "2025 #1", "2025 #2"]
    assert len(data["latest_quotes"]) == LATEST_QUOTES


def test_fields_pick_from_the_detail(api, world):
    data = api.get("/api/v1/people/wang-yi/", {"fields": "slug,quote_count,quotes_url"}).json()
    assert data == {
        "slug": "wang-yi",
        "quote_count": 2,
        "quotes_url": "http://testserver/api/v1/quotes/?person=wang-yi",
    }
    assert api.get("/api/v1/people/wang-yi/", {"fields": "latest_quotes"}).json().keys() == {"latest_quotes"}
    response = api.get("/api/v1/people/wang-yi/", {"fields": "slug,quotes"})
    assert response.status_code == 400
    assert "Unknown field: quotes" in response.json()["fields"][0]


@pytest.mark.parametrize("status", [*Article.Status, "scheduled", "undated"])
def test_the_quote_count_is_the_number_of_public_quotes(world, status):
    """public_quote_count counts all quotes less the hidden ones: for every status, as public_quotes counts them."""
    person = PersonFactory()
    if status == "scheduled":
        article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(1))
    elif status == "undated":
        article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
    else:
        article = ArticleFactory(status=status, published_at=at(2024))
    QuoteFactory.create_batch(2, article=article, person=person)
    QuoteFactory(article=world["a1"], person=person)
    expected = 3 if status in (Article.Status.PUBLISHED, "undated") else 1
    assert public_quote_count(person) == public_quotes().filter(person=person).count() == expected
    for name in ("wang", "li", "secret"):
        assert public_quote_count(world[name]) == public_quotes().filter(person=world[name]).count()


def test_a_person_quoted_only_in_unpublished_articles_is_a_404(api, world):
    assert api.get("/api/v1/people/secret/").status_code == 404
    assert api.get("/api/v1/people/nobody/").status_code == 404


def test_people_search_and_fields(api, world):
    rows = api.get("/api/v1/people/?q=wang&fields=slug").json()["results"]
    assert rows == [{"slug": "wang-yi"}]
    assert api.get("/api/v1/people/?fields=slug,salary").status_code == 400


# quotes


def test_quotes_are_from_published_articles_newest_first(api, world):
    rows = api.get("/api/v1/quotes/").json()["results"]
    assert texts(rows) == ["Security too.", "Energy first.", "Agreed."]
    first = rows[0]
    assert first["person"]["slug"] == "wang-yi"
    assert (first["role"], first["organization"], first["direct"]) == ("Foreign Minister", "MFA", False)
    assert first["article"]["slug"] == world["a2"].slug
    assert first["article"]["url"].endswith(world["a2"].get_absolute_url())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person=wang-yi", ["Security too.", "Energy first."]),
        ("person=li-qiang", ["Agreed."]),
        ("source=xinhua", ["Energy first.", "Agreed."]),
        ("topic=energy", ["Security too.", "Energy first.", "Agreed."]),
        ("topic=security", ["Security too."]),
        ("place=china", ["Energy first.", "Agreed."]),
        ("published_after=2024-01-01", ["Security too."]),
        ("published_before=2023-12-31", ["Energy first.", "Agreed."]),
        ("published_after=2023-03-10&published_before=2023-03-10", ["Energy first.", "Agreed."]),
        ("direct=true", ["Energy first."]),
    ],
)
def test_quote_filters(api, world, query, expected):
    assert texts(api.get(f"/api/v1/quotes/?{query}").json()["results"]) == expected


def test_quotes_of_one_article(api, world):
    rows = api.get(f"/api/v1/quotes/?article={world['a1'].slug}").json()["results"]
    assert texts(rows) == ["Energy first.", "Agreed."]


@pytest.mark.parametrize(
    ("query", "field"),
    [("person=secret-nobody", "person"), ("topic=nothing", "topic"), ("place=nowhere", "place"),
     ("source=nope", "source"), ("published_after=soon", "published_after")],
)  # fmt: skip
def test_unknown_quote_filters_are_400(api, world, query, field):
    response = api.get(f"/api/v1/quotes/?{query}")
    assert response.status_code == 400 and field in response.json()


def test_an_unpublished_article_is_an_unknown_article_for_quotes(api, world):
    slug = world["hidden"][0].slug
    response = api.get(f"/api/v1/quotes/?article={slug}")
    assert response.status_code == 400
    assert slug in response.json()["article"][0]


@pytest.mark.parametrize(("query", "name"), [("person=secret", "person"), ("topic=secrets", "topic")])
def test_a_name_only_unpublished_articles_have_is_unknown(api, world, query, name):
    """As unknown as a name nobody has (articles.filters.publicly_known): a 200 would tell that it exists."""
    response = api.get(f"/api/v1/quotes/?{query}")
    assert response.status_code == 400
    assert response.json() == {name: [f"Unknown {name}: {query.split('=')[1]}"]}


def test_quotes_paginate_in_a_stable_order(api, world):
    article = ArticleFactory(published_at=None)
    for i in range(5):
        QuoteFactory(article=article, person=world["li"], text=f"Undated {i}", position=i)
    seen, url = [], "/api/v1/quotes/?page_size=2"
    while url:
        data = api.get(url).json()
        seen += texts(data["results"])
        url = data["next"]
    # the undated article was imported last: its quotes come first, in their order
    assert seen == [*(f"Undated {i}" for i in range(5)), "Security too.", "Energy first.", "Agreed."]


def counted(precomputed):
    """Make the people's figures precomputed (a refresh) or leave them to be counted live (no refresh)."""
    if precomputed:
        assert refresh_totals()
    assert (current_state() is not None) is precomputed


# Each read also reads the content version once, for Last-Modified, and the state of the precomputed figures.
# The people: their page (precomputed: with their latest roles), else also the page's latest roles.
PEOPLE_PAGE_QUERIES = {True: 2 + 1, False: 2 + 2}
# A person, precomputed: with their figures, aliases, latest quotes; else the person, aliases, count, latest role,
# latest quotes.
PERSON_QUERIES = {True: 2 + 3, False: 2 + 5}


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
@pytest.mark.parametrize("page_size", [5, 50])
def test_a_page_of_quotes_costs_one_query_and_of_people_two(api, django_assert_max_num_queries, page_size, precomputed):
    people = PersonFactory.create_batch(6)
    for _ in range(12):
        article = ArticleFactory()
        for person in people:
            QuoteFactory(article=article, person=person)
    counted(precomputed)
    with django_assert_max_num_queries(1 + 1):
        assert len(api.get(f"/api/v1/quotes/?page_size={page_size}").json()["results"]) == page_size
    with django_assert_max_num_queries(PEOPLE_PAGE_QUERIES[precomputed]):
        rows = api.get(f"/api/v1/people/?page_size={page_size}").json()["results"]
    assert [row["quote_count"] for row in rows] == [12] * min(page_size, 6)
    with django_assert_max_num_queries(PERSON_QUERIES[precomputed]):
        assert api.get(f"/api/v1/people/{people[0].slug}/").json()["quote_count"] == 12


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
def test_a_person_detail_costs_the_same_queries_for_4_quotes_as_for_40(api, precomputed):
    def read(person):
        cache.clear()  # the content version is read each time, not from its 2-second copy
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/v1/people/{person.slug}/")
        assert response.status_code == 200
        return len(queries), response.json()

    few, many = PersonFactory(), PersonFactory()
    for person, count in ((few, 4), (many, 40)):
        for i in range(count):
            QuoteFactory(article=ArticleFactory(), person=person, role=f"Role {i}")
        QuoteFactory(article=ArticleFactory(status=Article.Status.DRAFT), person=person)
    counted(precomputed)
    (few_queries, few_data), (many_queries, many_data) = read(few), read(many)
    assert few_queries == many_queries <= PERSON_QUERIES[precomputed]
    assert (few_data["quote_count"], many_data["quote_count"]) == (4, 40)
    assert (few_data["role"], many_data["role"]) == ("Role 3", "Role 39")
    assert (len(few_data["latest_quotes"]), len(many_data["latest_quotes"])) == (4, LATEST_QUOTES)


# sources, authors, tags


def test_sources_and_authors_count_published_articles_only(api, world):
    sources = {row["slug"]: row["article_count"] for row in api.get("/api/v1/sources/").json()["results"]}
    assert sources == {"tass": 1, "xinhua": 1}
    authors = {row["slug"]: row["article_count"] for row in api.get("/api/v1/authors/").json()["results"]}
    assert authors == {"ann-writer": 2}
    assert api.get("/api/v1/sources/xinhua/").json()["article_count"] == 1
    assert api.get("/api/v1/sources/dark/").status_code == 404
    assert api.get("/api/v1/authors/hidden-writer/").status_code == 404


def test_tags_have_kind_and_published_counts(api, world):
    rows = api.get("/api/v1/tags/").json()
    assert [(r["kind"], r["slug"], r["article_count"]) for r in rows] == [
        ("topic", "energy", 2),
        ("topic", "security", 1),
        ("place", "china", 1),
        ("place", "kazakhstan", 1),
    ]
    places = api.get("/api/v1/tags/?kind=place").json()
    assert {r["kind"] for r in places} == {"place"}
    assert api.get("/api/v1/tags/?kind=colour").status_code == 400


def test_the_api_is_read_only(api, world):
    assert api.post("/api/v1/articles/", {"title": "x"}).status_code in (401, 403, 405)
    assert api.delete(f"/api/v1/articles/{world['a1'].slug}/").status_code in (401, 403, 405)
