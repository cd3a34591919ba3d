"""RSS and Atom feeds, read back with a real feed parser."""

import datetime
from urllib.parse import urlencode

import feedparser
import pytest
from django.utils import timezone

from articles.models import Article, Author
from people.models import Person
from tests.discovery.hidden import HIDDEN_STATES, count_queries
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feeds/articles.rss", "/feeds/articles.atom"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def titles(feed):
    return {entry.title for entry in feed.entries}


def tagged_article(title, topics=(), places=(), **kwargs):
    article = ArticleFactory(title=title, **kwargs)
    article.topics.add(*topics)
    article.places.add(*places)
    return article


@pytest.mark.parametrize("url", FEEDS)
def test_empty_feed_parses(client, url):
    feed = parse(client, url)
    assert feed.entries == []
    assert feed.feed.title == "SCO Portal: latest articles"


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entries_carry_absolute_links_dates_authors_and_categories(client, url):
    when = timezone.now() - datetime.timedelta(days=3)
    article = tagged_article(
        "Ministers meet in Astana",
        topics=["Energy"],
        places=["Kazakhstan"],
        published_at=when,
        standfirst="The council met.",
        authors=[AuthorFactory(name="Aigerim Seitenova"), AuthorFactory(name="Li Wei")],
    )
    feed = parse(client, url)
    assert feed.feed.link == "http://testserver/articles/"
    [entry] = feed.entries
    assert entry.title == "Ministers meet in Astana"
    assert entry.link == f"http://testserver{article.get_absolute_url()}"
    assert datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC) == when.replace(microsecond=0)
    assert entry.author == "Aigerim Seitenova, Li Wei"
    assert {tag.term for tag in entry.tags} == {"Energy", "Kazakhstan"}
    assert entry.summary == "The council met."


@pytest.mark.parametrize("url", FEEDS)
def test_feed_entry_id_survives_a_change_of_slug(client, url):
    article = ArticleFactory(title="Summit opens")
    before = parse(client, url).entries[0].id
    article.slug = "summit-opens-in-tianjin"
    article.save()
    after = parse(client, url).entries[0]
    assert after.id == before
    assert after.id.startswith("tag:testserver,")
    assert after.link.endswith("/articles/summit-opens-in-tianjin/")


