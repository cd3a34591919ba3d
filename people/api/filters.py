"""The filters of the quotes endpoint; unknown values are a 400 naming the filter and the value.

As in ``ArticleFilterSet``, a person, source, topic or place is known only if
a published article has it (``publicly_known``).
"""

import django_filters

from articles.filters import FilterForm, publicly_known, unknown
from articles.models import Article, Place, Source, Topic
from people.models import Person, Quote


def published_articles(request):
    """Read per request: "published" depends on the time (a scheduled article appears when its date comes)."""
    return Article.objects.published()


class QuoteFilterSet(django_filters.FilterSet):
    person = django_filters.ModelChoiceFilter(
        field_name="person", to_field_name="slug", queryset=publicly_known(Person), error_messages=unknown("person")
    )
    article = django_filters.ModelChoiceFilter(
        field_name="article", to_field_name="slug", queryset=published_articles,
        error_messages=unknown("article"),
    )  # fmt: skip
    source = django_filters.ModelChoiceFilter(
        field_name="article__source", to_field_name="slug", queryset=publicly_known(Source),
        error_messages=unknown("source"),
    )  # fmt: skip
    topic = django_filters.ModelChoiceFilter(method="filter_topic", to_field_name="slug",
        queryset=publicly_known(Topic), error_messages=unknown("topic"))  # fmt: skip
    place = django_filters.ModelChoiceFilter(method="filter_place", to_field_name="slug",
        queryset=publicly_known(Place), error_messages=unknown("place"))  # fmt: skip
    published_after = django_filters.DateFilter(field_name="article__published_at", lookup_expr="date__gte")
    published_before = django_filters.DateFilter(field_name="article__published_at", lookup_expr="date__lte")
    direct = django_filters.BooleanFilter(field_name="is_direct")

    class Meta:
        model = Quote
        fields = []
        form = FilterForm

    def filter_topic(self, queryset, name, topic):
        # a subquery, so an article tagged twice never doubles a quote
        return queryset.filter(article__in=Article.objects.filter(topics=topic).values("pk"))

    def filter_place(self, queryset, name, place):
        return queryset.filter(article__in=Article.objects.filter(places=place).values("pk"))
