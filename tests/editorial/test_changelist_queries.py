"""Every admin changelist costs a bounded number of SQL queries, whatever the number of rows."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.models import ApiKey
from articles.facets import refresh_totals
from articles.models import Article
from people.models import PersonAlias
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

# Per page, for any number of rows: session, user, permissions, the count and page
# queries, a prefetch per related column, one per list filter's choices.
BUDGET = 25

CHANGELISTS = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" for model in admin.site._registry
)
SEARCHES = {"admin:articles_article_changelist": "SCO", "admin:people_person_changelist": "Person"}


def fill(rows):
    """``rows`` articles, each with two authors, a quote with an aliased person, a topic and a place."""
    owner = User.objects.create_user(f"owner{rows}")
    for n in range(rows):
        article = ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])
        article.topics.add(f"Topic {n % 40}")
        article.places.add(f"Place {n % 30}")
        person = PersonFactory()
        PersonAlias.objects.create(person=person, name=f"{person.name} alias")
        QuoteFactory(article=article, person=person)
        ApiKey.objects.create(name=f"Partner {n}", prefix=f"p{rows}x{n}", hashed_key=f"{rows}-{n}", created_by=owner)


def queries_for(client, url_name, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("chief", password="pw"))
    return client


def test_every_registered_model_is_covered():
    assert "admin:articles_article_changelist" in CHANGELISTS and len(CHANGELISTS) >= 8


@pytest.mark.parametrize("rows", [5, 200])
def test_each_changelist_stays_within_budget(superuser_client, django_assert_max_num_queries, rows):
    fill(rows)
    for url_name in CHANGELISTS:
        with django_assert_max_num_queries(BUDGET):
            superuser_client.get(reverse(url_name))


def test_changelist_queries_do_not_grow_with_rows(superuser_client):
    fill(5)
    small = {name: queries_for(superuser_client, name, q=SEARCHES.get(name, "")) for name in CHANGELISTS}
    fill(195)
    large = {name: queries_for(superuser_client, name, q=SEARCHES.get(name, "")) for name in CHANGELISTS}
    assert large == small


def test_filtered_article_changelist_stays_within_budget(superuser_client, django_assert_max_num_queries):
    fill(60)
    params = {"status__exact": "published", "has_date": "yes", "topic": "topic-1", "year": "2026", "q": "SCO"}
    with django_assert_max_num_queries(BUDGET):
        response = superuser_client.get(reverse("admin:articles_article_changelist"), params)
    assert response.status_code == 200


ARTICLE_CHANGELIST = "admin:articles_article_changelist"


def articles_with_everything(rows):
    """``rows`` articles of every status and several years, each with a byline, a quote and tags."""
    statuses = list(Article.Status)
    for n in range(rows):
        article = ArticleFactory(
            status=statuses[n % len(statuses)],
            published_at=None if n % 7 == 6 else datetime.datetime(2001 + n % 5, 3, 1, tzinfo=datetime.UTC),
            body=f"Summit text {n} about energy.",
            authors=[AuthorFactory()],
        )
        article.topics.add(f"Topic {n % 4}")
        article.places.add(f"Place {n % 3}")
        QuoteFactory(article=article)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "energy"},
        {"q": "summit energy"},
        {"topic": "topic-1", "status__exact": "draft"},
        {"source": "none-such", "place": "place-2"},
        {"published_at__year": "2003"},
        {"year": "2002", "q": "summit"},
    ],
    ids=["plain", "search", "two-words", "topic-and-status", "source-and-place", "date-hierarchy", "year-and-search"],
)
@pytest.mark.parametrize("with_totals", [False, True], ids=["counted", "precomputed-totals"])
def test_article_changelist_costs_as_many_queries_for_3_articles_as_for_30(
    superuser_client, django_assert_num_queries, params, with_totals
):
    """Every column, filter, the date hierarchy and the pager read the page's rows at once, never per row."""

    def refreshed():
        if with_totals:
            refresh_totals(force=True)

    articles_with_everything(3)
    refreshed()
    small = queries_for(superuser_client, ARTICLE_CHANGELIST, **params)
    articles_with_everything(27)
    refreshed()
    with django_assert_num_queries(small):
        response = superuser_client.get(reverse(ARTICLE_CHANGELIST), params)
    assert response.status_code == 200
    if not params:
        assert len(response.context["cl"].result_list) == 30  # every row was read, and counted above
