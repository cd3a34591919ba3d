"""No public surface shows, links to or counts an article the public may not see.

Every test runs once per hidden state (draft, in review, archived, published
with a future date, and a draft without any date). The hidden article shares
a topic, place, author, quoted person and source with two visible articles, so
a leak changes a count; it also carries values of its own (a topic, place,
author, person, source and year nothing visible has), so a leak adds a value.
"""

import datetime
from dataclasses import dataclass

import feedparser
import pytest
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles import facet_totals
from articles.facets import refresh_totals
from articles.models import Article, Place, Topic
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory
from tests.portal.shared import data_for_the_module

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
FUTURE = object()  # replaced by a date well in the future when the article is made

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT, "published_at": datetime.datetime(1999, 3, 3, 9, tzinfo=UTC)},
    "in_review": {"status": Article.Status.IN_REVIEW, "published_at": datetime.datetime(1999, 3, 3, 9, tzinfo=UTC)},
    "archived": {"status": Article.Status.ARCHIVED, "published_at": datetime.datetime(1999, 3, 3, 9, tzinfo=UTC)},
    "scheduled": {"status": Article.Status.PUBLISHED, "published_at": FUTURE},
    "undated_draft": {"status": Article.Status.DRAFT, "published_at": None},
}

VISIBLE_DATE = datetime.datetime(2020, 5, 10, 12, tzinfo=UTC)
HIDDEN_TITLE = "Classified summit memorandum"
HIDDEN_WORD = "xylophonic"  # only in the hidden article's body
HIDDEN_QUOTES = ["Norov whispered an unpublished remark", "The hidden person said something secret"]
HIDDEN_NAMES = ["Hidden Topic", "Hiddenland", "Hidden Author", "Hidden Person", "Secret Source", "Secret Envoy"]
HIDDEN_SLUGS = ["hidden-topic", "hiddenland", "hidden-author", "hidden-person", "secret-source"]

# What every list and facet must show: two visible articles, and nothing of the hidden one.
VISIBLE_FACETS = {
    "topic": {"energy": 2},
    "place": {"kazakhstan": 2},
    "source": {"visible-wire": 2},
    "author": {"ann-visible": 2},
    "person": {"vladimir-norov": 2},
    "year": {"2020": 2},
}


@dataclass
class World:
    visible: list
    hidden: Article
    hidden_year: str | None


@pytest.fixture(scope="module", params=list(HIDDEN_STATES))
def world(request, django_db_setup, django_db_blocker):
    """The two visible articles and one hidden one, written once per hidden state (rolled back after)."""
    with data_for_the_module(django_db_blocker):
        yield make_world(request.param)


# The hidden states whose article has a year of its own, for ``world`` parametrized indirectly.
DATED_STATES = [name for name, state in HIDDEN_STATES.items() if state["published_at"]]


def make_world(state_name):
    energy, hidden_topic = Topic.objects.create(name="Energy"), Topic.objects.create(name="Hidden Topic")
    kazakhstan, hiddenland = Place.objects.create(name="Kazakhstan"), Place.objects.create(name="Hiddenland")
    ann, hidden_author = AuthorFactory(name="Ann Visible"), AuthorFactory(name="Hidden Author")
    norov, hidden_person = PersonFactory(name="Vladimir Norov"), PersonFactory(name="Hidden Person")
    wire, secret = SourceFactory(name="Visible Wire"), SourceFactory(name="Secret Source")

    visible = []
    for n in (1, 2):
        article = ArticleFactory(
            title=f"Visible cooperation report {n}",
            body="Ordinary news about the organisation.",
            source=wire,
            published_at=VISIBLE_DATE,
            authors=[ann],
        )
        article.topics.add(energy)
        article.places.add(kazakhstan)
        QuoteFactory(article=article, person=norov, text=f"Public statement number {n}", role="Secretary-General")
        visible.append(article)

    state = dict(HIDDEN_STATES[state_name])
    if state["published_at"] is FUTURE:
        state["published_at"] = timezone.now() + datetime.timedelta(days=400)
    hidden = ArticleFactory(
        title=HIDDEN_TITLE,
        body=f"A {HIDDEN_WORD} paragraph about the organisation that nobody outside the newsroom may read.",
        source=secret,
        authors=[ann, hidden_author],
        **state,
    )
    hidden.topics.add(energy, hidden_topic)
    hidden.places.add(kazakhstan, hiddenland)
    # a role given only in the hidden article: a person's latest role must come from published quotes
    QuoteFactory(article=hidden, person=norov, text=HIDDEN_QUOTES[0], role="Secret Envoy", organization="Secret Source")
    QuoteFactory(article=hidden, person=hidden_person, text=HIDDEN_QUOTES[1])
    year = str(state["published_at"].year) if state["published_at"] else None
    return World(visible=visible, hidden=hidden, hidden_year=year)


