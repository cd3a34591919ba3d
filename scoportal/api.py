"""The partner API, version 1 (mounted at /api/v1/ under the "v1" namespace): read-only, published content only."""

from rest_framework.routers import DefaultRouter

from articles.api.views import ArticleViewSet, AuthorViewSet, SourceViewSet, TagViewSet
from people.api.views import PersonViewSet, QuoteViewSet

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sources", SourceViewSet, basename="source")
router.register("authors", AuthorViewSet, basename="author")
router.register("people", PersonViewSet, basename="person")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = router.urls
