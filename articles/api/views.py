"""The partner API for articles, sources, authors and tags: read-only, published content only.

Every queryset starts from ``Article.objects.published()``; sources, authors
and tags are listed only with published articles, counted over those alone.
"""

from contextlib import nullcontext

from django.db import router
from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.pagination import OrderedCursorPagination
from api.renderers import ArticleCSVRenderer
from api.viewsets import SLUG_PATTERN, FilterSetBackend
from articles.api.serializers import (
    PREFETCHED,
    ArticleSerializer,
    AuthorSerializer,
    SourceSerializer,
    TagSerializer,
)
from articles.facets import FACETS, facet_counts
from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleAuthor, Author, Place, Source, TaggedPlace, TaggedTopic, Topic
from articles.tuning import index_scans_preferred
from people.models import Quote

NEWEST = ("-sort_date", "-pk")
OLDEST = ("sort_date", "pk")


def published_articles():
    return Article.objects.published()


def articles_for_api(articles):
    """What the article serializer reads, prefetched: five queries for any number of articles.

    As plain lists (``to_attr``): a related manager's queryset for every article
    and relation, which the serializer never uses, cost more than the queries.
    """
    return (
        articles.without_import_data()
        .select_related("source")
        .prefetch_related(
            Prefetch("byline", ArticleAuthor.objects.select_related("author"), to_attr=PREFETCHED["byline"]),
            Prefetch("topics", to_attr=PREFETCHED["topics"]),  # taggit's managers take no custom queryset
            Prefetch("places", to_attr=PREFETCHED["places"]),
            Prefetch(
                "quotes",
                Quote.objects.select_related("person").order_by("position", "pk"),
                to_attr=PREFETCHED["quotes"],
            ),
        )
    )


