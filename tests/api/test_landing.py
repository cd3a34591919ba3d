"""The API root (/api/v1/): the router's JSON for clients, unchanged; the landing page for a browser; the docs.

What the page must say is read from the router, the settings and the pagination here too, never copied.
"""

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from api.descriptions import doc_for
from api.pagination import OrderedCursorPagination
from api.urls import router

pytestmark = pytest.mark.django_db

ROOT = "/api/v1/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def landing(api, **extra):
    response = api.get(ROOT, HTTP_ACCEPT=BROWSER, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return response.content.decode()


def text_of(page):
    """The page's words, tags removed and entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def list_urls(query=""):
    """{prefix: absolute list URL} of every viewset on the router, as DRF's root gives them (keeping ?format=)."""
    return {
        prefix: f"http://testserver{reverse(f'v1:{basename}-list')}{query}" for prefix, _, basename in router.registry
    }


# --- the JSON contract -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        ("", {"HTTP_ACCEPT": "application/json"}),
        ("", {"HTTP_ACCEPT": "*/*"}),
        ("", {}),  # no Accept at all, as many scripts send
        ("?format=json", {"HTTP_ACCEPT": BROWSER}),
    ],
)
def test_clients_still_get_the_routers_links_as_json(api, query, accept):
    response = api.get(ROOT + query, **accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == list_urls(query)


def test_the_answer_varies_with_accept(api):
    assert "Accept" in api.get(ROOT)["Vary"]


def test_options_names_each_media_type_of_the_root_once(api):
    renders = api.options(ROOT, HTTP_ACCEPT="application/json").json()["renders"]
    assert renders == ["application/json", "text/html"]


def test_the_browsable_root_is_still_there_with_format_api(api):
    response = api.get(ROOT, {"format": "api"})
    assert response.status_code == 200
    assert "Partner API" in response.content.decode()  # the browsable API's page, under the root's name


# --- the landing page ------------------------------------------------------------------------------------------


def test_a_browser_gets_a_page_in_english_that_fits_a_phone(api):
    page = landing(api)
    assert re.search(r'<html lang="en', page)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_it_links_the_documentation_and_the_schema(api):
    page = landing(api)
    for url in (reverse("api-docs"), reverse("api-schema")):
        assert f'href="{url}"' in page


def test_it_lists_every_endpoint_of_the_router_with_its_description(api):
    page = landing(api)
    words = text_of(page)
    for _, viewset, basename in router.registry:
        list_url = reverse(f"v1:{basename}-list")
        assert f'<a href="{list_url}"><code>{list_url}</code></a>' in page
        assert doc_for(viewset, "list").summary in words
        if hasattr(viewset, "retrieve"):
            assert f"{list_url}<slug>/" in words
            assert doc_for(viewset, "retrieve").summary in words


def test_an_endpoint_that_has_answered_is_still_listed_as_get_only(api):
    articles = reverse("v1:article-list")
    assert api.get(articles).status_code == 200  # DRF then adds HEAD to the viewset's actions
    words = text_of(landing(api))
    assert f"GET {articles}" in words
    assert f"HEAD {articles}" not in words


def test_it_lists_the_staff_writes_without_links(api):
    page = landing(api)
    words = text_of(page)
    imports = reverse("v1:import")
    assert f"POST {imports}" in words
    assert f'href="{imports}"' not in page  # a POST cannot be followed as a link
    tags = reverse("v1:article-tags", kwargs={"slug": "SLUG"}).replace("SLUG", "<slug>")
    assert f"PUT PATCH {tags}" in words
    assert words.index("Writing (staff only)") < words.index(imports)


def test_the_limits_are_the_settings(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "7/hour", "api_key": "1234/day"},
    }
    settings.FACET_TIME_LIMIT_MS = 75
    words = text_of(landing(api))
    assert "Without a key 7 requests an hour for each client address." in words
    assert "With a key 1,234 requests a day for each key." in words
    assert "Each counted within 75 ms" in words
    paging = OrderedCursorPagination
    assert f"{paging.page_size} items by default, up to {paging.max_page_size} with page_size" in words


def test_the_default_limits_read_as_words(api):
    words = text_of(landing(api))
    assert "60 requests a minute" in words and "600 requests a minute" in words  # settings.py's defaults


def test_no_facet_time_limit_is_said_so(api, settings):
    settings.FACET_TIME_LIMIT_MS = 0
    assert "Counted without a time limit." in text_of(landing(api))


def test_it_says_how_to_send_a_key_with_a_working_example(api):
    page = landing(api)
    example = f"http://testserver{reverse('v1:article-list')}?q=energy&fields=title,url"
    assert f'curl -H "Authorization: Api-Key &lt;your key&gt;" "{html.escape(example)}"' in page
    assert api.get(example.removeprefix("http://testserver")).status_code == 200  # the example answers


def test_nothing_from_the_request_reaches_the_page_unescaped(api):
    page = api.get(ROOT, {"q": '"><script>alert(1)</script>'}, HTTP_ACCEPT=BROWSER).content.decode()
    assert "<script>alert(1)" not in page


def test_a_refused_request_is_a_short_page_saying_why(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "api_key": "5/min"},
    }
    landing(api)
    refused = api.get(ROOT, HTTP_ACCEPT=BROWSER)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert refused.has_header("Retry-After")
    words = text_of(refused.content.decode())
    assert "429 Too Many Requests" in words
    assert '<meta name="robots" content="noindex">' in refused.content.decode()
    assert 'rel="canonical"' not in refused.content.decode()  # an error is not the landing page
    assert "Request was throttled." in words


# --- the documentation ------------------------------------------------------------------------------------------


def test_the_docs_are_redoc_in_english(api):
    page = api.get(reverse("api-docs")).content.decode()
    assert '<html lang="en">' in page
    assert "redoc/bundles/redoc.standalone.js" in page
    assert "swagger" not in page.lower()


def test_redocs_old_address_redirects_to_the_docs(api):
    response = api.get("/api/redoc/")
    assert response.status_code == 301
    assert response["Location"] == reverse("api-docs")
