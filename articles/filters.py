"""The one FilterSet for article lists, shared by the public pages, the feeds and the API."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Count, Exists, F, OuterRef, Window
from django.utils.functional import cached_property

from articles import estimates, facet_totals, tuning
from articles.facets import NOT_FILTERS, query_string
from articles.models import Article, ArticleAuthor, Author, Place, Source, TaggedPlace, TaggedTopic, Topic
from articles.search import MAX_QUERY_LENGTH
from people.models import Person, Quote
from people.queries import public_quotes

SORTS = {"newest": "Newest first", "oldest": "Oldest first", "relevance": "Most relevant"}


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LinkFilter(django_filters.ModelMultipleChoiceFilter):
    """Values chosen by slug, filtered by id: PostgreSQL keeps statistics per id in the link table.

    By slug the link rows are found through a join, and the planner, not knowing
    which id the slug stands for, guesses a few hundred rows for a topic of
    40,000 articles (docs/performance.md has the figures).
    """

    def get_filter_predicate(self, v):
        return {self.field_name: v.pk}


def unknown(kind):
    return {"invalid_choice": f"Unknown {kind}: %(value)s", "invalid_pk_value": f"Unknown {kind}: %(pk)s"}


# What makes a topic, place, source, author or person publicly known: a published article has it.
ON_PUBLISHED_ARTICLES = {
    Topic: lambda: TaggedTopic.objects.filter(tag=OuterRef("pk"), content_object__in=Article.objects.published()),
    Place: lambda: TaggedPlace.objects.filter(tag=OuterRef("pk"), content_object__in=Article.objects.published()),
    Source: lambda: Article.objects.published().filter(source=OuterRef("pk")),
    Author: lambda: ArticleAuthor.objects.filter(author=OuterRef("pk"), article__in=Article.objects.published()),
    Person: lambda: public_quotes().filter(person=OuterRef("pk")),
}


def publicly_known(model):
    """The queryset of a filter by ``model``: only values some published article has.

    A value seen only in drafts is then refused exactly as one nobody has
    ("Unknown person: …", the same 400 on pages and in the API, the same 404 on
    feeds and subject pages), so no answer tells that it exists, and no
    chosen-filter label or feed title names it. A callable, so "published" is
    read per request (a scheduled article counts once its date comes). The
    check is an ``EXISTS`` in the one lookup that validates the values.
    """
    return lambda request=None: model.objects.filter(Exists(ON_PUBLISHED_ARTICLES[model]()))


class NulRefused(forms.Field):
    def clean(self, value):
        raise ValidationError(ProhibitNullCharactersValidator.message, code=ProhibitNullCharactersValidator.code)


class FilterForm(forms.Form):
    """The form of every public FilterSet: a value with a NUL byte is refused, with one message, before it is read.

    PostgreSQL text cannot hold a NUL byte (a DataError, a 500). Text and slug
    fields refuse one already; a date or a number would say something else, and
    a yes/no filter would read it as "either".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data = self.data
        for name in self.fields:
            values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
            if any(isinstance(value, str) and "\x00" in value for value in values):
                self.fields[name] = NulRefused(required=False)


