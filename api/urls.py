"""The partner API, version 1 (mounted at /api/v1/ under the "v1" namespace): the router and its root.

The root (``api.views.PartnerRootView``) is the router's JSON of links, and for a browser the landing page,
which lists the endpoints from these patterns.

Reads: published content only, for everyone. Writes: staff with model permissions (articles/api/writes.py).
"""

from django.urls import path
from rest_framework.routers import DefaultRouter

from api.views import PartnerRootView
from articles.api.views import ArticleViewSet, AuthorViewSet, SourceViewSet, TagViewSet
from articles.api.writes import ArticleTagsView, ImportView
from people.api.views import PersonViewSet, QuoteViewSet


class PartnerRouter(DefaultRouter):
    APIRootView = PartnerRootView


router = PartnerRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sources", SourceViewSet, basename="source")
router.register("authors", AuthorViewSet, basename="author")
router.register("people", PersonViewSet, basename="person")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = [
    path("imports/", ImportView.as_view(), name="import"),
    path("articles/<slug:slug>/tags/", ArticleTagsView.as_view(), name="article-tags"),
    *router.urls,
]
