"""HTML pages: trafilatura's main text and metadata, handed to the same text stages as a .txt page.

The pages are written here, with invented outlets and people.
"""

import os
import socket
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from articles.ingest.normalise import HtmlMetadata, html_to_text
from articles.ingest.parsed import ImportFailure, ParsedArticle
from articles.ingest.pipeline import merge_html_metadata, parse_document

ROOT = Path(__file__).resolve().parents[2]

PARAGRAPHS = [
    "BISHKEK — Energy ministers of the Shanghai Cooperation Organization met in Bishkek on Friday to discuss "
    "a common approach to hydropower and cross-border electricity trade in Central Asia.",
    "Kyrgyz Energy Minister Temirbek Usenov said the region needed new dams and new power lines at the same "
    "time. “Our rivers can light half of Central Asia, but only if the grid carries the power where people "
    "need it,” he told the delegates.",
    "The ministers discussed the financing of a cascade of dams and a regional dispatch centre that would "
    "balance the summer surplus of the mountain states against the winter demand of the plains.",
    "Analyst Bolot Imanaliev of the Bishkek Energy Institute said the agreement was modest but useful. “The "
    "ministers chose what can be done this year rather than promising a market that would take a decade,” "
    "he said.",
    "The next meeting of the energy ministers will be held in Dushanbe in the autumn, the secretariat said "
    "in a statement.",
]

HEAD = """
  <meta charset="utf-8">
  <title>Bishkek hosts SCO energy ministers | Steppe Courier</title>
  <meta property="og:site_name" content="Steppe Courier">
  <meta property="og:title" content="Bishkek hosts SCO energy ministers">
  <meta property="og:url" content="https://courier.invalid/economy/48213">
  <link rel="canonical" href="https://courier.invalid/economy/48213">
  <meta property="article:published_time" content="2025-03-14T09:20:00+06:00">
  <script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Bishkek hosts SCO energy ministers", "datePublished": "2025-03-14T09:20:00+06:00",
    "author": {"@type": "Person", "name": "Aidana Tokmokova"}}</script>
  <script>window.analytics = {page: "article", id: 48213};</script>
  <style>.share { display: flex; }</style>
"""


