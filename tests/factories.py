"""factory_boy factories for the models; published articles by default in the past."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Source
from people.models import Person, Quote


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Source {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"SCO article number {n}")
    body = "First paragraph.\n\nSecond paragraph."
    raw_text = factory.Sequence(lambda n: f"Raw imported document {n}")
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, author in enumerate(extracted or []):
            ArticleAuthor.objects.create(article=self, author=author, position=position)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    text = "Cooperation is more vital than ever."
    position = factory.Sequence(int)
