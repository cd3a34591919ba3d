"""sitemap.xml lists the public pages, and only those."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from articles.facets import refresh_totals
from articles.models import Article, Topic
from tests.discovery.hidden import HIDDEN_STATES, count_queries
from tests.discovery.test_feeds import make_articles, tagged_article
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
HOST = "http://testserver"


def get_xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return response


def sitemaps(client):
    """The paths of the sitemaps that sitemap.xml, an index, lists: one per section and page."""
    root = ET.fromstring(get_xml(client, "/sitemap.xml").content)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = [entry.findtext("sm:loc", namespaces=NS) for entry in root.findall("sm:sitemap", NS)]
    assert all(loc.startswith(HOST + "/sitemap-") for loc in locations), locations
    return [loc.removeprefix(HOST) for loc in locations]


def index_lastmods(client):
    """{sitemap path: its lastmod in the index, or None}."""
    root = ET.fromstring(get_xml(client, "/sitemap.xml").content)
    return {
        entry.findtext("sm:loc", namespaces=NS).removeprefix(HOST): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:sitemap", NS)
    }


def sitemap_documents(client):
    """The body of every sitemap the index lists."""
    return [get_xml(client, path).content for path in sitemaps(client)]


def sitemap(client):
    """{path: lastmod or None} of every URL in the sitemaps that sitemap.xml lists."""
    entries = {}
    for document in sitemap_documents(client):
        entries.update(urls_in(document, seen=entries))
    return entries


def urls_in(document, seen=()):
    entries = {}
    for url in ET.fromstring(document).findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        assert loc.startswith(HOST + "/"), loc
        path = loc.removeprefix(HOST)
        assert path not in entries and path not in seen, f"{path} listed twice"
        entries[path] = url.findtext("sm:lastmod", namespaces=NS)
    return entries


def test_empty_sitemap_lists_the_static_pages(client):
    assert set(sitemap(client)) == {"/", "/articles/", "/people/"}


def test_sitemap_lists_every_published_article_with_its_last_change(client):
    articles = [ArticleFactory() for _ in range(5)]
    ArticleFactory(title="Undated", published_at=None)  # published without a date: public, so listed
    entries = sitemap(client)
    published = Article.objects.published()
    article_paths = {path for path in entries if path.startswith("/articles/") and path != "/articles/"}
    assert article_paths == {article.get_absolute_url() for article in published}
    assert len(article_paths) == 6
    for article in articles:
        assert entries[article.get_absolute_url()] == article.updated_at.date().isoformat()


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_article_and_what_only_it_mentions_are_not_in_sitemap(client, state, precomputed):
    visible = tagged_article("Visible", topics=["Energy"], places=["China"], authors=[AuthorFactory(name="Li Wei")])
    QuoteFactory(article=visible, person=PersonFactory(name="Wang Yi"))
    hidden = tagged_article(
        "Secret",
        topics=["Secret topic"],
        places=["Secret place"],
        source=SourceFactory(name="Secret source"),
        authors=[AuthorFactory(name="Secret author")],
        **state,
    )
    QuoteFactory(article=hidden, person=PersonFactory(name="Secret person"))
    QuoteFactory(article=hidden, person=visible.quotes.get().person)  # also quoted in the hidden one
    if precomputed:
        assert refresh_totals()
    paths = set(sitemap(client))
    assert visible.get_absolute_url() in paths
    assert hidden.get_absolute_url() not in paths
    assert not [path for path in paths if "secret" in path]
    assert {"/people/wang-yi/", "/topics/energy/", "/places/china/", "/authors/li-wei/"} <= paths
    assert visible.source.get_absolute_url() in paths


def test_sitemap_lists_people_sources_authors_topics_and_places_with_published_articles(client):
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    first = tagged_article("First", topics=["Energy"], places=["China"], authors=[AuthorFactory(name="Li Wei")])
    second = tagged_article("Second", topics=["Energy", "Trade"], source=first.source)
    QuoteFactory(article=first, person=PersonFactory(name="Wang Yi"))
    QuoteFactory(article=second, person=PersonFactory(name="Vladimir Norov"))
    PersonFactory(name="Never quoted")
    SourceFactory(name="No articles")
    AuthorFactory(name="Wrote nothing")
    Article.objects.filter(pk=first.pk).update(updated_at=old)
    entries = sitemap(client)
    expected = {
        "/",
        "/articles/",
        "/people/",
        first.get_absolute_url(),
        second.get_absolute_url(),
        "/people/wang-yi/",
        "/people/vladimir-norov/",
        first.source.get_absolute_url(),
        "/authors/li-wei/",
        "/topics/energy/",
        "/topics/trade/",
        "/places/china/",
    }
    assert set(entries) == expected
    # a page's last change is its newest article's
    second.refresh_from_db()
    assert entries["/topics/energy/"] == second.updated_at.date().isoformat()
    assert entries["/places/china/"] == "2020-01-01"
    assert entries["/people/wang-yi/"] == "2020-01-01"


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
def test_sitemap_queries_do_not_grow_with_the_number_of_articles(client, precomputed):
    def queries():
        if precomputed:
            assert refresh_totals()
        return [count_queries(client, path)[1] for path in ["/sitemap.xml", *sitemaps(client)]]

    make_articles(3)
    few = queries()
    make_articles(27)
    assert queries() == few
    # the index: a count and the newest change for each of the six sections drawn from the database
    assert few[0] <= 12
    assert max(few[1:]) <= 2  # a section: a count and a page of rows
    # static pages, articles, people (30 speakers and Wang Yi), source, author, topics (Energy, Topic 0-26), place
    assert len(sitemap(client)) == 3 + 30 + 31 + 1 + 1 + 28 + 1


def test_every_article_is_listed_however_many_pages_the_articles_take(client, monkeypatch):
    """The index lists each page of each section: a single sitemap showed only the first page."""
    monkeypatch.setattr("articles.sitemaps.PAGE_SIZE", 2)
    articles = [ArticleFactory() for _ in range(5)]
    paths = sitemaps(client)
    assert [path for path in paths if path.startswith("/sitemap-articles.xml")] == [
        "/sitemap-articles.xml",
        "/sitemap-articles.xml?p=2",
        "/sitemap-articles.xml?p=3",
    ]
    assert {article.get_absolute_url() for article in articles} <= set(sitemap(client))
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_the_index_dates_each_section_by_its_newest_change(client):
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    first = tagged_article("First", topics=["Energy"])
    second = tagged_article("Second", topics=["Trade"])
    Article.objects.filter(pk=first.pk).update(updated_at=old)
    lastmod = index_lastmods(client)
    second.refresh_from_db()
    assert lastmod["/sitemap-articles.xml"] == second.updated_at.isoformat()
    assert lastmod["/sitemap-topics.xml"] == second.updated_at.isoformat()
    assert lastmod["/sitemap-static.xml"] is None


def index_pages(client):
    """{section: how many pages of it the index lists}."""
    pages = {}
    for path in sitemaps(client):
        name = path.removeprefix("/sitemap-").partition(".xml")[0]
        pages[name] = pages.get(name, 0) + 1
    return pages


def three_articles_and_drafts():
    """Three published articles, each with its own person, topic, place, source and author; a draft with more."""
    for i in range(3):
        article = tagged_article(f"Public {i}", topics=[f"Topic {i}"], places=[f"Place {i}"])
        article.byline.create(author=AuthorFactory(name=f"Author {i}"))
        QuoteFactory(article=article, person=PersonFactory(name=f"Speaker {i}"))
    for i in range(3):
        draft = tagged_article(f"Draft {i}", topics=[f"Draft topic {i}"], places=[f"Draft place {i}"])
        draft.byline.create(author=AuthorFactory(name=f"Draft author {i}"))
        QuoteFactory(article=draft, person=PersonFactory(name=f"Draft speaker {i}"))
        Article.objects.filter(pk=draft.pk).update(status=Article.Status.DRAFT)


@pytest.mark.parametrize("precomputed", [False, True], ids=["counted", "precomputed"])
def test_the_index_lists_a_page_per_page_size_and_things_known_only_from_drafts_add_none(
    client, monkeypatch, precomputed
):
    monkeypatch.setattr("articles.sitemaps.PAGE_SIZE", 2)
    three_articles_and_drafts()
    if precomputed:
        assert refresh_totals()
    else:
        Article.objects.published().first().save()  # a change since the totals: they are not read
    response, queries = count_queries(client, "/sitemap.xml")
    # three of each published (two pages of two); the drafts' six of each would have made more
    sections = {"articles": 2, "people": 2, "sources": 2, "authors": 2, "topics": 2, "places": 2}
    assert index_pages(client) == {"static": 1, **sections}
    # the state row, then the totals in one query or a count per section; then the newest articles, once
    assert queries == (3 if precomputed else 8)


def test_a_change_after_the_totals_is_counted_at_once(client, monkeypatch):
    monkeypatch.setattr("articles.sitemaps.PAGE_SIZE", 2)
    three_articles_and_drafts()
    assert refresh_totals()
    assert index_pages(client)["articles"] == 2
    ArticleFactory(title="Two more")
    ArticleFactory(title="Three more")
    assert index_pages(client)["articles"] == 3
    sitemap_pages = [path for path in sitemaps(client) if path.startswith("/sitemap-articles.xml")]
    assert len(urls_in(get_xml(client, sitemap_pages[-1]).content)) == 1


def test_a_section_none_of_the_newest_articles_has_is_dated_by_its_own_newest(client, monkeypatch):
    """The index reads the ``RECENT`` most recently changed articles; a section missing there is looked up."""
    monkeypatch.setattr("articles.sitemaps.RECENT", 1)
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    placed = tagged_article("Placed", places=["China"])
    Article.objects.filter(pk=placed.pk).update(updated_at=old)
    newest = tagged_article("Newest", topics=["Energy"], source=None)
    lastmod = index_lastmods(client)
    newest.refresh_from_db()
    assert lastmod["/sitemap-topics.xml"] == newest.updated_at.isoformat()
    assert lastmod["/sitemap-places.xml"] == old.isoformat()
    assert lastmod["/sitemap-sources.xml"] == old.isoformat()  # the factory gave the placed article a source
    assert lastmod["/sitemap-people.xml"] is None  # nobody is quoted: no date, not an error
    assert lastmod["/sitemap-authors.xml"] is None


@pytest.mark.parametrize("precomputed", [True, False], ids=["precomputed", "counted"])
def test_a_section_page_is_one_query(client, precomputed):
    """People: one more, the state of their precomputed dates."""
    make_articles(3)
    if precomputed:
        assert refresh_totals()
    for path in [path for path in sitemaps(client) if "static" not in path]:
        assert count_queries(client, path)[1] == (2 if "people" in path else 1), path
    assert count_queries(client, "/sitemap-static.xml")[1] == 0


@pytest.mark.parametrize("page", ["0", "-1", "", "abc", "1.5", "1e3", "\uff12", " 2", "99999999999999999999", "100001"])
def test_a_page_number_that_is_not_a_page_is_a_404(client, page):
    ArticleFactory()
    assert client.get("/sitemap-articles.xml", {"p": page}).status_code == 404
    assert client.get("/sitemap-people.xml", {"p": page}).status_code == 404


def test_a_slug_written_around_the_model_is_quoted_not_broken(client):
    """A slug the URL pattern refuses (a bulk write, say) still leaves the sitemap well-formed."""
    tagged_article("Tagged", topics=["Energy"])
    Topic.objects.filter(slug="energy").update(slug='a&b<c>"d')
    entries = urls_in(get_xml(client, "/sitemap-topics.xml").content)
    assert set(entries) == {"/topics/a%26b%3Cc%3E%22d/"}
