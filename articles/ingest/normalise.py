"""Stage 2: decoded text (plain or HTML) becomes clean plain text, paragraphs separated by a blank line."""

import re
import unicodedata
from html.parser import HTMLParser

_HTML_TAG = re.compile(
    r"<!doctype html|</?(?:html|head|body|title|meta|p|div|span|article|section|main|header|footer|nav"
    r"|h[1-6]|br|hr|ul|ol|li|table|tr|td|blockquote|figure|figcaption|a|img|script|style)\b[^<>]*>",
    re.IGNORECASE,
)

# Elements whose content is dropped: code, embeds and forms; <title>, which repeats the headline and
# the site name (the article's <h1> is kept); and the site's navigation and boilerplate.
_SKIPPED = {"script", "style", "noscript", "template", "iframe", "svg", "form", "title"}
_SKIPPED |= {"nav", "header", "footer", "aside"}
# Elements that start and end a paragraph (<br> is a line break within one).
_BLOCKS = {"p", "div", "article", "section", "main", "blockquote", "pre", "address", "figure", "figcaption", "hr"}
_BLOCKS |= {"ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "tr"} | {f"h{level}" for level in range(1, 7)}
_CELLS = {"td", "th"}

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
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def looks_like_html(text: str) -> bool:
    """True when the text contains common HTML tags such as <p>, <div> or <br>."""
    return _HTML_TAG.search(text) is not None


def html_to_text(html: str) -> str:
    """Extract the readable text of an HTML page, one paragraph per block element.

    Scripts, styles, navigation, headers, footers, forms and the <title> are dropped.
    Spaces inside lines are left for normalise_text.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (line.strip(" ") for line in "".join(parser.parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


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


def to_plain_text(text: str) -> str:
    """Decoded document → normalised plain text, converting it from HTML first if it looks like HTML."""
    if looks_like_html(text):
        text = html_to_text(text)
    return normalise_text(text)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._article_depth = 0

    def handle_starttag(self, tag, attrs):
        if self._skips(tag):
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _CELLS:
            self.parts.append(" ")
        if tag == "article":
            self._article_depth += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self._article_depth = max(self._article_depth - 1, 0)
        if self._skips(tag):
            self._skip_depth = max(self._skip_depth - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip_depth:
            # Line breaks and indentation in HTML source are just spaces; &nbsp; is kept for normalise_text.
            self.parts.append(_HTML_WHITESPACE.sub(" ", data))

    def _skips(self, tag):
        # An <article>'s own <header> holds its headline and byline; the page's <header> is site chrome.
        return tag in _SKIPPED and not (tag == "header" and self._article_depth)
