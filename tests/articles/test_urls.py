"""URL fields hold only http(s) addresses, whatever writes them, and nothing else is ever emitted as a link.

The two URL fields are ``Source.homepage_url`` and ``Article.original_url``. ``save()``
refuses another scheme, the database refuses it from every other path (``update()``,
``bulk_create``, the corpus loader's COPY), and the article page, its JSON-LD and the
API still show no link if a bad value is in the table anyway (a database restored
without its constraints).
"""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from rest_framework.test import APIClient

from articles.models import Article, Source
from tests.factories import ArticleFactory, SourceFactory

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",  # browsers strip leading spaces from href
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example/report.pdf",
    "//evil.example/",
]
SAFE = ["https://www.chinadaily.com.cn/", "http://example.com/a?b=c", "HTTPS://EXAMPLE.COM/"]
FIELDS = [(Source, "homepage_url"), (Article, "original_url")]
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def make(model, **fields):
    return (SourceFactory if model is Source else ArticleFactory)(**fields)


@pytest.fixture
def unchecked_urls():
    """Lift the URL check constraints for one test: a row written before they existed, or restored without them.

    PostgreSQL drops them inside the test's transaction, which rolls back; SQLite
    stops enforcing CHECK constraints on this connection until the test ends.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE articles_source DROP CONSTRAINT IF EXISTS source_homepage_url_http")
            cursor.execute("ALTER TABLE articles_article DROP CONSTRAINT IF EXISTS article_original_url_http")
        else:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
    yield
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


@pytest.mark.parametrize("url", UNSAFE)
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=["homepage_url", "original_url"])
def test_save_refuses_a_url_that_is_not_http(model, field, url):
    row = make(model)
    setattr(row, field, url)

    with pytest.raises(ValidationError) as refusal:
        row.save()

    assert field in refusal.value.message_dict
    assert model.objects.filter(**{field: url}).count() == 0


@pytest.mark.parametrize("url", UNSAFE[:2])
def test_creating_with_a_bad_url_saves_nothing(url):
    with pytest.raises(ValidationError):
        Source.objects.create(name="Bad Source", homepage_url=url)
    with pytest.raises(ValidationError):
        ArticleFactory(original_url=url)

    assert not Source.objects.filter(name="Bad Source").exists()
    assert not Article.objects.filter(original_url=url).exists()


@pytest.mark.parametrize("url", [*SAFE, ""])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=["homepage_url", "original_url"])
def test_save_keeps_an_http_url_or_none(model, field, url):
    row = make(model)
    setattr(row, field, url)
    row.save()

    assert model.objects.filter(pk=row.pk, **{field: url}).exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://files.example/"])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=["homepage_url", "original_url"])
def test_the_admin_forms_validation_refuses_another_scheme(model, field, url):
    row = make(model)
    setattr(row, field, url)

    with pytest.raises(ValidationError) as refusal:
        row.full_clean()

    assert field in refusal.value.message_dict


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", " https://x.example/"])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=["homepage_url", "original_url"])
def test_the_database_refuses_another_scheme_from_update(model, field, url):
    row = make(model)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: url})

    assert getattr(model.objects.get(pk=row.pk), field) == getattr(row, field)


def test_the_database_refuses_another_scheme_from_bulk_create():
    # The corpus loader writes sources with bulk_create and articles with COPY: no save() runs.
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.bulk_create([Source(name="Bulk", slug="bulk", homepage_url="javascript:alert(1)")])


@pytest.fixture
def article_with_bad_urls(unchecked_urls):
    source = SourceFactory(name="Evil Agency", homepage_url="https://evil.example/")
    article = ArticleFactory(title="A story", source=source)
    Source.objects.filter(pk=source.pk).update(homepage_url="javascript:alert(1)")
    Article.objects.filter(pk=article.pk).update(original_url="data:text/html,<script>alert(2)</script>")
    return article


def test_an_existing_bad_url_is_never_a_link_on_the_article_page(client, article_with_bad_urls):
    content = client.get(article_with_bad_urls.get_absolute_url()).content.decode()

    assert "javascript:" not in content and "data:text" not in content
    assert "Read the original article" not in content
    assert '<a href="/sources/evil-agency/">Evil Agency</a>' in content  # the source itself still shows


def test_an_existing_bad_url_is_not_in_the_json_ld(client, article_with_bad_urls):
    content = client.get(article_with_bad_urls.get_absolute_url()).content.decode()
    [raw] = LD_JSON.findall(content)
    data = json.loads(raw)

    assert data["sourceOrganization"] == {"@type": "Organization", "name": "Evil Agency"}
    assert "isBasedOn" not in data


def test_an_existing_bad_url_is_not_in_the_api(article_with_bad_urls):
    api = APIClient()
    detail = api.get(f"/api/v1/articles/{article_with_bad_urls.slug}/").json()
    sources = api.get("/api/v1/sources/").json()["results"]
    csv = api.get("/api/v1/articles/", {"format": "csv"}).content.decode()

    assert detail["original_url"] == ""
    assert detail["source"]["homepage_url"] == ""
    assert [source["homepage_url"] for source in sources] == [""]
    assert "data:text" not in csv


def test_the_api_still_gives_an_http_url():
    source = SourceFactory(homepage_url="https://www.chinadaily.com.cn/")
    article = ArticleFactory(source=source, original_url="https://example.com/story")

    detail = APIClient().get(f"/api/v1/articles/{article.slug}/").json()

    assert detail["original_url"] == "https://example.com/story"
    assert detail["source"]["homepage_url"] == "https://www.chinadaily.com.cn/"


def test_the_migration_blanks_bad_urls_and_trims_good_ones(unchecked_urls):
    bad, padded = SourceFactory(name="Bad"), SourceFactory(name="Padded")
    article = ArticleFactory()
    Source.objects.filter(pk=bad.pk).update(homepage_url="javascript:alert(1)")
    Source.objects.filter(pk=padded.pk).update(homepage_url="  https://padded.example/\n")
    Article.objects.filter(pk=article.pk).update(original_url="data:text/html,x")

    importlib.import_module("articles.migrations.0009_http_urls_only").blank_unsafe_urls(apps, None)

    assert Source.objects.get(pk=bad.pk).homepage_url == ""
    assert Source.objects.get(pk=padded.pk).homepage_url == "https://padded.example/"
    assert Article.objects.get(pk=article.pk).original_url == ""
