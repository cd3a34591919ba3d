"""The read-replica router: public reads of content from the replica, everything else from the primary.

Without ``DATABASE_REPLICA_URL`` the suite has no ``replica`` alias, so the
module-wide fixture adds one mirroring the test database (what
``TEST["MIRROR"]`` does when the variable is set) and installs the router. The
``replica`` connection is a second connection to the same test database, so the
integration tests are transactional (``transaction=True``): rows must be
committed for the other connection to see them, and each statement can be
traced to the alias that ran it.
"""

import copy

import pytest
from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from api.models import ApiKey
from articles.models import Article
from people.models import Person
from scoportal.db_router import (
    PRIMARY,
    REPLICA,
    PrimaryPinningMiddleware,
    ReplicaRouter,
    is_public_read,
    request_routing,
    use_primary,
)
from scoportal.env import database_config, replica_config
from tests.factories import ArticleFactory, QuoteFactory
from tests.scoportal.test_settings import run_manage

ROUTER = "scoportal.db_router.ReplicaRouter"
BOTH = [PRIMARY, REPLICA]
CONTENT_TABLES = ("articles_", "people_", "taggit_")

router = ReplicaRouter()
requests = RequestFactory()


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup, django_db_blocker):
    """A ``replica`` alias mirroring the test database, unless DATABASE_REPLICA_URL already configured one."""
    if REPLICA in connections.settings:
        yield
        return
    replica = copy.deepcopy(connections[PRIMARY].settings_dict)  # the test database's, after set-up
    replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": PRIMARY}
    connections.settings[REPLICA] = replica
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture(autouse=True)
def replica_router(settings):
    settings.DATABASE_ROUTERS = [ROUTER]


def public_request(path="/articles/"):
    request = requests.get(path)
    request.user = None
    return request


def content_statements(alias, captured):
    """Reads of content (the content version, read from the primary by design, is not one)."""
    return [
        q["sql"]
        for q in captured[alias].captured_queries
        if any(t in q["sql"] for t in CONTENT_TABLES) and 'FROM "articles_contentstate"' not in q["sql"]
    ]


class Captured(dict):
    """CaptureQueriesContext on both aliases at once: ``with Captured() as captured: …; captured["replica"]``."""

    def __enter__(self):
        for alias in BOTH:
            self[alias] = CaptureQueriesContext(connections[alias])
            self[alias].__enter__()
        return self

    def __exit__(self, *exc):
        for alias in BOTH:
            self[alias].__exit__(*exc)


# The router's decisions, without a database -----------------------------------------------------------


def test_reads_outside_a_request_go_to_the_primary():
    """Management commands, the shell, the importer: nothing is routed unless a request says so."""
    assert router.db_for_read(Article) == PRIMARY


def test_content_reads_of_a_public_request_go_to_the_replica():
    with request_routing(public_request()):
        assert router.db_for_read(Article) == REPLICA
        assert router.db_for_read(Person) == REPLICA
        assert router.db_for_read(Article.topics.through) == REPLICA


def test_other_models_are_always_read_from_the_primary():
    with request_routing(public_request()):
        assert router.db_for_read(get_user_model()) == PRIMARY
        assert router.db_for_read(ApiKey) == PRIMARY


def test_writes_go_to_the_primary_and_pin_the_rest_of_the_request():
    with request_routing(public_request()):
        assert router.db_for_write(Article) == PRIMARY
        assert router.db_for_read(Article) == PRIMARY
        assert router.db_for_read(Person) == PRIMARY
    with request_routing(public_request()):  # the next request starts unpinned
        assert router.db_for_read(Article) == REPLICA


def test_a_write_of_a_model_the_replica_does_not_serve_does_not_pin():
    """A partner's API key use is counted on every request; that must not send the partner's reads to the primary."""
    with request_routing(public_request()):
        assert router.db_for_write(ApiKey) == PRIMARY
        assert router.db_for_read(Article) == REPLICA


def test_use_primary_pins_a_block_and_a_write_inside_it_pins_the_request():
    with request_routing(public_request()):
        with use_primary():
            assert router.db_for_read(Article) == PRIMARY
            with use_primary():
                assert router.db_for_read(Article) == PRIMARY
            assert router.db_for_read(Article) == PRIMARY
        assert router.db_for_read(Article) == REPLICA
        with use_primary():
            router.db_for_write(Article)
        assert router.db_for_read(Article) == PRIMARY
    with use_primary():  # outside a request: nothing to pin, still the primary
        assert router.db_for_read(Article) == PRIMARY