def facet_map(facets):
    """{facet name: {value: count}} for the facets that have values."""
    return {name: {v.value: v.count for v in facet.values} for name, facet in facets.items() if facet.values}


def assert_hidden_article_absent(content, world, echoed=""):
    """Nothing of the hidden article itself: title, address, body text, quotes (less what the query echoes)."""
    assert HIDDEN_TITLE not in content
    assert world.hidden.slug not in content
    if HIDDEN_WORD not in echoed:
        assert HIDDEN_WORD not in content
    for quote in HIDDEN_QUOTES:
        assert quote not in content


def assert_nothing_hidden(content, world):
    """The hidden article, and every name and slug only the hidden article uses."""
    assert_hidden_article_absent(content, world)
    for text in HIDDEN_NAMES + HIDDEN_SLUGS:
        assert text not in content
    if world.hidden_year:
        assert f"year={world.hidden_year}" not in content


def get_ok(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, params, response.status_code)
    return response, response.content.decode()


def titles_listed(response):
    return sorted(article.title for article in response.context["articles"])


VISIBLE_TITLES = ["Visible cooperation report 1", "Visible cooperation report 2"]


# Lists and their facets -------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/articles/"])
def test_unfiltered_list_shows_and_counts_only_published_articles(client, world, url):
    response, content = get_ok(client, url)
    assert titles_listed(response) == VISIBLE_TITLES
    assert response.context["page"].paginator.count == 2
    assert facet_map(response.context["facets"]) == VISIBLE_FACETS
    assert_nothing_hidden(content, world)


def test_precomputed_totals_count_only_published_articles(client, world):
    """The facet totals over all published articles (articles/facet_totals.py) serve the unfiltered surfaces."""
    assert refresh_totals()
    response, content = get_ok(client, "/articles/")
    assert response.context["page"].paginator.count == 2
    assert facet_map(response.context["facets"]) == VISIBLE_FACETS
    assert_nothing_hidden(content, world)
    for name in VISIBLE_FACETS:
        response, content = get_ok(client, reverse("articles:facet", args=[name]))
        assert {v.value: v.count for v in response.context["facet"].values} == VISIBLE_FACETS[name]
    api = client.get(reverse("v1:article-list"), {"facets": ",".join(VISIBLE_FACETS)}).json()
    assert {name: {v["value"]: v["count"] for v in values} for name, values in api["facets"].items()} == VISIBLE_FACETS
    assert facet_totals.current_state() is not None  # still current: they were what was read


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "energy"},
        {"place": "kazakhstan"},
        {"author": "ann-visible"},
        {"person": "vladimir-norov"},
        {"source": "visible-wire"},
        {"year": "2020"},
        {"topic": "energy", "place": "kazakhstan", "author": "ann-visible", "person": "vladimir-norov"},
        {"sort": "oldest"},
        {"published_after": "1990-01-01", "published_before": "2099-12-31"},
    ],
)
def test_filtered_list_by_shared_values_counts_only_published_articles(client, world, params):
    response, content = get_ok(client, "/articles/", params)
    assert titles_listed(response) == VISIBLE_TITLES
    assert response.context["page"].paginator.count == 2
    facets = facet_map(response.context["facets"])
    if "year" in params:
        assert facets.pop("month") == {"5": 2}
    assert facets == VISIBLE_FACETS
    assert_nothing_hidden(content, world)


