"""Query tuning for large archives: the few places where the plain ORM was measured too slow.

Each piece is kept because a benchmark at 100,000 articles showed it pays
(``make bench-web``; the figures, before and after, are in docs/performance.md).
Everything else reads the ORM as written.

- ``IdList`` and the ``__in_list`` lookup: a long list of ids as one array
  parameter (``= ANY(%s::bigint[])``) on PostgreSQL, where ``__in`` builds,
  adapts and sends one parameter per id; the plain ``IN`` elsewhere. It is
  registered on every field (``register_lookups``, from ``ArticlesConfig.ready``).
- ``FEW_RESULTS`` and ``ResultsById``: a filtered list of up to ``FEW_RESULTS``
  articles reads its ids once (``ArticleFilterSet.results_read_once``); the
  facets count over those ids and a page reads its 20 rows by id, instead of
  running every filter again for each. ``ArticleFilterSet.listing`` chooses
  between the three ways a list is read: unfiltered (its count precomputed),
  few results (by id), many (the filters' queryset).
- ``index_scans_preferred``: PostgreSQL planned a word found in most articles
  as a sequential scan, de-TOASTing every stored search vector; through the GIN
  index none is read.

(The person facet's distinct-pairs SQL is in ``articles.facets.count_people``,
and the search snippet's window in ``articles.search.snippet_window``, beside
what they tune.)
"""

from collections.abc import Sequence
from contextlib import contextmanager
from functools import cached_property

from django.db import DatabaseError, connections
from django.db.models import Field, ForeignObject
from django.db.models.lookups import In

from articles.search import is_postgresql

FEW_RESULTS = 5_000  # up to this many results, their ids are read once and reused


class IdList:
    """Ids for ``__in_list``, passed whole.

    Django resolves and prepares every item of a list or tuple given to a
    lookup, and checks every item of an iterable given to a relation, one by
    one (milliseconds a query with thousands of ids). It leaves alone a
    sequence without ``__iter__``, which Python still iterates by index; and
    the array text is written once however many queries use it.
    """

    def __init__(self, ids):
        self._ids = [int(pk) for pk in ids]

    def __getitem__(self, index):
        return self._ids[index]

    def __len__(self):
        return len(self._ids)

    def __repr__(self):
        return f"IdList({self._ids!r})"

    @cached_property
    def array_text(self):
        return "{" + ",".join(map(str, self._ids)) + "}"


class InList(In):
    lookup_name = "in_list"

    def get_prep_lookup(self):
        return self.rhs if isinstance(self.rhs, IdList) else super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.rhs if isinstance(self.rhs, IdList) else IdList(self.rhs)
        array_type = self.lhs.output_field.db_type(connection)  # the column's own type: its index applies
        return f"{lhs} = ANY(%s::{array_type}[])", (*lhs_params, values.array_text)


def register_lookups():
    Field.register_lookup(InList)
    ForeignObject.register_lookup(InList)  # relations look up only their own lookups, not Field's


class ResultsById(Sequence):
    """Results whose ids are known in order: a slice (a page) reads those rows only, by primary key."""

    def __init__(self, queryset, ids):
        self.queryset, self.ids = queryset, ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        wanted = self.ids[index]
        rows = {article.pk: article for article in self.queryset.filter(pk__in=wanted)}
        return [rows[pk] for pk in wanted if pk in rows]  # an article unpublished since the ids were read is left out


@contextmanager
def index_scans_preferred(using):
    """Plan the block's queries with sequential scans discouraged (PostgreSQL; nothing elsewhere).

    For a word found in most articles the planner reads the whole table, since
    by its estimate nearly every row matches anyway; but each row's stored
    vector must then be de-TOASTed, a cost its model leaves out. Through the GIN
    index no vector is read, which is three times faster for a common word and
    no slower for a rare one. Two queries: set, and reset after.
    """
    if not is_postgresql(using):
        yield
        return
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")
        except DatabaseError:  # the block's transaction failed: its rollback undoes the SET as well
            pass
