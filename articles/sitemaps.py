"""sitemap.xml: the public pages and nothing else.

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


def published():
    return Article.objects.published()


class StaticSitemap(Sitemap):
    """The home page and the two lists."""

    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "articles:list", "people:list"]

    def location(self, name):
        return reverse(name)


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


class LatestArticleSitemap(Sitemap):
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
