"""Title, byline, source, date and the furniture of the body (standfirst, caption, dateline, author bio).

All functions are pure: they read paragraphs (strings) and return values.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from articles.ingest.boilerplate import is_boilerplate, prose_words
from articles.ingest.dates import find_date, find_header_date
from articles.ingest.vocab import LOWER, UPPER, alternation, attribution, bylines, load
from people.names import name_key

HEADER_SEARCH_DEPTH = 12  # paragraphs from the top in which the title and byline are looked for
MAX_HEADER_CHARS = 300
MAX_STANDFIRST_WORDS = 60
MAX_BARE_DATE_CHARS = 40

_DATE_WORD = r"(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s|(（]))(?:"
    r"(?P<label>authors?|writers?|written\s+by|reporters?|correspondents?|source|from|(?:responsible\s+)?editors?|"
    r"edited\s+by|作者|来源|编辑|责任编辑)\s*[:：]\s*"
    r"|(?P<date_label>(?:last\s+|first\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?)"
    rf"(?:\s*[:：]\s*|\s*[-–—]\s*(?={_DATE_WORD})|\s+(?={_DATE_WORD})|\s*$)"
    r"|(?P<time_label>date\s+of\s+publication|publication\s+date|publish(?:ed)?\s+date|date\s+published|date|time|"
    r"release\s+time|发布时间|时间)\s*[:：]\s*"
    r")",
    re.IGNORECASE,
)
_MAYBE_LABEL = re.compile(r"[:：]|updated|published|posted|modified", re.IGNORECASE)  # a cheap test first
_BULLET = re.compile(r"^[-–—•·*]+\s*(?=\S)")  # "- By Li Ruohan in Qingdao"
# Byline pieces that are neither a name, an outlet nor a date: "@janedoe", "10:45 AM", "03:36 pm IST".
_SKIPPED_SEGMENT = re.compile(
    r"@[\w.]{2,30}|(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|GMT[+-]?\d{0,2}))?", re.IGNORECASE
)
_BY = re.compile(r"^(?:by|written by)\s+(?=\S)", re.IGNORECASE)
_AUTHOR_LABELS = ("author", "writer", "written by", "reporter", "correspondent", "作者")
_LABEL_KIND = {**dict.fromkeys(_AUTHOR_LABELS, "authors"), "source": "source", "from": "source", "来源": "source"}
_SEGMENT_SPLIT = re.compile(r"\s*(?:\||丨|·|•|\s/\s)\s*")
_RELATIVE_TIME = re.compile(
    r"\b(?:about|around|over|nearly|almost)?\s*(?:\d+|an?|one)\s+(?:second|minute|min|hour|hr|day|week|month)s?\s+ago\b"
    r"|\bjust now\b",
    re.IGNORECASE,
)
_HEADER_FRAGMENT = re.compile(
    r"(?:(?:last\s+|first\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at|by))?|on|at|by|written by|"
    rf"(?:updated\s+)?{_RELATIVE_TIME.pattern})\s*:?",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s*;\s*|\s+(?:and|&)\s+", re.IGNORECASE)
_NAME_TAIL = re.compile(r"\s+(?:in|from|at)\s+[A-Z][\w'’ -]*$")
_FOR_OUTLET = re.compile(r"\s+for\s+(?P<outlet>(?:the\s+)?[A-Z][\w.'’& -]*)$")
_BYLINE_ROLE = re.compile(
    r"^(?P<outlet>(?:[A-Z][\w.&'’-]*\s+){0,3}?)(?:(?:staff|senior|special|chief|foreign|our)\s+)?"
    r"(?:writers?|reporters?|correspondents?|journalists?|photographers?)\s+(?=[A-Z])"
)
_HONORIFIC = re.compile(r"^(?:dr|prof|professor|mr|mrs|ms|sir)\.?\s+(?=[A-Z])", re.IGNORECASE)
_NAME_TOKEN = re.compile(
    rf"^(?:[{UPPER}][{LOWER}{UPPER}'’]*(?:-[{UPPER}{LOWER}][{LOWER}{UPPER}'’]*)*|(?:[{UPPER}]\.)+[{UPPER}]?"
    r"|bin|ibn|al|el|van|von|der|den|de|da|di|du|la|le|ul|ur)$"
)
_INITIALS = re.compile(rf"(?:[{UPPER}]\.)+[{UPPER}]?")
_PUNCT_ONLY = re.compile(r"^[\W_]*$")


@dataclass
class Header:
    authors: list = field(default_factory=list)
    source: str | None = None
    published: object = None
    leftover: str = ""


class Body(list):
    """The paragraphs after the header; ``standfirst`` is a summary printed between the title and the byline."""

    standfirst = ""


# Names and bylines


def normalise_name(name):
    """ZHA JIANGUO → Zha Jianguo, ZHANG Yi → Zhang Yi; initials (T.C.A.) and mixed-case words stay as written."""
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    return " ".join(_title_case_token(token) for token in name.split())


def _title_case_token(token):
    if len(token) < 2 or not token.isupper() or _INITIALS.fullmatch(token):
        return token
    return "".join(part.capitalize() for part in re.split(r"([-'’])", token))


def looks_like_person_name(name):
    """2 to 5 name-like words, none of them an organisation, place or title word."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 5:
        return False
    vocab = attribution()
    normalised = normalise_name(name).split()
    if normalised[0][:1].islower() or normalised[-1][:1].islower():
        return False
    return all(_NAME_TOKEN.match(t) for t in normalised) and not any(
        t in vocab["not_name_words"] or t in vocab["titles"] for t in normalised
    )


