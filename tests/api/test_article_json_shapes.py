"""The article JSON's nested parts are written as plain dicts; they must stay what the summary serializers give.

``AuthorSummarySerializer``, ``SourceSummarySerializer`` and ``TagSummarySerializer``
declare these shapes in the OpenAPI schema; each nested object in a response is
compared, key order included, with that serializer's output for the same row.
"""

import json

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from articles.api.serializers import (
    AuthorSummarySerializer,
    PageUrls,
    SourceSummarySerializer,
    TagSummarySerializer,
)
from articles.models import Article, Author, Place, Source, Topic
from people.models import Person
from tests.api.test_read_articles import no_rate_limit  # noqa: F401 - the autouse fixture, for this module too
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


@pytest.fixture
def rich():
    """Articles with every nested part: bylines of several authors, a source or none, tags, quotes."""
    source = SourceFactory(name="Kazinform <Astana>", homepage_url="https://www.inform.kz/", country="Kazakhstan")
    bare = SourceFactory(name="No homepage", homepage_url="")
    authors = [
        AuthorFactory(name="Aigerim Sadykova", affiliation="Institute & Co"),
        AuthorFactory(name="Li Wei", affiliation=""),
        AuthorFactory(name='O\'Brien "Jr"', affiliation="SCO RATS"),
    ]
    people = [PersonFactory(name="Zhang Ming"), PersonFactory(name="Ärzu Ölmez")]
    articles = [
        ArticleFactory(title="Three authors", source=source, authors=authors),
        ArticleFactory(title="One author, no source", source=None, authors=authors[1:2]),
        ArticleFactory(title="No byline", source=bare, authors=[]),
    ]
    articles[0].topics.add("Security", "Energy", "Global governance")
    articles[0].places.add("Kazakhstan", "China")
    articles[1].topics.add("Trade")
    for article in articles[:2]:
        QuoteFactory(article=article, person=people[1], text="Later.", position=3, role="", organization="")
        QuoteFactory(article=article, person=people[0], text="First <b>.", position=1, is_direct=True, role="Envoy")
        QuoteFactory(article=article, person=people[1], text="Second.", position=2, organization="UN")
    return articles


def as_json(data):
    return json.loads(json.dumps(data))


def test_nested_objects_are_what_the_summary_serializers_give(rich):
    request = RequestFactory().get(LIST)
    context = {"request": request}
    rows = {row["slug"]: row for row in APIClient().get(LIST).json()["results"]}
    assert len(rows) == len(rich)
    for article in rich:
        row = rows[article.slug]
        byline = sorted(article.byline.select_related("author"), key=lambda entry: (entry.position, entry.pk))
        expected_authors = [AuthorSummarySerializer(entry.author, context=context).data for entry in byline]
        assert json.dumps(row["authors"]) == json.dumps(as_json(expected_authors))
        expected_source = SourceSummarySerializer(article.source, context=context).data if article.source else None
        assert json.dumps(row["source"]) == json.dumps(as_json(expected_source))
        for kind in ("topics", "places"):
            tags = sorted(getattr(article, kind).all(), key=lambda tag: tag.name)
            rendered = [
                {"name": t.name, "slug": t.slug, "url": request.build_absolute_uri(t.get_absolute_url())} for t in tags
            ]
            expected = TagSummarySerializer(rendered, many=True).data
            assert json.dumps(row["tags"][kind]) == json.dumps(as_json(expected))


def test_the_people_quoted_keep_first_appearance_and_their_first_stated_role(rich):
    article = rich[0]
    row = APIClient().get(f"{LIST}{article.slug}/").json()
    assert [(p["name"], p["role"], p["organization"]) for p in row["quoted"]] == [
        ("Zhang Ming", "Envoy", ""),
        ("Ärzu Ölmez", "", "UN"),
    ]
    assert [[q["text"] for q in p["quotes"]] for p in row["quoted"]] == [["First <b>."], ["Second.", "Later."]]
    assert list(row["quoted"][0]) == ["name", "slug", "url", "role", "organization", "quotes"]
    assert list(row["quoted"][0]["quotes"][0]) == ["text", "direct", "role", "organization"]


def test_the_detail_and_the_list_write_an_article_alike(rich):
    api = APIClient()
    listed = {row["slug"]: row for row in api.get(LIST).json()["results"]}
    for article in Article.objects.published():
        assert api.get(f"{LIST}{article.slug}/").json() == listed[article.slug]


def test_page_urls_are_each_objects_own_page(rich):
    request = RequestFactory().get(LIST)
    page_url = PageUrls(request)
    article = rich[0]
    objects = [
        *article.authors.all(),
        article.source,
        *Topic.objects.all(),
        *Place.objects.all(),
        *Person.objects.all(),
    ]
    assert {type(obj) for obj in objects} == {Author, Source, Topic, Place, Person}
    for obj in objects:
        assert page_url(obj) == request.build_absolute_uri(obj.get_absolute_url())
    assert PageUrls(None)(article.source) == article.source.get_absolute_url()


def test_a_page_not_made_from_the_slug_is_reversed_each_time():
    class Odd:
        def __init__(self, slug):
            self.slug = slug

        def get_absolute_url(self):
            return f"/odd/{len(self.slug)}/"

    page_url = PageUrls(None)
    assert [page_url(Odd("ab")), page_url(Odd("abc"))] == ["/odd/2/", "/odd/3/"]
