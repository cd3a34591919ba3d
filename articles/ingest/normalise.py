"""Stage 2: decoded text (plain or HTML) becomes clean plain text, paragraphs separated by a blank line.

HTML pages go through trafilatura, which finds the article in the page (dropping navigation,
related links, comments, scripts and styles) and reads its metadata; what it returns is then
normalised like plain text. trafilatura is imported on first use, so that a web worker that
never imports a document never loads it.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from articles.ingest.parsed import ImportFailure

_HTML_TAG = re.compile(
    r"<!doctype html|</?(?:html|head|body|title|meta|p|div|span|article|section|main|header|footer|nav"
    r"|h[1-6]|br|hr|ul|ol|li|table|tr|td|blockquote|figure|figcaption|a|img|script|style)\b[^<>]*>",
    re.IGNORECASE,
)

# Elements of trafilatura's output (its XML vocabulary) that are paragraphs of their own: <head> is
# a heading, <quote> a blockquote, <item> a list item, <row> a table row.
_BLOCKS = {"p", "head", "quote", "list", "item", "table", "row", "code", "div", "body"}

# Page elements that make a <div> more than one paragraph of text (see _prepare).
_PAGE_BLOCKS = {"p", "div", "section", "article", "ul", "ol", "table", "blockquote", "pre", "br"}
_PAGE_BLOCKS |= {f"h{level}" for level in range(1, 7)}

_SPACES = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))  # tab, Unicode spaces
_LINE_BREAKS = "\n\r\v\f\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width characters, BOM
_TRANSLATION = {
    **dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)]),  # control characters are removed,
    **{ord(char): "\n" for char in _LINE_BREAKS},  # except line breaks,
    **{ord(char): " " for char in _SPACES},  # and tab, which is a space like the Unicode spaces;
    **dict.fromkeys(map(ord, _INVISIBLE)),  # invisible characters are removed too.
}
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class HtmlMetadata:
    """What an HTML page says about itself (its <meta> tags, JSON-LD, <title>, headline and byline markup),
    as trafilatura reads it. Empty for plain text."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | None = None
    site_name: str | None = None


def looks_like_html(text: str) -> bool:
    """True when the text contains common HTML tags such as <p>, <div> or <br>."""
    return _HTML_TAG.search(text) is not None


def html_to_text(html: str) -> tuple[str, HtmlMetadata]:
    """The article text of an HTML page, one paragraph per block, and the page's metadata.

    trafilatura picks the main text and drops comments and the page's chrome. It favours
    precision: on our test pages both settings leave out comments, related stories and widgets
    alike, but on a short page favor_recall keeps what <nav>, <form>, <noscript> or <iframe>
    hold as article text (the <div> text precision would lose is mended first). Headings,
    blockquotes, list items and table rows are paragraphs; <br> is a line break within one.
    When the text does not open with a heading, the page's headline (from its metadata) is put
    first, as in a scraped .txt page, so the header stage finds it; a repeat of it further down
    goes. Dates come from the page's markup only, never guessed from its text. Nothing is
    fetched: links and images are not followed.

    Raises ImportFailure when the page has no readable text.
    """
    import lxml.html  # noqa: PLC0415 - trafilatura and lxml load on the first HTML document, not at start-up
    import trafilatura  # noqa: PLC0415
    from lxml.etree import ParserError  # noqa: PLC0415

    try:
        tree = lxml.html.document_fromstring(html)
    except ValueError:  # a str that declares its encoding (<?xml … encoding=…?>) is parsed as bytes
        tree = lxml.html.document_fromstring(html.encode("utf-8"))
    except ParserError:  # only comments, a doctype or whitespace
        tree = None
    if tree is not None:
        _prepare(tree)
    document = tree is not None and trafilatura.bare_extraction(
        tree,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False, "max_date": date.today().isoformat()},
    )
    if not document or document.body is None:
        raise ImportFailure("no article text found in the HTML page (trafilatura found no main text in it)")
    metadata = HtmlMetadata(
        title=_clean(document.title),
        authors=[name for name in map(_clean, (document.author or "").split(";")) if name],
        published=_iso_date(document.date),
        site_name=_clean(document.sitename),
    )
    paragraphs = [text.strip() for text in _paragraphs(document.body) if text.strip()]
    if not paragraphs:
        raise ImportFailure("no article text found in the HTML page (trafilatura found no main text in it)")
    if metadata.title and not (len(document.body) and document.body[0].tag == "head"):
        paragraphs = [metadata.title, *(text for text in paragraphs if " ".join(text.split()) != metadata.title)]
    return "\n\n".join(paragraphs), metadata


def _prepare(tree):
    """Mend what trafilatura gets wrong for us, in the parsed page before it reads it.

    It deletes <time> elements and figures with their text, and every <header>, but a date line,
    a photo caption and an article's own header (headline, standfirst) are text the header stage
    reads; it drops text set straight in a <div> between paragraphs; and it keeps <template>
    content, which a browser never shows.
    """
    for template in list(tree.iter("template")):
        template.drop_tree()
    for header in tree.xpath("//article//header"):  # an article's own header (headline, standfirst, byline)
        header.tag = "div"  # is not the page's, which trafilatura drops with what it holds
    for element in tree.iter("time"):
        element.tag = "span"
    for caption in list(tree.iter("figcaption")):
        caption.tag = "p"
        figure = next((a for a in caption.iterancestors() if a.tag == "figure"), None)
        if figure is not None:
            figure.addprevious(caption)  # moves it out of the figure, which trafilatura drops
    for div in tree.iter("div"):  # text set straight in a <div> is a paragraph (precision drops it otherwise);
        # one whose paragraphs are <br><br>-separated is left alone: in a <p>, trafilatura makes them one line
        if (div.text or "").strip() and not any(element.tag in _PAGE_BLOCKS for element in div.iterdescendants()):
            div.tag = "p"


def _paragraphs(element):
    """The paragraphs of an element of trafilatura's output: each block apart, the rest inline."""
    paragraphs, inline = [], [element.text or ""]
    for child in element:
        if child.tag in _BLOCKS:
            paragraphs += ["".join(inline), *_paragraphs(child)]
            inline = [child.tail or ""]
        else:
            inline += [" " if child.tag == "cell" else "", _inline_text(child), child.tail or ""]
    return [*paragraphs, "".join(inline)]


def _inline_text(element):
    """An inline element's text, with its <lb/> (a <br> in the page) as a line break."""
    if element.tag == "lb":
        return "\n"
    return (element.text or "") + "".join(_inline_text(child) + (child.tail or "") for child in element)


def _clean(value):
    """A metadata value with its whitespace tidied; None for none or blank."""
    return " ".join((value or "").split()) or None


def _iso_date(value):
    """The day of trafilatura's YYYY-MM-DD date; None for none."""
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def normalise_text(text: str) -> str:
    """Normalise whitespace and invisible characters; letters, punctuation and quotes are left alone.

    NFC; CRLF and CR become LF; Unicode spaces and tabs become a space; zero-width and
    control characters go; spaces are collapsed and lines stripped; runs of blank lines
    become one blank line. Idempotent.
    """
    text = text.replace("\r\n", "\n").translate(_TRANSLATION)
    text = unicodedata.normalize("NFC", text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def to_plain_text(text: str) -> tuple[str, HtmlMetadata]:
    """Decoded document → normalised plain text, and the page's metadata when it is HTML (else empty).

    Raises ImportFailure for an HTML page with no readable text.
    """
    if looks_like_html(text):
        text, metadata = html_to_text(text)
        return normalise_text(text), metadata
    return normalise_text(text), HtmlMetadata()
