from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sources/<slug:slug>/", views.source_articles, name="source"),
    path("authors/<slug:slug>/", views.author_articles, name="author"),
    path("topics/<slug:slug>/", views.topic_articles, name="topic"),
    path("places/<slug:slug>/", views.place_articles, name="place"),
]