def page(head=HEAD, article=None, after=""):
    """A news page: site header and menu, the article, related stories, comments, a newsletter box, a footer."""
    if article is None:
        article = (
            "<h1>Bishkek hosts SCO energy ministers</h1>"
            '<div class="share"><a href="#">Share</a> <a href="#">Telegram</a></div>'
            '<figure><img src="https://courier.invalid/img/ministers.jpg" alt="">'
            "<figcaption>Energy ministers before the talks in Bishkek. Photo: Erlan Asanov</figcaption></figure>"
            + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head>{head}</head>
<body>
  <header class="site-header"><a class="logo" href="/">Steppe Courier</a>
    <nav><ul><li><a href="/politics">Politics</a></li><li><a href="/economy">Economy</a></li></ul></nav>
    <form class="search"><input name="q"><button>Search</button></form></header>
  <main>
    <article class="post">{article}</article>{after}
    <aside class="related"><h3>Related stories</h3>
      <ul><li><a href="/a/1">Tashkent plans a new solar park</a></li><li><a href="/a/2">Grid tariffs rise</a></li></ul>
    </aside>
    <section id="comments" class="comments"><h3>Comments (2)</h3>
      <div class="comment"><p>Finally someone talks about the grid, not only the dams, said reader_77.</p></div>
      <div class="comment"><p>Dushanbe in the autumn? They said the same thing last year, Aibek wrote.</p></div>
    </section>
    <div class="newsletter"><p>Subscribe to our newsletter for the latest news from Central Asia.</p></div>
  </main>
  <footer><p>&copy; 2025 Steppe Courier. All rights reserved.</p></footer>
</body></html>"""


# The main text


def test_a_page_becomes_its_headline_caption_and_paragraphs_without_the_site_around_them():
    text, _ = html_to_text(page())

    assert text.split("\n\n") == [
        "Bishkek hosts SCO energy ministers",
        "Energy ministers before the talks in Bishkek. Photo: Erlan Asanov",
        *PARAGRAPHS,
    ]


@pytest.mark.parametrize(
    "leftover",
    ["Politics", "Search", "Related stories", "solar park", "reader_77", "Subscribe", "All rights", "analytics"],
)
def test_comments_related_stories_and_site_chrome_are_left_out(leftover):
    assert leftover not in html_to_text(page())[0]


def test_a_printed_date_line_is_kept_for_the_header_stage():
    article = (
        "<h1>Bishkek hosts SCO energy ministers</h1>"
        '<p class="date">Published <time datetime="2025-03-14T09:20">14 March 2025, 09:20</time></p>'
        + "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    )

    assert "14 March 2025, 09:20" in html_to_text(page(article=article))[0]


def test_the_headline_is_put_first_when_the_main_text_does_not_open_with_it():
    article = "".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "<p>Bishkek hosts SCO energy ministers</p>"

    text, metadata = html_to_text(page(article=article))

    assert metadata.title == "Bishkek hosts SCO energy ministers"
    assert text.split("\n\n") == ["Bishkek hosts SCO energy ministers", *PARAGRAPHS]


def test_a_str_that_declares_its_encoding_is_read():
    text, _ = html_to_text('<?xml version="1.0" encoding="utf-8"?>\n' + page())

    assert PARAGRAPHS[0] in text


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Steppe Courier</title></head><body><script>load()</script></body></html>",
        "<!DOCTYPE html><!-- nothing here -->",
    ],
)
def test_a_page_without_text_is_refused_with_a_reason_naming_html(html):
    with pytest.raises(ImportFailure, match=r"^no article text found in the HTML page \("):
        parse_document(html)


# The metadata


def test_the_metadata_comes_from_the_pages_markup():
    _, metadata = html_to_text(page())

    assert metadata == HtmlMetadata(
        title="Bishkek hosts SCO energy ministers",
        authors=["Aidana Tokmokova"],
        published=date(2025, 3, 14),
        site_name="Steppe Courier",
    )


def test_several_authors_are_several_names():
    head = HEAD.replace('"name": "Aidana Tokmokova"}', '"name": "Aidana Tokmokova"}, {"name": "Erlan Asanov"}')
    head = head.replace('"author": {', '"author": [{').replace('"Erlan Asanov"}', '"Erlan Asanov"}]')

    assert html_to_text(page(head=head))[1].authors == ["Aidana Tokmokova", "Erlan Asanov"]


def test_a_date_is_never_guessed_from_the_text():
    head = "<title>Dushanbe to host SCO youth forum</title>"
    article = (
        "<h1>Dushanbe to host SCO youth forum</h1>"
        "<p>Tajikistan will host the youth forum of the Shanghai Cooperation Organization in Dushanbe in June, "
        "the Committee for Youth Affairs said on Monday.</p>"
        "<p>The forum was last held in Tajikistan in 2019, when four hundred young people came to Dushanbe "
        "from the member states.</p>"
    )

    assert html_to_text(page(head=head, article=article))[1].published is None


def test_nothing_is_fetched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the HTML stage tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    assert parse_document(page()).title == "Bishkek hosts SCO energy ministers"


def test_starting_the_site_does_not_load_trafilatura():
    code = (
        "import sys, django; django.setup(); import scoportal.urls, articles.admin, articles.ingest.pipeline, "
        "articles.ingest.runner; print(sorted(m for m in ('trafilatura', 'htmldate', 'justext') if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "scoportal.settings", "SECRET_KEY": "x", "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# From page to article: the text stages, then the metadata where they found nothing


def test_a_page_is_parsed_by_the_text_stages_and_completed_from_its_metadata():
    html = page()
    article = parse_document(html.encode("utf-8"))

    assert article.title == "Bishkek hosts SCO energy ministers"
    assert article.authors == ["Aidana Tokmokova"]  # no printed byline: from JSON-LD
    assert article.source == "Steppe Courier"  # no printed credit: og:site_name
    assert article.published == date(2025, 3, 14)
    assert article.dateline == "BISHKEK"
    assert article.photo_credit == "Erlan Asanov"
    assert article.paragraphs[-1] == PARAGRAPHS[-1]
    assert "reader_77" not in article.body
    assert article.raw_text == html


def parsed(**values):
    return ParsedArticle(**{"title": "Printed headline", "paragraphs": ["Text."], **values})


METADATA = HtmlMetadata(
    title="Markup headline", authors=["Aidana Tokmokova"], published=date(2025, 3, 14), site_name="Steppe Courier"
)


def test_what_the_text_states_wins_over_the_metadata():
    article = parsed(authors=["Erlan Asanov"], source="Kabar", published=datetime(2025, 3, 14, 9, 20))

    merge_html_metadata(article, METADATA)

    assert (article.title, article.authors, article.source) == ("Printed headline", ["Erlan Asanov"], "Kabar")
    assert article.published == datetime(2025, 3, 14, 9, 20)  # the same day, with its time of day


def test_the_metadata_fills_what_the_text_does_not_state():
    article = parsed(title=None, provisional_title="Text.")

    merge_html_metadata(article, METADATA)

    assert (article.title, article.provisional_title) == ("Markup headline", "")
    assert (article.authors, article.source, article.published) == (
        ["Aidana Tokmokova"],
        "Steppe Courier",
        METADATA.published,
    )


def test_a_printed_date_of_another_day_gives_way_to_the_markup_date():
    article = parsed(published=datetime(2025, 3, 16, 18, 5))  # "Updated 16 March"

    merge_html_metadata(article, METADATA)

    assert article.published == date(2025, 3, 14)


def test_plain_text_metadata_changes_nothing():
    article = parsed(title=None, provisional_title="Text.")
    before = repr(article)

    merge_html_metadata(article, HtmlMetadata())

    assert repr(article) == before
