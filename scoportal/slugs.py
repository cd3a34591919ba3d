"""Unique, readable slugs for any model with a ``slug`` field."""

import hashlib
from functools import reduce
from operator import or_

from django.db import IntegrityError, router, transaction
from django.db.models import Q
from django.utils.text import slugify


def base_slug(text, max_length=200, fallback="item"):
    """An ASCII slug for ``text`` (the URL patterns take no other), or ``fallback`` plus a hash of it."""
    base = slugify(text)[:max_length].strip("-")
    if not base:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        base = f"{fallback}-{digest}"
    return base


def unique_slugs(model, texts, *, max_length=200, instance_pk=None, fallback="item"):
    """Slugs for ``texts``, unique among themselves and in ``model``'s table, found with one query.

    Each text is slugified, then -2, -3 … is added while the slug is taken. Text
    that slugifies to nothing (e.g. only Chinese characters) falls back to
    ``fallback`` plus a short hash of the text, so the slug stays stable.
    """
    bases = [base_slug(text, max_length, fallback) for text in texts]
    if not bases:
        return []
    rows = model._default_manager.filter(reduce(or_, (Q(slug__startswith=base) for base in set(bases))))
    if instance_pk is not None:
        rows = rows.exclude(pk=instance_pk)
    taken = set(rows.values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 2
        while slug in taken:
            suffix = f"-{n}"
            slug = f"{base[: max_length - len(suffix)]}{suffix}"
            n += 1
        taken.add(slug)
        slugs.append(slug)
    return slugs


def unique_slug(model, text, **options):
    return unique_slugs(model, [text], **options)[0]


def save_with_unique_slug(instance, *, attempts=10):
    """Save a new ``instance`` whose ``save()`` derives its slug, deriving a fresh one while others take it.

    Two writers that derive the same slug at the same moment both see it free; the second insert then
    fails on the unique slug. Each try is a savepoint; any other IntegrityError is raised as it is.
    """
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    for attempt in range(attempts):
        derived = not instance.slug
        try:
            with transaction.atomic(using=using):
                instance.save(using=using)
            return instance
        except IntegrityError:
            taken = derived and model._default_manager.using(using).filter(slug=instance.slug).exists()
            if not taken or attempt == attempts - 1:
                raise
            instance.slug = ""
    return instance
