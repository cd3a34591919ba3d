"""Public pages for quoted people: only quotes from published articles."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.models import Article
from people.models import Person, Quote


def public_quotes():
    return Quote.objects.filter(article__in=Article.objects.published())


class PersonListView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        quotes = Q(quotes__in=public_quotes())
        return Person.objects.annotate(quote_count=Count("quotes", filter=quotes)).filter(quote_count__gt=0)


class PersonDetailView(ListView):
    """A person and everything they said in published articles, newest first."""

    template_name = "people/person_detail.html"
    context_object_name = "quotes"
    paginate_by = 50

    def get_queryset(self):
        self.person = get_object_or_404(Person.objects.prefetch_related("aliases"), slug=self.kwargs["slug"])
        return (
            public_quotes()
            .filter(person=self.person)
            .select_related("article__source")
            .order_by("-article__published_at", "article_id", "position")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)
