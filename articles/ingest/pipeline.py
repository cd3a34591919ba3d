"""The importing pipeline from raw document to ParsedArticle. No database access here."""

from datetime import date, datetime

from articles.ingest.boilerplate import split_paragraphs, strip_boilerplate
from articles.ingest.dates import find_date
from articles.ingest.decode import Decoded, decode_with_notes
from articles.ingest.metadata import has_article_text, provisional_title, split_body_furniture, split_header
from articles.ingest.normalise import looks_like_html, to_plain_text
from articles.ingest.parsed import ImportFailure, ParsedArticle
from articles.ingest.quotes import extract_quotes, parse_subject
from articles.ingest.sentences import repair_glued_sentences
from articles.ingest.tags import find_places, find_topics


def parse_document(data):
    """Parse one document (bytes as read from a file, or text) into a ParsedArticle.

    Raises ImportFailure with a one-line reason when the document cannot be an article.
    """
    decoded = decode_with_notes(data) if isinstance(data, bytes) else Decoded(data)
    raw_text = decoded.text
    if not raw_text.strip():
        raise ImportFailure("empty document")
    plain_text, html_metadata = to_plain_text(raw_text)
    paragraphs = strip_boilerplate(split_paragraphs(plain_text))
    if not paragraphs:
        raise ImportFailure("no text left once navigation and boilerplate are removed")
    title, header, body = split_header(paragraphs)
    furniture, body = split_body_furniture(title, header.authors, body)
    body = repair_glued_sentences(body)
    if not has_article_text(body):
        raise ImportFailure("no article text after the title" if title else "no article text")

    photographer = parse_subject(furniture["photo_credit"]) if furniture["photo_credit"] else None
    not_speakers = [*header.authors, *([photographer.name] if photographer and photographer.name else [])]
    people, quotes = extract_quotes(body, excluded_names=not_speakers)
    text = "\n".join([furniture["standfirst"], *body])
    article = ParsedArticle(
        title=title,
        provisional_title="" if title else provisional_title(furniture["standfirst"] or body[0]),
        authors=header.authors,
        source=header.source,
        published=header.published or dateline_date(furniture["dateline"]),
        paragraphs=body,
        people=people,
        quotes=quotes,
        topics=find_topics(title or "", text),
        places=find_places(f"{title or ''}\n{text}"),
        raw_text=raw_text,
        **furniture,
    )
    merge_html_metadata(article, html_metadata)
    article.warnings = [*decoded.notes, *review_notes(article, raw_text)]
    return article


def merge_html_metadata(article, metadata):
    """Fill what the text stages left empty from what an HTML page says about itself.

    The text stages read what the page prints, and their values win: a printed byline, a date
    line with its time of day, an agency credit. The page's metadata (trafilatura's reading of
    its <meta> tags, JSON-LD, <title> and byline markup) fills the gaps — title, authors, date,
    and og:site_name as the source — and its date replaces a printed one of another day, since
    markup dates the first publication while a page may print an "Updated" date. Plain text
    has empty metadata: nothing changes.
    """
    if not article.title and metadata.title:
        article.title, article.provisional_title = metadata.title, ""
    article.authors = article.authors or list(metadata.authors)
    article.source = article.source or metadata.site_name
    printed = article.published.date() if isinstance(article.published, datetime) else article.published
    if metadata.published and printed != metadata.published:
        article.published = metadata.published


def dateline_date(dateline):
    """The date a wire dateline gives with its year ("BISHKEK, Aug. 14, 2023 (Kabar)"), or None."""
    return find_date(dateline)[0] if dateline else None


def review_notes(article, raw_text):
    """What an editor should check before publishing."""
    notes = []
    if article.title is None:
        notes.append("no headline in the text: the title is provisional (its first sentence), write one")
    if article.published is None:
        notes.append("no publication date found")
    if article.source is None:
        notes.append("no source found")
    if not article.authors and not article.author_bio:
        notes.append("no byline found")
    if not article.quotes:
        notes.append("nobody is quoted: check whether the text attributes words to anyone")
    if looks_like_html(raw_text):
        notes.append("imported from HTML: markup, scripts and styles were removed")
    return notes


def published_date(value):
    """YYYY-MM-DD for a date or datetime, None for no date."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


def as_json(article, file):
    """The dry-run report for one file: exactly the keys the import command documents."""
    return {
        "file": file,
        "title": article.title,
        "provisional_title": article.provisional_title or None,
        "authors": article.authors,
        "source": article.source,
        "published": published_date(article.published),
        "dateline": article.dateline,
        "standfirst": article.standfirst,
        "author_bio": article.author_bio,
        "body": article.body,
        "people": [{"name": p.name, "role": p.role, "organization": p.organization} for p in article.people],
        "quotes": [{"person": q.person, "text": q.text, "direct": q.direct} for q in article.quotes],
        "topics": article.topics,
        "places": article.places,
    }
