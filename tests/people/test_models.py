import pytest
from django.db import IntegrityError, transaction

from people.models import Person, PersonAlias
from people.names import name_key
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [("T.C.A. Raghavan", "t c a  raghavan"), ("Sergei SANAKOYEV", "sergei sanakoyev"), ("Zoë Müller", "Zoe Muller")],
)
def test_name_key_ignores_case_accents_and_punctuation(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart():
    assert name_key("Sergei Luzyanin") != name_key("Sergey Lujanin")


def test_person_gets_slug_and_matching_key():
    person = Person.objects.create(name="Vladimir Norov")
    assert person.slug == "vladimir-norov"
    assert person.name_key == "vladimir norov"
    assert person.get_absolute_url() == "/people/vladimir-norov/"


def test_alias_is_unique_per_person():
    person = PersonFactory(name="Sergei Luzyanin")
    PersonAlias.objects.create(person=person, name="Sergey Lujanin")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonAlias.objects.create(person=person, name="sergey  lujanin")


def test_person_can_be_found_by_alias_key():
    person = PersonFactory(name="Sergei Luzyanin")
    PersonAlias.objects.create(person=person, name="Sergey Lujanin")
    assert Person.objects.get(aliases__name_key=name_key("SERGEY LUJANIN")) == person


def test_quotes_keep_the_role_stated_in_each_article():
    person = PersonFactory(name="Zhang Hanhui")
    QuoteFactory(person=person, article=ArticleFactory(), role="Chinese Ambassador to Russia")
    QuoteFactory(person=person, article=ArticleFactory(), role="Vice Foreign Minister")
    assert sorted(person.quotes.values_list("role", flat=True)) == [
        "Chinese Ambassador to Russia",
        "Vice Foreign Minister",
    ]


def test_quotes_are_ordered_by_position_within_an_article():
    article = ArticleFactory()
    person = PersonFactory()
    second = QuoteFactory(article=article, person=person, position=2)
    first = QuoteFactory(article=article, person=person, position=1)
    assert list(article.quotes.all()) == [first, second]
