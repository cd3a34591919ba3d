"""Sentence boundaries: restore the ones scraping glued together, and split on them."""

import re

from articles.ingest.vocab import UPPER

# "Zhang said.As a regional", "future”.He put", "he said.“We", "the SCO.Ambassador": a full
# stop directly followed by a capital. The word before must end in lower case (or a digit,
# closing quote or bracket) or be an acronym, so that initials and abbreviations such as
# "T.C.A." or "U.S." are left alone.
# The pattern starts with the stop itself (fast to scan for) and then looks back past it.
_AFTER_WORD = r"(?<=[a-z0-9%)\]”\"’].)(?<!\b[a-z].)"
_AFTER_ACRONYM = "|".join(rf"(?<=\b[A-Z]{{{size}}}.)" for size in range(2, 7))
_GLUE = re.compile(rf"[.!?](?:{_AFTER_WORD}|{_AFTER_ACRONYM})[”’]?(?=[“\"‘]?[{UPPER}])")
# "Fourpoint proposalZhang made": a heading glued to the next sentence. Only trusted
# in text that is visibly glued, as brand names (PetroChina) have the same shape.
_GLUED_WORDS = re.compile(r"\b([a-z]{4,})([A-Z][a-z]{2,})\b")
GLUED_PARAGRAPH_THRESHOLD = 3

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt gen col lt sgt capt gov sen rep rev no nos vs etc inc ltd co corp dept univ "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e approx est fig vol pp op art sec para ave blvd "
    "messrs hon amb excl incl min max ft km".split()
)
_BOUNDARY = re.compile(rf"(?<=[.!?])([”\"’)]*)\s+(?=[“\"‘(]?[{UPPER}0-9])")
_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])*")


class _Quotes:
    """Counts quotation marks along a text, to tell whether a position is inside a quotation."""

    def __init__(self):
        self.curly = 0  # “ minus ”
        self.curly_seen = False
        self.straight = 0

    def add(self, text):
        opened, closed = text.count("“"), text.count("”")
        self.curly += opened - closed
        self.curly_seen = self.curly_seen or bool(opened or closed)
        self.straight += text.count('"')

    def open(self):
        if self.curly > 0:
            return True
        return not self.curly_seen and self.straight % 2 == 1


def _is_abbreviation(text_before):
    """True when ``text_before`` ends with an abbreviation or initials ("Mr.", "U.S.", "T.C.A.")."""
    words = text_before[-30:].rsplit(maxsplit=1)
    if not words or not words[-1].endswith("."):
        return False
    token = words[-1][:-1].lstrip("([“\"'‘")
    return token.lower() in ABBREVIATIONS or _INITIALS.fullmatch(token) is not None


def repair_glued_paragraph(paragraph):
    """One paragraph in, one or more out, with the glued sentence boundaries restored.

    A paragraph glued in several places is a page whose paragraph breaks were
    lost, so each glue point becomes a paragraph break (except inside a quotation
    or after an abbreviation); one glued spot in an otherwise normal paragraph
    only gets its missing space back.
    """
    points = list(_GLUE.finditer(paragraph))
    if not points:
        return [paragraph]
    breaks = len(points) >= GLUED_PARAGRAPH_THRESHOLD
    pieces, start, quotes = [], 0, _Quotes()
    for point in points:
        quotes.add(paragraph[start : point.end()])
        pieces.append(paragraph[start : point.end()])
        start = point.end()
        abbreviation = _is_abbreviation(paragraph[max(0, point.start() - 30) : point.start() + 1])
        pieces.append("\n" if breaks and not quotes.open() and not abbreviation else " ")
    pieces.append(paragraph[start:])
    text = "".join(pieces)
    if breaks:
        text = _GLUED_WORDS.sub(r"\1\n\2", text)
    return [p.strip() for p in text.split("\n") if p.strip()]


def repair_glued_sentences(paragraphs):
    return [fixed for paragraph in paragraphs for fixed in repair_glued_paragraph(paragraph)]


def split_sentences(paragraph):
    """Sentences of a paragraph; never splits inside a double-quoted passage or after an abbreviation."""
    sentences, start, counted, quotes = [], 0, 0, _Quotes()
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start() + len(match.group(1))
        quotes.add(paragraph[counted:end])
        counted = end
        if _is_abbreviation(paragraph[max(start, match.start() - 30) : match.start()]) or quotes.open():
            continue
        sentences.append(paragraph[start:end].strip())
        start = counted = match.end()
        quotes = _Quotes()
    tail = paragraph[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
