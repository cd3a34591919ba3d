"""Person pages and the people index: published quotes only, grouped, counted, searchable, bounded queries."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.facet_totals import current_state
from articles.facets import refresh_totals
from people.models import PersonAlias
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def counted(precomputed):
    """Make the people's figures precomputed (a refresh) or leave them to be counted live (no refresh)."""
    if precomputed:
        assert refresh_totals()
    assert (current_state() is not None) is precomputed


def get_ok(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    return response, response.content.decode()


# The person page -------------------------------------------------------------------------------------------------


@pytest.fixture
def norov():
    person = PersonFactory(name="Vladimir Norov", description="Secretary General of the SCO from 2019.")
    PersonAlias.objects.create(person=person, name="Vladimir Norow")
    old = ArticleFactory(title="Older article", published_at=days_ago(300))
    new = ArticleFactory(title="Newer article", published_at=days_ago(3))
    middle = ArticleFactory(title="Middle article", published_at=days_ago(100))
    QuoteFactory(article=old, person=person, text="Old statement.", role="Foreign Minister", organization="Uzbekistan")
    QuoteFactory(article=new, person=person, text="New statement one.", role="Secretary General", position=1)
    QuoteFactory(article=new, person=person, text="New statement two.", role="Secretary General", position=2)
    QuoteFactory(article=middle, person=person, text="Middle statement.", role="Secretary General")
    return person


def test_person_page_shows_name_description_and_aliases(client, norov):
    _, content = get_ok(client, norov.get_absolute_url())
    assert "<h1>Vladimir Norov</h1>" in content
    assert "Secretary General of the SCO from 2019." in content
    assert "Also spelled: Vladimir Norow" in content
    assert content.count("<h1") == 1


def test_person_page_groups_quotes_by_article_newest_first_with_the_role_at_the_time(client, norov):
    response, content = get_ok(client, norov.get_absolute_url())
    headings = re.findall(r'<h3 id="article-\d+"><a href="[^"]+">([^<]+)</a></h3>', content)
    assert headings == ["Newer article", "Middle article", "Older article"]
    order = [content.index(text) for text in ["New statement one.", "New statement two.", "Middle statement.", "Old"]]
    assert order == sorted(order)
    assert "As Foreign Minister, Uzbekistan" in content
    assert "As Secretary General" in content


def test_person_page_hides_quotes_from_unpublished_articles(client, norov, hidden_state):
    hidden = ArticleFactory(title="Hidden article", **hidden_state)
    QuoteFactory(article=hidden, person=norov, text="Unpublished statement.", role="Secret role")
    response, content = get_ok(client, norov.get_absolute_url())
    assert "Unpublished statement." not in content
    assert "Hidden article" not in content
    assert "Secret role" not in content
    assert response.context["page"].paginator.count == 4


def test_person_quoted_only_in_unpublished_articles_has_no_page(client, hidden_state):
    person = PersonFactory(name="Hidden Person")
    QuoteFactory(article=ArticleFactory(**hidden_state), person=person)
    assert client.get(person.get_absolute_url()).status_code == 404


def test_unknown_person_gives_404(client):
    assert client.get("/people/nobody-at-all/").status_code == 404


def test_person_page_counts_the_topics_of_published_articles_quoting_them(client, norov, hidden_state):
    for title in ["Newer article", "Middle article"]:
        ArticleFactory._meta.model.objects.get(title=title).topics.add("energy")
    ArticleFactory._meta.model.objects.get(title="Older article").topics.add("energy", "trade")
    hidden = ArticleFactory(**hidden_state)
    hidden.topics.add("energy", "secret topic")
    QuoteFactory(article=hidden, person=norov)
    ArticleFactory().topics.add("trade")  # does not quote them
    response, content = get_ok(client, norov.get_absolute_url())
    assert response.context["topics"] == [
        {"slug": "energy", "name": "energy", "count": 3},
        {"slug": "trade", "name": "trade", "count": 1},
    ]
    assert 'href="/articles/?person=vladimir-norov&amp;topic=energy">energy</a>' in content
    assert "secret topic" not in content


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
def test_person_page_topic_links_are_escaped_and_counted_in_words(client, norov, precomputed):
    ArticleFactory._meta.model.objects.get(title="Older article").topics.add("R&D <Policy>", "energy")
    ArticleFactory._meta.model.objects.get(title="Newer article").topics.add("energy")
    counted(precomputed)
    _, content = get_ok(client, norov.get_absolute_url())
    energy = (
        '<li><a href="/articles/?person=vladimir-norov&amp;topic=energy">energy</a> <span class="count" '
        'title="2 articles">2<span class="visually-hidden"> articles</span></span></li>'
    )
    policy = (
        '<li><a href="/articles/?person=vladimir-norov&amp;topic=rd-policy">R&amp;D &lt;Policy&gt;</a> '
        '<span class="count" title="1 article">1<span class="visually-hidden"> article</span></span></li>'
    )
    assert energy + policy in content


def test_person_page_is_paginated_by_quotes(client):
    person = PersonFactory()
    article = ArticleFactory()
    for n in range(51):
        QuoteFactory(article=article, person=person, text=f"Statement {n}.")
    first, _ = get_ok(client, person.get_absolute_url())
    second, content = get_ok(client, person.get_absolute_url(), {"page": 2})
    assert len(first.context["quotes"]) == 50
    assert len(second.context["quotes"]) == 1
    assert '<meta name="robots" content="noindex, follow">' in content


@pytest.mark.parametrize("page", ["0", "-1", "abc", "3", "99999"])
def test_person_page_bad_page_gives_404(client, norov, page):
    assert client.get(norov.get_absolute_url(), {"page": page}).status_code == 404


def build_person(size):
    person = PersonFactory()
    for n in range(size):
        article = ArticleFactory()
        article.topics.add(f"topic {n}", "shared")
        QuoteFactory(article=article, person=person, role=f"role {n}")
        QuoteFactory(article=article, person=person, role=f"role {n}")
    PersonAlias.objects.create(person=person, name=f"Alias {size}")
    return person


# The state, then precomputed: the person with their figures, aliases, quotes with articles and sources;
# or counted: the person, aliases, quote count, quotes with articles and sources, topics.
PERSON_PAGE_QUERIES = {True: 1 + 3, False: 1 + 5}


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
@pytest.mark.parametrize("size", [3, 30])
def test_person_page_query_count_does_not_grow_with_the_quotes(client, django_assert_num_queries, size, precomputed):
    person = build_person(size)
    counted(precomputed)
    with django_assert_num_queries(PERSON_PAGE_QUERIES[precomputed]):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["quotes"]) == min(2 * size, 50)
    assert len(response.context["topics"]) == size + 1
    assert response.context["page"].paginator.count == 2 * size


