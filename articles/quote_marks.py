"""Each quote's statement marked in the article's text and linked to the person quoted; the people quoted.

Plain functions the article page's view calls (``articles.views``): the text is
escaped piece by piece and the markup put between the pieces, so imported text
is never read as HTML.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

QUOTE_MARKS = "\"'“”‘’«»„"
_QUOTE_CLASS = "[" + re.escape(QUOTE_MARKS) + "]"
_EDGE = QUOTE_MARKS + " \t\n.,;:!?…—–-"
_SENTENCE_END = re.compile(r"[.!?…][" + re.escape(QUOTE_MARKS) + r"]*(?=\s+\S)")
MIN_PHRASE_WORDS = 4  # a shorter phrase could match words the person never said
LEAD_WORDS = 12
ATTRIBUTION_WORDS = 25  # "said Cui Li, vice chairman of …" between two parts of one statement


def _phrases(text):
    """What to look for in the body, best first, as (phrase, rest) pairs.

    The whole statement, then its first sentence, then its first words. Quote
    texts are stored as sentences ("The SCO should be a model.") while the body
    keeps the attribution inside them ("… a model, said Jiang Feng. Health …"),
    so ends are trimmed of punctuation and quotation marks, and ``rest`` is
    what follows a first sentence, to be marked too when it comes right after.
    """
    whole = text.strip().strip(_EDGE)
    words = whole.split()
    found = [(whole, "")] if words else []
    for end in _SENTENCE_END.finditer(whole):
        first = whole[: end.start()].strip(_EDGE)
        if len(first.split()) >= MIN_PHRASE_WORDS:  # not "Mr." or "T.C.A."
            found.append((first, whole[end.end() :].strip().rstrip(_EDGE)))
            break
    if len(words) > LEAD_WORDS:
        found.append((" ".join(words[:LEAD_WORDS]).strip(_EDGE), ""))
    shortest = min(MIN_PHRASE_WORDS, len(words))
    return [(p, rest) for p, rest in dict(found).items() if len(p.split()) >= shortest]


def _pattern(phrase):
    """The phrase with any run of spaces matching any run of spaces, and any quotation mark any other."""
    words = [re.sub(_QUOTE_CLASS, lambda _: _QUOTE_CLASS, re.escape(w)) for w in phrase.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def _free(spans, start, end):
    return all(end <= s or start >= e for s, e, *_ in spans)


def _locate(paragraphs, spans, phrase, first):
    """(paragraph, start, end) of the phrase's first unmarked occurrence, looking from paragraph ``first`` on."""
    pattern = _pattern(phrase)
    order = list(range(first, len(paragraphs))) + list(range(first))
    for index in order:
        for match in pattern.finditer(paragraphs[index]):
            if _free(spans[index], match.start(), match.end()):
                return index, match.start(), match.end()
    return None


def _locate_next(paragraphs, spans, phrase, index, end):
    """(paragraph, start, end) of the phrase if it starts within a few words of ``end`` or opens the next paragraph.

    "… common development, said Cui Li, vice chairman of the Committee. After …"
    is one statement with its attribution in between, so the gap may hold a
    sentence of attribution but not another statement.
    """
    pattern = _pattern(phrase)
    match = pattern.search(paragraphs[index], end)
    close = match and len(paragraphs[index][end : match.start()].split()) <= ATTRIBUTION_WORDS
    if close and _free(spans[index], match.start(), match.end()):
        return index, match.start(), match.end()
    if index + 1 < len(paragraphs):
        match = pattern.match(paragraphs[index + 1])
        if match and _free(spans[index + 1], match.start(), match.end()):
            return index + 1, match.start(), match.end()
    return None


BODY_BREAK = "\n\n"  # the importer stores the body as its paragraphs joined by a blank line (ParsedArticle.body)


def _paragraph_starts(paragraphs):
    """The offset of each paragraph in the body as the importer stored it, to read the quotes' spans.

    A body an editor changed since may differ from that: its spans no longer
    hold the quotes' words and are not used (``_stored_span``).
    """
    starts, at = [], 0
    for paragraph in paragraphs:
        starts.append(at)
        at += len(paragraph) + len(BODY_BREAK)
    return starts


def _stored_span(paragraphs, starts, quote):
    """(paragraph, start, end) of the quote's stored span if it lies in one paragraph and holds its first words.

    The importer stores the whole statement or its first words; any other text
    there means the body or the quote was edited since, and the span is stale.
    """
    start, end = quote.body_start, quote.body_end
    if start is None or end is None or not 0 <= start < end or not paragraphs:
        return None
    index = bisect_right(starts, start) - 1
    start, end = start - starts[index], end - starts[index]
    if end > len(paragraphs[index]):  # past the body's end, or across a paragraph break
        return None
    words, said = paragraphs[index][start:end].split(), (quote.text or "").split()
    if not words or len(words) < min(MIN_PHRASE_WORDS, len(said)) or not _same(said).startswith(_same(words)):
        return None
    return index, start, end


_ONE_QUOTE_MARK = str.maketrans(dict.fromkeys(QUOTE_MARKS, '"'))


