"""Site-wide views that belong to no app: robots.txt, liveness and readiness, the 404 and 500 handlers.

(The 404 and 500 answer in JSON under /api/; the 500 handler answers 503 when the database is unreachable.)
"""

import sys
import uuid

from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from scoportal.unavailable import RETRY_AFTER_SECONDS, is_database_unavailable, unavailable_response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawling allowed, except the admin and the endless combinations of filters (see the template)."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links: send them to the icon the pages link."""
    return redirect(static("scoportal/favicon.svg"), permanent=True)


@require_safe
@cache_control(no_store=True)
def healthz(request):
    """``ok`` as plain text: the liveness probe (restart the server when it fails), and the floor of the benchmark.

    It goes through every middleware but touches no database, cache or template, so it answers while
    the database is down: it says the application server is up, not that every page works (``readyz``).
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """The site's 404 page; under /api/ a JSON error like the API's own 404s, for URLs no API route matches."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


@require_safe
@never_cache
def readyz(request):
    """The readiness probe (route requests to this server while it answers 200): can it reach what it needs?

    JSON ``{"status": …, "database": "ok"|"unavailable", "cache": "ok"|"unavailable"}`` (and ``"replica"``
    with a read replica). Every database must answer ``SELECT 1``, or it is a 503 with ``Retry-After``: the
    pages would be 503s too. The cache is only an optimisation (scoportal/cache_backend.py): without it the
    site still works, slower, so a cache that does not keep a value is a 200 with ``"status": "degraded"``,
    and the server stays in the pool. It touches neither sessions nor the page cache.
    """
    databases = {
        "database" if alias == "default" else alias: "ok" if database_answers(alias) else "unavailable"
        for alias in connections
    }
    cache_state = "ok" if cache_keeps_a_value() else "unavailable"
    if "unavailable" in databases.values():
        response = JsonResponse({"status": "unavailable", **databases, "cache": cache_state}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok" if cache_state == "ok" else "degraded", **databases, "cache": cache_state})


def database_answers(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_keeps_a_value():
    """Whether a value written to the cache reads back (under a key of its own, deleted after)."""
    key, token = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, 10)
        kept = cache.get(key) == token
        cache.delete(key)
    except Exception:  # a cache backend that does not fail soft: the probe reports it rather than failing itself
        return False
    return kept


def server_error(request):
    """The 500 handler: a 503 when the database cannot be reached (scoportal/unavailable.py); otherwise a 500.

    Django calls it while handling the uncaught exception, so ``sys.exc_info()`` is that exception, wherever it
    was raised (view, template or middleware). The 500 is the site's static page, or JSON under /api/.
    """
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
