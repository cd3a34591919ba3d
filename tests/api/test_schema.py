"""The OpenAPI 3 schema (/api/v1/schema/) and its docs (/api/docs/): valid, complete, no CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from articles.facets import FACETS
from articles.filters import ArticleFilterSet

SCHEMA_URL = "/api/v1/schema/"
ARTICLE_LIST_PARAMETERS = [
    *ArticleFilterSet.base_filters,  # topic, place, source, author, person, year, month, published_*, q, sort
    "fields",
    "facets",
    "page_size",
    "cursor",
]
ERROR_CODES = {"400", "401", "404", "429"}


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def schema(api, db):
    response = api.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in {"get", "put", "patch", "post", "delete"}:
                yield path, method, operation


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1.0.0"
    validate_schema(schema)  # raises on an invalid document


def test_the_schema_command_gives_no_warning(tmp_path):
    """What CI checks with `make api-check`: the schema validates and nothing was left to guess."""
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert set(yaml.safe_load(out.read_text())["paths"]) >= {"/api/v1/articles/", "/api/v1/articles/{slug}/"}


def test_the_endpoint_serves_the_schema_the_tests_fuzz(schema):
    """tests/api/test_schemathesis.py generates the schema in-process; it must be the one served."""
    assert schema == SchemaGenerator(api_version="v1").get_schema(request=None, public=True)


def test_every_article_list_parameter_is_documented(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    missing = [name for name in ARTICLE_LIST_PARAMETERS if name not in parameters]
    assert not missing, f"undocumented query parameters: {missing}"
    assert all(parameters[name]["in"] == "query" for name in ARTICLE_LIST_PARAMETERS)
    assert parameters["topic"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert parameters["topic"]["explode"] is True  # ?topic=a&topic=b
    assert parameters["year"]["schema"]["type"] == "integer"
    assert (parameters["month"]["schema"]["minimum"], parameters["month"]["schema"]["maximum"]) == (1, 12)
    assert parameters["published_after"]["schema"] == {"type": "string", "format": "date"}
    assert set(parameters["sort"]["schema"]["enum"]) == {"newest", "oldest", "relevance"}
    assert parameters["page_size"]["schema"]["type"] == "integer"
    for name in FACETS:
        assert f"`{name}`" in parameters["facets"]["description"]


def test_the_article_page_schema_has_the_facets(schema):
    ok = schema["paths"]["/api/v1/articles/"]["get"]["responses"]["200"]
    ref = ok["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"next", "previous", "results", "facets"} <= set(page["properties"])
    assert set(page["properties"]["facets"]["properties"]) == set(FACETS)
    value = page["properties"]["facets"]["properties"]["topic"]["items"]
    assert set(value["required"]) == {"value", "label", "count"}


def test_every_operation_documents_its_errors(schema):
    for path, method, operation in operations(schema):
        codes = set(operation["responses"])
        assert codes >= ERROR_CODES, f"{method.upper()} {path} documents only {sorted(codes)}"
        assert "application/json" in operation["responses"]["400"]["content"]
        error = operation["responses"]["404"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
        if method != "get":
            assert "403" in codes, f"{method.upper()} {path}"


def test_the_api_key_is_a_documented_security_scheme(schema):
    scheme = schema["components"]["securitySchemes"]["ApiKey"]
    assert scheme == {"type": "apiKey", "in": "header", "name": "Authorization", "description": scheme["description"]}
    assert "Api-Key <key>" in scheme["description"]


def test_an_unmatched_api_url_is_a_json_404(api, db):
    response = api.get("/api/v1/articles/not a slug!/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
    assert api.get("/no-such-page/")["Content-Type"].startswith("text/html")  # the site keeps its page


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


def test_the_docs_are_served_from_our_own_static_files(api, db):
    response = api.get("/api/docs/")  # Redoc; /api/redoc/ redirects there (test_landing.py)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert not EXTERNAL.search(html), "the docs page loads something from another host"
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs", "googleapis"):
        assert cdn not in html
    assert SCHEMA_URL in html
