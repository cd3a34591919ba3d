"""Site-wide views that belong to no app: robots.txt, the health check, and the 404 page (JSON under /api/)."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawling allowed, except the admin and the endless combinations of filters (see the template)."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(no_store=True)
def healthz(request):
    """``ok`` as plain text: the load balancer's health check, and the floor of ``bench/web_bench.py``.

    It goes through every middleware but touches no database, cache or template, so it answers while
    the database is down: it says the application server is up, not that every page works.
    """
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """The site's 404 page; under /api/ a JSON error like the API's own 404s, for URLs no API route matches."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)