def split_authors(value):
    """Names in a byline value, and the outlet it names, if any ("By A and B, Xinhua", "Xinhua writers A, B").

    Returns ([], None) when a part is neither a name nor the one outlet.
    """
    names, outlet = [], None
    value = value.strip(" ,.;:")
    role = _BYLINE_ROLE.match(value)
    if role:
        outlet = role["outlet"].strip() or None
        value = value[role.end() :]
    for_outlet = _FOR_OUTLET.search(value)
    if for_outlet:
        outlet = outlet or for_outlet["outlet"].strip()
        value = value[: for_outlet.start()]
    for part in _NAME_SPLIT.split(value):
        part = _NAME_TAIL.sub("", _HONORIFIC.sub("", part.strip(" ,.;:()")))
        if not part or part.lower() in bylines()["generic"]:
            continue  # "By John Smith, Staff Writer"
        if looks_like_person_name(part):
            names.append(normalise_name(part))
        elif names and outlet is None and len(part.split()) <= 4:
            outlet = part
        else:
            return [], None
    return names, outlet


def _is_outlet(value):
    """A news outlet named in a byline: an agency, or capitalised words with one like "Times" or "News"."""
    words = value.strip(" .").split()
    if not 1 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    return bool(bylines()["agencies"].fullmatch(" ".join(words))) or any(
        w in attribution()["organization_words"] for w in words
    )


def _clean_source(value):
    value = re.sub(r"\s+", " ", value).strip(" ()[]|,;:-–—")
    return value if value and len(value.split()) <= 8 and not _PUNCT_ONLY.match(value) else None


def _header_parts(segment):
    """(kind, value) pairs of one segment of a header line: kind is authors, source, editor, date or None."""
    labels = list(_LABEL.finditer(segment)) if _MAYBE_LABEL.search(segment) else []
    head = segment[: labels[0].start()] if labels else segment
    by = _BY.match(head)
    parts = [("authors", head[by.end() :]) if by else (None, head)]
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(segment)
        if label["label"]:
            word = re.sub(r"\s+", " ", label["label"].lower()).removeprefix("responsible ").rstrip("s")
            kind = _LABEL_KIND.get(word, "editor")
        else:
            kind = "date"
        parts.append((kind, segment[label.end() : end]))
    return parts, bool(by or labels)


def parse_header_line(paragraph):
    """Authors, source and date from a byline or dateline paragraph, or None if it is not one.

    Handles labelled shapes ("Author : A, B and C  Source : X  2020-08-28",
    "Updated : 2018-06-09", "Published June 4, 2024"), "By A and B", "By A | China Daily |
    Updated: …", "(China Daily )| Updated : …", "Source: Xinhua | 2021-09-17", "By Staff
    Reporter", a name followed by a labelled date, and a bare date or date-time.
    """
    if len(paragraph) > MAX_HEADER_CHARS or prose_words(paragraph) > 25 and not _MAYBE_LABEL.search(paragraph):
        return None
    if _HEADER_FRAGMENT.fullmatch(paragraph):
        return Header()  # "Published", "3 weeks ago", "on": a header printed one piece per line
    if masthead := masthead_source(paragraph):
        return Header(source=masthead)
    if bare := _bare_header_date(paragraph):
        return Header(published=bare)
    paragraph = _BULLET.sub("", paragraph)
    header, leftovers, evidence, byline = Header(), [], False, False
    for segment in _SEGMENT_SPLIT.split(paragraph):
        if not segment or _SKIPPED_SEGMENT.fullmatch(segment):
            continue
        parts, labelled = _header_parts(segment)
        evidence = evidence or labelled
        for kind, value in parts:
            value = (_RELATIVE_TIME.sub(" ", value) if "ago" in value or "now" in value else value).strip()
            when, span = find_header_date(value)
            if when is not None:
                header.published = header.published or when
                value = (value[: span[0]] + " " + value[span[1] :]).strip()
                evidence = True
            if kind == "authors":
                if not _add_byline(header, value):
                    return None
                byline = True
            elif kind == "source":
                header.source = header.source or _clean_source(value)
            elif kind is None and value:
                leftovers.append(value)
    _place_leftover(header, " ".join(leftovers).strip(), paragraph)
    found = header.authors or header.source or header.published or byline
    if not (evidence and found) or len(header.leftover.split()) > 2:
        return None
    return header


def _date_alone(paragraph, read, share):
    """The date of a short line that is (``share`` of it at least) a date, as ``read`` finds it, or None."""
    if len(paragraph) > MAX_BARE_DATE_CHARS:
        return None
    when, span = read(paragraph)
    return when if when is not None and span[1] - span[0] >= share * len(paragraph.strip()) else None


def _bare_header_date(paragraph):
    """The date of a line that is only a date, in any shape ``find_header_date`` reads ("12 Septemder / 2024")."""
    return _date_alone(paragraph, find_header_date, 0.8)


def _add_byline(header, value):
    """Add the names (and outlet) of a byline to the header; False when the value is not a byline."""
    names, outlet = split_authors(value)
    if names:
        header.authors.extend(n for n in names if n not in header.authors)
        header.source = header.source or outlet
        return True
    if _is_outlet(value):  # "By Global Times", "By Reuters"
        header.source = header.source or value.strip(" .")
        return True
    return value.lower().strip(" .") in bylines()["generic"]  # "By Staff Reporter"


def _place_leftover(header, leftover, paragraph):
    """Unlabelled text in a header line: a name beside a labelled date or a date divided from it by a bar
    ("Baqir Syed Published June 4, 2024", "June 5, 2024 | Anna Berg"), or the outlet in a line divided by
    bars or in brackets ("(China Daily )| Updated : …")."""
    if not leftover:
        return
    named_date = header.published and (_LABEL.search(paragraph) or "|" in paragraph)  # "June 5, 2024 | Anna Berg"
    if not header.authors and named_date and looks_like_person_name(leftover):
        header.authors.append(normalise_name(leftover))
        return
    if header.source is None and (leftover.startswith("(") or "|" in paragraph and _may_be_outlet(leftover)):
        header.source = _clean_source(leftover)
        if header.source:
            return
    header.leftover = leftover


# Outlets: mastheads, dateline credits and "X reports"


