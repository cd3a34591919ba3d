"""sitemap.xml: the public pages and nothing else.

``/sitemap.xml`` is an index of one sitemap per section (``/sitemap-articles.xml``,
paged with ``?p=2`` and on): a single sitemap shows only the first page of each
section, which left every article past the 50,000th out (and took seconds on
a large archive). Pages hold ``PAGE_SIZE`` URLs.

Every section starts from ``Article.objects.published()``: published articles,
the people quoted in them, and the sources, authors, topics and places that
have at least one. Each section is one query for its count and one for its
rows (``lastmod`` is annotated, never looked up per row), whatever the number
of articles.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from articles.models import Article, Author, Place, Source, Topic
from people.models import Person

PAGE_SIZE = 10_000  # a sitemap may hold 50,000 URLs; a page of 10,000 renders in under a second


def published():
    return Article.objects.published()


class Section(Sitemap):
    limit = PAGE_SIZE


class StaticSitemap(Section):
    """The home page and the two lists."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "articles:list", "people:list"]

    def location(self, name):
        return reverse(name)


class ArticleSitemap(Section):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):  # for the index; Django's own calls lastmod() on every item
        return published().aggregate(latest=Max("updated_at"))["latest"]


class LatestArticleSitemap(Section):
    """Pages listing published articles, dated by the newest change among their articles."""

    changefreq = "weekly"
    priority = 0.5
    model = None
    articles_path = "articles"  # the path from the model to its articles

    def items(self):
        path = self.articles_path
        return (
            self.model.objects.filter(**{f"{path}__in": published()})
            .annotate(lastmod=Max(f"{path}__updated_at"))
            .order_by("pk")
            .only("slug")
        )

    def lastmod(self, obj):
        return obj.lastmod

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


class PersonSitemap(LatestArticleSitemap):
    model = Person
    articles_path = "quotes__article"


class SourceSitemap(LatestArticleSitemap):
    model = Source


class AuthorSitemap(LatestArticleSitemap):
    model = Author


class TopicSitemap(LatestArticleSitemap):
    model = Topic


class PlaceSitemap(LatestArticleSitemap):
    model = Place


# Classes, not instances: the sitemap view makes a fresh one per request.
SITEMAPS = {
    "static": StaticSitemap,
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "sources": SourceSitemap,
    "authors": AuthorSitemap,
    "topics": TopicSitemap,
    "places": PlaceSitemap,
}
