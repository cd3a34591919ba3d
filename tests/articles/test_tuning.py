"""``__in_list`` (articles/tuning.py): the rows of a list of ids, sent as one array on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.tuning import IdList
from people.models import Quote
from tests.factories import ArticleFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_it_selects_exactly_the_listed_rows_also_through_a_relation():
    articles = [ArticleFactory() for _ in range(4)]
    quotes = [QuoteFactory(article=article) for article in articles]
    chosen = [articles[0].pk, articles[2].pk]

    assert set(Article.objects.filter(pk__in_list=chosen)) == {articles[0], articles[2]}
    assert set(Quote.objects.filter(article__in_list=chosen)) == {quotes[0], quotes[2]}
    assert not Article.objects.filter(pk__in_list=[]).exists()
    assert Article.objects.exclude(pk__in_list=chosen).count() == 2


def test_a_long_list_is_one_parameter_on_postgresql_and_a_plain_in_elsewhere():
    article = ArticleFactory()
    ids = [*range(10**9, 10**9 + 3000), article.pk]  # sequences are not reset between tests
    with CaptureQueriesContext(connection) as queries:
        assert Article.objects.filter(pk__in_list=ids).count() == 1
    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql
    else:
        assert " IN (" in sql


def test_an_id_list_selects_the_same_rows_and_is_never_prepared_item_by_item():
    """``IdList`` is handed to the database whole on PostgreSQL: Django neither prepares nor checks each id."""
    articles = [ArticleFactory() for _ in range(3)]
    quotes = [QuoteFactory(article=article) for article in articles]
    ids = IdList([articles[0].pk, articles[2].pk])

    assert set(Article.objects.filter(pk__in_list=ids)) == {articles[0], articles[2]}
    assert set(Quote.objects.filter(article__in_list=ids)) == {quotes[0], quotes[2]}
    assert not Article.objects.filter(pk__in_list=IdList([])).exists()
    if connection.vendor != "postgresql":
        return  # elsewhere it is the plain IN, which reads each id

    class Untouchable(IdList):
        def __getitem__(self, index):  # without __iter__, the only way to iterate it
            raise AssertionError("an id was read one by one")

    assert not hasattr(ids, "__iter__"), "Django checks each item of an iterable given to a relation lookup"

    untouchable = Untouchable(ids)
    assert set(Quote.objects.filter(article__in_list=untouchable)) == {quotes[0], quotes[2]}
    assert Article.objects.filter(pk__in_list=untouchable).count() == 2
