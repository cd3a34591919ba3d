import pytest

from articles import content_version


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def unhurried_facets(settings):
    """Facets count within 5 s, not production's 150 ms: on a busy machine a count of a few test rows
    can take longer than 150 ms, and a facet shown without counts would fail a test about counting.
    The limit stays on (the same queries run); tests/portal/test_facet_budget.py sets its own."""
    settings.FACET_TIME_LIMIT_MS = 5000


@pytest.fixture(autouse=True)
def no_content_cache(settings):
    """Tests see every page computed; tests/articles/test_content_version.py turns the cache on.

    (Each test's rows, and its content version, are rolled back after it, so a
    version number comes back in the next test with other content: the
    process's publication dates are forgotten.)
    """
    settings.CONTENT_CACHE_SECONDS = 0
    content_version.forget()
