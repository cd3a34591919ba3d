"""What the endpoints say of themselves to partners (api/descriptions.py): in the browsable API, OPTIONS and the schema.

Written for partners: every endpoint has its text, the lists name each of their filters, and nothing shows
reStructuredText's double backquotes or the code's own names (classes, modules).
"""

import re

import pytest
from django.urls import URLPattern
from rest_framework.test import APIClient

from api.descriptions import as_html, doc_for, view_action
from api.pagination import MAX_PAGE_SIZE
from api.urls import router, urlpatterns
from articles.api.writes import MAX_TAGS, ArticleTagsView
from people.api.serializers import LATEST_QUOTES
from people.api.views import PersonViewSet
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# What only the code knows: a dotted module path, or a class name such as ArticleFilterSet or FieldsMixin.
CODE_NAMES = re.compile(
    r"``|\b(?:articles|people|api)\.[a-z_]+\b|\b[A-Z][a-z]+[A-Za-z]*(?:Set|Serializer|View|Mixin)\b"
)


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }


@pytest.fixture
def api():
    return APIClient()


def endpoint_actions():
    """(view class, action) for each route of api/urls.py: a viewset's actions, None for a plain view."""
    for pattern in urlpatterns:
        if not isinstance(pattern, URLPattern) or "format" in pattern.pattern.regex.groupindex:
            continue
        actions = getattr(pattern.callback, "actions", None)
        for action in actions.values() if actions else [None]:
            yield pattern.callback.cls, action


VIEWSETS = {prefix: viewset for prefix, viewset, _ in router.registry}
ENDPOINTS = sorted(set(endpoint_actions()), key=lambda pair: (pair[0].__name__, pair[1] or ""))


@pytest.mark.parametrize(("view_class", "action"), ENDPOINTS, ids=lambda value: getattr(value, "__name__", value))
def test_every_endpoint_has_a_partner_text_free_of_code_names(view_class, action):
    doc = doc_for(view_class, action)
    assert doc is not None, f"{view_class.__name__} ({action}) has no Doc in api/descriptions.py"
    assert doc.summary and doc.lead
    assert not CODE_NAMES.search(doc.summary + " " + doc.text), doc.text


@pytest.mark.parametrize(
    "viewset", [viewset for _, viewset, _ in router.registry if getattr(viewset, "filterset_class", None)]
)
def test_a_lists_text_names_every_filter_it_takes(viewset):
    text = doc_for(viewset, "list").text
    named = set(re.findall(r"`([a-z_]+)(?:=[^`]*)?`", text))  # `topic`, or in use: `sort=oldest`
    missing = [name for name in viewset.filterset_class.base_filters if name not in named]
    assert not missing, f"{viewset.__name__}'s list text does not name {missing}"


def test_the_numbers_in_the_texts_are_the_codes():
    assert f"(up to {MAX_TAGS} each)" in doc_for(ArticleTagsView).markdown
    assert LATEST_QUOTES == 5 and "the five latest" in doc_for(PersonViewSet, "retrieve").markdown
    assert f"(up to {MAX_PAGE_SIZE})" in doc_for(PersonViewSet, "list").markdown


def test_the_html_is_escaped_with_code_and_paragraphs():
    rendered = as_html('Say <b>"hi"</b>\n   and `x<y>` then.\n\nNext & last.')
    assert rendered == (
        "<p>Say &lt;b&gt;&quot;hi&quot;&lt;/b&gt; and <code>x&lt;y&gt;</code> then.</p><p>Next &amp; last.</p>"
    )


def test_options_takes_the_action_its_route_stands_for(api):
    articles, article = VIEWSETS["articles"], ArticleFactory()
    assert api.options("/api/v1/articles/").json()["description"] == doc_for(articles, "list").markdown
    detail = api.options(f"/api/v1/articles/{article.slug}/").json()["description"]
    assert detail == doc_for(articles, "retrieve").markdown


def test_a_view_with_neither_action_nor_route_has_none():
    class Plain:
        pass

    assert view_action(Plain()) is None


# --- the browsable API's pages ------------------------------------------------------------------------------------


def browsable(api, path, **query):
    response = api.get(path, query, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


@pytest.mark.parametrize(("prefix", "viewset", "basename"), router.registry, ids=[p for p, _, _ in router.registry])
def test_an_endpoint_page_shows_its_partner_text(api, prefix, viewset, basename):
    page = browsable(api, f"/api/v1/{prefix}/")
    assert as_html(doc_for(viewset, "list").text) in page
    description = page[page.index('<div class="description">') :].split("</div>", 1)[0]
    assert not CODE_NAMES.search(description)


def test_an_endpoint_page_has_a_language_a_viewport_and_named_buttons(api):
    page = browsable(api, "/api/v1/articles/")
    assert re.search(r'<html lang="en', page)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'aria-label="Formats of the GET request"' in page
    assert 'href="/api/docs/"' in page


def test_an_endpoint_page_escapes_the_query(api):
    page = browsable(api, "/api/v1/articles/", q='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in page


# --- the schema ---------------------------------------------------------------------------------------------------


@pytest.fixture
def schema(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def descriptions(node):
    """Every description in the schema, wherever it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from descriptions(item)


def test_each_operation_is_summarised_and_described_for_partners(schema):
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert operations
    for operation in operations:
        assert operation.get("summary"), operation["operationId"]
        assert operation.get("description"), operation["operationId"]


def test_the_schema_says_nothing_in_the_codes_words(schema):
    found = [text for text in descriptions(schema) if CODE_NAMES.search(text)]
    assert not found, found


def test_the_article_list_operation_reads_as_its_text(schema):
    operation = schema["paths"]["/api/v1/articles/"]["get"]
    doc = doc_for(VIEWSETS["articles"], "list")
    assert (operation["summary"], operation["description"]) == (doc.summary, doc.markdown)
