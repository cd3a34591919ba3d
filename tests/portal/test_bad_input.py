"""Bad input gets a polite 400 or a 404: never a 500, never an unescaped echo of what was sent.

The test client raises any exception a view lets escape, so a would-be 500
fails the test with its traceback.
"""

import base64
import datetime
import json

import feedparser
import pytest
from django.core.cache import cache
from django.utils.html import escape

from articles.models import Article, Place, Source, Topic
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory
from tests.portal.shared import data_for_the_module

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
YEAR_2021 = datetime.datetime(2021, 6, 1, tzinfo=UTC)

LISTS = ["/", "/articles/", "/topics/energy/"]
FACET_PAGES = ["/articles/facets/source/"]
FEEDS = ["/feeds/articles.rss", "/feeds/articles.atom"]
HTML_SURFACES = LISTS + FACET_PAGES
ALL_SURFACES = HTML_SURFACES + FEEDS
SUBJECT_PARAMS = {"/topics/energy/": "topic"}

HTML_PAYLOADS = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(1)</script>",
    "<b onmouseover=alert(1)>bold</b>",
]
SQL_PAYLOADS = [
    "' OR '1'='1",
    "'; DROP TABLE articles_article; --",
    '" OR 1=1 --',
    "%' OR 1=1 --",
    "1) UNION SELECT username, password FROM auth_user --",
]
ODD_QUERIES = [
    "{{ request }}{% debug %}",
    "energy & | ! : * ( ) <-> ''",
    "\\",
    "-",
    '"',
    '-"',
    '""',
    "or",
    "Шанхай 上海 🚀",
    "a" * 300,
    "energy:*",
]


@pytest.fixture(scope="module", autouse=True)
def site(django_db_setup, django_db_blocker):
    """Three articles, written once for the module (rolled back at its end)."""
    with data_for_the_module(django_db_blocker):
        write_site()
        yield


def write_site():
    energy = Topic.objects.create(name="Energy")
    kazakhstan = Place.objects.create(name="Kazakhstan")
    source = SourceFactory(name="Common Wire")
    author = AuthorFactory(name="Ann Common")
    person = PersonFactory(name="Vladimir Norov")
    for n, body in enumerate(
        [
            "Energy ministers met in Astana.",
            "<script>alert('body')</script> The energy dialogue went on.",
            "Trade and energy were discussed.",
        ]
    ):
        article = ArticleFactory(title=f"Energy report {n}", body=body, source=source, authors=[author])
        article.topics.add(energy)
        article.places.add(kazakhstan)
        QuoteFactory(article=article, person=person, text=f"Statement {n}")


def get(client, url, params=None):
    return client.get(url, params or {})


def is_feed(url):
    return url.startswith("/feeds/")


def assert_not_echoed_raw(content, *values, xml=False):
    """Text with markup (or, in HTML, quotes) in it may appear only escaped.

    In a feed, quotes in text are plain XML; only ``<`` and ``&`` must be escaped.
    """
    special = "<&" if xml else "<>\"'&"
    for value in values:
        if len(value) >= 3 and any(c in value for c in special):
            assert value not in content, f"{value!r} is echoed unescaped"


def assert_well_formed_feed(response):
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")


def assert_refused(response, url, *messages):
    """An HTML surface answers 400 and says why (escaped); a feed answers 400 or 404."""
    content = response.content.decode()
    if is_feed(url):
        assert response.status_code in (400, 404), response.status_code
        return content
    assert response.status_code == 400, (url, response.status_code)
    for message in messages:
        assert escape(message) in content, f"{message!r} is not in the page"
    return content


# Unknown filter values ------------------------------------------------------------------------------

UNKNOWN = [
    (name, value)
    for name in ("topic", "place", "source", "author", "person")
    for value in ("no-such-thing", "<script>alert('x')</script>", "a\"b'c&d")
]


@pytest.mark.parametrize(("name", "value"), UNKNOWN)
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_unknown_filter_value_is_refused_with_a_message_naming_it(client, url, name, value):
    if SUBJECT_PARAMS.get(url) == name:
        url = "/articles/"  # a subject page fixes its own facet: check the plain list instead
    response = get(client, url, {name: value})
    content = assert_refused(response, url, f"Unknown {name}: {value}")
    assert_not_echoed_raw(content, value, xml=is_feed(url))


