"""Only a change the public may see retires the cached pages and the facet totals.

``articles.content_version.seen_by_the_public``: a change to a draft, or to its
byline, tags or quotes, is not one, on a database that can lock the article's
row for the rest of the transaction (PostgreSQL); on SQLite, and outside a
transaction, every change counts.
"""

import pytest
from django.db import connection, connections

from articles import content_version
from articles.content_version import seen_by_the_public
from articles.models import Article, ArticleAuthor, Place, Topic
from people.models import Quote
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

LOCKS_ROWS = connection.features.has_select_for_update


@pytest.fixture
def parts():
    """An author, a person and tags to add to articles, made before any version is read (new ones are content)."""
    Topic.objects.create(name="Energy")
    Place.objects.create(name="Kazakhstan")
    return AuthorFactory(name="Ana Ivanova"), PersonFactory(name="Vladimir Norov")


def retires(change, *args, **kwargs):
    """Whether ``change(*args, **kwargs)`` retired the content version (hence the cache and the facet totals)."""
    before = content_version.current().number
    change(*args, **kwargs)
    return content_version.current().number != before


def edit_the_title(article, parts):
    article.title = "A new title"
    article.save()


def send_to_review(article, parts):
    article.status = Article.Status.IN_REVIEW
    article.save()


def tag(article, parts):
    article.topics.add("Energy")
    article.places.add("Kazakhstan")


def untag(article, parts):
    article.topics.clear()


def add_a_quote(article, parts):
    QuoteFactory(article=article, person=parts[1], text="We agreed.")


def edit_a_quote(article, parts):
    quote = article.quotes.get()
    quote.role = "Secretary-General"
    quote.save()


def delete_a_quote(article, parts):
    article.quotes.get().delete()


def add_a_byline(article, parts):
    ArticleAuthor.objects.create(article=article, author=parts[0], position=1)


def delete_the_article(article, parts):
    article.delete()


CHANGES = [
    edit_the_title, send_to_review, tag, untag, add_a_quote, edit_a_quote, delete_a_quote, add_a_byline,
    delete_the_article,
]  # fmt: skip


def an_article(status, parts):
    article = ArticleFactory(title="Talks in Tashkent", status=status)
    article.topics.add("Trade")
    QuoteFactory(article=article, person=parts[1], text="Trade grew.")
    return article


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_to_a_draft_keeps_the_version_where_the_row_can_be_locked(parts, change):
    draft = an_article(Article.Status.DRAFT, parts)
    assert retires(change, draft, parts) is not LOCKS_ROWS


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_change_to_a_published_article_retires_the_version(parts, change):
    published = an_article(Article.Status.PUBLISHED, parts)
    assert retires(change, published, parts)


def test_a_scheduled_article_is_public_content(parts):
    scheduled = an_article(Article.Status.PUBLISHED, parts)
    scheduled.published_at = scheduled.published_at.replace(year=scheduled.published_at.year + 1)
    scheduled.save()
    assert retires(edit_the_title, scheduled, parts)


@pytest.mark.parametrize(
    ("before", "after"), [("draft", "published"), ("published", "draft"), ("published", "archived")]
)
def test_publishing_and_unpublishing_retire_the_version(parts, before, after):
    article = an_article(before, parts)

    def move():
        article.status = after
        article.save()

    assert retires(move)


def test_a_new_article_counts_only_when_it_is_published(parts):
    assert retires(ArticleFactory, status=Article.Status.DRAFT, source=None) is not LOCKS_ROWS
    assert retires(ArticleFactory, status=Article.Status.PUBLISHED, source=None)


@pytest.mark.parametrize("published_first", [True, False], ids=["published to draft", "draft to published"])
def test_a_quote_moved_between_a_draft_and_a_published_article_retires_the_version(parts, published_first):
    published, draft = an_article(Article.Status.PUBLISHED, parts), an_article(Article.Status.DRAFT, parts)
    source, target = (published, draft) if published_first else (draft, published)
    quote = source.quotes.get()

    def move():
        quote.article = target
        quote.save()

    assert retires(move)
    assert Quote.objects.filter(article=target).count() == 2


def test_outside_a_transaction_every_change_counts(parts, monkeypatch):
    draft = an_article(Article.Status.DRAFT, parts)
    monkeypatch.setattr(
        connections["default"], "in_atomic_block", False
    )  # as in autocommit: the status is read unlocked
    assert seen_by_the_public(Article, draft, "default")
    assert seen_by_the_public(Quote, draft.quotes.get(), "default")


@pytest.mark.skipif(not LOCKS_ROWS, reason="SQLite cannot lock a row: every change counts there")
def test_the_article_row_is_read_locked(parts):
    """So that no one can publish it between this read and this change's commit."""
    from django.test.utils import CaptureQueriesContext

    draft = an_article(Article.Status.DRAFT, parts)
    with CaptureQueriesContext(connection) as queries:
        draft.title = "Locked while it changes"
        draft.save()
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert reads and all(sql.endswith("FOR UPDATE") for sql in reads), reads


def test_the_list_page_stays_cached_while_a_draft_is_edited(client, settings, parts):
    settings.CONTENT_CACHE_SECONDS = 300
    ArticleFactory(title="Published summit report")
    draft = an_article(Article.Status.DRAFT, parts)
    assert client.get("/articles/")["X-Cache"] == "miss"
    edit_the_title(draft, parts)
    tag(draft, parts)
    expected = "hit" if LOCKS_ROWS else "miss"
    assert client.get("/articles/")["X-Cache"] == expected
