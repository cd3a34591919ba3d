"""The content cache: anonymous pages and facet counts are reused, and never outlive a change."""

import datetime
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import content_version
from articles.filters import ArticleFilterSet
from articles.models import Article, ContentState
from tests.editorial.conftest import user_in
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

LIST = "/articles/"


@pytest.fixture(autouse=True)
def caching_on(settings):
    """The page cache on."""
    settings.CONTENT_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def token(now=None):
    return content_version.current(now).token


def titles(response):
    return {article.title for article in response.context["articles"]} if response.context else None


def get(client, url, **extra):
    """A request, with how many queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_a_repeated_anonymous_page_is_served_from_the_cache(client):
    ArticleFactory(title="Summit in Astana")
    first, first_queries = get(client, LIST)
    second, second_queries = get(client, LIST)
    assert first["X-Cache"] == "miss" and first_queries > 5
    assert second["X-Cache"] == "hit"
    assert second_queries == 0  # the content version too comes from the cache (its copy, COPY_SECONDS)
    assert second.content == first.content


def test_a_change_reported_by_a_bulk_writer_is_seen_at_once(client):
    """A bulk write sends no signal; ``changed()`` counts it and drops the cached copy of the version."""
    article = ArticleFactory(title="Summit in Astana")
    assert client.get(LIST)["X-Cache"] == "miss"
    assert client.get(LIST)["X-Cache"] == "hit"
    Article.objects.filter(pk=article.pk).update(title="Summit in Tashkent")  # no signal: not this process
    content_version.changed()  # what the importer's merges and the corpus generator call
    page = client.get(LIST)
    assert page["X-Cache"] == "miss"
    assert titles(page) == {"Summit in Tashkent"}


def test_nothing_is_cached_without_the_version_row(client):
    ArticleFactory(title="Summit in Astana")
    ContentState.objects.all().delete()
    assert content_version.current() is None
    assert "X-Cache" not in client.get(LIST)
    assert "X-Cache" not in client.get(LIST)


def test_publishing_shows_at_once_and_unpublishing_hides_at_once(client):
    article = ArticleFactory(title="Draft about energy", status=Article.Status.DRAFT)
    assert b"Draft about energy" not in client.get(LIST).content
    assert client.get(LIST)["X-Cache"] == "hit"
    article.status = Article.Status.PUBLISHED
    article.save()
    page = client.get(LIST)
    assert page["X-Cache"] == "miss" and b"Draft about energy" in page.content
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    article.save()
    assert b"Draft about energy" not in client.get(LIST).content
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_scheduled_article_appears_when_its_date_comes(client):
    now = timezone.now()
    ArticleFactory(title="Scheduled piece", published_at=now + datetime.timedelta(hours=1))
    assert b"Scheduled piece" not in client.get(LIST).content
    assert client.get(LIST)["X-Cache"] == "hit"
    with patch("django.utils.timezone.now", return_value=now + datetime.timedelta(hours=2)):
        page = client.get(LIST)
    assert page["X-Cache"] == "miss" and b"Scheduled piece" in page.content


def test_the_version_changes_at_the_next_scheduled_publication_only():
    now = timezone.now()
    ArticleFactory(published_at=now + datetime.timedelta(hours=1))
    version = token(now)
    assert token(now + datetime.timedelta(minutes=59)) == version
    assert token(now + datetime.timedelta(minutes=61)) != version


def test_editing_a_quote_or_person_refreshes_pages(client):
    article = ArticleFactory()
    quote = QuoteFactory(article=article, person=PersonFactory(name="Zhang Ming"), role="Minister")
    assert b"Minister" in client.get(article.get_absolute_url()).content
    quote.role = "Ambassador"
    quote.save()
    page = client.get(article.get_absolute_url())
    assert b"Ambassador" in page.content and b"Minister" not in page.content


def test_an_import_refreshes_the_list(client):
    from articles.ingest.runner import import_one

    client.get(LIST)
    text = "Leaders meet in Astana\n\nBy Anna Petrova\n\nThe SCO summit opened on Monday in Astana. " * 3
    report = import_one("new.txt", text.encode(), status=Article.Status.PUBLISHED)
    assert report.outcome == "created", report.error
    page = client.get(LIST)
    assert page["X-Cache"] == "miss" and report.article.title.encode() in page.content


def test_logged_in_users_are_never_served_or_stored(client):
    draft = ArticleFactory(title="Staff only draft", status=Article.Status.DRAFT)
    client.force_login(user_in("Editors"))
    staff_page = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))
    assert "X-Cache" not in staff_page
    assert "X-Cache" not in client.get(LIST)
    client.logout()
    anonymous = client.get(LIST)
    assert anonymous["X-Cache"] == "miss" and b"Staff only draft" not in anonymous.content


@pytest.mark.parametrize("url", ["/articles/?year=abc", "/articles/no-such-article/", "/admin/login/"])
def test_errors_and_the_admin_are_not_cached(client, url):
    client.get(url)
    assert "X-Cache" not in client.get(url)


def test_api_reads_are_cached_per_format_and_bypassed_with_credentials(client):
    ArticleFactory(title="API piece")
    client.get("/api/v1/articles/")
    assert client.get("/api/v1/articles/")["X-Cache"] == "hit"
    csv = client.get("/api/v1/articles/", HTTP_ACCEPT="text/csv")
    assert csv["X-Cache"] == "miss" and csv["Content-Type"].startswith("text/csv")
    keyed = client.get("/api/v1/articles/", HTTP_API_KEY="sco_not_a_real_key")
    assert "X-Cache" not in keyed
    conditional = client.get("/api/v1/articles/", HTTP_IF_NONE_MATCH='"x"')
    assert "X-Cache" not in conditional


def test_facet_counts_are_reused_for_the_same_filters_and_recounted_after_a_change():
    for _ in range(3):
        ArticleFactory().topics.add("Energy")

    def topic_counts():
        from articles.facets import facet_counts

        filterset = ArticleFilterSet(QueryDict("topic=energy"), queryset=Article.objects.published())
        assert filterset.is_valid()
        with CaptureQueriesContext(connection) as queries:
            facets = facet_counts(filterset, names=["topic", "source", "year"])
        return {v.value: v.count for v in facets["topic"].values}, len(queries)

    counts, first = topic_counts()
    again, second = topic_counts()
    assert counts == again == {"energy": 3}
    assert second < first
    ArticleFactory().topics.add("Energy")
    recounted, _ = topic_counts()
    assert recounted == {"energy": 4}


def test_with_a_replica_nothing_is_cached_until_the_lag_window_after_a_change_closes(settings, monkeypatch):
    monkeypatch.setattr("articles.content_version.replica_configured", lambda: True)
    settings.REPLICA_LAG_SECONDS = 5
    ArticleFactory()  # a change: the replica may lag behind it for a few seconds
    changed_at = ContentState.objects.get().changed_at
    assert token(changed_at + datetime.timedelta(seconds=3)) is None
    assert token(changed_at + datetime.timedelta(seconds=6)) is not None


def test_without_a_replica_a_change_leaves_no_lag_window():
    ArticleFactory()
    assert token() is not None
    assert token(timezone.now() + datetime.timedelta(hours=1)) == token()


def test_last_modified_is_the_last_change_or_the_last_publication_that_has_come():
    now = timezone.now()
    ArticleFactory(published_at=now + datetime.timedelta(hours=1))
    changed_at = ContentState.objects.get().changed_at
    assert content_version.current(now).last_modified == changed_at  # the scheduled one is not out yet
    later = now + datetime.timedelta(hours=2)
    assert content_version.current(later).last_modified == now + datetime.timedelta(hours=1)


def test_the_version_is_read_from_its_cached_copy_until_a_change_drops_it():
    now = timezone.now()
    ArticleFactory(published_at=now - datetime.timedelta(days=1))
    first = content_version.current(now)
    with CaptureQueriesContext(connection) as queries:
        assert content_version.current(now) == first
    assert len(queries) == 0
    newer = ArticleFactory(published_at=now - datetime.timedelta(hours=1))  # a change drops the copy
    assert content_version.current(now).last_publication == newer.published_at


def test_a_copy_the_change_could_not_drop_lasts_no_longer_than_copy_seconds():
    """As in another process's local memory, or in Redis while unreachable: the copy's own lifetime bounds it."""
    with patch.object(cache, "set", wraps=cache.set) as stored:
        first = content_version.current()
    assert stored.call_args.args[2] <= content_version.COPY_SECONDS  # the copy's own timeout bounds it
    ContentState.objects.update(version=first.number + 1)  # changed in the database only
    assert content_version.current().number == first.number  # the copy, for a moment
    cache.delete(content_version.COPY_KEY.format(using="default"))  # what its timeout does
    assert content_version.current().number == first.number + 1