@pytest.mark.parametrize("url", [url for url in ALL_SURFACES if SUBJECT_PARAMS.get(url) != "topic"])
def test_one_unknown_value_among_known_ones_is_named(client, url):
    response = get(client, url, {"topic": ["energy", "atlantis"], "place": "kazakhstan"})
    content = assert_refused(response, url, "Unknown topic: atlantis")
    if not is_feed(url):
        assert "Unknown topic: energy" not in content


# Repeated parameters --------------------------------------------------------------------------------

REPEATED = [
    {"topic": ["energy", "energy"]},
    {"place": ["kazakhstan", "kazakhstan", "kazakhstan"]},
    {"source": ["common-wire", "common-wire"]},
    {"q": ["energy", "trade"]},
    {"q": ["", "energy"]},
    {"sort": ["newest", "oldest"]},
    {"year": ["2020", "2021"]},
    {"month": ["1", "2"], "year": ["2021"]},
    {"page": ["1", "2"]},
    {"published_after": ["2020-01-01", "2021-01-01"]},
]


@pytest.mark.parametrize("params", REPEATED)
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_repeated_parameters_never_fail(client, url, params):
    response = get(client, url, params)
    assert response.status_code in (200, 400, 404)
    if is_feed(url) and response.status_code == 200:
        assert_well_formed_feed(response)


