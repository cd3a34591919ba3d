"""Quote.body_start/body_end: the importer stores where it read each statement; the page marks it there."""

import re

import pytest
from django.db import IntegrityError, transaction

from articles.ingest.parsed import ParsedArticle, QuoteFound, Speaker
from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article
from people.models import Quote
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "Ministers of the Shanghai Cooperation Organization met in Tashkent on Monday.",
    "Delegates kept repeating that trade in local currencies will grow next year.",
    "Trade in local currencies will grow next year, said Vladimir Norov, Secretary-General of the SCO.",
    "Jiang Feng said the meeting went well.",
]
STATEMENT = "Trade in local currencies will grow next year."


def parsed_article(**fields):
    """A parsed document written here: Norov's statement is read from the third paragraph, not the second."""
    body = "\n\n".join(PARAGRAPHS)
    start = body.rindex(STATEMENT[:-1])
    quotes = [
        QuoteFound("Vladimir Norov", STATEMENT, False, "Secretary-General", "SCO", 0, start, start + 45),
        QuoteFound("Jiang Feng", "The meeting went well.", False, position=1),  # not placed
    ]
    return ParsedArticle(
        title="SCO ministers agree to widen trade in local currencies",
        paragraphs=PARAGRAPHS,
        people=[Speaker("Vladimir Norov", "Secretary-General", "SCO"), Speaker("Jiang Feng")],
        quotes=quotes,
        raw_text="\n\n".join(["SCO ministers agree to widen trade in local currencies", *PARAGRAPHS]),
        **fields,
    )


def test_the_writer_stores_each_quotes_span_in_the_stored_body():
    article = import_document(parsed_article()).article
    norov, jiang = Quote.objects.filter(article=article).order_by("position")
    assert article.body == "\n\n".join(PARAGRAPHS)
    assert article.body[norov.body_start : norov.body_end] == STATEMENT[:-1]
    assert article.body.lower().index(STATEMENT[:-1].lower()) < norov.body_start  # said first by others
    assert (jiang.body_start, jiang.body_end) == (None, None)


def test_spans_of_a_parsed_document_point_into_the_article_body_as_stored():
    document = (
        "SCO ministers agree to widen trade in local currencies\n\n"
        "Ministers of the Shanghai Cooperation Organization met in Tashkent on Monday.\n\n"
        '"Trade in local currencies will grow next year," said Vladimir Norov, Secretary-General of the SCO.\n\n'
        "Jiang Feng, a research fellow at the Shanghai Institute, said that the region needs patient work.\n"
    )
    article = import_document(parse_document(document.encode())).article
    spans = [(q.text, article.body[q.body_start : q.body_end]) for q in article.quotes.all() if q.body_start]
    assert spans
    for text, span in spans:
        assert text.startswith(span.rstrip(".")), (text, span)


def test_the_page_marks_an_imported_quote_where_it_was_read(client):
    article = import_document(parsed_article(), status=Article.Status.PUBLISHED).article
    page = client.get(article.get_absolute_url()).content.decode()
    paragraphs = re.findall(r"<p>(.*?)</p>", page, re.S)
    [with_mark] = [p for p in paragraphs if "/people/vladimir-norov/" in p]
    assert with_mark.startswith('<mark class="quote"')
    assert ", said Vladimir Norov" in with_mark


def test_a_quote_may_have_no_span_or_a_whole_one():
    QuoteFactory(body_start=None, body_end=None)
    QuoteFactory(body_start=3, body_end=3)
    QuoteFactory(body_start=3, body_end=40)


@pytest.mark.parametrize(("start", "end"), [(40, 3), (3, None), (None, 40)], ids=["reversed", "no-end", "no-start"])
def test_a_span_needs_a_start_and_an_end_the_start_first(start, end):
    quote = Quote(article=ArticleFactory(), person=PersonFactory(), text="x", body_start=start, body_end=end)
    with pytest.raises(IntegrityError), transaction.atomic():
        quote.save()