def _same(words):
    """Words as compared with the body's, as searched: edge punctuation, case, spacing and quotation marks aside."""
    return " ".join(words).strip(_EDGE).casefold().translate(_ONE_QUOTE_MARK)


def _place_at_span(paragraphs, starts, spans, quote):
    """Mark the quote at its stored span; the paragraph marked, or None if the span is unset, stale or taken.

    What is marked is what a search would mark when it found the statement
    there (its longest phrase starting at the span, and the rest of a statement
    split by the attribution); the span alone, less punctuation, when no phrase fits.
    """
    found = _stored_span(paragraphs, starts, quote)
    if found is None:
        return None
    index, start, end = found
    paragraph = paragraphs[index]
    start += len(paragraph[start:end]) - len(paragraph[start:end].lstrip(_EDGE))
    end = start + len(paragraph[start:end].rstrip(_EDGE))
    for phrase, rest in _phrases(quote.text or ""):
        match = _pattern(phrase).match(paragraph, start)
        if match and _free(spans[index], *match.span()):
            _mark(spans, paragraphs, (index, *match.span()), rest, quote)
            return index
    if start < end and _free(spans[index], start, end):
        _mark(spans, paragraphs, (index, start, end), "", quote)
        return index
    return None


def _place_by_search(paragraphs, spans, quote, cursor):
    """Mark the quote where its text is found from paragraph ``cursor`` on; the paragraph marked, or None."""
    for phrase, rest in _phrases(quote.text or ""):
        found = _locate(paragraphs, spans, phrase, cursor)
        if found:
            _mark(spans, paragraphs, found, rest, quote)
            return found[0]
    return None


def _mark(spans, paragraphs, found, rest, quote):
    """Record the statement at ``found`` (paragraph, start, end), and ``rest`` of it if it follows closely."""
    index, start, end = found
    spans[index].append((start, end, quote, True))
    following = _locate_next(paragraphs, spans, rest, index, end) if rest else None
    if following:
        index, start, end = following
        spans[index].append((start, end, quote, False))


def quote_label(quote):
    """ "Name, role, organization": who said it, as the article put it at the time."""
    return ", ".join(part for part in (quote.person.name, quote.role, quote.organization) if part)


class MarkedParagraphs(list):
    """A list of paragraphs (safe HTML) that also knows which quotes were marked (``marked``: their pks)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.marked = set()


def mark_quotes(paragraphs, quotes):
    """The paragraphs, escaped, with each quote's statement marked and linked to the person quoted.

    A quote is marked where the importer read it (its stored span) while the
    text there is still its words; otherwise, or when that place is already
    marked, it is looked for as a whole, then by its first sentence, then by its
    first words (long statements are often split by the attribution); quotes in
    article order, each from where the previous one was found. A quote that
    cannot be located is not marked. The text is escaped piece by piece and the
    markup inserted between the pieces, so imported text is never read as HTML.
    """
    paragraphs, quotes = [str(p) for p in paragraphs], list(quotes)
    spans = [[] for _ in paragraphs]
    starts = _paragraph_starts(paragraphs)
    # Stored spans first, so that a quote searched for cannot take the place another was read from.
    placed = [_place_at_span(paragraphs, starts, spans, quote) for quote in quotes]
    cursor = 0
    for quote, index in zip(quotes, placed, strict=True):
        if index is None:
            index = _place_by_search(paragraphs, spans, quote, cursor)
        cursor = cursor if index is None else index
    marked = MarkedParagraphs()
    for text, found in zip(paragraphs, spans, strict=True):
        pieces, at = [], 0
        for start, end, quote, first in sorted(found, key=lambda span: span[0]):
            pieces.append(conditional_escape(text[at:start]))
            pieces.append(
                format_html(
                    '<mark class="quote{}"{}><a href="{}" title="{}">{}</a></mark>',
                    " direct" if getattr(quote, "is_direct", False) else "",
                    format_html(' id="quote-{}"', quote.pk) if first else "",
                    quote.person.get_absolute_url(),
                    quote_label(quote),
                    text[start:end],
                )
            )
            at = end
            marked.marked.add(quote.pk)
        pieces.append(conditional_escape(text[at:]))
        marked.append(mark_safe("".join(pieces)))  # noqa: S308 - every piece is escaped or built by format_html
    return marked


@dataclass
class Quoted:
    """One person quoted in an article: the roles the article gave them and their statements."""

    person: object
    roles: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    anchor: str = ""  # the first of their statements marked in the text


def quotes_by_person(quotes, marked=()):
    """The people quoted, in order of first appearance, each with the distinct roles stated for them.

    ``marked`` holds the pks of the quotes marked in the text (``mark_quotes(…).marked``).
    """
    people = {}
    for quote in quotes:
        entry = people.setdefault(quote.person_id, Quoted(quote.person))
        role = ", ".join(part for part in (quote.role, quote.organization) if part)
        if role and role not in entry.roles:
            entry.roles.append(role)
        entry.quotes.append(quote)
        if not entry.anchor and quote.pk in marked:
            entry.anchor = f"quote-{quote.pk}"
    return list(people.values())
