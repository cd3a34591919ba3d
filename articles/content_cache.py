"""Caching of public content: anonymous pages and facet counts, keyed by the content version.

Every key includes the content version's token (``articles/content_version.py``),
which changes with any change the public may see and when a scheduled article
comes out; so nothing cached before a change is read again: old entries are
never asked for, and expire. ``CONTENT_CACHE_SECONDS`` sets how long entries
live (0 turns caching off; the default is off with ``DEBUG``, where templates
change under the developer).

What is cached: GET/HEAD of public pages and the anonymous API, for requests
with no session, no messages and no API key or credentials, whose response is a
200 that allows shared caching and sets no cookie. The admin and everything
under it, and the probes, are never cached. A cached API response is still
counted by its view's rate limits before it is served (``_view_throttles``).

The cache is an optimisation: while Redis is unreachable every read is a miss
and every write is dropped (scoportal/cache_backend.py), so pages are computed
each time. The version lives in the database, and the copy of it the cache
holds lasts seconds (``content_version.COPY_SECONDS``), so a change made
meanwhile is not hidden for longer than that by what Redis held before.

Drafts cannot leak through the cache: a cached page is one an anonymous visitor
was served, and any change of status or date is a content change.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import cc_delim_re

from api.throttles import throttle_cached
from articles import content_version

NEVER_CACHED_PREFIXES = ("/admin/", "/healthz", "/readyz")
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_API_KEY", "HTTP_X_API_KEY")
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def cache_seconds():
    return max(0, settings.CONTENT_CACHE_SECONDS)


def version_token():
    """The content version's token, or ``None`` when nothing may be cached now."""
    version = content_version.current()
    return version.token if version is not None else None


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
    version = version_token() if seconds and computations else None
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
        version = version_token()
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
    itself (``api.throttles.throttle_cached``): a cached API response is
    throttled like any other, and the quota spent still ends in a 429.
    """
    view = (getattr(response, "renderer_context", None) or {}).get("view")
    return tuple(type(throttle) for throttle in view.get_throttles()) if view is not None else ()
