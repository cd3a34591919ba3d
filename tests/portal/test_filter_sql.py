"""The filters of linked values (topics, places, authors) compare ids in the link tables.

Chosen by slug, they are looked up once when the filters are validated; the
article query then matches the link rows by id, which PostgreSQL keeps
statistics for. Matched by slug through a join, it guessed a few hundred rows
for a topic on 40 % of the archive and planned three broad filters badly.
"""

import pytest
from django.http import QueryDict

from articles.filters import ArticleFilterSet
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_topic_place_and_author_filters_match_link_ids_without_joining_the_named_tables():
    author = AuthorFactory(name="Ana Ivanova")
    wanted = ArticleFactory(title="Wanted", authors=[author])
    wanted.topics.add("Energy")
    wanted.places.add("Kazakhstan")
    other = ArticleFactory(title="Other", authors=[author])
    other.topics.add("Energy")
    params = QueryDict(mutable=True)
    params.update({"topic": "energy", "place": "kazakhstan", "author": author.slug})

    filterset = ArticleFilterSet(params, queryset=Article.objects.published())

    assert filterset.is_valid(), filterset.errors
    assert list(filterset.qs) == [wanted]
    sql = str(filterset.qs.query)
    for table in ("articles_topic", "articles_place", "articles_author"):
        assert f'"{table}"' not in sql
    assert '"articles_taggedtopic"."tag_id"' in sql
    assert '"articles_articleauthor"."author_id"' in sql
