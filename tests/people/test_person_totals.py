"""Each person's precomputed figures (people/totals.py): what counting says, published articles only, read only
while current, and a change after the refresh counted live at once."""

import datetime
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from articles import content_version, facet_totals
from articles.facet_totals import current_state
from articles.facets import refresh_totals
from articles.models import Article, ContentState
from people.models import Person, PersonTotal, Quote
from tests.discovery.hidden import HIDDEN_STATES
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

OLD = datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC)
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "api_key": "100000/min"},
    }
    cache.clear()


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def build_world(hidden):
    """Norov and Quiet quoted in two published articles; Norov and Ghost in one ``hidden`` article of their own."""
    norov, quiet, ghost = (PersonFactory(name=name) for name in ("Vladimir Norov", "Quiet Person", "Ghost Person"))
    older = ArticleFactory(title="Older", published_at=days_ago(30))
    older.topics.add("Energy", "Trade")
    newer = ArticleFactory(title="Newer", published_at=days_ago(3))
    newer.topics.add("Energy")
    QuoteFactory(article=older, person=norov, role="Foreign Minister", organization="Uzbekistan")
    QuoteFactory(article=newer, person=norov, role="Secretary General", organization="SCO", position=1)
    QuoteFactory(article=newer, person=norov, role="", position=2)
    QuoteFactory(article=older, person=quiet)  # no role stated
    Article.objects.filter(pk__in=[older.pk, newer.pk]).update(updated_at=OLD)  # the hidden one changed later
    secret = ArticleFactory(title="Classified", **hidden)
    secret.topics.add("Classified topic", "Energy")
    QuoteFactory(article=secret, person=norov, role="Classified role", organization="Classified org", text="Hushed.")
    QuoteFactory(article=secret, person=ghost, role="Ghost role")
    return {"norov": norov, "quiet": quiet, "ghost": ghost, "older": older, "newer": newer, "secret": secret}


def public_view(client):
    """What the public sees of each person on every surface: the index, their page, the API, the sitemap."""
    api = APIClient()
    response = client.get("/people/")
    assert response.status_code == 200
    view = {
        "index": {p.slug: (p.quote_count, p.latest_role, p.latest_organization) for p in response.context["people"]},
        "api list": {row["slug"]: row["quote_count"] for row in api.get("/api/v1/people/").json()["results"]},
        "sitemap": sitemap_people(client),
        "contents": [response.content.decode()],
    }
    for person in Person.objects.order_by("pk"):
        page = client.get(person.get_absolute_url())
        detail = api.get(f"/api/v1/people/{person.slug}/")
        view[person.slug] = (page.status_code, detail.status_code)
        if page.status_code == 200:
            data = detail.json()
            view[person.slug] += (page.context["page"].paginator.count, page.context["topics"])
            view[person.slug] += (data["quote_count"], data["role"], data["organization"])
            view["contents"] += [page.content.decode(), detail.content.decode()]
    return view


def sitemap_people(client):
    response = client.get("/sitemap-people.xml")
    assert response.status_code == 200
    urls = ET.fromstring(response.content).findall("sm:url", NS)
    return {url.findtext("sm:loc", namespaces=NS): url.findtext("sm:lastmod", namespaces=NS) for url in urls}


def counted_live():
    """Every people page counting as if the precomputed figures were not current."""
    stack = ExitStack()
    for where in ("people.views", "people.api.views", "articles.sitemaps"):
        stack.enter_context(patch(f"{where}.current_state", lambda: None))
    return stack


def refreshed():
    assert refresh_totals()
    assert current_state() is not None


@pytest.mark.parametrize("hidden", HIDDEN_STATES)
def test_the_precomputed_figures_are_the_counted_ones_from_published_articles_only(client, hidden):
    world = build_world(hidden)
    refreshed()
    precomputed = public_view(client)
    with counted_live():
        live = public_view(client)
    assert precomputed == live
    for view in (precomputed, live):
        assert view["index"] == {
            "vladimir-norov": (3, "Secretary General", "SCO"),
            "quiet-person": (1, None, None),
        }
        assert view["api list"] == {"vladimir-norov": 3, "quiet-person": 1}
        assert view["sitemap"] == {
            "http://testserver/people/vladimir-norov/": "2020-01-02",  # not the hidden article's later change
            "http://testserver/people/quiet-person/": "2020-01-02",
        }
        topics = [{"slug": "energy", "name": "Energy", "count": 2}, {"slug": "trade", "name": "Trade", "count": 1}]
        assert view["vladimir-norov"] == (200, 200, 3, topics, 3, "Secretary General", "SCO")
        assert view["ghost-person"] == (404, 404)  # quoted only in the hidden article: no page
        hidden_words = ("Classified", "Hushed", "Ghost")  # its title, topic, role, words; who only it quotes
        assert not [content for content in view["contents"] if any(word in content for word in hidden_words)]
    assert set(PersonTotal.objects.values_list("person__slug", flat=True)) == {"vladimir-norov", "quiet-person"}
    assert "Classified topic" not in str(PersonTotal.objects.values_list("topics", flat=True))
    assert world["ghost"].quotes.count() == 1  # the ghost is quoted, only not in public


