import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Source, content_hash
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def test_content_hash_is_sha256_of_raw_text():
    article = ArticleFactory(raw_text="Some raw text")
    assert article.content_hash == content_hash("Some raw text")
    assert len(article.content_hash) == 64


def test_the_same_raw_text_cannot_be_stored_twice():
    ArticleFactory(raw_text="The same document")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(raw_text="The same document")
    assert Article.objects.count() == 1


def test_articles_without_raw_text_do_not_collide():
    ArticleFactory(raw_text="")
    ArticleFactory(raw_text="")
    assert Article.objects.filter(content_hash__isnull=True).count() == 2


def test_raw_text_cannot_be_changed_after_import():
    article = ArticleFactory(raw_text="original text")
    article.raw_text = "edited text"
    with pytest.raises(ValueError, match="raw_text"):
        article.save()
    article.refresh_from_db()
    assert article.raw_text == "original text"


def test_other_fields_can_be_edited_after_import():
    article = ArticleFactory(raw_text="original text", title="Old")
    article.title = "New"
    article.save()
    article.refresh_from_db()
    assert article.title == "New"


def test_same_titles_get_distinct_slugs():
    first = ArticleFactory(title="SCO summit opens in Qingdao")
    second = ArticleFactory(title="SCO summit opens in Qingdao")
    assert first.slug == "sco-summit-opens-in-qingdao"
    assert second.slug == "sco-summit-opens-in-qingdao-2"


def test_duplicate_slug_is_refused_by_the_database():
    ArticleFactory(slug="taken")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(slug="taken")


def test_title_without_latin_letters_still_gets_a_slug():
    article = ArticleFactory(title="上海合作组织")
    assert article.slug.startswith("article-")


def test_source_name_is_unique():
    Source.objects.create(name="China Daily")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(name="China Daily")


def test_byline_keeps_author_order():
    zha, xia, chen = (AuthorFactory(name=n) for n in ["Zha Jianguo", "Xia Li", "Chen Lian"])
    article = ArticleFactory(authors=[chen, zha, xia])
    names = [link.author.name for link in article.byline.all()]
    assert names == ["Chen Lian", "Zha Jianguo", "Xia Li"]


def test_an_author_appears_once_per_byline():
    author = AuthorFactory()
    article = ArticleFactory(authors=[author])
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleAuthor.objects.create(article=article, author=author, position=1)


def test_topics_and_places_are_separate_tag_kinds():
    article = ArticleFactory()
    article.topics.add("Afghanistan", "COVID-19")
    article.places.add("Afghanistan")
    assert sorted(t.name for t in article.topics.all()) == ["Afghanistan", "COVID-19"]
    assert [p.name for p in article.places.all()] == ["Afghanistan"]
    assert Article.objects.filter(places__name="COVID-19").count() == 0


def test_tags_get_ascii_slugs_that_their_pages_can_be_linked_by(client):
    article = ArticleFactory()
    article.topics.add("Économie", "Экономика", "économie sociale")
    article.places.add("Türkiye", "Côte d'Ivoire")
    topics = {t.name: t.slug for t in article.topics.all()}
    assert topics["Économie"] == "economie" and topics["économie sociale"] == "economie-sociale"
    assert topics["Экономика"].startswith("topic-")  # nothing Latin to keep: a stable hash
    assert sorted(p.slug for p in article.places.all()) == ["cote-divoire", "turkiye"]
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert 'href="/topics/economie/"' in page.content.decode()
    assert client.get("/topics/economie/").status_code == 200


def test_str_and_urls():
    article = ArticleFactory(title="Civil diplomacy")
    assert str(article) == "Civil diplomacy"
    assert article.get_absolute_url() == f"/articles/{article.slug}/"
    assert article.source.get_absolute_url() == f"/sources/{article.source.slug}/"
    author = Author.objects.create(name="Sun Linjiang")
    assert author.get_absolute_url() == "/authors/sun-linjiang/"


class TestPublished:
    def test_only_published_articles_dated_now_or_earlier_are_public(self):
        now = timezone.now()
        visible = ArticleFactory(status=Article.Status.PUBLISHED, published_at=now - datetime.timedelta(hours=1))
        undated = ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
        ArticleFactory(status=Article.Status.DRAFT)
        ArticleFactory(status=Article.Status.IN_REVIEW)
        ArticleFactory(status=Article.Status.ARCHIVED)
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=now + datetime.timedelta(minutes=5))
        assert set(Article.objects.published()) == {visible, undated}

    def test_a_scheduled_article_appears_when_its_date_arrives(self):
        at = timezone.now() + datetime.timedelta(days=2)
        article = ArticleFactory(status=Article.Status.PUBLISHED, published_at=at)
        assert article not in Article.objects.published()
        assert article in Article.objects.published(now=at)

    def test_scheduled_articles_are_the_published_ones_still_to_come(self):
        now = timezone.now()
        soon = ArticleFactory(status=Article.Status.PUBLISHED, published_at=now + datetime.timedelta(hours=1))
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=now - datetime.timedelta(hours=1))
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
        ArticleFactory(status=Article.Status.DRAFT, published_at=now + datetime.timedelta(hours=2))
        assert list(Article.objects.scheduled(now)) == [soon]
        assert [a for a in Article.objects.all() if a.is_scheduled(now)] == [soon]
        assert Article.objects.next_publication(now) == soon.published_at
        assert not soon.is_scheduled(now + datetime.timedelta(hours=2))

    def test_drafts_stay_hidden_whatever_their_date(self):
        article = ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now() - datetime.timedelta(days=9))
        assert article not in Article.objects.published()

    def test_newest_first_places_an_undated_article_at_its_import_time(self):
        now = timezone.now()
        old = ArticleFactory(published_at=now - datetime.timedelta(days=30))
        undated = ArticleFactory(published_at=None)  # imported now: newer than both
        new = ArticleFactory(published_at=now - datetime.timedelta(days=1))
        assert list(Article.objects.published().newest_first()) == [undated, new, old]
        Article.objects.filter(pk=undated.pk).update(created_at=now - datetime.timedelta(days=10))
        assert list(Article.objects.published().newest_first()) == [new, undated, old]
        assert list(Article.objects.published().oldest_first()) == [old, undated, new]
        undated.refresh_from_db()
        assert undated.published_at is None and undated.sort_date == now - datetime.timedelta(days=10)
