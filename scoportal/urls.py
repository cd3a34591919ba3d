"""Root URLs: the public site, the people pages and the admin."""

from django.contrib import admin
from django.urls import include, path

from articles.urls import feed_patterns
from articles.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("articles.urls")),
    path("", include("people.urls")),
    path("feeds/", include(feed_patterns)),
    path("admin/", admin.site.urls),
]