@pytest.mark.parametrize("url", FEEDS)
def test_undated_article_is_dated_by_when_the_portal_took_it_in(client, url):
    undated = ArticleFactory(title="No date given", published_at=None)
    Article.objects.filter(pk=undated.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    ArticleFactory(title="Dated", published_at=timezone.now() - datetime.timedelta(days=5))
    undated.refresh_from_db()
    entries = parse(client, url).entries
    assert [entry.title for entry in entries] == ["No date given", "Dated"]  # newest first, by these dates
    when = datetime.datetime(*entries[0].published_parsed[:6], tzinfo=datetime.UTC)
    assert when == undated.created_at.replace(microsecond=0)


@pytest.mark.parametrize("url", FEEDS)
def test_imported_text_is_escaped_in_feeds(client, url):
    ArticleFactory(title="Tom & Jerry <script>alert(1)</script>", standfirst="A <b>bold</b> claim & more")
    [entry] = parse(client, url).entries
    # The title is plain text: the reader gets it back exactly.
    assert entry.title == "Tom & Jerry <script>alert(1)</script>"
    # The summary is HTML: the imported markup arrives escaped, to be shown as text.
    assert entry.summary_detail.type == "text/html"
    assert entry.summary == "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more"


def test_body_stands_in_for_a_missing_standfirst(client):
    ArticleFactory(standfirst="", body="Short body.")
    ArticleFactory(standfirst="", body=" ".join(f"w{i}" for i in range(100)))
    summaries = sorted(entry.summary for entry in parse(client, FEEDS[0]).entries)
    assert summaries[0] == "Short body."
    assert summaries[1].endswith("w59…")


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_article_is_not_in_feed(client, url, state):
    tagged_article("Visible article", topics=["Energy"])
    tagged_article("Secret article", topics=["Energy"], **state)
    for query in ["", "?topic=energy", "?q=article"]:
        assert titles(parse(client, url + query)) == {"Visible article"}


@pytest.mark.parametrize("url", FEEDS)
def test_topic_feed_holds_exactly_the_published_articles_on_that_topic(client, url):
    tagged_article("Energy one", topics=["Energy"])
    tagged_article("Energy and trade", topics=["Energy", "Trade"])
    tagged_article("Trade only", topics=["Trade"])
    tagged_article("Energy draft", topics=["Energy"], status=Article.Status.DRAFT)
    feed = parse(client, url + "?topic=energy")
    assert titles(feed) == {"Energy one", "Energy and trade"}
    assert feed.feed.title == "SCO Portal: Energy"
    assert feed.feed.link == "http://testserver/articles/?topic=energy"
    assert titles(parse(client, url + "?topic=energy&topic=trade")) == {"Energy and trade"}


@pytest.mark.parametrize("url", FEEDS)
def test_person_feed_holds_exactly_the_published_articles_quoting_them(client, url):
    norov = PersonFactory(name="Vladimir Norov")
    QuoteFactory(person=norov, article=ArticleFactory(title="Norov speaks"))
    QuoteFactory(person=norov, article=ArticleFactory(title="Norov again"))
    QuoteFactory(person=norov, article=ArticleFactory(title="Norov in review", status=Article.Status.IN_REVIEW))
    QuoteFactory(article=ArticleFactory(title="Someone else"))
    feed = parse(client, url + f"?person={norov.slug}")
    assert titles(feed) == {"Norov speaks", "Norov again"}
    assert feed.feed.title == "SCO Portal: quoting Vladimir Norov"


@pytest.mark.parametrize("url", FEEDS)
def test_source_feed_holds_exactly_the_published_articles_from_it(client, url):
    xinhua = SourceFactory(name="Xinhua")
    ArticleFactory(title="From Xinhua", source=xinhua)
    ArticleFactory(title="Archived from Xinhua", source=xinhua, status=Article.Status.ARCHIVED)
    ArticleFactory(title="From elsewhere")
    feed = parse(client, url + "?source=xinhua")
    assert titles(feed) == {"From Xinhua"}
    assert feed.feed.title == "SCO Portal: Xinhua"


def test_feed_title_names_every_filter(client):
    article = tagged_article(
        "Everything",
        topics=["Energy"],
        places=["China"],
        published_at=datetime.datetime(2024, 3, 5, tzinfo=datetime.UTC),
        authors=[AuthorFactory(name="Li Wei")],
    )
    QuoteFactory(article=article, person=PersonFactory(name="Wang Yi"))
    query = f"?topic=energy&place=china&source={article.source.slug}&author=li-wei&person=wang-yi&year=2024&month=3"
    feed = parse(client, FEEDS[1] + query + "&q=everything")
    assert titles(feed) == {"Everything"}
    assert feed.feed.title == (
        f"SCO Portal: Energy, China, {article.source.name}, by Li Wei, quoting Wang Yi, “everything”, March 2024"
    )


def test_feed_self_link_keeps_the_filters(client):
    tagged_article("Energy one", topics=["Energy"])
    feed = parse(client, FEEDS[1] + "?topic=energy&page=3")
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == "http://testserver/feeds/articles.atom?topic=energy"


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize(
    "query", ["?topic=no-such-topic", "?person=nobody", "?source=nowhere", "?place=atlantis", "?year=soon"]
)
def test_unknown_filter_gives_404(client, url, query):
    ArticleFactory()
    assert client.get(url + query).status_code == 404


def make_articles(number):
    """``number`` more published articles, each with a byline, two topics, a place and two people quoted."""
    source = SourceFactory(name="Xinhua")
    author, _ = Author.objects.get_or_create(name="Li Wei")
    wang, _ = Person.objects.get_or_create(name="Wang Yi")
    for i in range(number):
        article = tagged_article(f"Article {i}", topics=["Energy", f"Topic {i}"], places=["China"], source=source)
        article.byline.create(author=author)
        QuoteFactory(article=article, person=PersonFactory(name=f"Speaker {i}"))
        QuoteFactory(article=article, person=wang)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the articles, their bylines, topics and places
        (FEEDS[0], 4),
        (FEEDS[1], 4),
        # and one look-up per filter value
        ("/feeds/articles.atom?topic=energy&source=xinhua&person=wang-yi&author=li-wei", 8),
    ],
)
def test_feed_queries_do_not_grow_with_the_number_of_articles(client, url, queries, django_assert_max_num_queries):
    make_articles(3)
    _, few = count_queries(client, url)
    make_articles(27)  # 30 in all: a full feed
    with django_assert_max_num_queries(queries):
        response, many = count_queries(client, url)
    assert len(feedparser.parse(response.content).entries) == 30
    assert many == few


@pytest.mark.parametrize("url", FEEDS)
@pytest.mark.parametrize("text", ["--", '"', "or", "<script>alert(1)</script>", "' OR 1=1 --", "énergie & 能源"])
def test_any_search_text_gives_a_valid_feed_titled_with_it(client, url, text):
    ArticleFactory(title="Energy talks")
    feed = parse(client, f"{url}?{urlencode({'q': text})}")
    assert feed.feed.title == f"SCO Portal: “{text.strip()}”"
