"""RSS and Atom feeds of the latest published articles, for the whole site or any filtered list."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from articles.filters import ArticleFilterSet
from articles.models import Article

FEED_SIZE = 30


class ArticleFeed(Feed):
    """The same filters as the article list (?topic=…&person=…&source=…&q=…), newest first."""

    description = "News and analysis about the Shanghai Cooperation Organization."

    def get_object(self, request):
        filterset = ArticleFilterSet(request.GET, queryset=Article.objects.published())
        if not filterset.is_valid():
            raise Http404("Unknown filter in the feed address.")
        filterset.request_query = request.GET.urlencode()
        return filterset

    def title(self, filterset):
        labels = [str(value) for name, value in filterset.form.cleaned_data.items() if value and name != "sort"]
        flat = [str(v) for value in labels for v in ([value] if not isinstance(value, list) else value)]
        return "SCO Portal" + (f": {', '.join(flat)}" if flat else ": latest articles")

    def link(self, filterset):
        query = getattr(filterset, "request_query", "")
        return reverse("articles:list") + (f"?{query}" if query else "")

    def items(self, filterset):
        return filterset.sort_queryset(filterset.qs, "newest").for_listing().with_tags()[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.standfirst or " ".join(article.body.split()[:60]) + "…"

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(link.author.name for link in article.byline.all()) or None

    def item_categories(self, article):
        return [tag.name for tag in article.topics.all()] + [place.name for place in article.places.all()]


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
