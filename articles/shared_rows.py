"""Rows that many writers share (sources, authors, people, tags): found, or made once, whoever else is writing.

Two imports that meet the same new name at the same moment both find nothing and both insert. On
PostgreSQL the second insert waits for the first transaction, then fails on the unique constraint
(the name, or the slug derived from it) and, outside a savepoint, takes the whole transaction with
it. So each insert here is made in a savepoint, and a failed one is followed by another read, which
finds the row the other writer committed (or, if the slug alone was taken, derives a fresh one).

Authors and people have no unique name (two people may share one), so no constraint would stop the
second insert: on PostgreSQL the creators of one name first take a transaction-level advisory lock
on it, and the second finds the first's row once it may go on. SQLite has one writer at a time.
"""

import hashlib

from django.db import IntegrityError, connections, router, transaction

ATTEMPTS = 3


def get_or_create_shared(model, lookup, defaults, *, find=None, lock_key=None):
    """``(row, created)``: the row of ``model`` matching ``lookup`` (filter keywords), else a new one from ``defaults``.

    ``find`` (no arguments, a row or None) replaces the filter, e.g. people are found by name or alias;
    when several rows match, the oldest is used. ``lock_key`` names the row for the advisory lock
    (default: the lookup's values). Created rows are only visible to others once the caller's
    transaction commits; until then others wanting the same name wait for it (PostgreSQL).
    """
    manager = model._default_manager
    find = find or (lambda: manager.filter(**lookup).order_by("pk").first())
    row = find()
    if row is not None:
        return row, False
    using = router.db_for_write(model)
    # Outside a transaction this block is one, so the lock lasts until the new row is committed.
    with transaction.atomic(using=using):
        _lock(using, model, lock_key if lock_key is not None else sorted(lookup.items()))
        for attempt in range(ATTEMPTS):
            row = find()
            if row is not None:
                return row, False
            try:
                with transaction.atomic(using=using):
                    return manager.create(**defaults), True
            except IntegrityError:
                # Someone else committed the row (found by the next read), or the slug derived from its name.
                if attempt == ATTEMPTS - 1:
                    raise
    raise AssertionError("unreachable")


def _lock(using, model, key):
    """Wait for, then hold until the end of the transaction, PostgreSQL's advisory lock on ``key`` in ``model``."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"{model._meta.label}:{key}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])