class CursorOrderedFilterSet(ArticleFilterSet):
    """The site's filters, leaving the order to the cursor pagination (``get_cursor_ordering``).

    The site's relevance order, and its window of the newest matches on a very
    broad search, do not apply: every match is listed, newest (or oldest) first.
    """

    def sort_queryset(self, queryset, sort):
        return queryset


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first, filtered exactly as the site filters them (``ArticleFilterSet``).

    Filters: ``topic``, ``place``, ``author``, ``person`` (repeatable, all must
    match), ``source``, ``year``, ``month``, ``published_after``,
    ``published_before``, ``q``. An unknown value is a 400 naming the filter and value.

    ``fields=title,slug`` returns only those fields. ``facets=topic,place,source,person,year``
    adds ``facets``: for each, ``[{value, label, count}]`` computed by
    ``articles.facets.facet_counts`` (the site's own numbers, top 10 as on the site),
    and ``facets_timed_out``: the facets not counted within the time limit (on a
    very broad search, say), each given as ``[]``; narrower filters count them.
    ``facets_estimated`` names the facets whose counts are estimates: on a very
    broad list (over ~10,000 articles, PostgreSQL) they are counted over a
    random sample and scaled, rounded to two significant figures.

    Ordering and pagination: cursor pagination (``cursor``, ``page_size`` up to
    100), newest first (the publication date, else the import time, then ``id``),
    so pages stay stable while articles are published. ``sort=oldest`` walks the
    other way. The FilterSet's ``sort=relevance`` (search rank) cannot be a
    stable cursor key, so in the API it is accepted but results stay newest
    first: the cursor ordering wins over the FilterSet's ordering.
    """

    serializer_class = ArticleSerializer
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, ArticleCSVRenderer]  # ?format=csv, Accept: text/csv
    filterset_class = CursorOrderedFilterSet
    filter_backends = [FilterSetBackend]
    pagination_class = OrderedCursorPagination
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    facets_query_param = "facets"
    filterset = None

    def get_queryset(self):
        return articles_for_api(published_articles())

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_cursor_ordering(self):
        valid = self.filterset is not None and self.filterset.is_valid()
        sort = self.filterset.form.cleaned_data.get("sort") if valid else None
        return OLDEST if sort == "oldest" else NEWEST

    def requested_facets(self):
        raw = ",".join(self.request.query_params.getlist(self.facets_query_param))
        names = list(dict.fromkeys(name.strip() for name in raw.split(",") if name.strip()))
        unknown = [name for name in names if name not in FACETS]
        if unknown:
            raise ValidationError(
                {
                    self.facets_query_param: [
                        f"Unknown facet: {', '.join(unknown)}. Allowed facets: {', '.join(FACETS)}."
                    ]
                }
            )
        return names

    def list(self, request, *args, **kwargs):
        facet_names = self.requested_facets()
        self.get_serializer()  # check ?fields= before any query
        searching = bool(request.query_params.get("q", "").strip())
        with index_scans_preferred(router.db_for_read(Article)) if searching else nullcontext():
            response = super().list(request, *args, **kwargs)
            if facet_names and self.filterset is not None:
                facets = facet_counts(self.filterset, names=facet_names)
                response.data["facets"] = {
                    name: []
                    if facet.timed_out
                    else [{"value": v.value, "label": v.label, "count": v.count} for v in facet.values]
                    for name, facet in facets.items()
                }
                response.data["facets_timed_out"] = [name for name, facet in facets.items() if facet.timed_out]
                response.data["facets_estimated"] = [name for name, facet in facets.items() if facet.estimated]
        return response


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    """Sources with published articles, by name, with ``article_count`` (published only)."""

    serializer_class = SourceSerializer
    pagination_class = OrderedCursorPagination
    cursor_ordering = ("name", "pk")
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return Source.objects.filter(articles__in=published_articles()).annotate(article_count=Count("articles"))


class AuthorViewSet(viewsets.ReadOnlyModelViewSet):
    """Authors with published articles, by name, with ``article_count`` (published only)."""

    serializer_class = AuthorSerializer
    pagination_class = OrderedCursorPagination
    cursor_ordering = ("name", "pk")
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN

    def get_queryset(self):
        return Author.objects.filter(articles__in=published_articles()).annotate(article_count=Count("articles"))


TAG_KINDS = {"topic": (Topic, TaggedTopic), "place": (Place, TaggedPlace)}


def tag_counts(kind):
    """Tags of one kind on published articles, by name, with ``article_count``: one query."""
    model, _through = TAG_KINDS[kind]
    return (
        model.objects.filter(article_links__content_object__in=published_articles())
        .annotate(article_count=Count("article_links"))
        .order_by("name", "pk")
    )


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "kind",
                str,
                enum=["topic", "place"],
                many=True,
                explode=True,
                description="Only tags of this kind (repeatable); both when absent. Another value is a 400.",
            )
        ]
    )
)
class TagViewSet(viewsets.GenericViewSet):
    """Topics and places used by published articles, with ``kind`` and ``article_count``; ``?kind=topic|place``.

    Not paginated: the vocabularies are curated and small (one query per kind).
    """

    serializer_class = TagSerializer
    pagination_class = None
    filter_backends = []
    queryset = Topic.objects.none()  # for the permission class; the list reads both kinds

    def list(self, request, *args, **kwargs):
        kinds = request.query_params.getlist("kind") or list(TAG_KINDS)
        unknown = [kind for kind in kinds if kind not in TAG_KINDS]
        if unknown:
            raise ValidationError({"kind": [f"Unknown kind: {', '.join(unknown)}. Allowed: {', '.join(TAG_KINDS)}."]})
        rows = [
            {
                "kind": kind,
                "name": tag.name,
                "slug": tag.slug,
                "url": request.build_absolute_uri(tag.get_absolute_url()),
                "article_count": tag.article_count,
            }
            for kind in dict.fromkeys(kinds)
            for tag in tag_counts(kind)
        ]
        return Response(self.get_serializer(rows, many=True).data)
