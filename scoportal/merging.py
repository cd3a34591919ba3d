"""Helpers for the merge functions of people (people/merging.py), authors and sources (articles/merging.py)."""


def lock_for_merge(model, keep, others):
    """(keep, others) read again with ``select_for_update``, locked in pk order so that two merges cannot deadlock.

    Call it inside a transaction. Raises ValueError if there is nothing to merge,
    ``model.DoesNotExist`` if a row is gone.
    """
    ids = {keep.pk, *(other.pk for other in others)}
    if len(ids) < 2:
        raise ValueError("A merge needs at least one row other than the one kept.")
    rows = {row.pk: row for row in model._default_manager.select_for_update().filter(pk__in=ids).order_by("pk")}
    if rows.keys() != ids:
        raise model.DoesNotExist(f"A {model._meta.verbose_name} to merge no longer exists.")
    kept = rows.pop(keep.pk)
    return kept, list(rows.values())


def fill_blanks(keep, others, fields):
    """Give each empty field of ``keep`` the first non-empty value among ``others``; returns the fields filled."""
    filled = []
    for field in fields:
        if not getattr(keep, field):
            value = next((getattr(other, field) for other in others if getattr(other, field)), None)
            if value:
                setattr(keep, field, value)
                filled.append(field)
    return filled


def counted(count, singular, plural=None):
    """ "1 quote", "3 quotes"."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
