"""List filters for the article admin.

Each builds its choices in at most three queries, whatever the number of
articles; where the precomputed facet totals exist, none of them counts
articles, so the choices cost the same with five articles or 100,000.
Filters over a long tail (sources, topics, places) offer the most used values
and whatever is currently selected, not every value.
"""

from django.contrib import admin
from django.db import connections
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from articles.dashboard import imported_since
from articles.models import FacetTotal, Place, Source, Topic
from articles.search import is_postgresql

TOP_VALUES = 15


# One query for the years of a whole table (PostgreSQL): the first and last year from the column's index,
# then one index probe per year between them. ``DISTINCT`` over the truncated dates, Django's way, reads
# every row (16–24 ms at 100,000 articles; this ~1 ms); and 26 probes built with the ORM cost as much again
# in Python. A year is counted in the current time zone, as the year filter and the date hierarchy match it.
YEARS_SQL = """
SELECT year FROM generate_series(
    (SELECT extract(year FROM min({column}) AT TIME ZONE %(zone)s) FROM {table})::int,
    (SELECT extract(year FROM max({column}) AT TIME ZONE %(zone)s) FROM {table})::int
) AS year
WHERE EXISTS (
    SELECT FROM {table} WHERE {column} >= make_timestamptz(year, 1, 1, 0, 0, 0, %(zone)s)
    AND {column} < make_timestamptz(year + 1, 1, 1, 0, 0, 0, %(zone)s)
)
ORDER BY year DESC"""


def years_of(model, field, using="default"):
    """The years in which ``field`` (a date and time) of any row of ``model`` falls, newest first."""
    if not is_postgresql(using):
        return [day.year for day in model._default_manager.using(using).dates(field, "year", order="DESC")]
    quote = connections[using].ops.quote_name
    sql = YEARS_SQL.format(table=quote(model._meta.db_table), column=quote(model._meta.get_field(field).column))
    with connections[using].cursor() as cursor:
        cursor.execute(sql, {"zone": timezone.get_current_timezone_name()})
        return [year for (year,) in cursor.fetchall()]


class YesNoFilter(admin.SimpleListFilter):
    """A yes/no filter on one condition (``yes_lookup``, e.g. ``{"source__isnull": False}``)."""

    yes_lookup = {}

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(**self.yes_lookup)
        if self.value() == "no":
            return queryset.exclude(**self.yes_lookup)
        return queryset


class HasDateFilter(YesNoFilter):
    title = "has a date"
    parameter_name = "has_date"
    yes_lookup = {"published_at__isnull": False}


class HasSourceFilter(YesNoFilter):
    title = "has a source"
    parameter_name = "has_source"
    yes_lookup = {"source__isnull": False}


class ImportedFilter(admin.SimpleListFilter):
    title = "added"
    parameter_name = "imported"
    PERIODS = {"today": 0, "7d": 7, "30d": 30}

    def lookups(self, request, model_admin):
        return [("today", "Today"), ("7d", "Past 7 days"), ("30d", "Past 30 days")]

    def queryset(self, request, queryset):
        days = self.PERIODS.get(self.value())
        if days is None:
            return queryset
        return queryset.filter(created_at__gte=imported_since(days))


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = years_of(model_admin.model, "published_at", model_admin.model.objects.db)
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and 1 <= int(value) <= 9999:
            return queryset.filter(published_at__year=int(value))
        return queryset


class MissingTagsFilter(admin.SimpleListFilter):
    title = "missing tags"
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("topic", "No topic"), ("place", "No place"), ("any", "No tags at all")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "topic":
            return queryset.filter(topic_links__isnull=True)
        if value == "place":
            return queryset.filter(place_links__isnull=True)
        if value == "any":
            return queryset.filter(topic_links__isnull=True, place_links__isnull=True)
        return queryset


class TopValuesFilter(admin.SimpleListFilter):
    """Filter by slug over a long tail: the most used values, and the one selected.

    The most used are read from the precomputed facet totals (``FacetTotal``,
    refreshed after every import and on a timer) when there are any: counting
    every article's links took 30–60 ms a filter at 100,000 articles. The totals
    rank by published articles and may be a refresh behind; each value is read
    with its current name, and one since deleted is left out. Without totals
    (a new site) the values are counted here, over every article.
    """

    model = None
    facet = ""  # its name in the facet totals, whose values are slugs
    count_path = ""  # from the model to its articles, for ranking by use
    article_lookup = ""  # from the article to the model's id

    def most_used(self):
        name = self.model.objects.filter(slug=OuterRef("value")).values("name")[:1]
        top = list(
            FacetTotal.objects.filter(facet=self.facet)
            .annotate(name=Subquery(name))
            .exclude(name=None)
            .order_by("position")
            .values_list("value", "name")[:TOP_VALUES]
        )
        if top:
            return top
        return list(
            self.model.objects.annotate(uses=Count(self.count_path))
            .filter(uses__gt=0)
            .order_by("-uses", "name")
            .values_list("slug", "name")[:TOP_VALUES]
        )

    def lookups(self, request, model_admin):
        top = self.most_used()
        selected = self.value()
        if selected and selected not in {slug for slug, _ in top}:
            top += list(self.model.objects.filter(slug=selected).values_list("slug", "name"))
        return top

    def queryset(self, request, queryset):
        """The articles linked to the selected value, by its id.

        By id, PostgreSQL's statistics of the link column estimate how many
        articles a value has; through a join on the slug it assumed the average,
        ~800, and for a topic on 43,000 articles sorted them all for a page
        (140 ms) instead of walking the list's order until a page is full (5 ms).
        """
        if not self.value():
            return queryset
        selected = self.model.objects.filter(slug=self.value()).values_list("pk", flat=True).first()
        return queryset.none() if selected is None else queryset.filter(**{self.article_lookup: selected})


class SourceFilter(TopValuesFilter):
    title = "source"
    parameter_name = "source"
    facet = "source"
    model = Source
    count_path = "articles"
    article_lookup = "source"


class TopicFilter(TopValuesFilter):
    title = "topic"
    parameter_name = "topic"
    facet = "topic"
    model = Topic
    count_path = "article_links"
    article_lookup = "topic_links__tag"


class PlaceFilter(TopValuesFilter):
    title = "place"
    parameter_name = "place"
    facet = "place"
    model = Place
    count_path = "article_links"
    article_lookup = "place_links__tag"
