"""Caching of public content: anonymous pages and facet counts, keyed by a content version.

Every cache key includes the *content version*, a token that changes with any
change to content the public may see (a save or delete of a published article
or of its byline, quotes or tag links, of a person, alias, tag, source or
author; an import; a merge; but not a change to a draft: ``seen_by_the_public``),
so nothing cached before the change is read again: old entries are simply never
asked for, and expire. Time
changes content too: a scheduled article appears when its date comes, so a
token also ends at the next scheduled publication. Where the token lives:

- with a cache every process shares (``CACHE_URL`` = Redis), in the cache:
  ``content_changed`` deletes it at once and again when the transaction
  commits, and the next request makes a new one. A cache hit costs no query.
- with the local-memory cache, each process has its own cache, so a token kept
  there would not hear of another process's edit; the token is made from
  ``ContentState.version`` instead, which every change increments inside its
  transaction: one small query per request, and every process sees the change
  as it commits.

With a read replica (scoportal/db_router.py), a page built from the replica
just after a change may miss it; so for ``REPLICA_LAG_SECONDS`` after a change,
a new token lives only until that window closes, and what was cached from a
lagging replica is retired with it. That window is kept in the shared cache,
so with a replica caching is on by default only with Redis.

``CONTENT_CACHE_SECONDS`` sets how long entries live (0 turns caching off; the
default is off with ``DEBUG``, where templates change under the developer).

What is cached: GET/HEAD of public pages and the anonymous API, for requests
with no session, no messages and no API key or credentials, whose response is a
200 that allows shared caching and sets no cookie. The admin and everything
under it, and the probes, are never cached. A cached API response is still
counted by its view's rate limits before it is served (``_view_throttles``).

The cache is an optimisation: while Redis is unreachable every read is a miss
and every write is dropped (scoportal/cache_backend.py), so pages are computed
each time; when it is reachable again the version it holds is retired, since a
change made meanwhile could not retire it (``connect_content_signals``).

Drafts cannot leak through the cache: a cached page is one an anonymous visitor
was served, and any change of status or date is a content change.
"""

import hashlib
import math
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django.utils.cache import cc_delim_re

from api.throttles import throttle_cached
from scoportal.cache_backend import cache_reachable_again
from scoportal.db_router import replica_configured

VERSION_KEY = "content:version"
SETTLING_KEY = "content:settling"  # until when a read replica may not have the last change yet
NEVER_CACHED_PREFIXES = ("/admin/", "/healthz", "/readyz")
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_API_KEY", "HTTP_X_API_KEY")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def cache_seconds():
    return max(0, settings.CONTENT_CACHE_SECONDS)


def content_version(now=None):
    """The current content version token, or ``None`` when nothing may be cached now.

    With a shared cache (Redis) the token is kept in it: a cache read, and a
    query only when a new token is made. With a cache each process keeps to
    itself, it comes from the database instead (``database_version``).
    """
    now = now or timezone.now()
    if not settings.SHARED_CACHE:
        return database_version(now)
    state = cache.get(VERSION_KEY)
    if state is not None and (state[1] is None or now.timestamp() < state[1]):
        return state[0]

    scheduled = next_scheduled(now)
    token = uuid.uuid4().hex[:16]
    expires = scheduled.timestamp() if scheduled else None
    settling = cache.get(SETTLING_KEY)  # a replica may still miss the last change: retire this token after it
    if settling is not None:
        expires = min(expires or settling, settling)
    timeout = None if expires is None else max(1, math.ceil(expires - now.timestamp()))
    cache.set(VERSION_KEY, (token, expires), timeout)
    return token


def next_scheduled(now):
    from articles.models import Article

    return Article.objects.next_publication(now)


_seen = {}  # this process's last database version: {"state": (version, token, expires)}


def database_version(now):
    """A token made from the database's content version: one query, for a per-process (local-memory) cache.

    Every content change increments ``ContentState.version`` inside its own
    transaction (``articles.facet_totals.note_content_change``), so every
    process reads a new version, hence a new token, from the moment the change
    commits; the next scheduled publication ends a token too. ``None`` if the
    state row is missing (then nothing is cached).
    """
    from articles.facet_totals import current_version

    version = current_version()
    if version is None:
        return None
    seen = _seen.get("state")
    if seen and seen[0] == version and (seen[2] is None or now.timestamp() < seen[2]):
        return seen[1]
    scheduled = next_scheduled(now)
    expires = scheduled.timestamp() if scheduled else None
    token = f"db{version}-{int(expires) if expires else 0}"
    _seen["state"] = (version, token, expires)
    return token


def content_changed(**kwargs):
    """Content changed: count it (``articles.facet_totals``); forget the cached version now, and again on commit.

    (A request in another process between the two may cache the state before
    the commit, under a token that the second forgetting retires.)
    """
    from articles.facet_totals import note_content_change

    using = kwargs.get("using") or "default"
    note_content_change(using)
    _forget_version()
    if connections[using].in_atomic_block:  # outside a transaction the change is already committed
        transaction.on_commit(_forget_version, using=using, robust=True)


def _forget_version():
    if settings.SHARED_CACHE:  # otherwise the version is read from the database, which has it already
        cache.delete(VERSION_KEY)
        if replica_configured():
            lag = settings.REPLICA_LAG_SECONDS
            cache.set(SETTLING_KEY, timezone.now().timestamp() + lag, lag)
    from scoportal.http import touch_content

    touch_content(None)


