"""The importer's vocabularies, kept as JSON data in articles/ingest/data/."""

import json
import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Letters for name patterns: ASCII plus the accented Latin letters of names such as
# "Çavuşoğlu" or "Rahmón" (Python's re has no \p{Lu}).
_LATIN = [chr(code) for code in range(0xC0, 0x250)]
UPPER = "A-Z" + "".join(ch for ch in _LATIN if ch.isupper())
LOWER = "a-z" + "".join(ch for ch in _LATIN if ch.islower())


@cache
def load(name):
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as handle:
        return json.load(handle)


def alternation(phrases):
    """A regex alternation of literal phrases, longest first (so 'called on' beats 'called')."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


def _both_cases(words):
    return frozenset(words) | frozenset(w.lower() for w in words)


@cache
def boilerplate_patterns():
    """One pattern for the 'line' shapes and one for the 'end' shapes, each matched against a whole paragraph."""
    data = load("boilerplate")
    combine = lambda patterns: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)  # noqa: E731
    return combine(data["line"]), combine(data["end"])


@cache
def bylines():
    """Byline values that name no person ("By Staff Reporter"), and news agencies ("(Xinhua)", "/TASS/")."""
    data = load("boilerplate")
    return {
        "generic": frozenset(v.lower() for v in data["generic_bylines"]),
        "agencies": re.compile(rf"(?:{alternation(data['agencies'])})"),
        "agency_names": {name.lower(): name for name in data["agencies"]},
        "not_datelines": frozenset(data["not_datelines"]),
    }


def _expanded(words, data):
    """The words, with "@name" standing for the list of that name in the same file."""
    return frozenset(w for word in words for w in (data[word[1:]] if word.startswith("@") else [word]))


@cache
def attribution():
    """The quote finder's words and patterns (see the _about of data/attribution.json)."""
    data = load("attribution")
    verbs = data["verbs"] + data["weak_verbs"]
    return {
        "verbs": re.compile(rf"\b(?:{alternation(verbs)})\b"),
        "verb_phrases": tuple(dict.fromkeys(v.lower() for v in [*data["verbs"], *data["parse_verbs"]])),
        "weak_verb_phrases": tuple(dict.fromkeys([*data["weak_verbs"], *data["parse_weak_verbs"]])),
        "speech_objects": {verb: _expanded(objects, data) for verb, objects in data["speech_objects"].items()},
        "verb_starts": frozenset(verb.split()[0] for verb in verbs),  # words worth trying the pattern at
        "weak_verbs": frozenset(data["weak_verbs"]),
        "inverted_verbs": frozenset(data["inverted_verbs"]),
        "titles": _both_cases(data["titles"]),
        "honorifics": _both_cases(data["honorifics"]),
        "role_modifiers": frozenset(data["role_modifiers"]),
        "not_name_words": frozenset(data["not_name_words"]),
        "not_name_phrases": frozenset(data["not_name_phrases"]),
        "not_role_words": frozenset(data["not_role_words"]),
        "pronouns": data["pronouns"],
        "role_nouns": tuple(sorted(data["role_nouns"], key=len, reverse=True)),  # longest first
        "role_noun_set": frozenset(data["role_nouns"]),
        "generic_role_nouns": frozenset(data["generic_role_nouns"]),
        "generic_role_matches": {noun: tuple(words) for noun, words in data["generic_role_matches"].items()},
        "appositive_stop": re.compile(rf",?\s+\b(?:{alternation(data['appositive_stops'])})\b.*$", re.DOTALL),
        "adverbial_starts": frozenset(data["adverbial_starts"]),
        "organization_words": frozenset(data["organization_words"]),
    }
