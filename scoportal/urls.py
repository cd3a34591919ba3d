"""Root URLs: the public site, the people pages, feeds, sitemap, robots.txt and the admin."""

from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles.sitemaps import SITEMAPS
from articles.urls import feed_patterns
from articles.views import HomeView
from scoportal.views import robots_txt

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("feeds/", include(feed_patterns)),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("scoportal.api", "v1"), namespace="v1")),
]
