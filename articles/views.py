"""Public pages for articles. Every queryset here starts from ``Article.objects.published()``."""

from contextlib import nullcontext

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.generic import DetailView, View

from articles.facets import FACETS, facet_counts, query_string, toggle_query
from articles.filters import SORTS, ArticleFilterSet
from articles.models import Article
from articles.quote_marks import mark_quotes, quotes_by_person
from articles.search import python_snippet
from articles.tuning import index_scans_preferred
from people.queries import related_articles, with_quotes

PAGE_SIZE = 20
MAX_PAGE = 500  # deep pages are refused: beyond this, narrow the list with filters instead


def paginate(queryset, page_number, per_page=PAGE_SIZE, count=None):
    """The page, or 404 for a page that is malformed, out of range, or too deep.

    ``count``, when already known, saves counting the whole list again.
    """
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    if count is not None:
        paginator.count = count
    try:
        number = int(page_number or 1)
        if not 1 <= number <= MAX_PAGE:
            raise InvalidPage
        return paginator.page(number)
    except (ValueError, InvalidPage):
        raise Http404("No such page of results.") from None


class ArticleListView(View):
    """The faceted list: filters from the query string, facet counts, search snippets, pagination."""

    template_name = "articles/article_list.html"
    subject_param = None  # the filter a source, author, topic or place page is about

    def get(self, request, slug=None):
        data = request.GET.copy()
        if self.subject_param:
            data.setlist(self.subject_param, [slug])
        filterset = ArticleFilterSet(data, queryset=Article.objects.published())
        valid = filterset.is_valid()
        if self.subject_param and self.subject_param in filterset.errors:
            raise Http404("No such page.")  # unknown, or known only from unpublished articles (publicly_known)
        subject = self.subject(filterset) if valid else None
        context = {"filterset": filterset, "subject": subject, "subject_param": self.subject_param, "sorts": SORTS}
        query = (filterset.form.cleaned_data.get("q") or "").strip()  # kept in the search box when it is valid
        if not valid:
            errors = {"errors": filterset.errors, "query": query}
            return TemplateResponse(request, self.template_name, {**context, **errors}, status=400)
        with index_scans_preferred(filterset.qs.db) if query else nullcontext():
            articles, count = filterset.listing(
                lambda articles: articles.for_listing().with_snippets(query) if query else articles.for_listing()
            )
            page = paginate(articles, request.GET.get("page"), count=count)
            if query:
                for article in page.object_list:
                    article.snippet = getattr(article, "snippet", None) or python_snippet(article.body, query)
            facets = facet_counts(filterset, names=[n for n in FACETS if n != self.subject_param])
        sampled = filterset.sampled
        context.update(
            results_total=filterset.broad_total if sampled else page.paginator.count,
            estimated_total=sampled is not None and filterset.exact_total is None,
            facets_estimated=any(facet.estimated for facet in facets.values()),
            ranked_newest=settings.RANKED_NEWEST if sampled and filterset.ranked else None,
            page=page,
            articles=page.object_list,
            query=query,
            sort=filterset.chosen_sort,
            facets=facets,
            feed_query=query_string(data, drop=("page", "sort")),
            selected=selected_filters(filterset, self.subject_param),
        )
        return TemplateResponse(request, self.template_name, context)

    def subject(self, filterset):
        """The source, author, topic or place of the page, as the filter validated it (no second lookup)."""
        if not self.subject_param:
            return None
        value = filterset.form.cleaned_data[self.subject_param]
        return value[0] if isinstance(value, list | tuple) else value


def selected_filters(filterset, fixed_param=None):
    """(label, value text, url without it) for each active filter, so each can be removed on its own."""
    data = filterset.data
    chosen = []
    for name, spec in FACETS.items():
        if name == fixed_param:
            continue
        values = data.getlist(name)
        for value in values if spec.multiple else values[-1:]:  # a one-value filter given twice: the last wins
            cleaned = filterset.form.cleaned_data.get(name)
            objects = cleaned if isinstance(cleaned, list | tuple) else [cleaned]
            text = next((str(o) for o in objects if getattr(o, "slug", None) == value), value)
            chosen.append((spec.label, text, toggle_query(data, name, value, spec.multiple)))
    return chosen


class FacetView(View):
    """Every value of one facet for the current filters (the "more" link)."""

    def get(self, request, name):
        if name not in FACETS:
            raise Http404("No such facet.")
        filterset = ArticleFilterSet(request.GET, queryset=Article.objects.published())
        if not filterset.is_valid():
            context = {"errors": filterset.errors, "sorts": SORTS, "filterset": filterset}
            return TemplateResponse(request, "articles/article_list.html", context, status=400)
        facet = facet_counts(filterset, names=[name], limit=None).get(name)
        if facet is None:
            raise Http404("Months are listed within a year: choose a year first.")
        return TemplateResponse(request, "articles/facet.html", {"facet": facet})


class HomeView(ArticleListView):
    template_name = "home.html"


class ArticleDetailView(DetailView):
    """One published article: its statements marked and linked to the people quoted, and related articles.

    Six queries whatever the article holds: the article and source, byline,
    topics, places, quotes with their people, related articles.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return with_quotes(Article.objects.published().for_listing().with_tags())

    def get_context_data(self, **kwargs):
        article = self.object
        quotes = list(article.quotes.all())
        paragraphs = mark_quotes(article.paragraphs(), quotes)
        quoted = quotes_by_person(quotes, marked=paragraphs.marked)
        topic_ids = [topic.pk for topic in article.topics.all()]
        return super().get_context_data(
            paragraphs=paragraphs,
            quoted=quoted,
            related=related_articles(article, topic_ids, [entry.person.pk for entry in quoted]),
            canonical=self.request.build_absolute_uri(article.get_absolute_url()),
            **kwargs,
        )


class ArticlePreviewView(ArticleDetailView):
    """Any article, draft or not, as the public would see it; served only inside the admin."""

    def get_queryset(self):
        return with_quotes(Article.objects.for_listing().with_tags())

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


source_articles = ArticleListView.as_view(subject_param="source")
author_articles = ArticleListView.as_view(subject_param="author")
topic_articles = ArticleListView.as_view(subject_param="topic")
place_articles = ArticleListView.as_view(subject_param="place")