# The people index ---------------------------------------------------------------------------------------------------


def test_people_index_counts_published_quotes_only_most_quoted_first(client, hidden_state):
    busy, quiet, hidden_only = PersonFactory(name="Busy"), PersonFactory(name="Quiet"), PersonFactory(name="Ghost")
    public, hidden = ArticleFactory(), ArticleFactory(**hidden_state)
    for _ in range(3):
        QuoteFactory(article=public, person=busy)
    QuoteFactory(article=public, person=quiet, role="Envoy", organization="SCO")
    for _ in range(5):
        QuoteFactory(article=hidden, person=quiet)
    QuoteFactory(article=hidden, person=hidden_only)
    response, content = get_ok(client, "/people/")
    assert [(p.name, p.quote_count) for p in response.context["people"]] == [("Busy", 3), ("Quiet", 1)]
    assert "Ghost" not in content
    assert '<span class="count">3 statements</span>' in content
    assert '<span class="role">Envoy, SCO</span>' in content


def test_people_index_shows_the_latest_role_from_published_articles(client, hidden_state):
    person = PersonFactory(name="Zhang Hanhui")
    QuoteFactory(article=ArticleFactory(published_at=days_ago(300)), person=person, role="Vice Foreign Minister")
    QuoteFactory(article=ArticleFactory(published_at=days_ago(30)), person=person, role="Ambassador to Russia")
    QuoteFactory(article=ArticleFactory(**{"published_at": days_ago(1), **hidden_state}), person=person, role="Secret")
    response, content = get_ok(client, "/people/")
    assert "Ambassador to Russia" in content
    assert "Secret" not in content and "Vice Foreign Minister" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("norov", ["Vladimir Norov"]),
        ("NOROW", ["Vladimir Norov"]),  # an alias
        ("Lujanin", ["Sergei Luzyanin"]),
        ("zhuangzhi", ["Sun Zhuangzhi"]),
        ("müller", ["Zoe Muller"]),  # accents do not count
        ("  ", ["Vladimir Norov", "Sergei Luzyanin", "Sun Zhuangzhi", "Zoe Muller"]),
        ("nobody", []),
    ],
)
def test_people_index_search_matches_names_and_aliases(client, query, expected):
    article = ArticleFactory()
    people = {name: PersonFactory(name=name) for name in ["Vladimir Norov", "Sergei Luzyanin", "Sun Zhuangzhi"]}
    people["Zoe Muller"] = PersonFactory(name="Zoë Müller")
    PersonAlias.objects.create(person=people["Vladimir Norov"], name="Vladimir Norow")
    PersonAlias.objects.create(person=people["Sergei Luzyanin"], name="Sergey Lujanin")
    for count, person in enumerate(people.values()):
        for _ in range(4 - count):
            QuoteFactory(article=article, person=person)
    response, content = get_ok(client, "/people/", {"q": query})
    assert [p.pk for p in response.context["people"]] == [people[name].pk for name in expected]
    if not expected:
        assert "Nobody quoted in a published article matches" in content