@cache
def _outlet_vocab():
    data = load("boilerplate")
    kickers = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(data["kickers"], key=len, reverse=True))
    return {
        "words": frozenset(data["outlet_words"]),
        "not_words": frozenset(data["not_outlet_words"]),
        "sections": frozenset(data["news_sections"]) | {"News"},
        "kicker": re.compile(rf"^(?:{kickers})\s*[:：|]\s*\S", re.IGNORECASE),
        "ticker": re.compile(rf"^(?:{alternation(data['ticker_labels'])})\s*[:：|]\s*\S", re.IGNORECASE),
        "not_title": re.compile(rf"^(?:{alternation(data['not_title_labels'])})\s*[:：]", re.IGNORECASE),
    }


_OUTLET_WORD_SPLIT = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def agency_name(value):
    """The agency named by ``value`` as written ("KABAR", "(APP)" → "APP"), or None if it is not one."""
    value = value.strip(" ()[].,;:")
    return value if value.lower() in bylines()["agency_names"] else None


_SITE_NAME = re.compile(r"[A-Z][A-Za-z0-9-]{1,30}\.(?:[A-Za-z]{2,4})")  # "News.Az", "Report.az", "UzDaily.com"


def is_outlet_name(value):
    """A news agency from the list, or 2 to 5 capitalised words with one like "Times", "News" or "Daily"
    ("Kestrel Times", "Orlovo News", "People's Daily Online") and none like "Release" or "Service"."""
    value = _LEADING_THE.sub("", value.strip(" ()[].,;:"))
    if agency_name(value) or _SITE_NAME.fullmatch(value) and not value.isupper():  # not "DAWN.COM" in a footer
        return True
    words = _OUTLET_WORD_SPLIT.split(value)
    if not 2 <= len(words) <= 5 or not all(_outlet_word(w, i, len(words)) for i, w in enumerate(words)):
        return False
    vocab = _outlet_vocab()
    if all(w in vocab["sections"] for w in words):
        return False  # "World News", "Business News": a section
    return any(w in vocab["words"] for w in words) and not any(w in vocab["not_words"] for w in words)


def _outlet_word(word, index, count):
    """Capitalised, or "of", "and", "&" inside the name ("The Times of Central Asia")."""
    return word[:1].isupper() or word[:1].isdigit() or 0 < index < count - 1 and word in ("of", "and", "&")


def _may_be_outlet(value):
    """An outlet in a barred header line ("By A | China Daily | …", "By A | Dawn | …"); not a section
    ("Politics | June 5, 2024")."""
    words = value.strip(" .").split()
    if len(words) == 1:
        return words[0][:1].isupper() and words[0].capitalize() not in _outlet_vocab()["sections"]
    return is_outlet_name(value)


def masthead_source(paragraph):
    """The outlet a line consists of, printed above or under a headline ("PTI", "Global Times - Weekend",
    "People's Daily Online"), or None."""
    value = paragraph.strip(" ()[]")
    if len(value) > 60 or "," in value or _BY.match(value):
        return None  # "By Anna Berg, Kestrel News" is a byline
    name = re.split(r"\s+[-–—|]\s+", value, maxsplit=1)[0]  # "Global Times - Weekend": the edition after a dash
    return value if is_outlet_name(name) else None


_OUTLET = r"[A-Z][\w.&'’/-]*(?:\s+[A-Z0-9][\w.&'’/-]*){0,4}"
_BOXED = re.compile(r"\((?P<credit>[^()]{2,60})\)")
_DOMAIN = re.compile(r"[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?:com|net|org|info|news|[a-z]{2})")  # "(UzDaily.com)"
_DATELINE_WORDS = re.compile(r"[\W\d]*(?:[A-Z][\w.'’-]*[\W\d]*)*")  # capitalised words, digits and punctuation only
_PLACE_DOT_AGENCY = re.compile(r"^[A-Z][A-Z'’ -]{2,30}\.\s+(?P<agency>[A-Z][\w-]{1,20})\b")  # "BISHKEK. KABAR."
_OUTLET_FIRST = re.compile(rf"^(?P<outlet>{_OUTLET})\s*\([A-Z][\w .,-]{{1,30}}\)\s*(?:—|–|--|-|:)")  # "X Times (Goa)-"
_LEDE_CREDIT = re.compile(
    rf"(?P<source>{_OUTLET})(?:\s+(?:news\s+agency|agency|correspondent|reporter))?\s+(?:reports|reported|writes)"
    r"(?:,?\s+(?:citing|quoting|with\s+reference\s+to)\s[^.]{1,80})?\s*[.!](?=\s|$)"
    rf"|[,;]\s+(?:reports|reported|writes)\s+(?:the\s+)?(?P<after>{_OUTLET})\s*[.!](?=\s|$)"
)
_EXCLUSIVE_INTERVIEW = re.compile(rf"\bexclusive\s+interview\s+(?:with|to)\s+(?:the\s+)?(?P<source>{_OUTLET})")
MAX_DATELINE_CHARS = 80


def _boxed_credit(paragraph):
    """The outlet in brackets in a dateline: "Orlovo, May 4 (ANI): …", "ORLOVO (Kestrel News / Sputnik -
    05th June, 2021) …"; the first one named when the credit names several."""
    for boxed in _BOXED.finditer(paragraph, 0, MAX_DATELINE_CHARS + 60):
        if boxed.start() > MAX_DATELINE_CHARS or not _DATELINE_WORDS.fullmatch(paragraph[: boxed.start()]):
            return None
        credit = boxed["credit"]
        _, span = find_date(credit)
        credit = credit[: span[0]] if span else credit
        for part in [credit, *re.split(r"\s*/\s*|\s+-\s+", credit)]:  # "(RFE/RL)" whole, else each
            part = part.strip(" ,-–")
            if part and ":" not in part and (is_outlet_name(part) or _DOMAIN.fullmatch(part)):
                return part
    return None