class ArticleFilterSet(django_filters.FilterSet):
    """Filters of published articles. Several topics, places, authors or people narrow the list (AND)."""

    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"The search text is too long (at most {MAX_QUERY_LENGTH} characters)."},
    )
    topic = LinkFilter(
        field_name="topics", to_field_name="slug", queryset=publicly_known(Topic), conjoined=True, distinct=False,
        error_messages=unknown("topic"),
    )  # fmt: skip
    place = LinkFilter(
        field_name="places", to_field_name="slug", queryset=publicly_known(Place), conjoined=True, distinct=False,
        error_messages=unknown("place"),
    )  # fmt: skip
    source = django_filters.ModelChoiceFilter(
        field_name="source", to_field_name="slug", queryset=publicly_known(Source), error_messages=unknown("source")
    )
    author = LinkFilter(
        field_name="authors", to_field_name="slug", queryset=publicly_known(Author), conjoined=True, distinct=False,
        error_messages=unknown("author"),
    )  # fmt: skip
    person = django_filters.ModelMultipleChoiceFilter(
        method="filter_people", to_field_name="slug", distinct=False, queryset=publicly_known(Person),
        label="Quoted person", error_messages=unknown("person"),
    )  # fmt: skip
    year = IntegerFilter(field_name="published_at", lookup_expr="year", min_value=1900, max_value=2100)
    month = IntegerFilter(method="filter_month", min_value=1, max_value=12)
    published_after = django_filters.DateFilter(field_name="published_at", lookup_expr="date__gte")
    published_before = django_filters.DateFilter(field_name="published_at", lookup_expr="date__lte")
    sort = django_filters.ChoiceFilter(choices=list(SORTS.items()), method="keep", empty_label=None)

    class Meta:
        model = Article
        fields = []
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:  # "?topic=" means no topic, not an unknown one
            data = data.copy()
            for name in list(data):
                values = [value for value in data.getlist(name) if value.strip()]
                if values:
                    data.setlist(name, values)
                else:
                    del data[name]
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_people(self, queryset, name, people):
        """Articles quoting every one of these people (a subquery each, so no duplicate rows)."""
        for person in people:
            queryset = queryset.filter(pk__in=Quote.objects.filter(person=person).values("article_id"))
        return queryset

    def filter_month(self, queryset, name, value):
        return queryset.filter(published_at__month=value) if self.form.cleaned_data.get("year") else queryset

    def keep(self, queryset, name, value):
        return queryset  # sorting is applied last, in filter_queryset

    def qs_without(self, *names):
        """The filtered articles with some filters left out, unsorted (to count a single-value facet).

        Reuses this FilterSet's validated values, so no filter value is looked up again.
        """
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @cached_property
    def results_read_once(self):
        """(the ids of the results if there are at most ``tuning.FEW_RESULTS``, else ``None``; how many there are).

        One query. With several filters, running them again for every facet,
        the count and the page costs tens of milliseconds each on a large
        archive; a short list of ids is read once, and each of those becomes a
        few index look-ups. The count comes with it (a window count), so a page
        runs the same queries whether its results are few or many. The ids are
        in the order of the list, except when a search ranks it (the rank is
        computed for the page only).
        """
        results = self.qs.order_by() if self.ranked else self.qs
        rows = list(results.annotate(total=Window(Count("pk"))).values_list("pk", "total")[: tuning.FEW_RESULTS + 1])
        total = rows[0][1] if rows else 0
        return (tuning.IdList(pk for pk, _ in rows) if total <= tuning.FEW_RESULTS else None), total

    @property
    def few_result_ids(self):
        return self.results_read_once[0]

    @cached_property
    def sampled(self):
        """A ``SampledResults`` when the list is too broad to count exactly (PostgreSQL), else ``None``.

        Unfiltered, never (its counts are precomputed); else ``sampled_without()``.
        """
        return None if query_string(self.data, drop=NOT_FILTERS) == "?" else self.sampled_without()

    def sample_known(self, *names):
        """Whether ``sampled_without(*names)`` is already known (costs no query)."""
        return frozenset(names) in vars(self).get("_samples", {})

    def sampled_without(self, *names):
        """``estimates.sampled_results`` of the list with the filters ``names`` left out (a one-value facet
        is counted so), once per set of names."""
        samples = vars(self).setdefault("_samples", {})
        key = frozenset(names)
        if key not in samples:
            samples[key] = estimates.sampled_results(self.qs_without(*names).order_by())  # not self.qs: it is sorted
        return samples[key]

    @property
    def ranked(self):
        """Whether the list is ordered by search relevance."""
        return self.chosen_sort == "relevance" and "rank" in self.qs.query.annotations

    @cached_property
    def totals_state(self):
        """The state of the precomputed facet totals if they are current, else ``None`` (read once)."""
        return facet_totals.current_state(self.qs.db)

    @cached_property
    def exact_total(self):
        """How many results there are, from the precomputed totals, when the list is one value of one facet
        (a topic's page, say) and they are current; else ``None``. One query."""
        chosen = [(name, values) for name, values in self.data.lists() if name not in NOT_FILTERS]
        if len(chosen) != 1 or chosen[0][0] not in facet_totals.TOTAL_FACETS or len(chosen[0][1]) != 1:
            return None
        (name, (value,)) = chosen[0]
        return facet_totals.total_of(name, value, self.totals_state, self.qs.db)

    def listing(self, prepare=lambda articles: articles):
        """(the sorted results, for a paginator; how many there are when known without counting them).

        ``prepare`` adds to the queryset what the page shows. With no filter,
        the number comes from the precomputed totals; with few results, a page
        reads only its own rows, by id, so the filters do not run again.
        """
        if query_string(self.data, drop=NOT_FILTERS) == "?":
            return prepare(self.qs), self.totals_state and self.totals_state.published_count
        if self.sampled is not None:  # about so many (or exactly, precomputed); relevance ranks only the newest
            return prepare(self.qs), settings.RANKED_NEWEST if self.ranked else self.broad_total
        ids, total = self.results_read_once
        if ids is None:
            return prepare(self.qs), total
        if self.ranked:  # the page query ranks the results
            return prepare(self.qs.filter(pk__in=ids)), total
        return tuning.ResultsById(prepare(self.queryset), ids), total

    @property
    def broad_total(self):
        """How many results a sampled list has: exactly when precomputed (``exact_total``), else estimated."""
        return self.exact_total if self.exact_total is not None else self.sampled.total

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.sort_queryset(queryset, self.form.cleaned_data.get("sort"))

    def sort_queryset(self, queryset, sort):
        sort = sort or self.default_sort
        if sort == "relevance" and "rank" in queryset.query.annotations:
            if self.sampled is not None:  # ranking every match reads every stored vector: only the newest are
                queryset = queryset.filter(pk__in=queryset.newest_first().values("pk")[: settings.RANKED_NEWEST])
            return queryset.order_by(F("rank").desc(), "-sort_date", "-pk")
        if sort == "oldest":
            return queryset.oldest_first()
        return queryset.newest_first()

    @property
    def searching(self):
        return bool((self.form.cleaned_data.get("q") or "").strip()) if self.is_valid() else False

    @property
    def default_sort(self):
        """Relevance for a search, unless it is too broad to rank (``sampled``); else newest first."""
        return "relevance" if self.searching and self.sampled is None else "newest"

    @property
    def chosen_sort(self):
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else None
        return chosen or self.default_sort