def test_people_index_search_does_not_find_people_quoted_only_in_unpublished_articles(client, hidden_state):
    QuoteFactory(article=ArticleFactory(**hidden_state), person=PersonFactory(name="Hidden Person"))
    response, _ = get_ok(client, "/people/", {"q": "hidden"})
    assert list(response.context["people"]) == []


def test_people_index_too_long_search_gives_400_with_a_message(client):
    response = client.get("/people/", {"q": "x" * 201})
    assert response.status_code == 400
    content = response.content.decode()
    assert "The search text is too long (at most 200 characters)." in content
    assert 'role="alert"' in content
    assert client.get("/people/", {"q": "x" * 200}).status_code == 200


def test_people_index_search_with_a_null_character_gives_400(client):
    assert client.get("/people/", {"q": "nor\x00ov"}).status_code == 400


def test_people_index_is_paginated_and_keeps_the_search(client):
    article = ArticleFactory()
    for n in range(51):
        QuoteFactory(article=article, person=PersonFactory(name=f"Norov {n:02}"))
    first, content = get_ok(client, "/people/", {"q": "norov"})
    assert len(first.context["people"]) == 50
    assert 'href="?page=2&amp;q=norov"' in content
    second, _ = get_ok(client, "/people/", {"q": "norov", "page": 2})
    assert len(second.context["people"]) == 1
    assert client.get("/people/", {"page": 3}).status_code == 404


# The state, the count, the page; counted, also the page's latest roles (precomputed, they come with the page).
PEOPLE_INDEX_QUERIES = {True: 3, False: 4}


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
@pytest.mark.parametrize("size", [3, 30])
def test_people_index_query_count_does_not_grow_with_the_people(client, django_assert_num_queries, size, precomputed):
    for n in range(size):
        person = PersonFactory()
        PersonAlias.objects.create(person=person, name=f"Alias {n}")
        for _ in range(3):
            QuoteFactory(person=person, role="Minister")
    counted(precomputed)
    with django_assert_num_queries(PEOPLE_INDEX_QUERIES[precomputed]):
        response = client.get("/people/")
    assert len(response.context["people"]) == size
    assert all(person.latest_role == "Minister" for person in response.context["people"])
    assert all(person.quote_count == 3 for person in response.context["people"])
    with django_assert_num_queries(PEOPLE_INDEX_QUERIES[precomputed]):
        assert client.get("/people/", {"q": "alias"}).status_code == 200