def lede_credit(paragraph, present_only=False):
    """The outlet credited at the end of a sentence of the lede: "…, Trend reports.", "… KABAR reports.",
    "…, reports Kestrel News.", "… a Kazinform correspondent reports." (never "told X": an interviewer).
    ``present_only``: only "reports" (the paragraph after the lede: "…, X reported" there is often
    another outlet's story)."""
    for found in _LEDE_CREDIT.finditer(paragraph):
        source = found["source"] or found["after"]
        if present_only and "reports" not in found[0] and "writes" not in found[0]:
            continue
        if is_outlet_name(source):
            return source
    return None


def interview_outlet(paragraphs):
    """The outlet of "in an exclusive interview with the Kestrel Times": only an exclusive is the publisher's
    own ("in an interview with TASS" is often a reprint)."""
    for paragraph in paragraphs:
        found = _EXCLUSIVE_INTERVIEW.search(paragraph)
        if found and is_outlet_name(found["source"]):
            return _LEADING_THE.sub("", found["source"])
    return None


# Title and header

MAX_TITLE_WORDS = 30
MAX_TICKER_PARAGRAPHS = 3  # sentences of other stories that may stand above a headline with a byline
LEDE_SEARCH_DEPTH = 4  # the first paragraph of text is looked for among the first paragraphs of the body
INTERVIEW_SEARCH_DEPTH = 5  # "in an exclusive interview with …" is looked for in the first paragraphs
MAX_QUESTION_HEADLINE_WORDS = 20  # "Will the SCO admit new members this year?" is a headline
MAX_STOPPED_HEADLINE_WORDS = 12  # "Xi arrives in Astana for SCO summit." longer, a full stop makes a lede
# "date 2024-06-06 ASTANA — …", "2024-06-06 10:15 ASTANA — …": an ISO date, labelled or followed by a capital
_DATE_PREFIX = re.compile(
    r"^(?:(?:date|published|posted|updated)\s*[:：]?\s+(?P<labelled>)|(?=\d))(?P<date>(?:19|20)\d\d-\d\d-\d\d)"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+(?(labelled)(?=\S)|(?=(?-i:[A-Z])))",
    re.IGNORECASE,
)
_TITLE_SITE = re.compile(r"^(?P<head>.+)\s[|–—-]\s(?P<site>(?:(?!\s[|–—-]\s).){2,60})$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)$")
_SENTENCE_STOP = re.compile(r"[.!?…][\"”’)\]]*$")


_QUOTE_OPENERS = "“\"'‘«„"
# A headline that opens with a quotation and goes on after it: "“No deal yet”: SCO talks stall",
# "'We will not be divided': ministers close ranks"
# ("“We will build it,” the minister said" is a quotation with its attribution: a comma closes it)
_QUOTED_HEADLINE = re.compile(r"^[“\"'‘«„][^“”\"«»]{2,120}?[^,“”\"«»][”\"'’»]\s*[:–—-]?\s+\w")


def looks_like_title(paragraph):
    words = paragraph.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or len(paragraph) > 250:
        return False
    if paragraph[0] in "([{>" or paragraph.endswith((".", ",", ";", ":")):
        return False
    if paragraph[0] in _QUOTE_OPENERS and not _QUOTED_HEADLINE.match(paragraph):
        return False  # a quotation standing alone; but "“No deal yet”: talks stall" is a headline
    if sum(ch.isalpha() for ch in paragraph) < 8:
        return False
    latin = sum(ch.isascii() for ch in paragraph if ch.isalpha())
    if latin < 0.7 * sum(ch.isalpha() for ch in paragraph):
        return False
    # a long line is a title even with a date in it; a short one only if it is no header line or date
    return len(words) > 6 or (parse_header_line(paragraph) is None and find_date(paragraph)[0] is None)


def is_article_text(paragraph):
    """A paragraph of the article itself: a sentence of prose, or longer than any headline (a text cut off
    mid-sentence does not end like one)."""
    words = len(paragraph.split())
    if words > MAX_TITLE_WORDS:
        return True
    if not prose_words(paragraph) or _ELLIPSIS_END.search(paragraph):  # a heading, or a teaser cut short
        return False
    return not (words <= MAX_QUESTION_HEADLINE_WORDS and paragraph[-1] in "?!" and looks_like_title(paragraph))


def _text_start(top, headers):
    """The index of the first paragraph of article text (no caption, no header line): the title is above it.

    In a text too short for prose, the first paragraph ending like a sentence, else the first that is
    not a header line.
    """
    readable = [i for i in range(len(top)) if i not in headers and not is_caption(top[i]) and not _is_ticker(top[i])]
    return next(
        (i for i in readable if is_article_text(top[i]) or _is_label_line(top[i]) and prose_words(top[i])),
        next((i for i in readable if _SENTENCE_STOP.search(top[i])), readable[0] if readable else len(top)),
    )


def _is_ticker(paragraph):
    """Another story's line at the top of a page: a ticker label ("Trending: …", "LIVE: …") or a kicker
    sentence ("EXCLUSIVE: Five injured … ."); a kicker without a full stop is a headline's ("EXCLUSIVE:
    Minister says …")."""
    short = len(paragraph.split()) <= MAX_TITLE_WORDS
    vocab = _outlet_vocab()
    return bool(
        short
        and (vocab["ticker"].match(paragraph) or _SENTENCE_STOP.search(paragraph) and vocab["kicker"].match(paragraph))
    )


def _may_be_title(paragraph):
    """Title-like, and neither a photo caption, a label line nor a ticker's."""
    return looks_like_title(paragraph) and not (
        is_caption(paragraph) or _is_label_line(paragraph) or _outlet_vocab()["ticker"].match(paragraph)
    )


def _is_label_line(paragraph):
    """A Q&A label or a teaser ("Question: …", "Q: …", "Read next: …"): never the title."""
    return bool(_outlet_vocab()["not_title"].match(paragraph))


def _is_weak_title(paragraph):
    """A kicker ("Special Report: …") or a line cut short ("Home Diplomacy SCO Summit Goa: … member..."):
    the title only when nothing better is there."""
    return bool(_outlet_vocab()["kicker"].match(paragraph) or _ELLIPSIS_END.search(paragraph))


