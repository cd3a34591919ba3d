"""Title, byline, source, date and the furniture of the body (standfirst, caption, dateline, author bio).

All functions are pure: they read paragraphs (strings) and return values.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from articles.ingest.boilerplate import prose_words
from articles.ingest.dates import find_date
from articles.ingest.parsed import ImportFailure
from articles.ingest.vocab import LOWER, UPPER, attribution, bylines
from people.names import name_key

HEADER_SEARCH_DEPTH = 12  # paragraphs from the top in which the title and byline are looked for
MAX_HEADER_CHARS = 300
MAX_STANDFIRST_WORDS = 60

_DATE_WORD = r"(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)"
_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s|(（]))(?:"
    r"(?P<label>authors?|writers?|written\s+by|reporters?|correspondents?|source|from|(?:responsible\s+)?editors?|"
    r"edited\s+by|作者|来源|编辑|责任编辑)\s*[:：]\s*"
    r"|(?P<date_label>(?:last\s+|first\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?)"
    rf"(?:\s*[:：]\s*|\s+(?={_DATE_WORD})|\s*$)"
    r"|(?P<time_label>date|time|release\s+time|发布时间|时间)\s*[:：]\s*"
    r")",
    re.IGNORECASE,
)
_MAYBE_LABEL = re.compile(r"[:：]|updated|published|posted|modified", re.IGNORECASE)  # a cheap test first
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
        if not part:
            continue
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
    header, leftovers, evidence, byline = Header(), [], False, False
    for segment in _SEGMENT_SPLIT.split(paragraph):
        if not segment:
            continue
        parts, labelled = _header_parts(segment)
        evidence = evidence or labelled
        for kind, value in parts:
            value = (_RELATIVE_TIME.sub(" ", value) if "ago" in value or "now" in value else value).strip()
            when, span = find_date(value)
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
    """Unlabelled text in a header line: a name before a labelled date ("Baqir Syed Published June 4, 2024"),
    or the outlet in a line divided by bars or in brackets ("(China Daily )| Updated : …")."""
    if not leftover:
        return
    if not header.authors and header.published and _LABEL.search(paragraph) and looks_like_person_name(leftover):
        header.authors.append(normalise_name(leftover))
        return
    if header.source is None and (leftover.startswith("(") or "|" in paragraph):
        header.source = _clean_source(leftover)
        if header.source:
            return
    header.leftover = leftover


# Title and header


def looks_like_title(paragraph):
    words = paragraph.split()
    if not 2 <= len(words) <= 30 or len(paragraph) > 250:
        return False
    if paragraph[0] in "([{“\"'" or paragraph.endswith((".", ",", ";", ":")):
        return False
    if sum(ch.isalpha() for ch in paragraph) < 8:
        return False
    latin = sum(ch.isascii() for ch in paragraph if ch.isalpha())
    if latin < 0.7 * sum(ch.isalpha() for ch in paragraph):
        return False
    return parse_header_line(paragraph) is None and find_date(paragraph)[0] is None or len(words) > 6


def _find_title(top, headers):
    """The index of the title: the nearest title-like paragraph above the first header line, else the
    last title-like paragraph (of four words or more, if any) above the first paragraph of prose."""
    if headers:
        above = next((i for i in range(min(headers) - 1, -1, -1) if looks_like_title(top[i])), None)
        if above is not None:
            return above
    candidates = []
    for index, paragraph in enumerate(top):
        if index not in headers and looks_like_title(paragraph):
            candidates.append(index)
        elif candidates and prose_words(paragraph):
            break
    if not candidates:  # a headline ending with a full stop, before the text
        candidates = [i for i in range(min(2, len(top) - 1)) if i not in headers and _is_short_line(top[i])][:1]
    if not candidates:
        raise ImportFailure("no recognisable title in the first paragraphs")
    long_ones = [i for i in candidates if len(top[i].split()) >= 4]
    return long_ones[-1] if long_ones else candidates[0]


def _is_short_line(paragraph):
    return 2 <= len(paragraph.split()) <= 20 and paragraph.count(". ") == 0 and paragraph[:1] not in "([“\"'"


def _header_run(top, headers, title_index):
    """The header lines that belong to the title: adjacent to it or to each other, and the index of a
    one-paragraph summary printed between the title and a byline, if there is one."""
    used = set()
    index = title_index - 1
    while index in headers:
        used.add(index)
        index -= 1
    standfirst = None
    index = title_index + 1
    byline = headers.get(index + 1)
    if index not in headers and byline and byline.authors and index + 2 < len(top) and _is_summary(top[index]):
        standfirst, index = index, index + 1
    while index in headers:
        used.add(index)
        index += 1
    return used, standfirst


def _is_summary(paragraph):
    return 0 < len(paragraph.split()) <= MAX_STANDFIRST_WORDS and paragraph[-1:] in '.!?…”"’'


_TITLE_END = re.compile(r"(?<![.\s])\.$")  # "SCO summit opens." loses its full stop, "…" keeps its dots


def split_header(paragraphs):
    """Title, header (byline/source/date) and the paragraphs of the body that follow them.

    The body is a ``Body`` list: its ``standfirst`` is a summary found between the title and the byline.
    """
    top = paragraphs[:HEADER_SEARCH_DEPTH]
    headers = {i: h for i, p in enumerate(top) if (h := parse_header_line(p)) is not None}
    title_index = _find_title(top, headers)
    used, standfirst = _header_run(top, headers, title_index)

    merged = Header()
    for index in sorted(used, key=lambda i: (i < title_index, i)):
        found = headers[index]
        merged.authors += [a for a in found.authors if a not in merged.authors]
        merged.source = merged.source or found.source
        merged.published = merged.published or found.published
    body_start = max([title_index, *used, *([standfirst] if standfirst is not None else [])]) + 1
    body = Body(paragraphs[body_start:])
    if standfirst is not None:
        body.standfirst = paragraphs[standfirst]
    _take_trailing_source(body, merged)
    if merged.source is None and body:
        merged.source = dateline_agency(body[0])
    return _TITLE_END.sub("", paragraphs[title_index]), merged, body


_TRAILING_SOURCE = re.compile(r"^[(\[]?\s*(?:source|来源)\s*[:：]", re.IGNORECASE)
_PRINT_LINE = re.compile(r"^published in (?:the )?(?P<source>[\w .'’&-]{2,40}?),\s*(?P<date>.{6,30})$", re.IGNORECASE)


def _take_trailing_source(body, header):
    """A "Source: Xinhua", "Published in Dawn, June 4th, 2024" or "(Xinhua)" line among the last paragraphs
    is the source (and perhaps the date), not article text."""
    for index in range(len(body) - 1, max(len(body) - 4, -1), -1):
        found = None
        if _TRAILING_SOURCE.match(body[index]):
            found = parse_header_line(body[index].strip("()[] "))
        elif printed := _PRINT_LINE.match(body[index]):
            found = Header(source=printed["source"].strip(), published=find_date(printed["date"])[0])
        elif index == len(body) - 1 and bylines()["agencies"].fullmatch(body[index].strip("()[] ")):
            found = Header(source=body[index].strip("()[] "))  # "(Xinhua)" closing the article
        if found is not None and not found.authors and found.source:
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
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # , June 10
    r"(?:(?P<slashed>\.?\s*/[\w-]{2,20}/\.?)|\s*\([\w .&\-]{2,30}\))?)"  # (Xinhua) or /TASS/.
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
    """The news agency credited in a dateline ("(Xinhua)", "/TASS/"), if the paragraph starts with one."""
    dateline = _DATELINE.match(paragraph)
    if not dateline:
        return None
    for found in _AGENCY_IN_DATELINE.finditer(dateline["dateline"]):
        agency = (found["boxed"] or found["slashed"]).strip()
        if bylines()["agencies"].fullmatch(agency):
            return agency
    for word in re.split(r"[\s.,]+", dateline["place"]):  # "ASTANA. KAZINFORM"
        agency = bylines()["agency_names"].get(word.lower())
        if agency and len(word) > 3:
            return agency
    return None


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
    if len(paragraph) > 40:
        return False
    when, span = find_date(paragraph)
    return when is not None and span[1] - span[0] >= 0.6 * len(paragraph.strip())


def split_body_furniture(title, authors, body):
    """Standfirst, caption and credit, dateline, author bio, and the body without them."""
    found = {
        "standfirst": getattr(body, "standfirst", ""),
        "photo_caption": "",
        "photo_credit": "",
        "dateline": "",
        "author_bio": "",
    }
    title_key = name_key(title)
    kept, note_follows = [], False
    for index, paragraph in enumerate(body):
        if index < 6 and abs(len(paragraph) - len(title)) < 10 and name_key(paragraph) == title_key:
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
