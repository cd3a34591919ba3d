from django.urls import path

from articles import views
from articles.feeds import ArticleFeed, AtomArticleFeed

app_name = "articles"

feed_patterns = (
    [
        path("articles.rss", ArticleFeed(), name="rss"),
        path("articles.atom", AtomArticleFeed(), name="atom"),
    ],
    "feeds",
)

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/facets/<slug:name>/", views.FacetView.as_view(), name="facet"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sources/<slug:slug>/", views.source_articles, name="source"),
    path("authors/<slug:slug>/", views.author_articles, name="author"),
    path("topics/<slug:slug>/", views.topic_articles, name="topic"),
    path("places/<slug:slug>/", views.place_articles, name="place"),
]