def _is_short_line(paragraph):
    return 2 <= len(paragraph.split()) <= 20 and paragraph.count(". ") == 0 and paragraph[:1] not in "([“\"'>«"


def _is_stopped_headline(paragraph):
    """A headline ending with a full stop: one short sentence with no dateline."""
    short = len(paragraph.split()) <= MAX_STOPPED_HEADLINE_WORDS and _is_short_line(paragraph)
    return short and not _DATELINE.match(paragraph) and not _is_label_line(paragraph)


def _find_title(top, headers, text_start):
    """The index of the title, or None when the text shows none. The title stands above the first paragraph
    of article text: the first title-like line of four words or more that is not a kicker or cut short,
    else a title-like line right above a header line, else any title-like line, else a short line or a
    headline ending with a full stop."""
    candidates = [i for i in range(text_start) if i not in headers and _may_be_title(top[i])]
    strong = [i for i in candidates if len(top[i].split()) >= 4 and not _is_weak_title(top[i])]
    if strong:
        return strong[0]
    above_header = [i for i in candidates if i + 1 in headers]  # "Real title" above "By …"
    if above_header or candidates:
        return (above_header or candidates)[0]
    short = [
        i
        for i in range(text_start)
        if i not in headers
        and _is_short_line(top[i])
        and not (is_caption(top[i]) or _is_label_line(top[i]))
        and not _is_ticker(top[i])
    ]
    if short:
        return short[0]
    following = top[text_start + 1] if text_start + 1 < len(top) else ""
    if text_start <= 1 and _is_stopped_headline(top[text_start]) and is_article_text(following):
        return text_start
    return None


def _bylined_headline(top, headers, text_start):
    """A headline a little below the first prose, with its byline or date right under it: the prose above
    was a ticker or a teaser of another story (a lede is not followed by a headline and a byline)."""
    for index in range(text_start + 1, min(text_start + 1 + MAX_TICKER_PARAGRAPHS, len(top) - 1)):
        header = headers.get(index + 1)
        paragraph = top[index]
        if header and (header.authors or header.published) and index not in headers and _may_be_title(paragraph):
            return index if len(paragraph.split()) >= 4 and not _is_weak_title(paragraph) else None
    return None


def _is_summary(paragraph):
    return 0 < len(paragraph.split()) <= MAX_STANDFIRST_WORDS and paragraph[-1:] in '.!?…”"’'


def _is_name_line(paragraph):
    """A byline that is only a name ("Vladimir Radyuhin" under the headline)."""
    name = paragraph.strip(" ,.;:")
    return len(name) <= 60 and looks_like_person_name(name) and name not in attribution()["not_name_phrases"]


def _header_run(top, headers, title_index):
    """The header lines that belong to the title, and the index of a one-paragraph summary or deck.

    The header lines are adjacent to the title or to each other (photo captions between them are
    passed over); one summary may stand between the title and a header line, and a line that is only
    a name counts as a byline there.
    """
    used = set()
    index = title_index - 1
    while index in headers or index >= 0 and is_caption(top[index]):
        if index in headers:
            used.add(index)
        index -= 1
    standfirst = None
    for index in range(title_index + 1, len(top)):
        paragraph = top[index]
        if index not in headers and _is_name_line(paragraph):
            headers[index] = Header(authors=[normalise_name(paragraph.strip(" ,.;:"))])
        elif index not in headers and _is_weak_title(paragraph) and looks_like_title(paragraph):
            headers[index] = Header()  # a kicker under the headline: "Special Report: …"
        if index in headers:
            used.add(index)
        elif is_caption(paragraph):
            continue  # a photo between the title and the byline: it stays in the body, for the furniture
        elif standfirst is None and index + 1 in headers and index + 2 < len(top) and _is_deck(paragraph):
            standfirst = index
        else:
            break
    return used, standfirst


def _is_deck(paragraph):
    return _is_summary(paragraph) or looks_like_title(paragraph)


def _headerless_run(top, headers, text_start):
    """Without a title: the header lines above the text, and those right under its first paragraph
    ("Summit … cooperation, Xi says." above "Published On 31 Aug 2025"); that paragraph stays in the body,
    with whatever it says and whoever says it."""
    used = {i for i in headers if i < text_start}
    below = next((i for i in range(text_start + 1, len(top)) if not is_caption(top[i])), None)
    if text_start < len(top) and _is_summary(top[text_start]):
        while below in headers:
            used.add(below)
            below += 1
    return used


def peel_date_prefix(paragraph):
    """(date, the rest) for a paragraph opening with an ISO date ("date 2024-06-06 ASTANA — …"), else
    (None, paragraph)."""
    found = _DATE_PREFIX.match(paragraph)
    if not found:
        return None, paragraph
    when, _ = find_date(found[0])
    return (when, paragraph[found.end() :]) if when else (None, paragraph)


def _peel_first_date_prefix(paragraphs):
    """The date prefix of a paragraph above the text or opening it (menus or a ticker may stand above it),
    and the paragraphs."""
    for index, paragraph in enumerate(paragraphs[:HEADER_SEARCH_DEPTH]):
        when, rest = peel_date_prefix(paragraph)
        if when is not None:
            kept = [rest] if rest.strip() and not is_boilerplate(rest) else []  # "date 2018-04-25 Home » Nation"
            return when, [*paragraphs[:index], *kept, *paragraphs[index + 1 :]]
        if is_article_text(paragraph) and not _is_ticker(paragraph):
            break
    return None, paragraphs


def split_title_outlet(title):
    """(headline, outlet) for a title printed with its site ("SCO summit opens | The Kestrel Times"),
    else (title, None)."""
    found = _TITLE_SITE.match(title)
    if found and len(found["head"].split()) >= 3 and masthead_source(found["site"]):
        return found["head"], found["site"]
    return title, None


