"""RSS and Atom feeds of the latest published articles, for the whole site or any filtered list.

Every feed starts from ``Article.objects.published()`` through the list's own
FilterSet, so a feed holds exactly what the list with the same query shows.

Escaping: titles and author names are plain text (Atom ``type="text"``; feed
readers read RSS titles the same way), so they go out as they are and the XML
writer escapes them once. Descriptions are HTML in both formats (RSS
``<description>``, Atom ``<summary type="html">``), so the imported text is
HTML-escaped first: a reader shows ``<b>`` in a standfirst as text, never as markup.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.facets import MONTH_NAMES, query_string
from articles.filters import ArticleFilterSet
from articles.models import Article

FEED_SIZE = 30
DESCRIPTION_WORDS = 60
SITE_NAME = "SCO Portal"


def filter_labels(cleaned_data):
    """Readable words for the active filters, in a fixed order: topics, places, source, authors, people, …"""
    data = cleaned_data
    labels = [obj.name for name in ("topic", "place") for obj in data.get(name) or ()]
    if data.get("source"):
        labels.append(data["source"].name)
    labels += [f"by {author.name}" for author in data.get("author") or ()]
    labels += [f"quoting {person.name}" for person in data.get("person") or ()]
    if (data.get("q") or "").strip():
        labels.append(f"“{data['q'].strip()}”")
    if data.get("year"):
        month = data.get("month")
        labels.append(f"{MONTH_NAMES[month - 1]} {data['year']}" if month else str(data["year"]))
    if data.get("published_after"):
        labels.append(f"from {data['published_after']:%Y-%m-%d}")
    if data.get("published_before"):
        labels.append(f"until {data['published_before']:%Y-%m-%d}")
    return labels


class ArticleFeed(Feed):
    """The same filters as the article list (?topic=…&person=…&source=…&q=…), newest first."""

    description = "News and analysis about the Shanghai Cooperation Organization."

    def get_object(self, request):
        filterset = ArticleFilterSet(request.GET, queryset=Article.objects.published())
        if not filterset.is_valid():
            raise Http404("Unknown filter in the feed address.")
        # Per request, so on the filterset: the Feed instance is shared by every request.
        filterset.feed_query = query_string(request.GET, drop=("page", "sort"))
        filterset.feed_path = request.path
        filterset.feed_domain = split_domain_port(request.get_host())[0] or "localhost"
        return filterset

    def title(self, filterset):
        labels = filter_labels(filterset.form.cleaned_data)
        return f"{SITE_NAME}: {', '.join(labels) if labels else 'latest articles'}"

    def link(self, filterset):
        return reverse("articles:list") + _query(filterset)

    def feed_url(self, filterset):
        return filterset.feed_path + _query(filterset)

    def items(self, filterset):
        articles = list(filterset.sort_queryset(filterset.qs, "newest").for_listing().with_tags()[:FEED_SIZE])
        for article in articles:
            # A tag: URI (RFC 4151) from the id, so the entry stays the same entry when its slug is edited.
            article.feed_guid = f"tag:{filterset.feed_domain},{article.created_at:%Y-%m-%d}:article-{article.pk}"
        return articles

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        if article.standfirst.strip():
            return escape(article.standfirst.strip())
        words = article.body.split()
        text = " ".join(words[:DESCRIPTION_WORDS]) + ("…" if len(words) > DESCRIPTION_WORDS else "")
        return escape(text)

    def item_guid(self, article):
        return article.feed_guid

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        """The publication date, else the time the portal took the article in (``sort_date``).

        Feed readers sort and show entries by this date, and RSS has no other: an undated article
        without one was listed at the reader's fetch time or at the end. ``sort_date`` is the date the
        feed is ordered by, so the dates keep that order.
        """
        return article.sort_date

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(link.author.name for link in article.byline.all()) or None

    def item_categories(self, article):
        return [tag.name for tag in article.topics.all()] + [place.name for place in article.places.all()]


def _query(filterset):
    query = getattr(filterset, "feed_query", "?")
    return query if query != "?" else ""


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
