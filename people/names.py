"""Normalising personal names, shared by the models and the importer (no ORM)."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def name_key(name):
    """A matching key: case, accents, punctuation and spacing do not count.

    >>> name_key("T.C.A.  Raghavan") == name_key("t c a raghavan")
    True
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _NOT_WORD.sub(" ", folded.casefold())
    return _SPACE.sub(" ", folded).strip()
