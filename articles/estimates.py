"""Estimated counts for very broad lists: a random sample of the articles, counted and scaled (PostgreSQL).

A search for a word in nearly every article, or a topic on 40,000 of them,
cannot be counted exactly within a page's budget: counting the matches alone
takes 60–160 ms at 100,000 articles, and every facet is one more pass over
them (docs/performance.md). When the planner expects more than
``BROAD_RESULTS`` results, the list's count and its facets are counted over a
random sample of the article table instead (``TABLESAMPLE SYSTEM``, sized for
about ``SAMPLE_RESULTS`` results) and scaled up, and the page says they are
estimates ("about 97,000"). The sample is repeatable (a fixed seed), so the
same filters give the same figures until the content changes.

A sample that finds fewer results than the threshold after all (the planner
guessed high) is not used: the list is counted exactly, as any other.
On SQLite, the embedded database of small sites, everything is counted exactly.
"""

import json
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from articles import tuning
from articles.search import is_postgresql
from articles.tuning import IdList

SAMPLE_SEED = 0  # REPEATABLE: the same rows each time, for the same size of sample
SAMPLE_ROWS = 5_000  # at most about this many rows sampled (checking a search on each costs ~8 µs)


def planner_rows(queryset):
    """How many rows the planner expects ``queryset`` to return (one ``EXPLAIN``, nothing run); None off PostgreSQL."""
    if not is_postgresql(queryset.db):
        return None
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


@dataclass(frozen=True)
class Sample:
    """A random sample of the article table: ``rows`` (ids, any status) stand for ``scale`` rows each."""

    rows: IdList
    scale: float

    def estimate(self, counted):
        """A count over the sample, scaled to the table: about how many there are."""
        return about(counted * self.scale)


def sample_for(expected, queryset):
    """A sample of ``queryset``'s table expected to hold about ``SAMPLE_RESULTS`` of ``expected`` results.

    At most about ``SAMPLE_ROWS`` rows: a search checks each sampled row's
    stored vector, so a list just past the threshold gets fewer results in its
    sample rather than a slow one. One query: the sampled ids (pages chosen at
    random, a fixed seed) and the table's size as of its last ``ANALYZE``, which
    the sample scales to.
    """
    table = queryset.model._meta.db_table
    percent = min(100.0, 100.0 * settings.SAMPLE_RESULTS / max(expected, 1))
    size = "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)"
    sql = (
        f"SELECT sampled.id, {size} FROM {table} sampled"  # noqa: S608 (the model's own table)
        f" TABLESAMPLE SYSTEM ((SELECT LEAST(%s, 100.0 * %s / GREATEST(reltuples, 1)) FROM pg_class"
        " WHERE oid = %s::regclass)) REPEATABLE (%s)"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [table, percent, SAMPLE_ROWS, table, SAMPLE_SEED])
        rows = cursor.fetchall()
    ids = [pk for pk, _ in rows]
    table_rows = rows[0][1] if rows else 0
    # reltuples is the table's size as of its last ANALYZE (-1: never analysed): at least what the sample holds
    scale = max(table_rows, len(ids)) / len(ids) if ids else 1.0
    return Sample(IdList(ids), scale)


def about(number):
    """``number`` rounded to two significant figures (an estimate should not look exact); at least 1 if not 0."""
    if number <= 0:
        return 0
    digits = max(int(math.floor(math.log10(number))) - 1, 0)
    return max(int(round(number, -digits)), 1)


@dataclass(frozen=True)
class SampledResults:
    """A very broad list, estimated: the ``sample``, the results ``found`` among it, and about how many in all."""

    sample: Sample
    found: IdList
    total: int


def sampled_results(queryset):
    """``SampledResults`` of ``queryset`` (filtered, unsorted) if it is very broad, else ``None`` (count it exactly).

    One ``EXPLAIN``; when the planner expects more than ``BROAD_RESULTS``, one
    query for the sample and one for the results among it. A sample finding no
    more than ``tuning.FEW_RESULTS`` after all is not used: so few are read exactly.
    """
    expected = planner_rows(queryset)
    if expected is None or expected <= settings.BROAD_RESULTS:
        return None
    sample = sample_for(expected, queryset)
    found = IdList(queryset.filter(pk__in_list=sample.rows).values_list("pk", flat=True))
    total = sample.estimate(len(found))
    return SampledResults(sample, found, total) if total > tuning.FEW_RESULTS else None