@pytest.mark.parametrize(
    "params",
    [
        {"topic": "hidden-topic"},
        {"place": "hiddenland"},
        {"author": "hidden-author"},
        {"person": "hidden-person"},
        {"source": "secret-source"},
        {"topic": "energy", "person": "hidden-person"},
    ],
)
def test_filtering_by_a_value_only_hidden_articles_have_lists_nothing(client, world, params):
    response = client.get("/articles/", params)
    assert response.status_code in (200, 400)  # the value exists, but nothing public carries it
    content = response.content.decode()
    assert_hidden_article_absent(content, world)
    if response.status_code == 200:
        assert response.context["page"].paginator.count == 0
        assert list(response.context["articles"]) == []
        for facet in response.context["facets"].values():
            assert all(value.count > 0 for value in facet.values)
            assert all(value.value not in HIDDEN_SLUGS or value.selected for value in facet.values)
        # counts of the single-value facets leave their own selection out; they must still be public counts
        facets = facet_map(response.context["facets"])
        if "source" in params:
            assert facets.get("source") == VISIBLE_FACETS["source"]


@pytest.mark.parametrize("world", DATED_STATES, indirect=True)
def test_filtering_by_the_hidden_year_lists_nothing(client, world):
    response, content = get_ok(client, "/articles/", {"year": world.hidden_year})
    assert response.context["page"].paginator.count == 0
    facets = facet_map(response.context["facets"])
    assert facets.get("year") == VISIBLE_FACETS["year"]  # the year facet leaves its own selection out
    assert "month" not in facets
    assert_hidden_article_absent(content, world)


@pytest.mark.parametrize("query", [HIDDEN_WORD, "Classified", "memorandum", "Hidden Person"])
def test_search_never_finds_a_hidden_article(client, world, query):
    response, content = get_ok(client, "/articles/", {"q": query})
    assert response.context["page"].paginator.count == 0
    assert list(response.context["articles"]) == []
    assert_hidden_article_absent(content, world, echoed=query)
    for facet in response.context["facets"].values():
        assert facet.values == []


def test_search_for_a_shared_word_counts_only_published_articles(client, world):
    response, content = get_ok(client, "/articles/", {"q": "organisation"})  # in every body, hidden included
    assert titles_listed(response) == VISIBLE_TITLES
    assert facet_map(response.context["facets"]) == VISIBLE_FACETS
    assert_nothing_hidden(content, world)


# Facet "more" pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["topic", "place", "source", "author", "person", "year"])
def test_facet_more_page_lists_and_counts_only_published_articles(client, world, name):
    response, content = get_ok(client, reverse("articles:facet", args=[name]))
    facet = response.context["facet"]
    assert {v.value: v.count for v in facet.values} == VISIBLE_FACETS[name]
    assert_nothing_hidden(content, world)


def test_month_facet_more_page_counts_only_published_articles(client, world):
    response, content = get_ok(client, reverse("articles:facet", args=["month"]), {"year": "2020"})
    assert {v.value: v.count for v in response.context["facet"].values} == {"5": 2}
    assert_nothing_hidden(content, world)
    if world.hidden_year:
        response, content = get_ok(client, reverse("articles:facet", args=["month"]), {"year": world.hidden_year})
        assert response.context["facet"].values == []
        assert_hidden_article_absent(content, world)


@pytest.mark.parametrize("name", ["topic", "place", "source", "author", "person", "year"])
def test_facet_more_page_filtered_by_a_hidden_value_counts_nothing_hidden(client, world, name):
    response = client.get(reverse("articles:facet", args=[name]), {"topic": "hidden-topic"})
    assert response.status_code in (200, 400)
    assert_hidden_article_absent(response.content.decode(), world)
    if response.status_code == 200:
        assert response.context["facet"].values == []


# Article and subject pages ------------------------------------------------------------------------


