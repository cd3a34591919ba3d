"""The content version: what the public may see changed, and when it next changes by itself.

One counter, ``ContentState.version``, is incremented by every change to
content the public may see, inside the transaction that makes the change
(``changed``). A scheduled article comes out when its date arrives, with no
write at all, so the version also ends at the next scheduled publication.
Everything that must follow the content reads ``current()``:

- the page and facet cache (``articles.content_cache``) keys its entries by ``token``;
- the precomputed facet totals (``articles.facet_totals``) are current while
  they were computed at this version and no scheduled article has come out;
- the API's ``Last-Modified`` is ``last_modified``.

Which changes count: a save or delete of a person, alias, tag, source or
author; of a published (or scheduled) article or of its byline, tag links and
quotes; and whatever a bulk writer (the importer's merges, the corpus
generator) reports by calling ``changed``. Editing a draft does not count.

The counter lives in the primary database. A copy of it (with the
publication dates it implies) is kept in the cache for ``COPY_SECONDS`` at
most, so a cached page costs no query at all: ``changed`` deletes the copy at
once and again when the change commits, so the next request anywhere reads the
database. Only where that delete cannot reach (Redis unreachable at the time;
each process's own local-memory cache; a request that read the old version just
before the commit and stored it just after) may the old version be served, for
``COPY_SECONDS`` at most. With a read replica, a page built just after a change
may still miss it on the replica: for ``REPLICA_LAG_SECONDS`` after a change
nothing is cached (``token`` is ``None``).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Q, Subquery
from django.db.models.functions import Now
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from scoportal.db_router import replica_configured

STATE_PK = 1


@dataclass(frozen=True)
class ContentVersion:
    number: int
    changed_at: datetime | None  # when the last counted change was made
    next_publication: datetime | None  # the version ends then: a scheduled article comes out
    last_publication: datetime | None  # the latest publication date that has come
    read_at: datetime

    @property
    def token(self):
        """A cache-key part that changes with the content, or ``None`` while nothing may be cached."""
        lag = timedelta(seconds=settings.REPLICA_LAG_SECONDS)
        if self.changed_at is not None and replica_configured() and self.read_at - self.changed_at < lag:
            return None
        scheduled = int(self.next_publication.timestamp()) if self.next_publication else 0
        return f"{self.number}-{scheduled}"

    @property
    def last_modified(self):
        """When the public content last changed: the last counted change or the last publication that has come."""
        dates = [date for date in (self.changed_at, self.last_publication) if date is not None]
        return max(dates) if dates else None


COPY_SECONDS = 2  # how long the cached copy of the version may be served without asking the database
COPY_KEY = "content:version:{using}"


def current(now=None, using=DEFAULT_DB_ALIAS):
    """The content version now, or ``None`` before the state row exists (nothing is cached then).

    From the cached copy while it lasts and no scheduled publication has come
    since it was read; else one query, which refreshes the copy.
    """
    now = now or timezone.now()
    key = COPY_KEY.format(using=using)
    known = cache.get(key)
    if known is None or (known[2] is not None and now >= known[2]):
        known = with_publication_dates(state_row(using), now, using).first()
        if known is None:
            return None
        seconds = COPY_SECONDS if known[2] is None else min(COPY_SECONDS, (known[2] - now).total_seconds())
        cache.set(key, known, max(1, math.ceil(seconds)))
    return ContentVersion(*known, read_at=now)


def state_row(using):
    return apps.get_model("articles", "ContentState").objects.using(using).filter(pk=STATE_PK)


def with_publication_dates(rows, now, using):
    """The state row with the next scheduled publication and the latest one that has come (index look-ups)."""
    articles = apps.get_model("articles", "Article").objects.using(using)
    upcoming = articles.scheduled(now).order_by("published_at").values("published_at")[:1]
    latest = articles.published(now).exclude(published_at=None).order_by("-published_at").values("published_at")[:1]
    rows = rows.annotate(next=Subquery(upcoming), last=Subquery(latest))
    return rows.values_list("version", "changed_at", "next", "last")


def forget(using=DEFAULT_DB_ALIAS):
    """Drop the cached copy: the next ``current()`` reads the database."""
    cache.delete(COPY_KEY.format(using=using))


def changed(using=DEFAULT_DB_ALIAS, **kwargs):
    """Count a content change, in the caller's transaction (a no-op before the state row exists).

    Also a signal receiver, hence ``**kwargs``.
    """
    using = using or DEFAULT_DB_ALIAS
    state_row(using).update(version=F("version") + 1, changed_at=Now())
    forget(using)
    if connections[using].in_atomic_block:  # outside a transaction the change is committed already
        transaction.on_commit(partial(forget, using), using=using, robust=True)


# Saving or deleting any of these changes what the public may see.
CONTENT_MODELS = (
    "articles.Topic", "articles.Place", "articles.Source", "articles.Author", "people.Person", "people.PersonAlias",
)  # fmt: skip
# An article and its parts, each with the field naming its article: the public sees them only while it is published.
ARTICLE_PARTS = {
    "articles.Article": "pk", "articles.ArticleAuthor": "article_id", "articles.TaggedTopic": "content_object_id",
    "articles.TaggedPlace": "content_object_id", "people.Quote": "article_id",
}  # fmt: skip


def connect_signals():
    """Count saves and deletes of content (bulk writes send no signals: their callers call ``changed``).

    taggit writes its links with ``get_or_create`` and queryset deletes, which
    send these signals for ``TaggedTopic`` and ``TaggedPlace``: no ``m2m_changed`` needed.
    """
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"content-saved-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"content-deleted-{label}")
    for label in ARTICLE_PARTS:
        model = apps.get_model(label)
        pre_save.connect(article_changing, sender=model, dispatch_uid=f"article-saving-{label}")
        pre_delete.connect(article_changing, sender=model, dispatch_uid=f"article-deleting-{label}")


def article_changing(sender, instance, using=None, **kwargs):
    """Before an article, or its byline, a tag link or a quote, is saved or deleted: a change if it may be public."""
    using = using or DEFAULT_DB_ALIAS
    if seen_by_the_public(sender, instance, using):
        changed(using)


def seen_by_the_public(sender, instance, using):
    """Whether saving or deleting ``instance`` (an article or one of its parts) may change what the public sees.

    The article's rows are read locked (``Article.objects.statuses_locked``), so
    no status can change before this change commits. Without a transaction, or
    on a database that cannot lock a row (SQLite), every change counts.
    """
    connection = connections[using]
    if not connection.in_atomic_block or not connection.features.has_select_for_update:
        return True
    article = apps.get_model("articles.Article")
    if sender is article and instance.pk is None:
        return article.may_be_public(instance.status)  # a new article
    field = ARTICLE_PARTS[sender._meta.label]
    statuses = {instance.status} if sender is article else set()  # its new status (or, deleted, its last)
    concerned = Q(pk=getattr(instance, field))
    if sender is not article and instance.pk is not None:  # and the article its stored row names, were it moved
        concerned |= Q(pk__in=sender._base_manager.using(using).filter(pk=instance.pk).values(field))
    statuses.update(article.objects.using(using).filter(concerned).statuses_locked())
    return any(article.may_be_public(status) for status in statuses)
