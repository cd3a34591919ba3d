"""Root URLs: the public site, the people pages, feeds, sitemap, robots.txt, the admin, the API and its docs."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from articles import sitemaps
from articles.urls import feed_patterns
from articles.views import HomeView
from scoportal.views import favicon, healthz, readyz, robots_txt

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("feeds/", include(feed_patterns)),
    # An index of one sitemap per section, each paged: a single sitemap would list only its first page.
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", healthz, name="healthz"),  # liveness: the process answers
    path("readyz", readyz, name="readyz"),  # readiness: the database answers (and how the cache is)
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("api/v1/", include(("api.urls", "v1"), namespace="v1")),
    # Redoc (its template sets a lang and loads nothing from another host). Swagger UI, here before, failed
    # WCAG AA contrast on every operation and nested links in its buttons; trying requests is the browsable API's.
    path(
        "api/docs/",
        SpectacularRedocView.as_view(url_name="api-schema", template_name="scoportal/redoc.html"),
        name="api-docs",
    ),
    path("api/redoc/", RedirectView.as_view(pattern_name="api-docs", permanent=True), name="api-redoc"),
]

handler404 = "scoportal.views.page_not_found"
handler500 = "scoportal.views.server_error"  # a 503 when the database is unreachable