def test_hidden_article_page_is_not_found(client, world):
    assert client.get(world.hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:detail", args=[world.hidden.slug])).status_code == 404


def test_visible_article_page_shows_nothing_of_the_hidden_one(client, world):
    _, content = get_ok(client, world.visible[0].get_absolute_url())
    assert "Visible cooperation report 1" in content
    assert_nothing_hidden(content, world)


@pytest.mark.parametrize(
    "url",
    ["/sources/visible-wire/", "/authors/ann-visible/", "/topics/energy/", "/places/kazakhstan/"],
)
def test_shared_subject_page_lists_and_counts_only_published_articles(client, world, url):
    response, content = get_ok(client, url)
    assert titles_listed(response) == VISIBLE_TITLES
    subject_param = response.context["subject_param"]
    expected = {name: values for name, values in VISIBLE_FACETS.items() if name != subject_param}
    assert facet_map(response.context["facets"]) == expected
    assert_nothing_hidden(content, world)


@pytest.mark.parametrize(
    "url",
    ["/sources/secret-source/", "/authors/hidden-author/", "/topics/hidden-topic/", "/places/hiddenland/"],
)
def test_subject_page_of_a_value_only_hidden_articles_have_lists_nothing(client, world, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_hidden_article_absent(response.content.decode(), world)
    if response.status_code == 200:
        assert response.context["page"].paginator.count == 0
        for facet in response.context["facets"].values():
            assert facet.values == []


# People ------------------------------------------------------------------------------------------------


def test_person_page_shows_quotes_from_published_articles_only(client, world):
    response, content = get_ok(client, "/people/vladimir-norov/")
    assert "Public statement number 1" in content
    assert "Public statement number 2" in content
    assert_nothing_hidden(content, world)  # nor the hidden article's topic, place or the role it gave
    assert len(response.context["quotes"]) == 2


def test_person_quoted_only_in_hidden_articles_has_no_public_quotes(client, world):
    response = client.get("/people/hidden-person/")
    assert response.status_code in (200, 404)
    assert_hidden_article_absent(response.content.decode(), world)
    if response.status_code == 200:
        assert len(response.context["quotes"]) == 0


def test_people_index_lists_and_counts_quotes_from_published_articles_only(client, world):
    response, content = get_ok(client, "/people/")
    counts = {person.slug: person.quote_count for person in response.context["people"]}
    assert counts == {"vladimir-norov": 2}
    assert_nothing_hidden(content, world)  # Norov's latest role is from a published quote, not "Secret Envoy"


@pytest.mark.parametrize("query", ["Hidden", "hidden person", "Norov"])
def test_people_search_finds_no_one_quoted_only_in_hidden_articles(client, world, query):
    response = client.get("/people/", {"q": query})
    assert response.status_code == 200
    people = list(response.context["people"])
    assert [p.slug for p in people] == (["vladimir-norov"] if query == "Norov" else [])
    assert all(p.quote_count == 2 for p in people)
    content = response.content.decode()
    assert "Hidden Person" not in content
    assert "Secret Envoy" not in content
    assert_hidden_article_absent(content, world)


# Feeds ----------------------------------------------------------------------------------------------------


FEEDS = ["/feeds/articles.rss", "/feeds/articles.atom"]


def feed_titles(content):
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return sorted(entry.title for entry in parsed.entries)


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize(
    "params",
    [{}, {"topic": "energy"}, {"person": "vladimir-norov"}, {"source": "visible-wire"}, {"q": "organisation"}],
)
def test_feed_carries_only_published_articles(client, world, url, params):
    _, content = get_ok(client, url, params)
    assert feed_titles(content) == VISIBLE_TITLES
    assert_nothing_hidden(content, world)


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize(
    "params",
    [
        {"topic": "hidden-topic"},
        {"place": "hiddenland"},
        {"author": "hidden-author"},
        {"person": "hidden-person"},
        {"source": "secret-source"},
        {"q": HIDDEN_WORD},
    ],
)
def test_feed_filtered_by_a_hidden_value_is_empty(client, world, url, params):
    response = client.get(url, params)
    assert response.status_code in (200, 404)
    content = response.content.decode()
    assert_hidden_article_absent(content, world, echoed=params.get("q", ""))
    if response.status_code == 200:
        assert feed_titles(content) == []


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("world", DATED_STATES, indirect=True)
def test_feed_for_the_hidden_year_is_empty(client, world, url):
    _, content = get_ok(client, url, {"year": world.hidden_year})
    assert feed_titles(content) == []
    assert_hidden_article_absent(content, world)


# Sitemap --------------------------------------------------------------------------------------------------


def sitemap_url():
    for name in ("sitemap", "django.contrib.sitemaps.views.sitemap", "sitemaps:sitemap"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/sitemap.xml"


def test_sitemap_lists_published_articles_only(client, world):
    from tests.discovery.test_sitemap import sitemap_documents

    response = client.get(sitemap_url())
    assert response.status_code == 200, "the sitemap is served at /sitemap.xml"
    content = "".join(document.decode() for document in [response.content, *sitemap_documents(client)])
    for article in world.visible:
        assert article.get_absolute_url() in content
    assert_nothing_hidden(content, world)


# A name only hidden articles use answers exactly as a name nobody uses -------------------------------------
#
# Otherwise the difference tells anyone that a slug exists (and a chosen-filter label or a feed title
# would even show its name). Compared with the slug swapped for a placeholder: same status, same body.

HIDDEN_ONLY = {
    "topic": "hidden-topic",
    "place": "hiddenland",
    "author": "hidden-author",
    "person": "hidden-person",
    "source": "secret-source",
}


def same_answer(client, url, params, hidden):
    """The responses for the hidden-only slug and for a slug nobody has, with each slug replaced by ``SLUG``.

    The made-up slug sorts where the hidden one does, so a canonical address orders them alike.
    """
    made_up = f"{hidden}-nowhere"
    nowhere = {name: [made_up if v == hidden else v for v in (values if isinstance(values, list) else [values])]
               for name, values in params.items()}  # fmt: skip
    answers = []
    for query, slug in ((params, hidden), (nowhere, made_up)):
        response = client.get(url.replace("{slug}", slug), query)
        answers.append((response.status_code, response.content.decode().replace(slug, "SLUG")))
    (status, content), expected = answers
    assert (status, content) == expected, f"{url} {params}: the hidden-only slug answers unlike an unknown one"
    assert status >= 400, (url, params, status)
    for name in HIDDEN_NAMES:
        assert name not in content
    return status, content


@pytest.mark.parametrize(("name", "slug"), list(HIDDEN_ONLY.items()))
@pytest.mark.parametrize("url", ["/", "/articles/", "/articles/facets/topic/", "/articles/facets/source/", *FEEDS])
def test_a_hidden_only_filter_value_answers_like_an_unknown_one(client, world, url, name, slug):
    status, content = same_answer(client, url, {name: slug}, slug)
    if not url.startswith("/feeds/"):
        assert status == 400
        assert f"Unknown {name}: SLUG" in content


@pytest.mark.parametrize(("name", "slug"), list(HIDDEN_ONLY.items()))
def test_a_hidden_only_value_among_public_ones_answers_like_an_unknown_one(client, world, name, slug):
    public = {"topic": "energy", "place": "kazakhstan", "q": "organisation"}
    params = {**public, name: [*([public[name]] if name in public else []), slug]}
    same_answer(client, "/articles/", params, slug)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/sources/{slug}/", {}),
        ("/sources/{slug}/", {"sort": "oldest"}),
        ("/authors/{slug}/", {"q": "organisation"}),
        ("/topics/{slug}/", {"place": "kazakhstan"}),
        ("/places/{slug}/", {"year": "2020"}),
        ("/people/{slug}/", {}),
        ("/people/{slug}/", {"page": "1"}),
    ],
)
def test_the_page_of_a_hidden_only_name_is_not_found_like_an_unknown_one(client, world, url, params):
    kind = url.split("/")[1]
    slug = {"sources": "secret-source", "authors": "hidden-author", "topics": "hidden-topic",
            "places": "hiddenland", "people": "hidden-person"}[kind]  # fmt: skip
    status, _ = same_answer(client, url, params, slug)
    assert status == 404


@pytest.fixture
def no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }
    cache.clear()


API_FILTERS = {
    "/api/v1/articles/": ["topic", "place", "author", "person", "source"],
    "/api/v1/quotes/": ["topic", "place", "person", "source"],
}


@pytest.mark.parametrize(
    ("url", "name"), [(url, name) for url, names in API_FILTERS.items() for name in names]
)  # fmt: skip
def test_a_hidden_only_filter_value_in_the_api_answers_like_an_unknown_one(client, world, url, name, no_rate_limit):
    slug = HIDDEN_ONLY[name]
    status, content = same_answer(client, url, {name: slug}, slug)
    assert status == 400
    assert f"Unknown {name}: SLUG" in content


@pytest.mark.parametrize("url", ["/api/v1/people/{slug}/", "/api/v1/sources/{slug}/", "/api/v1/authors/{slug}/"])
def test_an_api_detail_of_a_hidden_only_name_answers_like_an_unknown_one(client, world, url, no_rate_limit):
    slug = {"people": "hidden-person", "sources": "secret-source", "authors": "hidden-author"}[url.split("/")[3]]
    status, _ = same_answer(client, url, {}, slug)
    assert status == 404
