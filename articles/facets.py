"""Facet counts for a filtered article list: one grouped query per facet, never one per value.

A facet that can hold several values at once (topics, places, authors, people:
each added value narrows the list) is counted over the current results, so a
count is what the list would hold with that value added. A facet that holds
one value (source, year, month) is counted with its own selection left out,
so each count is what choosing that value instead would give.

On PostgreSQL each facet's counting query has a time budget
(``FACET_TIME_LIMIT_MS``, as Datasette's ``facet_time_limit_ms``): a facet
that runs out is not counted (``Facet.timed_out``); it shows the most common
values over all published articles instead, without counts, when the
precomputed totals are current. The other facets and the page are unaffected.
"""

from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connections, transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear

from articles import facet_totals
from articles.content_cache import cached_rows
from articles.models import Article, ArticleAuthor, TaggedPlace, TaggedTopic
from articles.search import is_postgresql
from articles.tuning import IdList
from people.models import Person, Quote

MONTH_NAMES = "January February March April May June July August September October November December".split()


@dataclass
class FacetValue:
    value: str
    label: str
    count: int | None  # None when the facet was not counted (``Facet.timed_out``)
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list = field(default_factory=list)
    more: bool = False  # more values exist than are shown
    multiple: bool = True
    timed_out: bool = False  # not counted within the time budget: values (if any) are the overall ones, uncounted
    estimated: bool = False  # counted over a random sample of a very broad list, and scaled (articles.estimates)


def _limited(rows, limit):
    return rows[:limit] if limit else rows


def links_of(model, article_field, articles):
    """The rows of a link table (tags, bylines, quotes) of these articles: a queryset, or the ids of few results
    (an ``IdList``), read from the articles' database."""
    match = (
        {f"{article_field}__in_list": articles}
        if isinstance(articles, IdList)
        else {f"{article_field}__in": articles.values("pk")}
    )
    return model.objects.using(getattr(articles, "db", None)).filter(**match)


def _through_counts(model, article_field, value, label):
    """A counter over a link table (tags, bylines): articles per linked value."""

    def count(articles, limit):
        rows = (
            links_of(model, article_field, articles)
            .values(value, label)
            .annotate(count=Count(article_field))
            .order_by("-count", label)
        )
        return [(row[value], row[label], row["count"]) for row in _limited(rows, limit)]

    return count


def count_people(articles, limit):
    """Articles quoting each person.

    The (article, person) pairs are made distinct first, then counted per
    person: PostgreSQL hashes the pairs, where ``COUNT(DISTINCT article)`` per
    person sorts every quote by the person's name (half the time; see
    docs/performance.md). Django cannot select from a subquery,
    so the outer query is written here around the ORM's own.
    """
    pairs = links_of(Quote, "article", articles).values("article_id", "person_id").distinct().order_by()
    try:
        pairs_sql, params = pairs.query.sql_with_params()
    except EmptyResultSet:  # the filters exclude everything, e.g. a search for stop words only
        return []
    person = Person._meta.db_table
    sql = (
        f"SELECT person.slug, person.name, COUNT(*) AS count FROM ({pairs_sql}) pairs"
        f" INNER JOIN {person} person ON person.id = pairs.person_id"
        " GROUP BY person.id, person.slug, person.name ORDER BY count DESC, person.name"
    )
    if limit:
        sql, params = f"{sql} LIMIT %s", (*params, limit)
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def as_queryset(articles):
    """Article ids (``few_result_ids``) as a queryset of those articles; a queryset as it is."""
    return Article.objects.filter(pk__in_list=articles) if isinstance(articles, IdList) else articles


def count_sources(articles, limit):
    rows = as_queryset(articles).exclude(source=None).values("source__slug", "source__name").annotate(count=Count("pk"))
    rows = _limited(rows.order_by("-count", "source__name"), limit)
    return [(row["source__slug"], row["source__name"], row["count"]) for row in rows]


def count_years(articles, limit):
    rows = as_queryset(articles).exclude(published_at=None).annotate(year=ExtractYear("published_at"))
    rows = rows.values("year").annotate(count=Count("pk")).order_by("-year")
    return [(str(row["year"]), str(row["year"]), row["count"]) for row in rows]


def count_months(articles, limit):
    rows = as_queryset(articles).exclude(published_at=None).annotate(month=ExtractMonth("published_at"))
    rows = rows.values("month").annotate(count=Count("pk")).order_by("month")
    return [(str(row["month"]), MONTH_NAMES[row["month"] - 1], row["count"]) for row in rows]


def left_out(name):
    """The filters a one-value facet is counted without: its own (a month means nothing without its year)."""
    return [name, "month"] if name == "year" else [name]


class Estimated(list):
    """A facet's rows counted over a random sample of a very broad list, and scaled (``articles.estimates``)."""


TIMED_OUT = "timed out"  # a facet's result, in place of its rows, when its query ran out of time
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled, by statement_timeout among others


