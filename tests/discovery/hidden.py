"""The states in which an article must never reach a public surface, and a few shared helpers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article

HIDDEN_STATES = [
    pytest.param({"status": Article.Status.DRAFT}, id="draft"),
    pytest.param({"status": Article.Status.IN_REVIEW}, id="in_review"),
    pytest.param({"status": Article.Status.ARCHIVED}, id="archived"),
    pytest.param(
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=30)},
        id="future",
    ),
]


def count_queries(client, url):
    """(response, number of queries) for one GET."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)
