"""Public pages for articles. Every queryset here starts from ``published()``."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Place, Source, Topic


def public_articles():
    return (
        Article.objects.published()
        .newest_first()
        .select_related("source")
        .prefetch_related("byline__author", "topics", "places")
    )


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20
    heading = "Articles"

    def get_queryset(self):
        return public_articles()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class HomeView(ArticleListView):
    template_name = "home.html"
    paginate_by = 10
    heading = "Latest articles"


class FilteredArticleListView(ArticleListView):
    """Articles of one source, author, topic or place."""

    model = None
    lookup = None

    def get_queryset(self):
        self.subject = get_object_or_404(self.model, slug=self.kwargs["slug"])
        return public_articles().filter(**{self.lookup: self.subject}).distinct()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(subject=self.subject, heading=str(self.subject))
        return context


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return public_articles().prefetch_related("quotes__person")


source_articles = FilteredArticleListView.as_view(model=Source, lookup="source")
author_articles = FilteredArticleListView.as_view(model=Author, lookup="authors")
topic_articles = FilteredArticleListView.as_view(model=Topic, lookup="topics")
place_articles = FilteredArticleListView.as_view(model=Place, lookup="places")
