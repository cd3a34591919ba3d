"""Unique, readable slugs for any model with a ``slug`` field."""

import hashlib

from django.utils.text import slugify


def unique_slug(model, text, *, max_length=200, instance_pk=None, fallback="item"):
    """Slugify ``text`` and add -2, -3 … until no other row of ``model`` has it.

    Text that slugifies to nothing (e.g. only Chinese characters) falls back to
    ``fallback`` plus a short hash of the text, so the slug stays stable.
    """
    base = slugify(text)[:max_length].strip("-")
    if not base:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        base = f"{fallback}-{digest}"
    taken = model._default_manager.filter(slug__startswith=base)
    if instance_pk is not None:
        taken = taken.exclude(pk=instance_pk)
    taken = set(taken.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug
