"""The article page: byline, source, tags, marked statements, who is quoted, related articles, SEO data."""

import datetime
import html
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Author
from people.models import Person
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


def get_page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response, response.content.decode()


def json_ld(content):
    [data] = LD_JSON.findall(content)
    return json.loads(data)


@pytest.fixture
def article():
    norov = PersonFactory(name="Vladimir Norov")
    article = ArticleFactory(
        title="Cooperation more vital than ever",
        standfirst="The secretary general speaks.",
        body=(
            "The summit opened on Monday.\n\n"
            "Vladimir Norov, SCO secretary general, said that the organization must prevent attempts to divide "
            "the international community. He spoke for an hour."
        ),
        source=SourceFactory(name="China Daily", homepage_url="https://www.chinadaily.com.cn/"),
        authors=[AuthorFactory(name="Zha Jianguo"), AuthorFactory(name="Xia Li")],
        dateline="SHANGHAI",
        original_url="https://example.com/original-story",
        photo_caption="Delegates at the summit.",
        photo_credit="Li Ziheng",
        author_bio="Zha Jianguo is a research fellow.",
        published_at=datetime.datetime(2020, 11, 12, 10, 9, tzinfo=datetime.UTC),
    )
    article.topics.add("COVID-19", "global governance")
    article.places.add("Kazakhstan")
    QuoteFactory(
        article=article,
        person=norov,
        text="The organization must prevent attempts to divide the international community.",
        role="secretary general",
        organization="SCO",
    )
    return article


def test_article_page_shows_byline_source_date_dateline_and_provenance(client, article):
    _, content = get_page(client, article)
    assert "<h1" in content and content.count("<h1") == 1
    assert "Cooperation more vital than ever</h1>" in content
    assert "The secretary general speaks." in content
    for author in Author.objects.all():
        assert f'href="/authors/{author.slug}/" rel="author">{author.name}</a>' in content
    assert '<a href="/sources/china-daily/">China Daily</a>' in content
    assert '<time datetime="2020-11-12T10:09:00+00:00">12 November 2020</time>' in content
    assert '<span class="dateline">SHANGHAI</span>' in content
    assert '<a href="https://example.com/original-story" rel="nofollow noopener">' in content
    assert "Delegates at the summit." in content and "Photo: Li Ziheng" in content
    assert "Zha Jianguo is a research fellow." in content


def test_tags_link_to_the_topic_and_place_pages(client, article):
    _, content = get_page(client, article)
    assert '<a href="/topics/covid-19/" rel="tag">COVID-19</a>' in content
    assert '<a href="/topics/global-governance/" rel="tag">global governance</a>' in content
    assert '<a href="/places/kazakhstan/" rel="tag">Kazakhstan</a>' in content


def test_statements_are_marked_and_link_to_the_person_quoted(client, article):
    quote = article.quotes.get()
    _, content = get_page(client, article)
    assert (
        f'<mark class="quote" id="quote-{quote.pk}"><a href="/people/vladimir-norov/" '
        'title="Vladimir Norov, secretary general, SCO">the organization must prevent attempts to divide '
        "the international community</a></mark>. He spoke for an hour." in content
    )


def test_quoted_box_lists_each_person_once_with_the_role_stated_in_this_article(client, article):
    norov = Person.objects.get(name="Vladimir Norov")
    QuoteFactory(
        article=article, person=norov, text="He spoke for an hour.", role="secretary general", organization="SCO"
    )
    QuoteFactory(article=ArticleFactory(), person=norov, text="Elsewhere.", role="Foreign Minister of Uzbekistan")
    response, content = get_page(client, article)
    box = content[content.index('<aside class="quoted"') : content.index("</aside>", content.index('class="quoted"'))]
    assert box.count('href="/people/vladimir-norov/"') == 1
    assert '<span class="role">secretary general, SCO</span>' in box
    assert "2 statements" in box
    assert "Foreign Minister of Uzbekistan" not in content


def test_imported_text_is_escaped_everywhere(client):
    person = PersonFactory(name="<i>Mallory</i>")
    article = ArticleFactory(
        title="<b>Title</b>",
        standfirst="<em>stand</em>",
        body="<script>alert('body')</script> Mallory said <img src=x onerror=alert(1)> is a fine tag.",
        dateline="<u>DL</u>",
        author_bio="<a href='x'>bio</a>",
    )
    QuoteFactory(article=article, person=person, text="<img src=x onerror=alert(1)> is a fine tag", role="<s>r</s>")
    _, content = get_page(client, article)
    for raw in ["<script>alert", "<img src=x", "<b>Title", "<em>stand", "<u>DL", "<a href='x'>", "<i>Mallory", "<s>r"]:
        assert raw not in content
    assert "&lt;script&gt;alert(&#x27;body&#x27;)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(1)&gt; is a fine tag</a></mark>" in content


def test_json_ld_describes_a_news_article(client, article):
    _, content = get_page(client, article)
    data = json_ld(content)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Cooperation more vital than ever"
    assert data["datePublished"] == "2020-11-12T10:09:00+00:00"
    assert data["dateModified"]
    assert data["mainEntityOfPage"]["@id"] == f"http://testserver{article.get_absolute_url()}"
    assert [a["name"] for a in data["author"]] == ["Zha Jianguo", "Xia Li"]
    assert all(a["@type"] == "Person" and a["url"].startswith("http://testserver/authors/") for a in data["author"])
    assert data["sourceOrganization"] == {
        "@type": "Organization",
        "name": "China Daily",
        "url": "https://www.chinadaily.com.cn/",
    }
    assert data["publisher"]["@type"] == "Organization"
    assert sorted(data["keywords"]) == ["COVID-19", "Kazakhstan", "global governance"]
    assert data["mentions"] == [
        {
            "@type": "Person",
            "name": "Vladimir Norov",
            "url": "http://testserver/people/vladimir-norov/",
            "jobTitle": "secretary general",
            "affiliation": {"@type": "Organization", "name": "SCO"},
        }
    ]


@pytest.mark.parametrize(
    "title",
    ["</script><script>alert(1)</script>", "</SCRIPT ><script>alert(1)</script>", "<!-- <script>", "a & b ' \" \u2028"],
)
def test_a_title_cannot_break_out_of_the_json_ld(client, title):
    article = ArticleFactory(title=title, body="Text.")
    person = PersonFactory(name="</script><b>x</b>")
    QuoteFactory(article=article, person=person, text="Text", role="</script>")
    _, content = get_page(client, article)
    assert "<script>alert(1)</script>" not in content
    assert content.lower().count("<script") == 1  # the JSON-LD element, nothing injected
    data = json_ld(content)
    assert data["headline"] == title
    assert data["mentions"][0]["name"] == "</script><b>x</b>"


def test_canonical_url_and_open_graph_meta(client, article):
    response, content = get_page(client, article)
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in content
    assert content.count('rel="canonical"') == 1
    meta = dict(re.findall(r'<meta property="([^"]+)" content="([^"]*)">', content))
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Cooperation more vital than ever"
    assert meta["og:url"] == url
    assert meta["og:description"] == "The secretary general speaks."
    assert meta["article:published_time"] == "2020-11-12T10:09:00+00:00"
    assert meta["article:section"] == "COVID-19"
    tags = re.findall(r'<meta property="article:tag" content="([^"]*)">', content)
    assert sorted(tags) == ["COVID-19", "Kazakhstan", "global governance"]


def test_canonical_url_ignores_the_query_string(client, article):
    content = client.get(article.get_absolute_url(), {"utm_source": "x", "page": "2"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{article.get_absolute_url()}">' in content


def test_unpublished_articles_give_404(client, hidden_state):
    article = ArticleFactory(**hidden_state)
    assert client.get(article.get_absolute_url()).status_code == 404


# Related articles ---------------------------------------------------------------------------------------------


def related_titles(client, article):
    response = client.get(article.get_absolute_url())
    return [item.title for item in response.context["related"]]


# Whether a candidate shares anything is looked up per article among the newest RELATED_PROBED, and against
# all links past them: 0 probes only the newest, 2 splits the candidates, 1000 (more than exist) probes none.
PROBED = pytest.mark.parametrize("probed", [0, 2, 1000], ids=["newest-probed", "split", "none-probed"])


@PROBED
def test_related_articles_share_topics_or_people_most_shared_then_newest_first(client, monkeypatch, probed):
    monkeypatch.setattr("people.queries.RELATED_PROBED", probed)
    person = PersonFactory()
    article = ArticleFactory(title="Main")
    article.topics.add("energy", "trade")
    QuoteFactory(article=article, person=person)
    both = ArticleFactory(title="Shares two topics and the person", published_at=days_ago(30))
    both.topics.add("energy", "trade")
    QuoteFactory(article=both, person=person)
    QuoteFactory(article=both, person=person)  # a second quote of the same person counts once
    topic_old = ArticleFactory(title="Shares one topic, older", published_at=days_ago(20))
    topic_old.topics.add("energy", "culture")
    topic_new = ArticleFactory(title="Shares one topic, newer", published_at=days_ago(10))
    topic_new.topics.add("trade")
    person_only = ArticleFactory(title="Quotes the person", published_at=days_ago(40))
    QuoteFactory(article=person_only, person=person)
    ArticleFactory(title="Unrelated").topics.add("culture")
    assert related_titles(client, article) == [
        "Shares two topics and the person",
        "Shares one topic, newer",
        "Shares one topic, older",
        "Quotes the person",
    ]


def test_at_most_five_related_articles(client):
    article = ArticleFactory()
    article.topics.add("energy")
    for _ in range(7):
        ArticleFactory().topics.add("energy")
    assert len(related_titles(client, article)) == 5


def test_an_article_sharing_nothing_has_no_related_articles(client):
    ArticleFactory().topics.add("energy")
    article = ArticleFactory()
    assert related_titles(client, article) == []
    assert 'class="related"' not in client.get(article.get_absolute_url()).content.decode()


@PROBED
def test_related_articles_are_scored_among_the_newest_candidates_only(client, monkeypatch, probed):
    monkeypatch.setattr("people.queries.RELATED_PROBED", probed)
    monkeypatch.setattr("people.queries.RELATED_CANDIDATES", 3)
    person = PersonFactory()
    article = ArticleFactory(title="Main", published_at=days_ago(50))
    article.topics.add("energy", "trade")
    QuoteFactory(article=article, person=person)
    oldest = ArticleFactory(title="Shares everything, but fourth newest", published_at=days_ago(40))
    oldest.topics.add("energy", "trade")
    QuoteFactory(article=oldest, person=person)
    by_person = ArticleFactory(title="Quotes the person", published_at=days_ago(30))
    QuoteFactory(article=by_person, person=person)
    ArticleFactory(title="Unrelated, newer").topics.add("culture")
    by_topic = ArticleFactory(title="Shares a topic", published_at=days_ago(20))
    by_topic.topics.add("energy")
    both = ArticleFactory(title="Shares a topic and the person", published_at=days_ago(10))
    both.topics.add("trade")
    QuoteFactory(article=both, person=person)
    assert related_titles(client, article) == ["Shares a topic and the person", "Shares a topic", "Quotes the person"]


@PROBED
def test_unpublished_articles_are_never_related(client, hidden_state, monkeypatch, probed):
    monkeypatch.setattr("people.queries.RELATED_PROBED", probed)
    person = PersonFactory()
    article = ArticleFactory(title="Main")
    article.topics.add("energy")
    QuoteFactory(article=article, person=person)
    hidden = ArticleFactory(title="Hidden sibling", **hidden_state)
    hidden.topics.add("energy")
    QuoteFactory(article=hidden, person=person)
    ArticleFactory(title="Public sibling").topics.add("energy")
    assert related_titles(client, article) == ["Public sibling"]
    assert "Hidden sibling" not in client.get(article.get_absolute_url()).content.decode()


# Query counts --------------------------------------------------------------------------------------------------

ARTICLE_PAGE_QUERIES = 6  # article and source, byline, topics, places, quotes and people, related


def build_article(size):
    article = ArticleFactory(
        body="\n\n".join(f"Speaker {n} said that statement number {n} is true and fair." for n in range(size)),
        authors=[AuthorFactory() for _ in range(min(size, 5))],
    )
    article.topics.add(*[f"topic {n}" for n in range(size)])
    article.places.add(*[f"place {n}" for n in range(size)])
    for n in range(size):
        QuoteFactory(article=article, text=f"statement number {n} is true and fair", role=f"role {n}")
        related = ArticleFactory()
        related.topics.add(f"topic {n}")
    return article


@pytest.mark.parametrize("size", [3, 30])
def test_article_page_query_count_does_not_grow_with_the_article(client, django_assert_max_num_queries, size):
    article = build_article(size)
    with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('<mark class="quote" id="quote-') == size
    assert len(response.context["related"]) == min(size, 5)


def test_article_page_makes_the_same_queries_for_3_and_30_quotes(client):
    counts = []
    for size in (3, 30):
        article = build_article(size)
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_title_meta_is_escaped_in_attributes(client):
    article = ArticleFactory(title='Say "hi" <now>', standfirst='A "quoted" standfirst')
    _, content = get_page(client, article)
    assert '<meta property="og:title" content="Say &quot;hi&quot; &lt;now&gt;">' in content
    assert html.unescape("A &quot;quoted&quot; standfirst") in html.unescape(content)
