"""HTTP around the API: CSV, caching headers and 304s, CORS for reads under /api/ only, 413 for big bodies."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import parse_http_date
from rest_framework.test import APIClient

from api.http import API_MAX_BODY_BYTES
from api.models import ApiKey
from articles import content_version
from articles.models import Article, ContentState
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"
QUOTES = "/api/v1/quotes/"
ORIGIN = "https://partner.example"


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }

    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def at(year, month=1, day=10):
    return datetime.datetime(year, month, day, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    xinhua = SourceFactory(name="Xinhua")
    ann, bob = AuthorFactory(name="Ann Writer"), AuthorFactory(name="Bob Reporter")
    wang, li = PersonFactory(name="Wang Yi"), PersonFactory(name="Li Qiang")
    summit = ArticleFactory(
        title="=HYPERLINK(\"http://evil.example\")", slug="summit", source=xinhua, published_at=at(2024, 5),
        authors=[ann, bob], standfirst="+1 for energy", dateline="@Astana",
    )  # fmt: skip
    summit.topics.add("Energy", "Security")
    summit.places.add("China", "Kazakhstan")
    QuoteFactory(article=summit, person=wang, text="-Energy first.", position=1, is_direct=True,
                 role="Foreign Minister", organization="MFA")  # fmt: skip
    QuoteFactory(article=summit, person=li, text="Agreed.", position=2)
    older = ArticleFactory(title="Older news", slug="older", source=xinhua, published_at=at(2023, 3))
    drafts = [
        ArticleFactory(title="Secret draft", slug="secret-draft", status=Article.Status.DRAFT, source=xinhua),
        ArticleFactory(title="Future piece", slug="future", published_at=timezone.now() + datetime.timedelta(days=2)),
    ]
    for draft in drafts:
        QuoteFactory(article=draft, person=wang, text="Unpublished words.")
    return {"summit": summit, "older": older, "drafts": drafts}


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# CSV


def test_articles_csv_with_format_param(api, world):
    response = api.get(ARTICLES, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="articles.csv"'
    header = response.content.decode().splitlines()[0].split(",")
    assert header[:6] == ["title", "slug", "url", "published_at", "source", "authors"]
    assert {"topics", "places", "quoted_people"} <= set(header)
    rows = read_csv(response)
    assert [row["slug"] for row in rows] == ["summit", "older"]
    summit = rows[0]
    assert summit["title"] == '\'=HYPERLINK("http://evil.example")'
    assert summit["standfirst"] == "'+1 for energy"
    assert summit["dateline"] == "'@Astana"
    assert summit["source"] == "Xinhua"
    assert summit["authors"] == "Ann Writer; Bob Reporter"
    assert summit["topics"] == "Energy; Security"
    assert summit["places"] == "China; Kazakhstan"
    assert summit["quoted_people"] == "Wang Yi; Li Qiang"
    assert summit["url"].endswith("/articles/summit/")


def test_articles_csv_with_accept_header_never_shows_drafts(api, world):
    response = api.get(ARTICLES, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Secret draft" not in body and "Future piece" not in body and "Unpublished" not in body
    assert {row["slug"] for row in read_csv(response)} == {"summit", "older"}


def test_csv_is_one_page_with_the_next_page_in_a_link_header(api, world):
    first = api.get(ARTICLES, {"format": "csv", "page_size": 1})
    assert [row["slug"] for row in read_csv(first)] == ["summit"]
    link = first["Link"]
    assert link.startswith("<http://testserver/api/v1/articles/?") and link.endswith('>; rel="next"')
    second = api.get(link[1 : link.index(">")])
    assert second["Content-Type"].startswith("text/csv")
    assert [row["slug"] for row in read_csv(second)] == ["older"]
    assert 'rel="previous"' in second["Link"] and 'rel="next"' not in second["Link"]


def test_csv_follows_fields_and_reports_errors_as_csv(api, world):
    rows = read_csv(api.get(ARTICLES, {"format": "csv", "fields": "title,slug,authors"}))
    assert list(rows[0]) == ["title", "slug", "authors"]
    bad = api.get(ARTICLES, {"format": "csv", "topic": "no-such-topic"})
    assert bad.status_code == 400
    assert bad.content.decode().splitlines()[0] == "field,error"


def test_quotes_csv(api, world):
    response = api.get(QUOTES, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="quotes.csv"'
    rows = read_csv(response)
    assert [row["text"] for row in rows] == ["'-Energy first.", "Agreed."]
    wang = rows[0]
    assert (wang["person"], wang["role"], wang["organization"], wang["direct"]) == (
        "Wang Yi", "Foreign Minister", "MFA", "true",
    )  # fmt: skip
    assert (wang["article_slug"], wang["article_title"]) == ("summit", '\'=HYPERLINK("http://evil.example")')
    assert wang["article_published_at"].startswith("2024-05-")
    assert wang["article_source"] == "xinhua"
    assert "Unpublished words." not in response.content.decode()


def test_json_stays_the_default(api, world):
    response = api.get(ARTICLES)
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response


# caching


def test_list_and_detail_carry_etag_last_modified_cache_control_and_vary(api, world):
    for url in (ARTICLES, f"{ARTICLES}summit/", QUOTES, "/api/v1/people/wang-yi/"):
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["ETag"].startswith('"'), url
        assert response["Last-Modified"], url
        assert response["Cache-Control"] == "public, max-age=60, s-maxage=300", url
        vary = {value.strip() for value in response["Vary"].split(",")}
        assert {"Accept", "Authorization", "Origin"} <= vary, url


def test_if_none_match_and_if_modified_since_give_304(api, world):
    first = api.get(ARTICLES)
    again = api.get(ARTICLES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=60, s-maxage=300"
    assert api.get(ARTICLES, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert api.get(ARTICLES, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_etag_differs_between_json_and_csv_and_queries(api, world):
    etags = {api.get(ARTICLES)["ETag"], api.get(ARTICLES, {"format": "csv"})["ETag"]}
    etags.add(api.get(ARTICLES, {"page_size": 1})["ETag"])
    assert len(etags) == 3


def test_etag_changes_when_an_article_is_published_or_unpublished(api, world):
    before = api.get(ARTICLES)
    ArticleFactory(title="Fresh news", slug="fresh")
    published = api.get(ARTICLES, HTTP_IF_NONE_MATCH=before["ETag"])
    assert published.status_code == 200
    assert published["ETag"] != before["ETag"]
    assert "fresh" in [row["slug"] for row in published.json()["results"]]

    fresh = Article.objects.get(slug="fresh")
    fresh.status = Article.Status.DRAFT
    fresh.save()
    unpublished = api.get(ARTICLES, HTTP_IF_NONE_MATCH=published["ETag"])
    assert unpublished.status_code == 200
    assert "fresh" not in [row["slug"] for row in unpublished.json()["results"]]


def test_last_modified_is_the_last_public_change_or_the_latest_publication(api, world):
    """The content version's dates (articles/content_version.py): bulk writes report theirs with ``changed``."""
    Article.objects.exclude(pk=world["summit"].pk).update(published_at=at(2019))
    ContentState.objects.update(changed_at=at(2020))
    content_version.forget()  # as changed() does for a bulk writer
    assert api.get(ARTICLES)["Last-Modified"] == "Fri, 10 May 2024 00:00:00 GMT"  # the latest publication date
    ContentState.objects.update(changed_at=at(2025, 2))  # e.g. an article unpublished
    content_version.forget()
    response = api.get(ARTICLES, HTTP_IF_MODIFIED_SINCE="Fri, 10 May 2024 00:00:00 GMT")
    assert response.status_code == 200
    assert response["Last-Modified"] == "Mon, 10 Feb 2025 00:00:00 GMT"


