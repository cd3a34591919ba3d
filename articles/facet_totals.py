"""Facet counts over all published articles, precomputed, so the unfiltered list counts nothing in the request.

Counting every facet over 100,000 articles takes about a second on PostgreSQL
(the quoted-person facet, over ~700,000 quotes, most of it), and the home page
and the unfiltered list and API, the most requested of all, need exactly those
counts. ``refresh()`` computes them with the counters of ``articles.facets`` (``manage.py refresh_facet_totals``, run
after every import and from a timer in production) into ``FacetTotal``, and
``current_totals()`` hands them out only while they are current:

- the totals record the content version they were computed at
  (``articles/content_version.py``); a refresh that overlaps a change does
  not mark itself current (its final update waits for the change to commit
  and then finds another version);
- a scheduled article appears when its date comes, so the totals are current
  only until the next scheduled publication.

When they are not current, ``facet_counts`` counts in the request as before:
a late refresh costs speed, never correctness.

Other precomputed tables are refreshed with them (``TABLES``: each person's
figures, ``people.totals``), in the same transaction under the same stamp, so
they are current exactly when the totals are: their readers use them only
while ``current_state()`` is not ``None``.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.content_version import STATE_PK
from articles.models import Article, ContentState, FacetTotal
from people import totals as people_totals

# The month facet exists only within a chosen year, which is a filter: never unfiltered.
TOTAL_FACETS = ("topic", "place", "source", "author", "person", "year")

# The further precomputed tables ``refresh`` writes: each ``count(published, now, using)`` counts before the
# transaction and returns the function that writes its rows, which is called in it.
TABLES = (people_totals.count,)


def is_current(state, now):
    """Whether totals computed at ``state`` still describe the published articles at ``now``."""
    return (
        state.totals_version is not None
        and state.totals_version == state.version
        and (state.totals_valid_until is None or now < state.totals_valid_until)
    )


def current_state(using="default"):
    """The state row, if the totals are current now; else ``None``."""
    state = ContentState.objects.using(using).filter(pk=STATE_PK).first()
    return state if state is not None and is_current(state, timezone.now()) else None


def current_totals(names, limit, state, using="default", whole=()):
    """{facet: [(value, label, count)]} over all published articles, or ``None`` when not current.

    ``state`` is ``current_state()``, read once by the caller. ``limit`` caps
    the rows of each facet not in ``whole`` (years come whole). One query,
    whatever the number of facets; none when no facet is asked for.
    """
    if not names:
        return {}
    if state is None:
        return None
    limited = [name for name in names if name not in whole]
    whole = [name for name in names if name in whole]
    wanted = Q(facet__in=whole) | Q(facet__in=limited, position__lt=limit) if limit else Q(facet__in=names)
    totals = {name: [] for name in names}
    rows = FacetTotal.objects.using(using).filter(wanted).order_by("facet", "position")
    for facet, value, label, count in rows.values_list("facet", "value", "label", "count"):
        totals[facet].append((value, label, count))
    return totals


def total_of(facet, value, state, using="default"):
    """The precomputed count of one value of one facet (a topic's articles, say), or ``None``: not current
    (``state`` is ``current_state()``), or no such value. One query."""
    if state is None:
        return None
    rows = FacetTotal.objects.using(using).filter(facet=facet, value=value).values_list("count", flat=True)
    return rows.first()


def refresh(counters, using="default", force=False, tables=None):
    """Recompute the totals unless they are current (or ``force``); True if the new totals are current.

    ``counters`` is {facet: count(articles, limit)} (``articles.facets.refresh_totals`` passes its own);
    ``tables`` the further precomputed tables (``None``: ``TABLES``), written with them.

    The counting runs outside any transaction (about five seconds on 100,000
    articles, the people's figures most of it: it must not hold locks); the
    rows are replaced and stamped with the version read before counting in one
    short transaction, which is rolled back if content changed meanwhile.
    """
    now = timezone.now()
    state, _ = ContentState.objects.using(using).get_or_create(pk=STATE_PK)
    if is_current(state, now) and not force:
        return True
    version = state.version
    published = Article.objects.using(using).published(now=now).order_by()
    rows = [
        FacetTotal(facet=name, position=position, value=value, label=label, count=count)
        for name in TOTAL_FACETS
        for position, (value, label, count) in enumerate(counters[name](published, None))
    ]
    writers = [count(published, now, using) for count in (TABLES if tables is None else tables)]
    stamp = {
        "totals_version": version,
        "totals_valid_until": Article.objects.using(using).next_publication(now),
        "totals_computed_at": now,
        "published_count": published.count(),
    }
    with transaction.atomic(using):
        FacetTotal.objects.using(using).all().delete()
        FacetTotal.objects.using(using).bulk_create(rows, batch_size=1000)
        for write in writers:
            write()
        current = ContentState.objects.using(using).filter(pk=STATE_PK, version=version).update(**stamp)
        if not current:
            transaction.set_rollback(True, using=using)
    return bool(current)
