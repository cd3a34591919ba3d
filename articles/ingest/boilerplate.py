"""Split text into paragraphs and drop the site furniture around the article."""

import re

from articles.ingest.vocab import boilerplate_patterns

_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_HEADER_START = re.compile(r"\s\|\s|^(?:date|published|posted|updated)\b[\s:：]+\d", re.IGNORECASE)
_PROSE_END = re.compile(r"[.!?…][\"”’)\]]*$")
# Furniture is short: a longer paragraph is never tested against the patterns.
MAX_FURNITURE_CHARS = 600
# End markers count only once this many words of prose (paragraphs of at least
# PROSE_PARAGRAPH_WORDS words ending like a sentence) have been kept, so that an
# "Editor: …" or "Related" line above the article cannot swallow it.
MIN_PROSE_WORDS = 40
PROSE_PARAGRAPH_WORDS = 8


def split_paragraphs(text):
    """Paragraphs of normalised text: blank lines and line breaks both end one.

    Scraped text puts one paragraph per line; a line that stops mid-sentence and
    is followed by one starting in lower case is a hard wrap and is re-joined,
    unless that one is a header ("world | Jun 12, 2010 | By …", "date 2024-06-06 …").
    """
    paragraphs = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            if paragraphs and paragraphs[-1] != "":
                paragraphs.append("")
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if previous and not _SENTENCE_END.search(previous) and line[0].islower() and not _HEADER_START.search(line):
            paragraphs[-1] = f"{previous} {line}"
        else:
            paragraphs.append(line)
    return [p for p in paragraphs if p]


def is_end_marker(paragraph):
    """ "Next Post", "Related articles", "Editor: …", "Tags: …": where the article stops."""
    _, end = boilerplate_patterns()
    return len(paragraph) <= MAX_FURNITURE_CHARS and end.fullmatch(paragraph) is not None


def is_boilerplate(paragraph):
    """Navigation, share buttons, pagers, copyright lines; an end marker is furniture too."""
    line, _ = boilerplate_patterns()
    return len(paragraph) <= MAX_FURNITURE_CHARS and line.fullmatch(paragraph) is not None or is_end_marker(paragraph)


def prose_words(paragraph):
    """The words of a paragraph that reads as article text, 0 for headings and widgets."""
    words = len(paragraph.split())
    return words if words >= PROSE_PARAGRAPH_WORDS and _PROSE_END.search(paragraph) else 0


def strip_boilerplate(paragraphs, min_prose_words=MIN_PROSE_WORDS):
    """Drop navigation, share buttons and pagers; stop at the first end marker after the article began."""
    kept, prose = [], 0
    for paragraph in paragraphs:
        if prose >= min_prose_words and is_end_marker(paragraph):
            break
        if not is_boilerplate(paragraph):
            kept.append(paragraph)
            prose += prose_words(paragraph)
    return kept
