"""Facet counts agree with counts worked out in Python from a generated data set.

A few hundred articles are generated from a seeded ``random.Random`` and written
with ``bulk_create``; the expected counts are computed from the generated
records themselves, never from the ORM queries under test.

The rules checked (articles/facets.py):
- topic, place, author and person hold several values at once, each narrowing
  the list (AND): they are counted over the current results;
- source, year and month hold one value: each is counted with its own
  selection left out (and year leaves month out too); month is offered only
  once a year is chosen;
- only published articles count.

Every test runs three ways: facets counted in the request over the ids of the
results (read once when there are few), counted over the filter query itself
(when there are many), and with the precomputed totals over all published
articles current (articles/facet_totals.py), which serve every facet counted
with no filter.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.http import QueryDict
from django.utils import timezone

from articles import content_version, facet_totals
from articles.facets import FACETS, MONTH_NAMES, facet_counts, refresh_totals
from articles.filters import ArticleFilterSet
from articles.models import Article, ArticleAuthor, Author, Place, Source, TaggedPlace, TaggedTopic, Topic
from articles.search import refresh_search_vectors
from people.models import Person, Quote
from tests.portal.shared import data_for_the_module

pytestmark = pytest.mark.django_db

SEED = 20240615
UTC = datetime.UTC
SEARCH_WORD = "zirconium"  # only ever in some bodies, never in a title, tag or name
YEARS = range(2019, 2025)
SOURCES = "Xinhua Tass Dawn Kazinform Gazeta".split()
TOPICS = (
    "Agriculture Banking Customs Defence Energy Finance Governance Health Infrastructure Justice Logistics Mining"
).split()
PLACES = "China Russia India Pakistan Kazakhstan Kyrgyzstan Tajikistan Uzbekistan Iran Belarus".split()
AUTHORS = [
    f"{first} {last}"
    for first, last in zip(
        "Alma Boris Chen Dina Erlan Farida Gulnara Hamid Irina Jamshid Kamila Lev Madina Nurlan Olga".split(),
        "Abenova Belov Chang Dosova Erkin Farova Galieva Hakimov Ivanova Jurayev Karimova Lvov Musina Nurov Orlova"
        .split(),
        strict=True,
    )
]  # fmt: skip
PEOPLE = [
    f"{first} {last}"
    for first, last in zip(
        "Aziz Bakyt Cyrus Daulet Elena Fuad Gao Hu Ilham Javad Kassym Li Marat Nikolai Otabek Pavel Qin Rustam Sergei "
        "Timur Ulan Viktor Wang Yerlan Zhang".split(),
        "Aliev Bakiev Cyrusov Dauletov Elenova Fuadov Gaolin Huwei Ilhamov Javadi Kassymov Lixin Maratov Nikolaev "
        "Otabekov Pavlov Qinfeng Rustamov Sergeev Timurov Ulanov Viktorov Wangyi Yerlanov Zhangli".split(),
        strict=True,
    )
]
VISIBLE, HIDDEN = 300, 40


def slug(name):
    return name.lower().replace(" ", "-")


@dataclass
class Record:
    """One generated article, as the test knows it (the expected side of every comparison)."""

    slug: str
    title: str
    body: str
    status: str
    published_at: datetime.datetime | None
    source: str | None
    topics: list = field(default_factory=list)
    places: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    quoted: list = field(default_factory=list)  # one entry per quote; a person may be quoted twice

    @property
    def visible(self):
        return self.status == Article.Status.PUBLISHED and (
            self.published_at is None or self.published_at <= timezone.now()
        )

    @property
    def people(self):
        return set(self.quoted)


def generate(rng):
    now = timezone.now()
    records = []
    for n in range(VISIBLE + HIDDEN):
        hidden = n >= VISIBLE
        if rng.random() < 0.03 and not hidden:
            published_at = None  # an undated published article: listed, but in no year or month
        else:
            published_at = datetime.datetime(
                rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), tzinfo=UTC
            )
        status = Article.Status.PUBLISHED
        if hidden:
            status = rng.choice(list(Article.Status))
            if status == Article.Status.PUBLISHED:
                published_at = now + datetime.timedelta(days=rng.randint(1, 900), hours=rng.randint(0, 23))
        words = ["Delegates", "met", "to", "discuss", "regional", "cooperation."]
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), SEARCH_WORD)
        records.append(
            Record(
                slug=f"generated-report-{n}",
                title=f"Generated report {n}",
                body=" ".join(words),
                status=status,
                published_at=published_at,
                source=None if rng.random() < 0.05 else slug(rng.choice(SOURCES)),
                topics=[slug(t) for t in rng.sample(TOPICS, rng.choice([0, 1, 1, 2, 2, 3]))],
                places=[slug(p) for p in rng.sample(PLACES, rng.choice([0, 1, 1, 2]))],
                authors=[slug(a) for a in rng.sample(AUTHORS, rng.choice([0, 1, 1, 2]))],
                quoted=[slug(rng.choice(PEOPLE)) for _ in range(rng.choice([0, 1, 2, 3, 4]))],
            )
        )
    return records


def write(records):
    """The records into the database, in a handful of bulk inserts."""
    sources = {s.slug: s for s in (Source.objects.create(name=name) for name in SOURCES)}
    topics = {t.slug: t for t in (Topic.objects.create(name=name) for name in TOPICS)}
    places = {p.slug: p for p in (Place.objects.create(name=name) for name in PLACES)}
    authors = {a.slug: a for a in (Author.objects.create(name=name) for name in AUTHORS)}
    people = {p.slug: p for p in (Person.objects.create(name=name) for name in PEOPLE)}
    assert set(sources) == {slug(n) for n in SOURCES} and set(people) == {slug(n) for n in PEOPLE}

    Article.objects.bulk_create(
        Article(
            title=r.title,
            slug=r.slug,
            body=r.body,
            status=r.status,
            published_at=r.published_at,
            source=sources[r.source] if r.source else None,
        )
        for r in records
    )
    pks = dict(Article.objects.filter(slug__in=[r.slug for r in records]).values_list("slug", "pk"))
    TaggedTopic.objects.bulk_create(
        TaggedTopic(content_object_id=pks[r.slug], tag=topics[t]) for r in records for t in r.topics
    )
    TaggedPlace.objects.bulk_create(
        TaggedPlace(content_object_id=pks[r.slug], tag=places[p]) for r in records for p in r.places
    )
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article_id=pks[r.slug], author=authors[a], position=i)
        for r in records
        for i, a in enumerate(r.authors)
    )
    Quote.objects.bulk_create(
        Quote(article_id=pks[r.slug], person=people[p], text=f"Statement {i} by {p}.", position=i)
        for r in records
        for i, p in enumerate(r.quoted)
    )
    refresh_search_vectors(pks.values())  # bulk_create sends no signals; a no-op on SQLite


@pytest.fixture(scope="module")
def records(django_db_setup, django_db_blocker):
    """Generated and written once for the module (rolled back at its end)."""
    with data_for_the_module(django_db_blocker):
        generated = generate(random.Random(SEED))
        write(generated)
        yield generated


@pytest.fixture(autouse=True, params=["counted over the ids", "counted over the query", "precomputed totals"])
def counting(request, records, monkeypatch):
    """How the facets are counted: over the ids of few results, over the filter query, or from the totals."""
    if request.param == "precomputed totals":
        assert refresh_totals()
        assert facet_totals.current_state() is not None
    else:
        content_version.changed()
        assert facet_totals.current_state() is None
    if request.param == "counted over the query":
        monkeypatch.setattr("articles.tuning.FEW_RESULTS", 0)  # every non-empty list counts as many
    return request.param


# The expected side ----------------------------------------------------------------------------------


MULTI = ("topic", "place", "author", "person")
SINGLE = ("source", "year", "month")
LABELS = {
    "topic": {slug(n): n for n in TOPICS},
    "place": {slug(n): n for n in PLACES},
    "author": {slug(n): n for n in AUTHORS},
    "person": {slug(n): n for n in PEOPLE},
    "source": {slug(n): n for n in SOURCES},
    "year": {str(y): str(y) for y in YEARS},
    "month": {str(m): name for m, name in enumerate(MONTH_NAMES, start=1)},
}


def values_of(record, name):
    """The facet values one record carries."""
    if name in MULTI:
        return set(record.people if name == "person" else getattr(record, name + "s"))
    if name == "source":
        return {record.source} if record.source else set()
    if record.published_at is None:
        return set()
    return {str(record.published_at.year if name == "year" else record.published_at.month)}


def matches(record, filters, leave_out=()):
    """Whether a record is in the list for these filters (a dict of lists), less the ``leave_out`` facets."""
    if not record.visible:
        return False
    for name, chosen in filters.items():
        if name in leave_out or not chosen:
            continue
        if name in MULTI:
            if not set(chosen) <= values_of(record, name):
                return False
        elif name == "source" or name == "year":
            if values_of(record, name) != {chosen[-1]}:
                return False
        elif name == "month":
            if filters.get("year") and "year" not in leave_out and values_of(record, name) != {chosen[-1]}:
                return False
        elif name == "q":
            if SEARCH_WORD not in record.body.lower() or chosen[-1].lower() != SEARCH_WORD:
                return False
        elif name in ("published_after", "published_before"):
            if record.published_at is None:
                return False
            day = record.published_at.date()
            bound = datetime.date.fromisoformat(chosen[-1])
            if (day < bound) if name == "published_after" else (day > bound):
                return False
        else:
            raise AssertionError(f"no expectation for the filter {name}")
    return True


def expected_count(records, filters):
    return sum(matches(r, filters) for r in records)


def expected_facets(records, filters):
    """{facet: {value: count}} as facet_counts should give them, with no limit."""
    facets = {}
    for name in FACETS:
        if name == "month" and not filters.get("year"):
            continue
        leave_out = () if name in MULTI else ({"year", "month"} if name == "year" else {name})
        counts = Counter()
        for record in records:
            if matches(record, filters, leave_out):
                counts.update(values_of(record, name))
        facets[name] = dict(counts)
    return facets


def query_dict(filters):
    data = QueryDict(mutable=True)
    for name, values in filters.items():
        data.setlist(name, list(values))
    return data


def first_visible(records, wanted):
    """Values of the first visible record that has all the ``wanted`` facets, so a combination is never empty."""
    for record in records:
        if record.visible and all(values_of(record, name) for name in wanted):
            return {name: sorted(values_of(record, name))[:1] for name in wanted}
    raise AssertionError(f"the generated data has no visible article with {wanted}")


def two_topics(records):
    """Two topics that several visible articles share."""
    pairs = Counter()
    for record in records:
        if record.visible and len(record.topics) >= 2:
            first, second = sorted(record.topics)[:2]
            pairs[first, second] += 1
    (first, second), _ = max(pairs.items(), key=lambda item: (item[1], item[0]))
    return {"topic": [first, second]}


COMBINATIONS = {
    "none": lambda records: {},
    "one topic": lambda records: first_visible(records, ["topic"]),
    "topic and place": lambda records: first_visible(records, ["topic", "place"]),
    "topic, person and year": lambda records: first_visible(records, ["topic", "person", "year"]),
    "source and author": lambda records: first_visible(records, ["source", "author"]),
    "search and topic": lambda records: {"q": [SEARCH_WORD], **first_visible(records, ["topic"])},
    "search, source and year": lambda records: {"q": [SEARCH_WORD], **first_visible(records, ["source", "year"])},
    "two topics": two_topics,
    "two people": lambda records: {"person": sorted(first_visible_with_two_people(records))},
    "year and month": lambda records: first_visible(records, ["year", "month"]),
    "place between dates": lambda records: {
        **first_visible(records, ["place"]),
        "published_after": ["2020-03-01"],
        "published_before": ["2022-06-30"],
    },
    "sorted oldest first": lambda records: {**first_visible(records, ["author"]), "sort": ["oldest"]},
    "search sorted newest first": lambda records: {"q": [SEARCH_WORD], "sort": ["newest"]},
}


def first_visible_with_two_people(records):
    for record in records:
        if record.visible and len(record.people) >= 2:
            return sorted(record.people)[:2]
    raise AssertionError("the generated data has no visible article quoting two people")


def filters_for(records, combination):
    filters = COMBINATIONS[combination](records)
    return {name: values for name, values in filters.items() if name != "sort"}, filters


def bound_filterset(filters):
    filterset = ArticleFilterSet(query_dict(filters), queryset=Article.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset


# The tests ----------------------------------------------------------------------------------------------


def test_generated_data_is_big_enough_to_mean_something(records):
    visible = [r for r in records if r.visible]
    assert len(visible) == VISIBLE
    assert len(records) - len(visible) == HIDDEN
    assert {r.status for r in records if not r.visible} >= {"draft", "in_review", "archived", "published"}
    for name in FACETS:
        if name != "month":
            assert len(Counter(v for r in visible for v in values_of(r, name))) == len(LABELS[name])


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_every_facet_count_matches_the_data(records, combination):
    filters, request_filters = filters_for(records, combination)
    filterset = bound_filterset(request_filters)

    assert filterset.qs.count() == expected_count(records, filters)
    assert expected_count(records, filters) > 0

    facets = facet_counts(filterset, limit=None)
    expected = expected_facets(records, filters)
    assert {name: {v.value: v.count for v in facet.values} for name, facet in facets.items()} == expected
    for name, facet in facets.items():
        assert facet.more is False
        for value in facet.values:
            assert value.label == LABELS[name][value.value]
            assert value.selected == (value.value in filters.get(name, []))


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_limited_facets_show_the_most_frequent_values(records, combination):
    filters, request_filters = filters_for(records, combination)
    facets = facet_counts(bound_filterset(request_filters), limit=5)
    expected = expected_facets(records, filters)
    assert set(facets) == set(expected)
    for name, facet in facets.items():
        counts = [v.count for v in facet.values]
        assert counts == [expected[name][v.value] for v in facet.values]
        if name in ("year", "month"):  # few, and all shown
            assert len(facet.values) == len(expected[name])
            assert facet.more is False
            continue
        assert len(facet.values) == min(5, len(expected[name]))
        assert counts == sorted(counts, reverse=True)
        left_out = [count for value, count in expected[name].items() if value not in {v.value for v in facet.values}]
        assert all(count <= min(counts) for count in left_out)
        assert facet.more == (len(expected[name]) > 5)


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_list_page_shows_the_same_counts(client, records, combination):
    filters, request_filters = filters_for(records, combination)
    response = client.get("/articles/", query_dict(request_filters))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected_count(records, filters)
    expected = expected_facets(records, filters)
    for name, facet in response.context["facets"].items():
        for value in facet.values:
            assert value.count == expected[name][value.value], (name, value.value)


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_the_page_is_the_first_page_of_the_filters_in_their_order(client, records, combination):
    _, request_filters = filters_for(records, combination)
    response = client.get("/articles/", query_dict(request_filters))
    expected = [article.title for article in bound_filterset(request_filters).qs[:20]]
    assert [article.title for article in response.context["articles"]] == expected


@pytest.mark.parametrize("combination", list(COMBINATIONS))
def test_the_pages_in_turn_list_every_result_once_in_the_filters_order(client, records, combination):
    """Pages read by id (``ResultsById``) or by the filters: each holds the next 20 results of the filters' order."""
    filters, request_filters = filters_for(records, combination)
    expected = list(bound_filterset(request_filters).qs.values_list("title", flat=True))
    assert len(expected) == expected_count(records, filters)
    shown, page = [], 1
    while len(shown) < len(expected):
        response = client.get("/articles/", query_dict({**request_filters, "page": [str(page)]}))
        assert response.status_code == 200
        titles = [article.title for article in response.context["articles"]]
        assert 0 < len(titles) <= 20
        shown += titles
        page += 1
    assert shown == expected
    assert client.get("/articles/", query_dict({**request_filters, "page": [str(page)]})).status_code == 404