def split_title_date(title):
    """(title, date) for a headline printed with its date and time after it ("… declaration adopted 2011-03-09
    03:17:54 Print"), else (title, None)."""
    when, span = find_date(title)
    if when is None or len(title[: span[0]].split()) < 3 or len(title[span[1] :].split()) > 1:
        return title, None
    return title[: span[0]].rstrip(" |-–—,"), when


def _merge(headers, indexes, title_index):
    merged = Header()
    for index in sorted(indexes, key=lambda i: (i < title_index, i)):
        found = headers[index]
        merged.authors += [a for a in found.authors if a not in merged.authors]
        merged.source = merged.source or found.source
        merged.published = merged.published or found.published
    return merged


_TITLE_END = re.compile(r"(?<![.\s])\.$")  # "SCO summit opens." loses its full stop, "…" keeps its dots


def split_header(paragraphs):
    """Title (None when the text shows none), header (byline/source/date) and the paragraphs of the body.

    The body is a ``Body`` list: its ``standfirst`` is a summary found between the title and the byline.
    Without a title, nothing from the first paragraph of article text on is dropped but the header lines.
    """
    prefix_date, paragraphs = _peel_first_date_prefix(paragraphs)
    top = paragraphs[:HEADER_SEARCH_DEPTH]
    headers = {i: h for i, p in enumerate(top) if (h := parse_header_line(p)) is not None}
    text_start = _text_start(top, headers)
    title_index = _find_title(top, headers, text_start) if top else None
    if title_index is None and (bylined := _bylined_headline(top, headers, text_start)) is not None:
        title_index, text_start = bylined, bylined + 1  # what stood above it was a ticker or a teaser
    if title_index is None:
        used, standfirst = _headerless_run(top, headers, text_start), None
        skipped = set(range(text_start)) | used
        body = Body(p for i, p in enumerate(paragraphs) if i not in skipped)
        title, title_date, title_outlet, title_index = None, None, None, -1
    else:
        used, standfirst = _header_run(top, headers, title_index)
        body = Body(p for i, p in enumerate(paragraphs) if i > title_index and i not in used and i != standfirst)
        title, title_date = split_title_date(_TITLE_END.sub("", paragraphs[title_index]))
        title, title_outlet = split_title_outlet(title)
    merged = _merge(headers, used, title_index)
    merged.published = prefix_date or merged.published or title_date
    merged.source = merged.source or title_outlet
    if standfirst is not None:
        body.standfirst = paragraphs[standfirst]
    _take_trailing_source(body, merged)
    merged.source = merged.source or _credited_source(body)
    return title, merged, body


def _credited_source(body):
    """The outlet the opening of the text credits: its dateline, an "X reports" in the lede, an exclusive."""
    lede = next(
        (p for p in body[:LEDE_SEARCH_DEPTH] if is_article_text(p) and not is_caption(p) and not _is_ticker(p)),
        body[0] if body else None,
    )
    if lede is None:
        return None
    after = body[body.index(lede) + 1 : body.index(lede) + 2] if lede in body else []
    second = next((lede_credit(p, present_only=True) for p in after if is_article_text(p)), None)
    return dateline_agency(lede) or lede_credit(lede) or second or interview_outlet(body[:INTERVIEW_SEARCH_DEPTH])


_TRAILING_SOURCE = re.compile(r"^[(\[]?\s*(?:source|来源)\s*[:：]", re.IGNORECASE)
_TRAILING_DATE = re.compile(r"^(?:first\s+)?(?:published|posted|date\s+of\s+publication)\b", re.IGNORECASE)
_PRINT_LINE = re.compile(r"^published in (?:the )?(?P<source>[\w .'’&-]{2,40}?),\s*(?P<date>.{6,30})$", re.IGNORECASE)
# "Based on materials from TASS", "( With inputs from ANI )": the wire a text was written from.
_CREDIT_LINE = re.compile(
    r"^[(\[]?\s*(?:based\s+on\s+(?:the\s+)?materials\s+(?:from|of|by)|(?:with\s+)?inputs\s+from)\s+(?:the\s+)?"
    r"(?P<source>[^()\[\]]{2,60}?)\s*[)\]]?\.?$",
    re.IGNORECASE,
)


def _first_credit(value):
    """The first outlet of "PTI, ANI" or "TASS and Interfax"; None for "agencies"."""
    first = _clean_source(re.split(r"\s*,\s*|\s+and\s+", value.strip(), maxsplit=1)[0])
    return None if first is None or first.lower() in bylines()["generic"] else first


def _take_trailing_source(body, header):
    """A "Source: Xinhua", "Published in Dawn, June 4th, 2024", "Based on materials from TASS", "(Xinhua)" or
    "Published: 05.06.2031" line among the last paragraphs is the source or the date, not article text."""
    for index in range(len(body) - 1, max(len(body) - 4, -1), -1):
        found = None
        if _TRAILING_SOURCE.match(body[index]):
            found = parse_header_line(body[index].strip("()[] "))
        elif printed := _PRINT_LINE.match(body[index]):
            found = Header(source=printed["source"].strip(), published=find_date(printed["date"])[0])
        elif credited := _CREDIT_LINE.match(body[index]):
            found = Header(source=_first_credit(credited["source"]))
        elif index == len(body) - 1 and bylines()["agencies"].fullmatch(body[index].strip("()[] ")):
            found = Header(source=body[index].strip("()[] "))  # "(Xinhua)" closing the article
        elif _TRAILING_DATE.match(body[index]):
            found = parse_header_line(body[index])  # "Published: 05.06.2031" printed under the text
        if found is not None and not found.authors and (found.source or found.published):
            header.source = header.source or found.source
            header.published = header.published or found.published
            del body[index]
            return


# The furniture of the body

