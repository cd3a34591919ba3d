"""The people admin: counts of quotes and articles, search by alias, the description filter, bounded queries."""

import re

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from people.models import Person, PersonAlias, Quote
from tests.editorial.admin_forms import change_form_data
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:people_person_changelist")


@pytest.fixture
def editor_client(client, editor):
    assert client.login(username=editor.username, password="pw")
    return client


def rows(response):
    """{name: {column: text}} of the changelist table."""
    table = {}
    for row in re.findall(r'<tr><td class="action-checkbox">(.*?)</tr>', response.content.decode(), re.S):
        cells = dict(re.findall(r'<t[hd] class="field-(\w+)"[^>]*>(.*?)</t[hd]>', row, re.S))
        name = re.sub(r"<[^>]+>", "", cells.pop("name"))
        table[name] = cells
    return table


def test_the_list_shows_how_many_quotes_and_articles_each_person_has(editor_client):
    busy, quiet = PersonFactory(name="Rashid Alimov"), PersonFactory(name="Bakhtiyor Khakimov")
    first, second = ArticleFactory(), ArticleFactory()
    QuoteFactory.create_batch(2, person=busy, article=first)
    QuoteFactory(person=busy, article=second)

    response = editor_client.get(PEOPLE)

    table = rows(response)
    assert table["Rashid Alimov"]["quote_count"] == "3"
    assert table["Rashid Alimov"]["article_count"] == "2"
    assert table["Bakhtiyor Khakimov"]["quote_count"] == "0"
    assert quiet.pk  # listed with no quotes at all


def test_the_counts_are_sortable(editor_client):
    for name, quotes in [("Few", 1), ("Many", 4), ("None", 0)]:
        QuoteFactory.create_batch(quotes, person=PersonFactory(name=name))
    column = editor_client.get(PEOPLE).context["cl"].list_display.index("quote_count")

    response = editor_client.get(PEOPLE, {"o": f"-{column}"})

    assert [p.name for p in response.context["cl"].result_list] == ["Many", "Few", "None"]


def test_search_by_alias_finds_the_person_once_with_the_right_counts(editor_client):
    person = PersonFactory(name="Sergei Luzyanin")
    for alias in ["Sergey Lujanin", "S. Lujanin"]:  # both match: the person must still be one row
        PersonAlias.objects.create(person=person, name=alias)
    QuoteFactory.create_batch(3, person=person)
    PersonFactory(name="Alexander Lukin")

    response = editor_client.get(PEOPLE, {"q": "Lujanin"})

    assert list(response.context["cl"].result_list) == [person]
    assert rows(response)["Sergei Luzyanin"]["quote_count"] == "3"  # not multiplied by the alias join
    assert "S. Lujanin, Sergey Lujanin" in rows(response)["Sergei Luzyanin"]["alias_names"]


@pytest.mark.parametrize("value, expected", [("no", ["Without"]), ("yes", ["With"]), (None, ["With", "Without"])])
def test_the_has_description_filter(editor_client, value, expected):
    PersonFactory(name="With", description="Secretary-General of the SCO.")
    PersonFactory(name="Without")

    response = editor_client.get(PEOPLE, {"has_description": value} if value else {})

    assert [p.name for p in response.context["cl"].result_list] == expected


def test_the_dashboard_link_to_people_without_description_works(editor_client):
    PersonFactory(name="Without")
    response = editor_client.get(f"{PEOPLE}?has_description=no")
    assert response.status_code == 200
    assert "has_description=yes" in response.content.decode()  # the filter is offered, so the parameter is known


def test_the_change_form_has_the_alias_inline(editor_client):
    person = PersonFactory(name="Zhang Ming")
    PersonAlias.objects.create(person=person, name="Chzhan Min")

    response = editor_client.get(reverse("admin:people_person_change", args=[person.pk]))

    assert 'name="aliases-TOTAL_FORMS"' in response.content.decode()
    assert 'value="Chzhan Min"' in response.content.decode()


def add_people_with_quotes_and_aliases(count):
    article, start = ArticleFactory(), Person.objects.count()
    people = Person.objects.bulk_create(Person(name=f"P{n}", slug=f"p{n}") for n in range(start, start + count))
    Quote.objects.bulk_create(Quote(person=p, article=article, text="…") for p in people)
    PersonAlias.objects.bulk_create(PersonAlias(person=p, name=f"A{p.pk}", name_key=f"a{p.pk}") for p in people)


def test_the_list_runs_the_same_few_queries_whatever_the_number_of_people(editor_client, django_assert_max_num_queries):
    editor_client.get(PEOPLE)  # session and permissions are cached from here on
    counts = []
    for total in [5, 200]:
        add_people_with_quotes_and_aliases(total - Person.objects.count())
        with django_assert_max_num_queries(10) as captured:
            response = editor_client.get(PEOPLE)
        assert response.context["cl"].result_count == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_quote_list_works(editor_client):
    QuoteFactory(person=PersonFactory(name="Zhang Ming"), text="The SCO family keeps growing.")
    response = editor_client.get(reverse("admin:people_quote_changelist"))
    assert "Zhang Ming" in response.content.decode()


# A person's description is public as soon as it is saved: only editors change it.

DESCRIPTION = "Secretary-General of the SCO since 2019."


def change(person):
    return reverse("admin:people_person_change", args=[person.pk])


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


def test_a_contributor_sees_the_description_read_only(contributor_client):
    person = PersonFactory(name="Vladimir Norov", description=DESCRIPTION)

    content = contributor_client.get(change(person)).content.decode()

    assert 'name="description"' not in content
    assert DESCRIPTION in content
    assert 'name="name"' in content  # the rest of the form stays editable


def test_a_contributors_forged_description_is_not_saved(contributor_client):
    person = PersonFactory(name="Vladimir Norov", description=DESCRIPTION)
    data = change_form_data(contributor_client.get(change(person)))

    response = contributor_client.post(change(person), data | {"name": "Vladimir I. Norov", "description": "Forged."})

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.description) == ("Vladimir I. Norov", DESCRIPTION)


def test_a_contributor_adds_a_person_without_a_description(contributor_client):
    add = reverse("admin:people_person_add")
    assert 'name="description"' not in contributor_client.get(add).content.decode()
    data = {"name": "Zhang Ming", "slug": "zhang-ming", "description": "Forged.", **empty_aliases()}

    response = contributor_client.post(add, data)

    assert response.status_code == 302
    assert Person.objects.get(slug="zhang-ming").description == ""


def test_saving_a_changed_description_as_a_contributor_is_refused(rf, contributor):
    person = PersonFactory(name="Vladimir Norov", description=DESCRIPTION)
    person.description = "Forged."
    request = rf.post("/")
    request.user = contributor

    with pytest.raises(PermissionDenied):
        site._registry[Person].save_model(request, person, form=None, change=True)
    assert Person.objects.get(pk=person.pk).description == DESCRIPTION


def test_an_editor_changes_the_description(editor_client):
    person = PersonFactory(name="Vladimir Norov", description=DESCRIPTION)
    data = change_form_data(editor_client.get(change(person)))

    response = editor_client.post(change(person), data | {"description": "Former Secretary-General of the SCO."})

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).description == "Former Secretary-General of the SCO."


def empty_aliases():
    return {"aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0"}