def test_last_modified_moves_on_when_content_is_saved(api, world):
    ContentState.objects.update(changed_at=timezone.now() - datetime.timedelta(hours=1))
    content_version.forget()
    first = api.get(ARTICLES)
    since = first["Last-Modified"]
    assert api.get(ARTICLES, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    world["older"].status = Article.Status.ARCHIVED  # unpublished
    world["older"].save()
    response = api.get(ARTICLES, HTTP_IF_MODIFIED_SINCE=since)
    assert response.status_code == 200
    assert parse_http_date(response["Last-Modified"]) > parse_http_date(since)
    assert [row["slug"] for row in response.json()["results"]] == ["summit"]


def test_last_modified_costs_no_query_once_read(api, world, django_assert_num_queries):
    api.get(f"{ARTICLES}summit/")  # the content version, read once and kept in the cache for a moment
    with django_assert_num_queries(5):  # the detail's own five
        assert api.get(f"{ARTICLES}summit/")["Last-Modified"]


def test_key_and_session_requests_are_private(api, world):
    _key, plaintext = ApiKey.objects.create_key(name="partner")
    keyed = api.get(ARTICLES, HTTP_AUTHORIZATION=f"Api-Key {plaintext}")
    assert keyed.status_code == 200
    assert keyed["Cache-Control"] == "private, no-cache"
    assert keyed["ETag"]
    user = get_user_model().objects.create_user("reader", password="x")
    api.force_login(user)
    assert api.get(ARTICLES)["Cache-Control"] == "private, no-cache"


def test_errors_and_the_site_get_no_api_cache_headers(api, world):
    missing = api.get(f"{ARTICLES}no-such-article/")
    assert missing.status_code == 404
    assert "Last-Modified" not in missing and "s-maxage" not in missing.get("Cache-Control", "")
    page = api.get("/articles/")
    assert page.status_code == 200
    assert "Last-Modified" not in page and "s-maxage" not in page.get("Cache-Control", "")


# CORS


def test_cors_on_api_reads(api, world):
    response = api.get(ARTICLES, HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    head = api.head(ARTICLES, HTTP_ORIGIN=ORIGIN)
    assert head["Access-Control-Allow-Origin"] == "*"
    not_modified = api.get(ARTICLES, HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight_for_reads(api):
    response = api.options(
        ARTICLES, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "Authorization, Accept"
    assert int(response["Access-Control-Max-Age"]) > 0


def test_no_cors_for_writes(api):
    """django-cors-headers answers every preflight, but allows only reads and never credentials: a browser refuses
    a cross-origin write. (Our own middleware used to answer a write's preflight with a 403 and no CORS headers.)"""
    preflight = api.options(ARTICLES, HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    allowed = {method.strip() for method in preflight.get("Access-Control-Allow-Methods", "").split(",")}
    assert allowed.isdisjoint({"POST", "PUT", "PATCH", "DELETE"})
    assert "Access-Control-Allow-Credentials" not in preflight
    post = api.post(ARTICLES, {"title": "x"}, format="json", HTTP_ORIGIN=ORIGIN)
    assert post.status_code in (401, 403, 405)
    assert post["Content-Type"] == "application/json"
    assert "Access-Control-Allow-Credentials" not in post


def test_no_cors_on_the_site(api, world):
    page = api.get("/articles/", HTTP_ORIGIN=ORIGIN)
    assert page.status_code == 200
    assert "Access-Control-Allow-Origin" not in page
    preflight = api.options("/articles/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in preflight


# bad input


def test_body_over_one_megabyte_is_413_json(api):
    body = b"x" * (2 * 1024 * 1024)
    response = api.generic("POST", ARTICLES, body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert str(API_MAX_BODY_BYTES) in response.json()["detail"]
    assert api.generic("POST", "/articles/", body, content_type="text/plain").status_code != 413


def test_writes_to_the_read_api_are_json_errors(api):
    user = get_user_model().objects.create_superuser("boss", password="x")
    api.force_login(user)
    malformed = api.generic("POST", ARTICLES, b"{not json", content_type="application/json")
    assert malformed.status_code == 405
    assert malformed.json()["detail"]
    wrong_type = api.generic("PUT", f"{ARTICLES}anything/", b"<x/>", content_type="application/xml")
    assert 400 <= wrong_type.status_code < 500
    assert wrong_type["Content-Type"] == "application/json"