def test_pages_read_the_precomputed_figures_while_they_are_current(client):
    """Rows changed behind the refresh's back (no content change) show: the pages read them, not counts."""
    world = build_world({"status": Article.Status.DRAFT})
    refreshed()
    topics = [{"slug": "energy", "name": "Energy", "count": 99}]
    PersonTotal.objects.filter(person=world["norov"]).update(
        rank=10, quote_count=99, latest_role="Stored role", latest_organization="Stored org", topics=topics
    )
    PersonTotal.objects.filter(person=world["quiet"]).update(last_changed=OLD - datetime.timedelta(days=1))
    view = public_view(client)
    assert list(view["index"].items()) == [
        ("quiet-person", (1, None, None)),  # first by its stored rank
        ("vladimir-norov", (99, "Stored role", "Stored org")),
    ]
    assert view["api list"]["vladimir-norov"] == 99
    assert view["vladimir-norov"][2:] == (99, topics, 99, "Stored role", "Stored org")
    assert view["sitemap"]["http://testserver/people/quiet-person/"] == "2020-01-01"


def publish(world):
    world["secret"].status = Article.Status.PUBLISHED
    world["secret"].save()


def unpublish(world):
    world["newer"].status = Article.Status.DRAFT
    world["newer"].save()


def quote(world):
    QuoteFactory(article=world["older"], person=world["quiet"], role="Envoy")


def unquote(world):
    Quote.objects.get(article=world["newer"], person=world["norov"], position=1).delete()


def scheduled_comes_out(world):
    """The scheduled article's date comes: no write at all, only the time (here moved back instead)."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    Article.objects.filter(pk=world["secret"].pk).update(published_at=past)
    assert ContentState.objects.get().totals_valid_until > past
    ContentState.objects.update(totals_valid_until=past)


SCHEDULED = {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=30)}
NEW_SECRET = ((4, "Classified role", "Classified org"), (1, "Ghost role", ""))


@pytest.mark.parametrize(
    ("change", "hidden", "norov", "ghost", "quiet"),
    [
        (publish, {"status": Article.Status.DRAFT}, *NEW_SECRET, (1, None, None)),
        (scheduled_comes_out, SCHEDULED, *NEW_SECRET, (1, None, None)),
        (unpublish, {"status": Article.Status.DRAFT}, (1, "Foreign Minister", "Uzbekistan"), None, (1, None, None)),
        (quote, {"status": Article.Status.DRAFT}, (3, "Secretary General", "SCO"), None, (2, "Envoy", "")),
        (unquote, {"status": Article.Status.DRAFT}, (2, "Foreign Minister", "Uzbekistan"), None, (1, None, None)),
    ],
    ids=["publish", "scheduled-comes-out", "unpublish", "new-quote", "quote-deleted"],
)
def test_a_change_after_the_refresh_is_counted_at_once(client, change, hidden, norov, ghost, quiet):
    world = build_world(hidden)
    refreshed()
    stored = set(PersonTotal.objects.values_list("person_id", "quote_count", "latest_role"))
    change(world)
    assert current_state() is None
    view = public_view(client)
    expected = {"vladimir-norov": norov, "quiet-person": quiet, **({"ghost-person": ghost} if ghost else {})}
    assert view["index"] == dict(sorted(expected.items(), key=lambda item: (-item[1][0], item[0])))
    assert view["api list"] == {slug: figures[0] for slug, figures in expected.items()}
    assert view["vladimir-norov"][2] == view["vladimir-norov"][4] == norov[0]
    assert view["ghost-person"][:2] == ((200, 200) if ghost else (404, 404))
    assert ("http://testserver/people/ghost-person/" in view["sitemap"]) is bool(ghost)
    assert set(PersonTotal.objects.values_list("person_id", "quote_count", "latest_role")) == stored  # not read
    refreshed()
    assert public_view(client) == view  # and the next refresh agrees


def test_a_refresh_overlapping_a_change_stores_no_figures(client):
    """The people's rows are written in the totals' transaction: a change during the count voids both."""
    world = build_world({"status": Article.Status.DRAFT})
    refreshed()
    before = list(PersonTotal.objects.order_by("rank").values_list("person_id", "quote_count"))

    def an_edit_meanwhile(published, now, using):
        QuoteFactory(article=world["newer"], person=world["quiet"])  # counted by the version, not by this refresh
        return lambda: None

    quote(world)  # a change since the first refresh: the next one counts
    with patch.object(facet_totals, "TABLES", (*facet_totals.TABLES, an_edit_meanwhile)):
        assert not refresh_totals()
    assert current_state() is None
    assert list(PersonTotal.objects.order_by("rank").values_list("person_id", "quote_count")) == before
    assert public_view(client)["index"]["quiet-person"][0] == 3  # counted live: the quote and the edit's
    refreshed()
    assert PersonTotal.objects.get(person=world["quiet"]).quote_count == 3


def test_a_person_deleted_after_the_refresh_is_gone_at_once(client):
    world = build_world({"status": Article.Status.DRAFT})
    refreshed()
    world["quiet"].delete()
    assert current_state() is None
    assert not PersonTotal.objects.filter(person_id=world["quiet"].pk).exists()
    assert set(public_view(client)["index"]) == {"vladimir-norov"}


def test_the_changed_version_alone_voids_the_figures(client):
    """``content_version.changed`` (what bulk writers call) is enough: the pages count again."""
    world = build_world({"status": Article.Status.DRAFT})
    refreshed()
    Quote.objects.filter(person=world["quiet"]).update(person=world["norov"])  # a bulk write: no signal
    assert public_view(client)["index"]["vladimir-norov"][0] == 3  # not yet told: the figures are still read
    content_version.changed()
    assert public_view(client)["index"] == {"vladimir-norov": (4, "Secretary General", "SCO")}
