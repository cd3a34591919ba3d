"""Property-based tests of the partner API against its own OpenAPI schema (schemathesis, in-process over WSGI).

For every operation of /api/v1/schema/, schemathesis generates requests (valid and
invalid parameters, bodies) and checks each response: never a 5xx, a status code the
schema documents, a documented content type, and a body matching the documented schema.

The database holds the five seed documents imported as published plus a draft (never
to be seen), so lists, filters, facets and details have real rows. Throttling is lifted:
the rate limits are tested in tests/api/test_keys.py. Runs on SQLite and PostgreSQL.
"""

from pathlib import Path

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article
from tests.factories import ArticleFactory

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
MAX_EXAMPLES = 50

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]


def load_schema():
    """The schema /api/v1/schema/ serves (tests/api/test_schema.py checks they agree), bound to the WSGI app.

    Generated here rather than fetched, as collection may not touch the database or the settings.
    """
    from scoportal.wsgi import application

    loaded = schemathesis.openapi.from_dict(SchemaGenerator(api_version="v1").get_schema(request=None, public=True))
    loaded.app = application
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def in_process(settings):
    """Requests go to the WSGI app in this thread, so it sees the test's transaction and data.

    Django closes "old" connections around each request; inside the test's transaction that
    would break it, so (as Django's own test client does) that handler is off meanwhile.
    """
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis' WSGI host
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/min", "api_key": "1000000/min"},
    }
    cache.clear()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def seeded(in_process):
    for path in sorted(SEEDS.glob("*.txt")):
        import_document(parse_document(path.read_bytes()), status=Article.Status.PUBLISHED)
    ArticleFactory(title="A draft nobody may see", status=Article.Status.DRAFT)
    assert Article.objects.published().count() == 5


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI fails on a real change, never on luck
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