def test_multiple_values_of_a_facet_narrow_the_list(records):
    """Two topics list the articles that have both: fewer than either topic alone."""
    filters = two_topics(records)
    both = expected_count(records, filters)
    first = expected_count(records, {"topic": filters["topic"][:1]})
    second = expected_count(records, {"topic": filters["topic"][1:]})
    assert 0 < both < min(first, second)
    assert bound_filterset(filters).qs.count() == both


# Selected values can be removed one by one ---------------------------------------------------------------


def pairs(url):
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def busy_filters(records, with_search):
    """Two topics, a place, a person, a source, a year and a month of one visible article, on page 1."""
    record = next(
        r
        for r in records
        if r.visible
        and len(r.topics) >= 2
        and r.places
        and r.people
        and r.source
        and r.published_at
        and (SEARCH_WORD in r.body or not with_search)
    )
    chosen = {
        "topic": sorted(record.topics)[:2],
        "place": sorted(record.places)[:1],
        "person": sorted(record.people)[:1],
        "source": [record.source],
        "year": [str(record.published_at.year)],
        "month": [str(record.published_at.month)],
    }
    if with_search:
        chosen["q"] = [SEARCH_WORD]
    chosen["page"] = ["1"]
    return chosen


def without(filters, name, value):
    """The expected query pairs once one value is removed (year takes month with it; page always goes)."""
    left = []
    for key, values in filters.items():
        for v in values:
            if key == "page" or (key == name and v == value) or (name == "year" and key == "month"):
                continue
            left.append((key, v))
    return sorted(left)