class FacetBudget:
    """Runs facet counters with a time limit per query: PostgreSQL's ``statement_timeout``, set for them alone.

    The first counter opens a transaction (a savepoint inside one already open)
    and sets the limit for it alone (``set_config(…, true)``, that is ``SET LOCAL``);
    the following counters run in it.
    A counter that runs out aborts it: it is rolled back, ``TIMED_OUT`` stands
    for that facet's rows, and the next counter opens another. At the end the
    block is rolled back too (counters only read), which also undoes the limit,
    so whatever the request runs afterwards runs without it. One query more per
    request (the ``set_config``), plus one per facet that runs out; inside an
    open transaction, three more (the savepoint, its rollback and release).

    With no limit (0) or on another database the counters run as they are.
    """

    def __init__(self, using, milliseconds):
        self.using = using
        self.milliseconds = milliseconds if milliseconds > 0 and is_postgresql(using) else 0
        self._block = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._close(*exc_info)

    def run(self, count, *args):
        if not self.milliseconds:
            return count(*args)
        if self._block is None:
            self._open()
        try:
            return count(*args)
        except OperationalError as error:
            if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
                raise
            self._close(type(error), error, error.__traceback__)
            return TIMED_OUT

    def outside(self, read):
        """``read()`` with no limit (work that is not counting): a block left open is closed first."""
        self._close()
        return read()

    def _open(self):
        self._block = transaction.atomic(using=self.using)
        self._block.__enter__()
        with connections[self.using].cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(self.milliseconds)])

    def _close(self, exc_type=None, exc=None, traceback=None):
        block, self._block = self._block, None
        if block is None:
            return
        if exc_type is None:
            transaction.set_rollback(True, using=self.using)
        block.__exit__(exc_type, exc, traceback)


def _count(filterset, name, limit, budget):
    """One facet's rows (or ``TIMED_OUT``): over the results (their ids, when few) or, for a one-value facet,
    without its own filter. Only the counting runs within the budget, not the reading of the results' ids.

    A very broad list (``filterset.sampled``) is counted over its random sample, and the counts scaled."""
    spec = FACETS[name]
    counted_without = [] if spec.multiple else left_out(name)
    own_filter_chosen = any(filterset.form.cleaned_data.get(other) for other in counted_without)
    sampled = _sampled(filterset, counted_without if own_filter_chosen else None, budget)
    if sampled == TIMED_OUT:
        return TIMED_OUT
    if sampled is not None:
        rows = budget.run(spec.count, sampled.found, limit)
        return rows if rows == TIMED_OUT else Estimated((v, label, sampled.sample.estimate(n)) for v, label, n in rows)
    if own_filter_chosen:
        return budget.run(spec.count, filterset.qs_without(*counted_without).order_by(), limit)
    if "results_read_once" in vars(filterset):  # counted over the results themselves
        ids = filterset.few_result_ids
    else:  # their one query (ids and count) is the list's own, not the facet's: it runs with no limit
        ids = budget.outside(lambda: filterset.few_result_ids)
    return budget.run(spec.count, ids if ids is not None else filterset.qs.order_by(), limit)


def _sampled(filterset, left_out_names, budget):
    """The filterset's ``sampled`` (``left_out_names`` None), the list's own, read with no limit (before the
    first facet opens the budget's block, unless the list read it already); or ``sampled_without(*left_out_names)``,
    a facet's, within its budget: ``TIMED_OUT`` if its queries ran out."""
    if left_out_names is None:
        return filterset.sampled if "sampled" in vars(filterset) else budget.outside(lambda: filterset.sampled)
    if filterset.sample_known(*left_out_names):
        return filterset.sampled_without(*left_out_names)
    return budget.run(filterset.sampled_without, *left_out_names)


@dataclass(frozen=True)
class FacetSpec:
    label: str
    multiple: bool  # several values at once, each narrowing the list
    count: object  # (articles, limit) -> [(value, label, count)]
    limited: bool = True  # years and months are few and all shown


FACETS = {
    "topic": FacetSpec("Topic", True, _through_counts(TaggedTopic, "content_object", "tag__slug", "tag__name")),
    "place": FacetSpec("Country", True, _through_counts(TaggedPlace, "content_object", "tag__slug", "tag__name")),
    "source": FacetSpec("Source", False, count_sources),
    "author": FacetSpec("Author", True, _through_counts(ArticleAuthor, "article", "author__slug", "author__name")),
    "person": FacetSpec("Quoted person", True, count_people),
    "year": FacetSpec("Year", False, count_years, limited=False),
    "month": FacetSpec("Month", False, count_months, limited=False),
}


