"""Finding publication dates in the shapes news sites print them."""

import re
from datetime import date, datetime
from difflib import SequenceMatcher

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# The end of a year: a word boundary, or a time glued to it ("3 June 201709:15").
_YEAR_END = r"(?:\b|(?=\d{1,2}:\d{2}))"
# "10:09", "10:18 PM", "21:14:05", "T15:32:00+05:00", "09:15 GMT+5"; the zone is read past, not used.
_TIME = (
    r"(?:(?:\s*[T,|]\s*|\s+-\s+|\s+|(?<=(?:19|20)\d\d))(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
    r"(?:\s*(?:Z\b|[+-]\d{2}:?\d{2}\b|(?:GMT|UTC)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|BJT\b|MSK\b|PKT\b|IST\b))?)?"
)

DATE_PATTERNS = [
    # 2020-08-28, 2020/08/28, 2020.08.28, with an optional time
    re.compile(rf"\b{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}})(?!\d)" + _TIME, re.I),
    # 2020年8月28日
    re.compile(rf"{_YEAR}\s*年\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日" + _TIME, re.I),
    # June 9, 2018 / Nov. 13, 2013 / June 9 2018 / Jun 21 , 2021
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+{_YEAR}{_YEAR_END}" + _TIME, re.I),
    # 9 June 2018 / 09 Jun, 2018 / 4th June 2024 / 10-Jun-2024
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-){_MONTH}(?:,?\s+|-){_YEAR}{_YEAR_END}" + _TIME, re.I
    ),
    # 17.09.2021, the day first (Russian and Central Asian sites); never 09/17/2021, which is ambiguous
    re.compile(rf"\b(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR}\b" + _TIME, re.I),
    # 22/09/2015 11:04, 22-09-2015, the day first; only when the day is over 12, so that 09/05/2015
    # (May or September?) and 09/17/2021 (month first) are never read
    re.compile(rf"\b(?P<day>1[3-9]|2\d|3[01])([/-])(?P<month>\d{{1,2}})\2{_YEAR}\b" + _TIME, re.I),
]


_YEAR_HINT = re.compile(r"(?:19|20)\d\d")  # every date shape has a year: a cheap test first


def _month_number(value):
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def _with_time(day, parts):
    """The date with the time of day the text gives, or the date alone if there is none or it is not valid."""
    if parts.get("hour") is None:
        return day
    hour, minute = int(parts["hour"]), int(parts["minute"])
    if parts.get("ampm") and hour <= 12:
        hour = hour % 12 + (12 if parts["ampm"].lower() == "p" else 0)
    try:
        return datetime(day.year, day.month, day.day, hour, minute)
    except ValueError:
        return day


def find_date(text):
    """The first valid date in ``text`` and the span it covers, or (None, None).

    Returns a ``datetime`` when the text gives a time, else a ``date``.
    """
    if not _YEAR_HINT.search(text):
        return None, None
    found = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            try:
                day = date(int(parts["year"]), _month_number(parts["month"]), int(parts["day"]))
            except (ValueError, KeyError):
                continue
            found.append((match.start(), _with_time(day, parts), match.span()))
    if not found:
        return None, None
    _, value, span = min(found, key=lambda item: item[0])
    return value, span


# Header dates: the strict shapes above, then a misspelt month ("12 Septemder / 2024"), then dateparser.
# Both fallbacks run only on short header candidates (a line above or under the title), never on body text.

MAX_HEADER_DATE_CHARS = 60
MIN_MONTH_LIKENESS = 0.8  # "septemder" is 0.89 like "september"; "mayor" is 0.75 like "may"
_FULL_MONTHS = [name for name in MONTHS if len(name) > 4 or name in ("march", "april", "may", "june", "july")]
_LOOSE_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<word>[a-z]{{3,12}})\.?|(?P<word2>[a-z]{{3,12}})\.?\s+"
    rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\s*[,/.-]?\s*{_YEAR}\b",
    re.IGNORECASE,
)
_MONTH_START = re.compile(rf"\b(?:{'|'.join(sorted({name[:3] for name in MONTHS}))})[a-z]*\b", re.IGNORECASE)
DATEPARSER_SETTINGS = {
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],  # never "yesterday" or "3 hours ago"
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _loose_month(word):
    """The month a misspelt month name stands for ("Septemder" → 9, "Febuary" → 2): the same first three
    letters and nearly the same letters; None for any other word."""
    word = word.lower()
    for name in _FULL_MONTHS:
        if word[:3] == name[:3] and SequenceMatcher(None, word, name).ratio() >= MIN_MONTH_LIKENESS:
            return MONTHS[name]
    return None


def _loose_date(text):
    for match in _LOOSE_DATE.finditer(text):
        month = _loose_month(match["word"] or match["word2"])
        if month is None:
            continue
        try:
            return date(int(match["year"]), month, int(match["day"] or match["day2"])), match.span()
        except ValueError:
            continue
    return None, None


def _dateparser_date(text):
    """dateparser on a whole short line with a month name and a year ("2023 June 15"); lazily imported."""
    import dateparser

    found = dateparser.parse(text, languages=["en"], settings=DATEPARSER_SETTINGS)
    if found is None:
        return None, None
    value = found if (found.hour, found.minute) != (0, 0) else found.date()
    return value, (0, len(text))


def find_header_date(text):
    """Like ``find_date``, and for a short header line also a misspelt month or any other shape
    dateparser reads as a whole; always with a day, a month and a year."""
    found = find_date(text)
    if found[0] is not None or len(text) > MAX_HEADER_DATE_CHARS or not _YEAR_HINT.search(text):
        return found
    if not _MONTH_START.search(text):
        return None, None
    found = _loose_date(text)
    if found[0] is not None:
        return found
    return _dateparser_date(text.strip())