_STANDFIRST = re.compile(
    r"^[(\[]?(?:editor['’]?s['’]?\s+notes?|summary|abstract|highlights?|key points?)"
    r"(?:\s*[:：]\s*(?P<text>.+?)|\s*[:：]?)\s*[)\]]?$",
    re.IGNORECASE,
)
_CAPTION_START = re.compile(
    r"^[(\[]?\s*(?:file\s+)?(?:photos?|pictures?|images?|pics?|photographs?)\b\s*(?::|/|by\b|courtesy\b|shows?\b|taken\b)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"[.;,]?\s*[(\[]?\s*(?:file\s+)?(?:photos?|pictures?|images?|pics?|photographs?)"
    r"\s*(?:by\b|:|/|courtesy of\b|credit\s*:?)\s*(?P<credit>[^()\[\]]+?)\s*[)\]]?\s*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^(?P<dateline>(?P<place>[{UPPER}][{UPPER}'’.\-]+(?: [{UPPER}][{UPPER}'’.\-]+){{0,3}})"
    rf"(?:,\s*[{UPPER}][{LOWER}]+(?: [{UPPER}][{LOWER}]+)?(?=[,\s]))?"  # , Kyrgyzstan
    r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?"  # , June 10
    r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:,?\s+\d{4})?)"  # , 2 March 2024
    r"(?:,\s*(?P<outlet>[A-Z][\w.&'’-]+(?:\s[A-Z][\w.&'’-]+){0,3}))?)?"  # , March 2, 2019, Kestrel-Press
    r"(?:(?P<slashed>\.?\s*/[\w-]{2,20}/\.?)|\s*\([\w .&/\-]{2,30}\))?)"  # (Xinhua), (RFE/RL) or /TASS/.
    r"(?(slashed)\s+|(?:\s*(?:—|–|--)\s*|\s+-\s+|:\s+))(?=\S)"
)
_AGENCY_IN_DATELINE = re.compile(r"\((?P<boxed>[^()]{2,30})\)|/(?P<slashed>[\w-]{2,20})/")
_BIO_START = re.compile(
    r"^[(\[*—–-]*\s*(?:(?:the|this)\s+(?:authors?|writers?|columnists?|contributors?|commentators?|reviewers?)\s+"
    r"(?:is|are|was|were|has|have|works|worked|teaches|served|serves)\b|about the authors?\b)",
    re.IGNORECASE,
)
_BIO_NAMED = re.compile(
    rf"^[(\[*—–-]*\s*(?P<name>[{UPPER}][\w.'’-]*(?:\s+[{UPPER}][\w.'’-]*){{0,4}})\s+(?:is|was|serves as|has been)\s+\S"
)
_BIO_ROLE = re.compile(
    r"^\S.*?\b(?:is|was|serves as)\s+(?:an?|the)?\s*(?:[\w-]+\s+){0,4}?"
    r"(?:professor|fellow|researcher|director|editor|analyst|lecturer|scholar|journalist|writer|columnist|expert|"
    r"ambassador|diplomat|head|dean|chairman|president|founder|correspondent|economist|member)\b",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(
    r"\s*(?:the|these|all)\s+(?:views?|opinions?)\s+(?:expressed\s+)?.*?(?:necessarily|own|author['’]?s?)\b.*$",
    re.IGNORECASE,
)
MAX_CAPTION_WORDS = 80
MAX_CREDIT_CHARS = 120
_PHOTO_WORD = re.compile(r"photo|picture|image|pic\b", re.IGNORECASE)
MAX_BIO_WORDS = 90


@cache
def _agency_credit():
    """A bracketed credit naming an agency and a photographer at the end of a caption: "(Xinhua/Li Xin)"."""
    agencies = bylines()["agencies"].pattern
    return re.compile(
        rf"\s*[(\[]\s*(?P<credit>(?:{agencies})\s*/\s*[^()\[\]/]{{2,40}}|[^()\[\]/]{{2,40}}/\s*(?:{agencies}))"
        r"\s*[)\]]\s*$",
    )


def _credit_match(paragraph):
    """The photo credit at the end of a caption: "[Photo/Xinhua]", "(Xinhua/Li Xin)", "Photo: VCG".

    Only the end of the paragraph is searched (the match keeps the paragraph's offsets).
    """
    start = max(0, len(paragraph) - MAX_CREDIT_CHARS)
    if paragraph[-1:] not in ")]" and not _PHOTO_WORD.search(paragraph, start):
        return None
    found = _CREDIT.search(paragraph, start)
    if found and len(found["credit"].split()) <= 8 and not found["credit"].rstrip().endswith((".", "!", "?")):
        return found
    return _agency_credit().search(paragraph, start)


def is_caption(paragraph):
    """A photo caption: it starts like one ("Photo: …", "(Photo by …") or ends with a photo credit."""
    if len(paragraph.split()) > MAX_CAPTION_WORDS:
        return False
    return bool(_CAPTION_START.match(paragraph) or _credit_match(paragraph))


def _unbox(text):
    """The text inside the brackets when one pair of brackets holds all of it."""
    if text[:1] not in "([" or text[-1:] not in ")]":
        return text
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if depth == 0 and index < len(text) - 1:
            return text
    return text[1:-1].strip()


def split_caption(paragraph):
    """(caption, credit) from "(This is … Photo by Xinhua reporter Li Ziheng)" or "… [Photo/Xinhua]"."""
    text = _unbox(paragraph.strip())
    credit = _credit_match(text)
    if credit:
        return text[: credit.start()].strip(" .;,"), credit["credit"].strip(" .")
    return text, ""


def author_bio_index(body, authors):
    """Index of the paragraph that describes the author ("The author is …"), looking at the last three.

    A paragraph "X is …" counts when X is a byline author, or, with no byline, when it gives
    X a role ("… is a research fellow at …") and X is not named anywhere else in the body.
    """
    author_keys = {name_key(a) for a in authors}
    for index in range(len(body) - 1, max(len(body) - 4, -1), -1):
        paragraph = body[index]
        if len(paragraph.split()) > MAX_BIO_WORDS:
            continue
        if _BIO_START.match(paragraph):
            return index
        named = _BIO_NAMED.match(paragraph)
        if not named:
            continue
        key = name_key(named["name"])
        if key in author_keys:
            return index
        if not authors and looks_like_person_name(named["name"]) and _BIO_ROLE.match(paragraph):
            others = " ".join(body[:index] + body[index + 1 :])
            if named["name"] not in others:
                return index
    return None


def clean_bio(paragraph):
    """The bio without its brackets, "About the author:" and the usual disclaimer sentence."""
    text = _unbox(paragraph.strip("*—–- "))
    text = re.sub(r"^about the authors?\s*[:：]?\s*", "", text, flags=re.IGNORECASE)
    return _DISCLAIMER.sub("", text).strip()


def dateline_agency(paragraph):
    """The news agency or outlet credited in the dateline the paragraph starts with, if any: "(Xinhua)",
    "/TASS/", "ASTANA. KAZINFORM -", "BISHKEK. KABAR.", "Goa, May 4 (ANI):", "DUSHANBE, September 22, 2015,
    Kestrel-Press --", "ORLOVO (Kestrel News / Sputnik - 05th June, 2021)", "Kestrel Times (Orlovo)- …"."""
    dateline = _DATELINE.match(paragraph)
    if not dateline:
        return _loose_dateline_agency(paragraph)
    if dateline["outlet"]:
        return dateline["outlet"]
    for found in _AGENCY_IN_DATELINE.finditer(dateline["dateline"]):
        agency = (found["boxed"] or found["slashed"]).strip()
        if bylines()["agencies"].fullmatch(agency):
            return agency
    for word in re.split(r"[\s.,]+", dateline["place"]):  # "ASTANA. KAZINFORM"
        agency = bylines()["agency_names"].get(word.lower())
        if agency and len(word) > 3:
            return agency
    return _loose_dateline_agency(paragraph)


def _loose_dateline_agency(paragraph):
    """The credit of a dateline of another shape than ``_DATELINE``'s: see ``dateline_agency``."""
    if (found := _PLACE_DOT_AGENCY.match(paragraph)) and (agency := agency_name(found["agency"])):
        return agency
    if (found := _OUTLET_FIRST.match(paragraph)) and is_outlet_name(found["outlet"]):
        return found["outlet"]
    return _boxed_credit(paragraph)


def _not_a_place(words):
    """ "SCO", "BRICS" (organisations) or "UPDATE", "EXCLUSIVE" (labels) in capitals."""
    return words in attribution()["not_name_words"] or words in bylines()["not_datelines"]


def split_dateline(paragraph):
    """("BEIJING, June 10 (Xinhua)", the rest) for "BEIJING, June 10 (Xinhua) -- China …", else ("", paragraph)."""
    found = _DATELINE.match(paragraph)
    if not found or len(found["place"].strip(".-")) < 3 or _not_a_place(found["place"]):
        return "", paragraph
    return found["dateline"].strip(" ."), paragraph[found.end() :]


def _is_bare_date(paragraph):
    """A date standing alone in the body, like a teaser's "Mon Jun 21 , 2021"."""
    return _date_alone(paragraph, find_date, 0.6) is not None


def split_body_furniture(title, authors, body):
    """Standfirst, caption and credit, dateline, author bio, and the body without them."""
    found = {
        "standfirst": getattr(body, "standfirst", ""),
        "photo_caption": "",
        "photo_credit": "",
        "dateline": "",
        "author_bio": "",
    }
    kept, note_follows = [], False
    for index, paragraph in enumerate(body):
        if index < 6 and _repeats_title(paragraph, title, right_under=index == 0):
            continue  # the title repeated above the text
        standfirst = _STANDFIRST.match(paragraph) if index < 4 and not found["standfirst"] else None
        if note_follows or standfirst:
            text = paragraph if note_follows else (standfirst["text"] or "").strip()
            note_follows = not text
            found["standfirst"] = text
            continue
        if is_caption(paragraph):
            if not found["photo_caption"] and not found["photo_credit"]:
                found["photo_caption"], found["photo_credit"] = split_caption(paragraph)
            continue
        if _is_bare_date(paragraph):
            continue
        kept.append(paragraph)
    bio = author_bio_index(kept, authors)
    if bio is not None:
        found["author_bio"] = clean_bio(kept.pop(bio))
    if kept:
        found["dateline"], kept[0] = split_dateline(kept[0])
    return found, kept


def _repeats_title(paragraph, title, right_under):
    """The title again; right under it, also the title without its kicker ("SCO Summit Goa: Jaishankar
    welcomed …" then "Jaishankar welcomed …"), printed as a heading (no full stop)."""
    if not title or len(paragraph) > len(title) + 10:
        return False
    key, title_key = name_key(paragraph), name_key(title)
    if key == title_key:
        return True
    kicker, colon, rest = title.partition(": ")
    return right_under and bool(colon) and name_key(rest) == key and not _SENTENCE_STOP.search(paragraph)


# A title for a text that shows none

MAX_PROVISIONAL_CHARS = 100
_FIRST_SENTENCE_END = re.compile(r"(?<=[a-z0-9)”\"’]{2}[.!?])[”\"’)]*\s+(?=[“\"‘(]?[A-Z])")


def provisional_title(paragraph):
    """A stand-in title from the first sentence of ``paragraph``, cut at a word boundary to about
    MAX_PROVISIONAL_CHARS characters, for the editor to replace."""
    text = re.sub(r"\s+", " ", paragraph).strip()
    sentence = _FIRST_SENTENCE_END.split(text, maxsplit=1)[0].rstrip(" .")
    if len(sentence) <= MAX_PROVISIONAL_CHARS:
        return sentence
    cut = sentence[: MAX_PROVISIONAL_CHARS + 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return f"{cut}…"


_LETTER = re.compile(r"[^\W\d_]")


def has_article_text(body):
    """Something to read: a body of digits and symbols only is no article."""
    return any(_LETTER.search(paragraph) for paragraph in body)