def test_use_primary_around_a_request_pins_it():
    """A middleware before PrimaryPinningMiddleware may send a whole request to the primary."""
    with use_primary(), request_routing(public_request()):
        assert router.db_for_read(Article) == PRIMARY


def test_use_primary_is_also_a_decorator():
    @use_primary()
    def read():
        return router.db_for_read(Article)

    with request_routing(public_request()):
        assert read() == PRIMARY
        assert router.db_for_read(Article) == REPLICA


def test_without_a_replica_alias_nothing_is_routed(monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    with request_routing(public_request()):
        assert router.db_for_read(Article) == PRIMARY


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unsafe_methods_are_pinned(method):
    request = getattr(requests, method)("/api/v1/articles/some-slug/tags/")
    assert not is_public_read(request)


@pytest.mark.parametrize("path", ["/admin/", "/admin/articles/article/", "/admin/articles/article/1/preview/"])
def test_the_admin_is_pinned(path):
    assert not is_public_read(requests.get(path))


def test_staff_are_pinned_on_public_pages_and_other_signed_in_users_are_not():
    cookie = {"HTTP_COOKIE": "sessionid=abc"}
    staff = requests.get("/articles/", **cookie)
    staff.user = get_user_model()(username="ed", is_staff=True)
    member = requests.get("/articles/", **cookie)
    member.user = get_user_model()(username="reader", is_staff=False)
    assert not is_public_read(staff)
    assert is_public_read(member)


def test_anonymous_requests_do_not_load_the_session():
    """No session cookie, no user lookup: the router must not add ``Vary: Cookie`` to public pages."""

    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError("request.user was evaluated")

    request = requests.get("/articles/")
    request.user = Untouchable()
    assert is_public_read(request)


def test_relations_between_primary_and_replica_objects_are_allowed():
    on_primary, on_replica, elsewhere = Article(), Article(), Article()
    on_primary._state.db, on_replica._state.db, elsewhere._state.db = PRIMARY, REPLICA, "other"
    assert router.allow_relation(on_primary, on_replica) is True
    assert router.allow_relation(on_primary, elsewhere) is None


def test_migrations_run_only_on_the_primary():
    assert router.allow_migrate(PRIMARY, "articles") is True
    assert router.allow_migrate(REPLICA, "articles") is False


# Integration: which connection runs each statement -----------------------------------------------------


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_public_article_page_reads_its_content_from_the_replica(client):
    article = ArticleFactory()
    QuoteFactory(article=article)
    with Captured() as captured:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert content_statements(REPLICA, captured)
    assert not content_statements(PRIMARY, captured)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_public_list_and_the_anonymous_api_read_from_the_replica(client):
    ArticleFactory.create_batch(2)
    for url in ("/articles/", "/api/v1/articles/", "/people/"):
        with Captured() as captured:
            assert client.get(url).status_code == 200
        assert content_statements(REPLICA, captured), url
        assert not content_statements(PRIMARY, captured), url


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_partner_with_an_api_key_reads_from_the_replica():
    ArticleFactory()
    api_key, plaintext = ApiKey.objects.create_key(name="Partner")
    client = APIClient(HTTP_AUTHORIZATION=f"Api-Key {plaintext}")
    with Captured() as captured:
        assert client.get("/api/v1/articles/").status_code == 200
    assert content_statements(REPLICA, captured)
    assert not content_statements(PRIMARY, captured)
    assert any("api_apikey" in q["sql"] for q in captured[PRIMARY].captured_queries)  # counted on the primary


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_admin_reads_from_the_primary(admin_client):
    article = ArticleFactory()
    for url in (f"/admin/articles/article/{article.pk}/change/", f"/admin/articles/article/{article.pk}/preview/"):
        with Captured() as captured:
            assert admin_client.get(url).status_code == 200
        assert content_statements(PRIMARY, captured), url
        assert not captured[REPLICA].captured_queries, url


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_staff_see_public_pages_from_the_primary(admin_client):
    article = ArticleFactory()
    with Captured() as captured:
        assert admin_client.get(article.get_absolute_url()).status_code == 200
    assert content_statements(PRIMARY, captured)
    assert not captured[REPLICA].captured_queries


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_an_api_write_reads_and_writes_only_on_the_primary(admin_user):
    article = ArticleFactory()
    client = APIClient()
    client.force_authenticate(admin_user)
    with Captured() as captured:
        response = client.put(f"/api/v1/articles/{article.slug}/tags/", {"topics": ["Energy"]}, format="json")
    assert response.status_code == 200, response.content
    assert content_statements(PRIMARY, captured)
    assert not captured[REPLICA].captured_queries


def run_through_middleware(request, view):
    """``view(request)`` handled by ``PrimaryPinningMiddleware``, as in the real middleware chain."""
    return PrimaryPinningMiddleware(view)(request)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_write_in_a_get_request_pins_what_the_request_reads_after_it():
    article = ArticleFactory()
    seen = {}

    def view(request):
        with Captured() as before:
            fetched = Article.objects.published().get(pk=article.pk)
        fetched.title = "Edited"
        fetched.save()
        with Captured() as after:
            seen["title"] = Article.objects.get(pk=article.pk).title
            seen["quotes"] = list(fetched.quotes.all())  # an instance read from the replica follows the pin
        seen["before"], seen["after"] = before, after
        return None

    run_through_middleware(public_request(), view)
    assert seen["title"] == "Edited"
    assert seen["before"][REPLICA].captured_queries and not seen["before"][PRIMARY].captured_queries
    assert len(seen["after"][PRIMARY].captured_queries) == 2 and not seen["after"][REPLICA].captured_queries


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_inside_a_transaction_on_the_primary_stay_on_it():
    """Django would send them wherever the router says; a transaction's reads must see its own writes."""
    ArticleFactory()

    def view(request):
        with transaction.atomic():
            assert Article.objects.count() == 1  # a read before any write in the block
            assert router.db_for_read(Article) == PRIMARY
        assert router.db_for_read(Article) == REPLICA

    with Captured() as captured:
        run_through_middleware(public_request(), view)
    assert content_statements(PRIMARY, captured)
    assert not captured[REPLICA].captured_queries


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_management_commands_read_from_the_primary(tmp_path):
    from django.core.management import call_command

    document = tmp_path / "sco.txt"
    document.write_text("SCO summit opens in Astana\n\nThe leaders met on Tuesday.\n", encoding="utf-8")
    with Captured() as captured:
        call_command("import_articles", str(document), verbosity=0)
    assert content_statements(PRIMARY, captured)
    assert not captured[REPLICA].captured_queries


# Settings: DATABASE_REPLICA_URL --------------------------------------------------------------------------


SETTINGS_PROBE = (
    "import json; from django.conf import settings; "
    "print(json.dumps({'aliases': sorted(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
    "'mirror': settings.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR')}))"
)


def probe_settings(**env):
    """The database settings a fresh process makes of this environment (the shell may print lines first)."""
    result = run_manage("shell", "-c", SETTINGS_PROBE, DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_without_a_replica_url_there_is_no_replica_and_no_router():
    assert probe_settings() == '{"aliases": ["default"], "routers": [], "mirror": null}'


def test_a_replica_url_adds_the_replica_alias_and_the_router():
    primary = "postgres://postgres@127.0.0.1:5432/scoportal_router"
    assert probe_settings(DATABASE_URL=primary, DATABASE_REPLICA_URL=primary) == (
        '{"aliases": ["default", "replica"], "routers": ["scoportal.db_router.ReplicaRouter"], "mirror": "default"}'
    )


@pytest.mark.parametrize(
    "url",
    [
        "not-a-url",
        "postgres://user@host:notaport/db",
        "mysql://root@localhost/db",
        "postgres://replica.internal:5432/",
        "sqlite:////tmp/replica.sqlite3",  # the primary is PostgreSQL: a replica of another kind is a mistake
    ],
)
def test_a_bad_replica_url_stops_start_up_with_one_line_naming_it(url):
    result = run_manage(
        "check", DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", DATABASE_REPLICA_URL=url
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_replica_config_parses_like_the_database_url():
    primary = database_config("postgres://app@db-primary:5432/scoportal")
    replica = replica_config(" postgres://app@db-replica:5432/scoportal ", primary)
    assert replica["ENGINE"] == primary["ENGINE"]
    assert (replica["HOST"], replica["NAME"]) == ("db-replica", "scoportal")
    assert replica["CONN_MAX_AGE"] == primary["CONN_MAX_AGE"]
    assert replica["TEST"] == {"MIRROR": "default"}
    assert replica_config("", primary) is None
    with pytest.raises(SystemExit, match="^scoportal: configuration error: DATABASE_REPLICA_URL must name the same"):
        replica_config("sqlite:////tmp/r.sqlite3", primary)
