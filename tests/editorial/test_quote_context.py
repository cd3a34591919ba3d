"""The article form's "who said what": each quote shown in the sentence of the body it stands in."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin_inlines import NOT_FOUND, quote_in_context
from articles.models import Article
from people.models import Quote
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

BODY = (
    "Leaders met in Astana on Tuesday.\n\n"
    "T.C.A. Raghavan, director general of the council, said that trade must grow across the region. "
    "Energy was discussed too.\n\n"
    "“We will build roads and railways for everyone,” said Zhang Ming. “Ports as well,” he added."
)


def marked(html):
    """The text of the context and the marked part of it."""
    text = re.sub(r"<[^>]+>", "", str(html))
    return text, re.search(r"<mark>(.*?)</mark>", str(html)).group(1)


def quote(text, start=None, end=None):
    return Quote(text=text, body_start=start, body_end=end)


def test_a_reported_statement_is_shown_in_its_whole_sentence_initials_and_all():
    text, said = marked(quote_in_context(BODY, quote("trade must grow across the region.")))
    assert said == "trade must grow across the region"
    assert text == "T.C.A. Raghavan, director general of the council, said that trade must grow across the region."


def test_a_statement_split_by_its_attribution_is_found_by_its_first_sentence():
    text, said = marked(quote_in_context(BODY, quote("We will build roads and railways for everyone. Ports as well.")))
    assert said == "We will build roads and railways for everyone"
    assert text.startswith("“We will build roads") and "said Zhang Ming." in text
    assert "Energy" not in text  # the sentence of its own paragraph only


def test_the_stored_span_wins_over_an_earlier_occurrence_while_it_still_holds_the_words():
    body = "Trade must grow, said one. Later: trade must grow, said the other."
    second = body.rindex("trade must grow")
    html = quote_in_context(body, quote("Trade must grow", second, second + 15))
    assert marked(html)[0] == "Later: trade must grow, said the other."
    stale = quote_in_context(body, quote("Trade must grow", 3, 18))  # the text there changed: searched for
    assert marked(stale)[0] == "Trade must grow, said one."


def test_a_statement_no_longer_in_the_text_is_not_placed():
    assert quote_in_context(BODY, quote("Nobody said this at all.")) is None
    assert quote_in_context("", quote("Trade must grow.")) is None


def test_the_body_and_the_statement_are_escaped():
    html = str(quote_in_context("He said <b>that</b> trade & <i>roads</i> matter.", quote("trade & <i>roads</i>")))
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;that&lt;/b&gt;" in html and "<mark>trade &amp; &lt;i&gt;roads" in html


# --- on the change form ------------------------------------------------------------------------


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


def change_page(client, article):
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_form_shows_each_quote_in_its_sentence_or_says_it_is_not_found(as_editor):
    article = ArticleFactory(status=Article.Status.DRAFT, body=BODY)
    QuoteFactory(
        article=article, person=PersonFactory(name="T.C.A. Raghavan"), text="trade must grow across the region"
    )
    QuoteFactory(article=article, person=PersonFactory(name="Nobody"), text="Words edited away.")
    html = change_page(as_editor, article)
    assert "said that <mark>trade must grow across the region</mark>." in html
    assert NOT_FOUND in html


def add_quotes(article, count):
    for n in range(count):
        QuoteFactory(article=article, text=f"Statement number {n} on trade.")


def beyond_the_autocomplete(queries):
    """The queries other than Django's autocomplete widget reading the person each quote names (one a row)."""
    return [query["sql"] for query in queries if 'FROM "people_person"' not in query["sql"]]


@pytest.mark.django_db
def test_the_quotes_context_costs_no_query_per_quote(as_editor):
    """The context is read from the article the form holds: no query per quote."""
    body = " ".join(f"Statement number {n} on trade." for n in range(8))
    article = ArticleFactory(status=Article.Status.DRAFT, body=body)
    add_quotes(article, 2)
    change_page(as_editor, article)  # the baseline revision: not counted
    with CaptureQueriesContext(connection) as two:
        assert change_page(as_editor, article).count("<mark>") == 2
    Quote.objects.filter(article=article).delete()
    add_quotes(article, 8)
    with CaptureQueriesContext(connection) as eight:
        assert change_page(as_editor, article).count("<mark>") == 8
    assert len(beyond_the_autocomplete(eight)) == len(beyond_the_autocomplete(two))
