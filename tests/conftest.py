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
def no_content_cache(settings):
    """Tests see every page computed; tests/articles/test_content_version.py turns the cache on.

    (Each test's rows, and its content version, are rolled back after it, so a
    version number comes back in the next test with other content: the
    process's publication dates are forgotten.)
    """
    settings.CONTENT_CACHE_SECONDS = 0
    content_version.forget()