def toggle_query(params, name, value, multiple):
    """The query string with ``value`` of ``name`` switched on or off (and the page number dropped)."""
    current = params.getlist(name)
    if value in current:
        chosen = [v for v in current if v != value] if multiple else []
    else:
        chosen = [*current, value] if multiple else [value]
    dropped = {"page", name}
    if name == "year" and (value not in current or not chosen):
        dropped.add("month")  # a month belongs to the year it was chosen in
    kept = [(k, v) for k, values in params.lists() if k not in dropped for v in values]
    return encode_query(kept + [(name, v) for v in chosen])


def query_string(params, drop=("page",)):
    """``?a=1&b=2`` for a QueryDict, sorted so equal filters give equal URLs, less the ``drop`` parameters."""
    return encode_query((k, v) for k, values in params.lists() if k not in drop for v in values)


def encode_query(pairs):
    return "?" + urlencode(sorted((k, v) for k, v in pairs if v))


# Parameters that do not change which articles are counted.
NOT_FILTERS = ("page", "sort", "cursor", "page_size", "fields", "facets", "format")


def facet_counts(filterset, names=None, limit=10):
    """Facets for a bound, valid FilterSet: {name: Facet}, with counts of published articles.

    The filterset must read ``Article.objects.published()``. A facet counted
    over all published articles (no filter, or only its own selection) reads
    the precomputed totals while they are current (``articles.facet_totals``).
    Other counts are cached by the filters they depend on
    (``articles.content_cache``), so the same filters cost no query again
    until the content changes.

    Each counting query runs within ``FACET_TIME_LIMIT_MS`` (``FacetBudget``).
    A facet that runs out comes back with ``timed_out`` set and its values, if
    any, uncounted (``_overall_values``). That result is cached like a count,
    under the same content version: the same filters over the same articles
    would run out again, so trying again on every request would only spend the
    budget again; any change the public may see retires it with the rest.
    """
    data = filterset.data
    names = [n for n in (names or FACETS) if n != "month" or filterset.form.cleaned_data.get("year")]
    using = filterset.qs.db
    budget = FacetBudget(using, settings.FACET_TIME_LIMIT_MS)
    parts, computations, unfiltered = {}, {}, []
    for name in names:
        spec = FACETS[name]
        limit_here = limit if spec.limited else None
        counted_by = query_string(data, drop=NOT_FILTERS + (() if spec.multiple else tuple(left_out(name))))
        parts[name] = (name, limit_here, counted_by)
        if counted_by == "?" and name in facet_totals.TOTAL_FACETS:
            unfiltered.append(name)
        computations[parts[name]] = partial(_count, filterset, name, limit_here + 1 if limit_here else None, budget)
    state = filterset.totals_state if unfiltered else None
    totals = current_totals(unfiltered, limit, state, using)
    results = {parts[name]: totals[name] for name in unfiltered} if totals is not None else {}
    with budget:
        results.update(cached_rows("facet", {key: count for key, count in computations.items() if key not in results}))
    timed_out = [name for name in names if results[parts[name]] == TIMED_OUT]
    estimated = {name for name in names if isinstance(results[parts[name]], Estimated)}
    overall = _overall_values(filterset, timed_out, limit)
    facets = {}
    for name in names:
        spec = FACETS[name]
        limit_here = limit if spec.limited else None
        rows = overall[name] if name in timed_out else results[parts[name]]
        shown = _limited(rows, limit_here)
        given = data.getlist(name)
        selected = set(given if spec.multiple else given[-1:])  # a one-value filter given twice: the last wins
        facets[name] = Facet(
            name=name,
            label=spec.label,
            multiple=spec.multiple,
            more=len(rows) > len(shown),
            timed_out=name in timed_out,
            estimated=name in estimated and name not in timed_out,
            values=[
                FacetValue(value, text, count, value in selected, toggle_query(data, name, value, spec.multiple))
                for value, text, count in shown
            ],
        )
    return facets


def _overall_values(filterset, names, limit):
    """{facet: [(value, label, None)]}: for facets not counted in time, their most common values over all published
    articles, from the precomputed totals while they are current (one query), uncounted; else none."""
    overall = {name: [] for name in names}
    wanted = [name for name in names if name in facet_totals.TOTAL_FACETS]
    state = filterset.totals_state if wanted else None
    totals = current_totals(wanted, limit, state, filterset.qs.db)
    for name, rows in (totals or {}).items():
        overall[name] = [(value, label, None) for value, label, _ in rows]
    return overall


def current_totals(names, limit, state, using):
    """The precomputed totals of these facets (``facet_totals.current_totals``), one row past ``limit`` for "more"."""
    whole = [name for name in names if not FACETS[name].limited]
    return facet_totals.current_totals(names, limit + 1 if limit else None, state, using, whole)


def refresh_totals(using="default", force=False):
    """Recompute the precomputed facet totals with these counters (``articles.facet_totals.refresh``)."""
    counters = {name: FACETS[name].count for name in facet_totals.TOTAL_FACETS}
    return facet_totals.refresh(counters, using=using, force=force)
