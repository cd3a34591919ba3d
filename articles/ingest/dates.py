"""Finding publication dates in the shapes news sites print them."""

import re
from datetime import date, datetime

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
# "10:09", "10:18 PM", "21:14:05", "T15:32:00+05:00", "09:15 GMT+5"; the zone is read past, not used.
_TIME = (
    r"(?:(?:\s*[T,|]\s*|\s+-\s+|\s+)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?m\b\.?)?"
    r"(?:\s*(?:Z\b|[+-]\d{2}:?\d{2}\b|(?:GMT|UTC)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|BJT\b|MSK\b|PKT\b|IST\b))?)?"
)

DATE_PATTERNS = [
    # 2020-08-28, 2020/08/28, 2020.08.28, with an optional time
    re.compile(rf"\b{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}})(?!\d)" + _TIME, re.I),
    # 2020年8月28日
    re.compile(rf"{_YEAR}\s*年\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日" + _TIME, re.I),
    # June 9, 2018 / Nov. 13, 2013 / June 9 2018 / Jun 21 , 2021
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+{_YEAR}\b" + _TIME, re.I),
    # 9 June 2018 / 09 Jun, 2018 / 4th June 2024 / 10-Jun-2024
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-){_MONTH}(?:,?\s+|-){_YEAR}\b" + _TIME, re.I),
    # 17.09.2021, the day first (Russian and Central Asian sites); never 09/17/2021, which is ambiguous
    re.compile(rf"\b(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.{_YEAR}\b" + _TIME, re.I),
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