@pytest.mark.parametrize("params", [{"topic": ["energy", "energy"]}, {"place": ["kazakhstan", "kazakhstan"]}])
def test_a_value_repeated_narrows_no_further(client, params):
    response = get(client, "/articles/", params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize(
    ("name", "values"),
    [("source", ["common-wire", "other-wire"]), ("year", ["2020", "2021"])],
)
def test_a_one_value_filter_given_twice_is_refused_or_shows_one_choice(client, name, values):
    """A page must not show two sources (or years) as chosen while it filters by only one of them."""
    other = SourceFactory(name="Other Wire")
    ArticleFactory(title="Other wire 2020", source=other, published_at=datetime.datetime(2020, 6, 1, tzinfo=UTC))
    ArticleFactory(title="Common wire 2021", source=Source.objects.get(slug="common-wire"), published_at=YEAR_2021)
    response = get(client, "/articles/", {name: values})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        return
    chosen = [text for label, text, url in response.context["selected"] if label.lower() == name]
    assert len(chosen) == 1, f"the page shows {chosen} as chosen {name}s"
    facet = response.context["facets"][name]
    assert {v.value for v in facet.values} >= set(values)  # both values are on offer, with articles
    selected = [v for v in facet.values if v.selected]
    assert len(selected) == 1, f"the {name} facet marks {[v.value for v in selected]} as chosen"
    assert selected[0].count == response.context["page"].paginator.count


# Search text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [1025, 5000, 100_000])
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_very_long_search_text_is_refused_politely(client, url, length):
    query = ("energy " * (length // 7 + 1))[:length]
    response = get(client, url, {"q": query})
    content = assert_refused(response, url, "too long")
    assert query not in content


def test_search_text_at_the_limit_is_accepted(client):
    query = "energy " * 146 + "!!"  # 1024 characters; the final "!!" is no search term
    assert len(query) == 1024
    response = get(client, "/articles/", {"q": query})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3


@pytest.mark.parametrize("query", HTML_PAYLOADS + SQL_PAYLOADS + ODD_QUERIES)
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_markup_and_sql_in_the_search_text_are_harmless(client, url, query):
    response = get(client, url, {"q": query})
    assert response.status_code in (200, 400), response.status_code
    content = response.content.decode()
    assert_not_echoed_raw(content, query, xml=is_feed(url))
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    if is_feed(url):
        assert_well_formed_feed(response)
    elif response.status_code == 200 and url in LISTS and len(query) < 100:
        assert escape(query) in content  # the search box gives the text back, escaped
    assert Article.objects.count() == 3


@pytest.mark.parametrize("query", HTML_PAYLOADS + SQL_PAYLOADS)
def test_markup_in_other_parameters_is_never_echoed_raw(client, query):
    response = get(client, "/articles/", {"utm_source": query, query: "1", "q": "energy"})
    assert response.status_code in (200, 400)
    assert_not_echoed_raw(response.content.decode(), query)


def test_search_snippet_escapes_markup_from_the_article_body(client):
    response = get(client, "/articles/", {"q": "dialogue"})
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["page"].paginator.count == 1
    assert "<mark>dialogue</mark>" in content  # the snippet was shown
    assert "<script>alert" not in content  # and its markup, if kept at all, is escaped


# Paths ------------------------------------------------------------------------------------------------------

BAD_PATHS = [
    "/articles/no-such-article/",
    "/sources/no-such-source/",
    "/authors/nobody/",
    "/topics/no-topic/",
    "/places/atlantis/",
    "/people/nobody/",
    "/articles/facets/nonsense/",
    "/articles/facets/q/",
    "/articles/facets/page/",
    "/topics/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
    "/sources/a%00b/",
    "/people/%27%20OR%201%3D1/",
    "/articles/..%2F..%2Fetc%2Fpasswd/",
    "/places/" + "x" * 3000 + "/",
    "/feeds/articles.json",
]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_invalid_slugs_in_paths_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    content = response.content.decode()
    assert "<script>alert(1)" not in content


def test_month_facet_page_without_a_year_is_not_an_error(client):
    """Months are offered only once a year is chosen; asking for them without one is not a server error."""
    response = client.get("/articles/facets/month/")
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200:
        assert response.context["facet"].values == []


# Page numbers ---------------------------------------------------------------------------------------------

PAGED = ["/", "/articles/", "/sources/common-wire/", "/authors/ann-common/", "/places/kazakhstan/", "/people/"]
BAD_PAGES = ["-1", "0", "abc", "99999", "1.5", "2 OR 1=1", "9" * 60, "<script>"]


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize("url", [*PAGED, "/people/vladimir-norov/"])
def test_bad_page_numbers_are_not_found(client, url, page):
    response = get(client, url, {"page": page})
    assert response.status_code == 404, (url, page, response.status_code)
    assert_not_echoed_raw(response.content.decode(), page)


@pytest.mark.parametrize("url", PAGED)
def test_an_empty_page_number_is_the_first_page(client, url):
    assert get(client, url, {"page": ""}).status_code == 200


@pytest.mark.parametrize("page", ["-1", "abc", "99999"])
@pytest.mark.parametrize("url", FEEDS + FACET_PAGES)
def test_page_numbers_where_there_are_no_pages_never_fail(client, url, page):
    assert get(client, url, {"page": page}).status_code in (200, 404)


# Invalid values -------------------------------------------------------------------------------------------

INVALID = [
    ({"year": "abc"}, "whole number"),
    ({"year": "0"}, "1900"),
    ({"year": "99999999999999999999999"}, "2100"),
    ({"year": "2021.5"}, "whole number"),
    ({"year": "<script>alert(1)</script>"}, "whole number"),
    ({"year": "2021", "month": "13"}, "12"),
    ({"year": "2021", "month": "0"}, "1"),
    ({"year": "2021", "month": "abc"}, "whole number"),
    ({"month": "13"}, "12"),
    ({"sort": "bogus"}, "bogus"),
    ({"sort": "<script>alert(1)</script>"}, "<script>alert(1)</script>"),
    ({"sort": "relevance'; DROP TABLE articles_article; --"}, "relevance'; DROP TABLE articles_article; --"),
    ({"published_after": "notadate"}, "date"),
    ({"published_after": "2021-02-30"}, "date"),
    ({"published_before": "<script>alert(1)</script>"}, "date"),
    ({"published_before": "99999-01-01"}, "date"),
]


@pytest.mark.parametrize(("params", "message"), INVALID)
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_invalid_values_are_refused_not_crashed(client, url, params, message):
    response = get(client, url, params)
    content = assert_refused(response, url, message)
    assert_not_echoed_raw(content, *params.values(), xml=is_feed(url))
    assert Article.objects.count() == 3


@pytest.mark.parametrize("url", HTML_SURFACES)
def test_a_refused_page_says_what_to_do_next(client, url):
    response = get(client, url, {"sort": "bogus", "q": "<i>energy</i>"})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'role="alert"' in content
    assert "<i>energy</i>" not in content


@pytest.mark.parametrize("params", [{"year": ""}, {"month": ""}, {"q": ""}, {"q": "   "}, {"sort": ""}, {"topic": ""}])
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_empty_parameters_are_ignored(client, url, params):
    response = get(client, url, params)
    assert response.status_code == 200, (url, params, response.status_code)


@pytest.mark.parametrize("name", ["topic", "source", "person", "q", "year", "sort", "published_after"])
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_nul_bytes_are_refused_not_crashed(client, url, name):
    if SUBJECT_PARAMS.get(url) == name:
        url = "/articles/"  # a subject page fixes its own facet: check the plain list instead
    response = get(client, url, {name: "energy\x00"})
    assert response.status_code in (400, 404)


# NUL bytes in the API and the people pages ---------------------------------------------------------------
#
# PostgreSQL text cannot hold a NUL byte: one reaching a query is a DataError, a 500.

API_TEXT_PARAMS = {
    "/api/v1/articles/": ["topic", "place", "source", "author", "person", "q", "year", "month", "sort",
                          "published_after", "published_before", "facets", "fields", "page_size"],
    "/api/v1/quotes/": ["person", "article", "source", "topic", "place", "published_after", "direct", "page_size"],
    "/api/v1/people/": ["q", "page_size"],
    "/api/v1/sources/": ["page_size"],
    "/api/v1/authors/": ["page_size"],
    "/api/v1/tags/": ["kind"],
}  # fmt: skip
NUL_VALUES = ["energy\x00", "\x00", "a\x00b"]


@pytest.fixture
def no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }
    cache.clear()


def assert_json_refusal(response, status=400):
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert body and all(body.values()), body  # says why


@pytest.mark.parametrize("value", NUL_VALUES)
@pytest.mark.parametrize(
    ("url", "name"), [(url, name) for url, names in API_TEXT_PARAMS.items() for name in names]
)  # fmt: skip
def test_nul_bytes_in_api_parameters_are_a_400_with_a_message(client, no_rate_limit, url, name, value):
    assert_json_refusal(client.get(url, {name: value}))


@pytest.mark.parametrize("value", NUL_VALUES)
def test_nul_bytes_in_the_people_search_are_refused(client, value):
    response = client.get("/people/", {"q": value})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


@pytest.mark.parametrize("value", NUL_VALUES)
@pytest.mark.parametrize("name", ["topic", "place", "source", "author", "person", "q", "published_before", "month"])
@pytest.mark.parametrize("url", ALL_SURFACES)
def test_nul_bytes_in_any_filter_are_refused_with_a_message(client, url, name, value):
    if SUBJECT_PARAMS.get(url) == name:
        url = "/articles/"
    params = {name: value, **({"year": "2021"} if name == "month" else {})}
    assert_refused(get(client, url, params), url, "Null characters are not allowed.")


# Cursors ------------------------------------------------------------------------------------------------


def cursor(query):
    """A cursor as DRF writes one: base64 of a query string (``o`` offset, ``r`` reversed, ``p`` position)."""
    raw = query if isinstance(query, bytes) else query.encode()
    return base64.b64encode(raw).decode()


NAME_CURSORS = {
    "NUL in the name": cursor("p=a%00b"),
    "NUL only": cursor("p=%00"),
    "a JSON cursor": cursor('{"r": 0, "p": ["a", 1]}'),
    "an unknown key": cursor("x=1&p=a"),
    "a repeated position": cursor("p=a&p=b"),
    "text offset": cursor("o=one&p=a"),
    "negative offset": cursor("o=-1&p=a"),
    "text direction": cursor("r=backwards&p=a"),
    "a very long name": cursor("p=" + "a" * 50_000),
    "not ASCII": cursor(b"p=\xff\xfe"),
    "not base64": "%%%***",
    "very long": "A" * 100_000,
}
DATE_CURSORS = {
    "NUL in the date": cursor("p=2021-06-01%00"),
    "date without a time zone": cursor("p=2021-06-01T00:00:00"),
    "not a date": cursor("p=yesterday"),
    "a number for the date": cursor("p=20210601"),
    "a month that is not": cursor("p=2021-13-01T00:00:00%2B00:00"),
}
QUOTE_CURSORS = dict(DATE_CURSORS)


@pytest.mark.parametrize("token", list(NAME_CURSORS.values()), ids=list(NAME_CURSORS))
@pytest.mark.parametrize("url", ["/api/v1/sources/", "/api/v1/authors/", "/api/v1/people/"])
def test_a_malformed_cursor_is_refused_before_any_query(client, no_rate_limit, url, token):
    response = client.get(url, {"cursor": token})
    assert response.status_code == 404, (response.status_code, response.content[:300])
    assert response.json() == {"detail": "Invalid cursor."}


@pytest.mark.parametrize(
    ("url", "token"),
    [("/api/v1/articles/", token) for token in DATE_CURSORS.values()]
    + [("/api/v1/quotes/", token) for token in QUOTE_CURSORS.values()],
    ids=[f"articles-{name}" for name in DATE_CURSORS] + [f"quotes-{name}" for name in QUOTE_CURSORS],
)
def test_a_malformed_cursor_over_dates_is_refused(client, no_rate_limit, url, token):
    response = client.get(url, {"cursor": token})
    assert response.status_code == 404, (response.status_code, response.content[:300])
    assert response.json() == {"detail": "Invalid cursor."}


def test_a_cursor_from_a_next_link_still_works(client, no_rate_limit):
    for n in range(3):
        SourceFactory(name=f"Extra wire {n}")
        ArticleFactory(title=f"Extra {n}", source=Source.objects.get(name=f"Extra wire {n}"))
    first = client.get("/api/v1/sources/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    names = [row["name"] for row in first["results"] + second["results"]]
    assert len(names) == len(set(names)) == 4


# JSON bodies --------------------------------------------------------------------------------------------


def writer():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    user = get_user_model().objects.create_user("contributor", password="pw-for-tests", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_article", "change_article"]))
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(pk=user.pk))
    return client


def draft():
    return ArticleFactory(title="A draft to tag", status=Article.Status.DRAFT)


NESTED_BODIES = {
    "3,000 [": "[" * 3000,
    "3,000 [ closed": "[" * 3000 + "]" * 3000,
    "3,000 {": '{"a":' * 3000 + "1" + "}" * 3000,
    "nested in a field": '{"topics": ' + "[" * 3000 + "]" * 3000 + "}",
    "nested text": '{"text": ' + "[" * 100_000 + "}",
}


@pytest.mark.parametrize("body", list(NESTED_BODIES.values()), ids=list(NESTED_BODIES))
@pytest.mark.parametrize("method", ["post-imports", "put-tags", "patch-tags"])
def test_deeply_nested_json_is_a_400_with_a_message(no_rate_limit, method, body):
    verb, target = method.split("-")
    url = "/api/v1/imports/" if target == "imports" else f"/api/v1/articles/{draft().slug}/tags/"
    response = writer().generic(verb.upper(), url, body, content_type="application/json")
    assert_json_refusal(response)
    assert "nested" in response.json()["detail"]


def test_json_nested_within_the_limit_is_read_as_usual(no_rate_limit):
    """Brackets inside strings are text, not nesting: a tag of 3,000 "[" is read (and refused as too long)."""
    article, client = draft(), writer()
    body = json.dumps({"topics": ["[" * 3000 + "{" * 10], "places": []})
    response = client.generic("PUT", f"/api/v1/articles/{article.slug}/tags/", body, content_type="application/json")
    assert response.status_code == 400  # too long a tag (100 characters at most), said by the serializer
    assert "topics" in response.json()
    ok = client.generic(
        "PUT", f"/api/v1/articles/{article.slug}/tags/", json.dumps({"topics": ['a "[quoted]" \\ topic']}),
        content_type="application/json",
    )  # fmt: skip
    assert ok.status_code == 200, ok.content
    assert ok.json()["topics"] == ['a "[quoted]" \\ topic']


def test_a_body_over_the_api_limit_is_a_413_before_it_is_parsed(no_rate_limit):
    from api.http import API_MAX_BODY_BYTES

    body = "[" * (API_MAX_BODY_BYTES + 1)
    response = writer().generic("POST", "/api/v1/imports/", body, content_type="application/json")
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert Article.objects.count() == 3