# Saving or deleting any of these changes what the public may see.
CONTENT_MODELS = (
    "articles.Topic", "articles.Place", "articles.Source", "articles.Author", "people.Person", "people.PersonAlias",
)  # fmt: skip
# An article and its parts, each with the field naming its article: the public sees them only while it is published.
ARTICLE_PARTS = {
    "articles.Article": "pk", "articles.ArticleAuthor": "article_id", "articles.TaggedTopic": "content_object_id",
    "articles.TaggedPlace": "content_object_id", "people.Quote": "article_id",
}  # fmt: skip


def connect_content_signals():
    """Bulk writes send no signals: the importer, merges and the corpus generator call ``content_changed``.

    (taggit writes its links with ``get_or_create`` and queryset deletes, which
    send these signals for ``TaggedTopic`` and ``TaggedPlace``: no ``m2m_changed`` needed.)
    """
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content-saved-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-deleted-{label}")
    for label in ARTICLE_PARTS:
        model = apps.get_model(label)
        pre_save.connect(article_changing, sender=model, dispatch_uid=f"article-saving-{label}")
        pre_delete.connect(article_changing, sender=model, dispatch_uid=f"article-deleting-{label}")
    cache_reachable_again.connect(cache_back, dispatch_uid="content-cache-back")


def cache_back(sender, **kwargs):
    """Redis is reachable again: a content change during the outage could not delete the version it holds."""
    _forget_version()


def article_changing(sender, instance, using=None, **kwargs):
    """Before an article, or its byline, a tag link or a quote, is saved or deleted: a content change if public."""
    using = using or "default"
    if seen_by_the_public(sender, instance, using):
        content_changed(using=using)


def seen_by_the_public(sender, instance, using):
    """Whether saving or deleting ``instance`` (an article or one of its parts) changes what the public may see.

    Only published articles are shown (scheduled ones from their date), so a
    change to a draft, or to its byline, tags or quotes, is not: editors'
    work on drafts neither empties the cache nor retires the facet totals.
    The article's row is read locked, so its status cannot change before this
    change commits (the lock is held to the end of the transaction). Without a
    transaction, or on a database that cannot lock a row (SQLite), every
    change counts.
    """
    connection = connections[using]
    if not connection.in_atomic_block or not connection.features.has_select_for_update:
        return True
    article = apps.get_model("articles.Article")
    if sender is article and instance.pk is None:
        return instance.status == article.Status.PUBLISHED  # a new article
    field = ARTICLE_PARTS[sender._meta.label]
    statuses = {instance.status} if sender is article else set()  # its new status (or, deleted, its last)
    concerned = Q(pk=getattr(instance, field))
    if sender is not article and instance.pk is not None:  # and the article its stored row names, were it moved
        concerned |= Q(pk__in=sender._base_manager.using(using).filter(pk=instance.pk).values(field))
    rows = article._base_manager.using(using).select_for_update().filter(concerned).values_list("status", flat=True)
    statuses.update(rows)
    return article.Status.PUBLISHED in statuses


def cache_key(kind, *parts, version):
    """A key for ``parts`` under the content version."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"{kind}:{version}:{digest}"


def cached_rows(kind, computations):
    """{parts: result} for {parts: compute}: cached ones read, missing ones computed and stored.

    One version lookup and two cache round trips whatever the number of entries;
    no cache at all while caching is off.
    """
    seconds = cache_seconds()
    version = content_version() if seconds and computations else None
    if version is None:
        return {parts: compute() for parts, compute in computations.items()}
    keys = {parts: cache_key(kind, *parts, version=version) for parts in computations}
    found = cache.get_many(list(keys.values()))
    missing = {keys[parts]: compute() for parts, compute in computations.items() if keys[parts] not in found}
    if missing:
        cache.set_many(missing, seconds)
    found.update(missing)
    return {parts: found[key] for parts, key in keys.items()}


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or request.path.startswith(NEVER_CACHED_PREFIXES):
        return False
    if any(name in request.COOKIES for name in PRIVATE_COOKIES):
        return False
    return not any(header in request.META for header in CREDENTIAL_HEADERS + CONDITIONAL_HEADERS)


def _cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", "")) if d}
    return not directives & {"private", "no-store", "no-cache"}


class AnonymousPageCacheMiddleware:
    """Serve repeated anonymous reads from the cache (see the module docstring for what qualifies).

    Sits before the session middleware, so a hit costs no session or database
    work at all. ``X-Cache: hit`` or ``miss`` says what happened.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = cache_seconds()
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        version = content_version()
        if version is None:
            return self.get_response(request)
        accept = request.headers.get("Accept", "") if request.path.startswith("/api/") else ""
        key = cache_key("page", request.get_host(), request.get_full_path(), accept, version=version)
        response = cache.get(key)
        if response is not None:
            refused = throttle_cached(request, getattr(response, "throttle_classes", ()))
            if refused is not None:
                return refused
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response["X-Cache"] = "miss"
            response.throttle_classes = _view_throttles(response)
            cache.set(key, response, seconds)
        return response


def _view_throttles(response):
    """The throttle classes of the DRF view that made ``response`` (none for a page), kept with it in the cache.

    A hit never reaches the view, so the middleware counts it against these
    itself (``scoportal.throttles.throttle_cached``): a cached API response is
    throttled like any other, and the quota spent still ends in a 429.
    """
    view = (getattr(response, "renderer_context", None) or {}).get("view")
    return tuple(type(throttle) for throttle in view.get_throttles()) if view is not None else ()
