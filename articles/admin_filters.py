"""List filters for the article admin.

Each runs at most one query to build its choices, whatever the number of
articles, so the changelist costs the same with five articles or 100,000.
Filters over a long tail (sources, topics, places) offer the most used values
and whatever is currently selected, not every value.
"""

from django.contrib import admin
from django.db.models import Count

from articles.dashboard import imported_since
from articles.models import Place, Source, Topic

TOP_VALUES = 15


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
        years = model_admin.model.objects.dates("published_at", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

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
    """Filter by slug over a long tail: the most used values, and the one selected."""

    model = None
    count_path = ""  # from the model to its articles, for ranking by use
    article_lookup = ""  # from the article to the model's slug

    def lookups(self, request, model_admin):
        top = list(
            self.model.objects.annotate(uses=Count(self.count_path))
            .filter(uses__gt=0)
            .order_by("-uses", "name")
            .values_list("slug", "name")[:TOP_VALUES]
        )
        selected = self.value()
        if selected and selected not in {slug for slug, _ in top}:
            top += list(self.model.objects.filter(slug=selected).values_list("slug", "name"))
        return top

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.article_lookup: self.value()})
        return queryset


class SourceFilter(TopValuesFilter):
    title = "source"
    parameter_name = "source"
    model = Source
    count_path = "articles"
    article_lookup = "source__slug"


class TopicFilter(TopValuesFilter):
    title = "topic"
    parameter_name = "topic"
    model = Topic
    count_path = "article_links"
    article_lookup = "topic_links__tag__slug"


class PlaceFilter(TopValuesFilter):
    title = "place"
    parameter_name = "place"
    model = Place
    count_path = "article_links"
    article_lookup = "place_links__tag__slug"