@pytest.mark.parametrize("with_search", [False, True], ids=["filters", "filters and search"])
def test_each_selected_value_can_be_removed_on_its_own(client, records, with_search):
    filters = busy_filters(records, with_search)
    response = client.get("/articles/", query_dict(filters))
    assert response.status_code == 200

    chosen = [(name, v) for name, values in filters.items() if name in FACETS for v in values]
    assert len(chosen) == 7
    selected = response.context["selected"]
    assert len(selected) == len(chosen)

    removal_urls = {}
    for name, value in chosen:
        expected = without(filters, name, value)
        matching = [url for _, _, url in selected if pairs(url) == expected]
        assert len(matching) == 1, f"no single 'remove {name}={value}' link among {selected}"
        removal_urls[name, value] = matching[0]

    # the selected values in the facets carry the same removal links
    for name, facet in response.context["facets"].items():
        for value in facet.values:
            if value.selected:
                assert pairs(value.url) == without(filters, name, value.value), (name, value.value)

    # and following each link lists what the remaining filters select
    for (name, value), url in removal_urls.items():
        remaining = {}
        for key, v in without(filters, name, value):
            remaining.setdefault(key, []).append(v)
        followed = client.get("/articles/" + url)
        assert followed.status_code == 200
        assert followed.context["page"].paginator.count == expected_count(records, remaining)


@pytest.mark.parametrize("with_search", [False, True], ids=["filters", "filters and search"])
def test_unselected_values_add_to_or_replace_the_selection(client, records, with_search):
    filters = busy_filters(records, with_search)
    response = client.get("/articles/", query_dict(filters))
    assert response.status_code == 200
    base = [(k, v) for k, values in filters.items() if k != "page" for v in values]
    for name, facet in response.context["facets"].items():
        for value in facet.values:
            if value.selected:
                continue
            if facet.multiple:
                expected = sorted([*base, (name, value.value)])
            else:
                dropped = {name, "month"} if name == "year" else {name}
                expected = sorted([(k, v) for k, v in base if k not in dropped] + [(name, value.value)])
            assert pairs(value.url) == expected, (name, value.value)
