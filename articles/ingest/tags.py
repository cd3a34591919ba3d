"""Tagging stage: the topics an article covers and the SCO countries it names.

Pure functions on text. The vocabularies are data, not code:
``data/topics.json`` (curated SCO-coverage topics) and ``data/countries.json``
(SCO members, observers and dialogue partners); each file says how its
patterns are written. Each vocabulary is read once and compiled into a single
regular expression, a trie of all its patterns, so a document is scanned once
per vocabulary however many patterns there are.

Matching rules, the same for both files:

* a pattern matches whole words only, plus an optional plural ``s``;
* a space or hyphen in a pattern also matches a hyphen, a line break or
  nothing, so "anti-terrorism" finds "anti terrorism" and "antiterrorism";
* an apostrophe matches a straight or curly one, or none
  ("People’s Republic of China", "Peoples Republic of China");
* common nouns match in any case; proper names and acronyms (``case_sensitive``
  topic patterns, every country name and variant) match only as written or in
  all capitals, so "RATS" is not "rats" and "UN" is not the "Un" of a name;
* where patterns overlap the longest wins, and ``exclude`` phrases win over
  the patterns they contain: "Indian Ocean" is read as one phrase that names
  no country, so it does not count as a mention of India.
"""

import re
from dataclasses import dataclass
from functools import cache

from articles.ingest.vocab import load

_SEPARATOR_CHARS = "-\u2010\u2011\u2013"  # hyphen, Unicode hyphen, non-breaking hyphen, en dash
_APOSTROPHE_CHARS = "'\u2019\u2018\u02bc"  # straight, right and left curly, modifier letter
_SEPARATOR = rf"[\s{re.escape(_SEPARATOR_CHARS)}]*"
_APOSTROPHE = f"[{re.escape(_APOSTROPHE_CHARS)}]?"
_IGNORED = re.compile(rf"[\s{re.escape(_SEPARATOR_CHARS + _APOSTROPHE_CHARS)}]+")
_MEMO_SIZE = 50_000  # spellings remembered per vocabulary
_WORD = re.compile(r"\w+")
_END = ""  # trie key marking the end of a pattern; tokens are never empty


def _canonical(text: str) -> str:
    """The text without separators and apostrophes: what two spellings of a pattern share."""
    return _IGNORED.sub("", text)


def _key(text: str) -> str:
    return _canonical(text).lower()


def _tokens(pattern: str) -> list[str]:
    """A pattern as regex pieces, one per character; runs of separators become one piece."""
    tokens: list[str] = []
    for char in pattern.strip():
        if char.isspace() or char in _SEPARATOR_CHARS:
            if tokens and tokens[-1] != _SEPARATOR:
                tokens.append(_SEPARATOR)
        elif char in _APOSTROPHE_CHARS:
            tokens.append(_APOSTROPHE)
        else:
            tokens.append(re.escape(char.lower()))
    return tokens


def _trie_regex(node: dict) -> str:
    """A regex for the patterns under ``node``; continuations are tried before stopping, so longer wins."""
    branches = [token + _trie_regex(child) for token, child in node.items() if token != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return f"(?:{body})?"
    return body


@dataclass(frozen=True)
class _Target:
    name: str | None  # None: an excluded phrase, read and ignored
    any_case: bool
    exact: frozenset[str]  # canonical spellings accepted when not any_case


class _Matcher:
    """One vocabulary compiled: a regex over all its patterns and a table from match to display name."""

    def __init__(self, entries: list[tuple[str, list[str], list[str], list[str]]], source: str):
        # entries: (name, patterns matched in any case, case-sensitive patterns, excluded phrases)
        owners: dict[str, str | None] = {}
        any_case: dict[str, bool] = {}
        exact: dict[str, set[str]] = {}
        trie: dict = {}
        names = [name for name, *_ in entries]
        if len(set(names)) != len(names):
            raise ValueError(f"{source}: duplicate names")
        for name, loose, strict, excluded in entries:
            for pattern, owner, loose_case in (
                *((p, name, True) for p in loose),
                *((p, name, False) for p in strict),
                *((p, None, True) for p in excluded),
            ):
                key = _key(pattern)
                if not key or not re.match(r"\w", pattern.strip()):
                    raise ValueError(f"{source}: pattern {pattern!r} of {name!r} must start with a letter or digit")
                if key in owners and owners[key] != owner:
                    raise ValueError(f"{source}: {pattern!r} belongs to both {owners[key]!r} and {owner!r}")
                owners[key] = owner
                any_case[key] = any_case.get(key, False) or loose_case
                exact.setdefault(key, set()).update({_canonical(pattern), _canonical(pattern.upper())})
                node = trie
                for token in _tokens(pattern):
                    node = node.setdefault(token, {})
                node[_END] = {}
        self.targets = {key: _Target(owners[key], any_case[key], frozenset(exact[key])) for key in owners}
        # One non-word character, then a pattern, then no word character: a whole word, plural allowed. The text
        # is searched with a space in front; starting on a character class (rather than a lookbehind) lets the
        # regex engine skip through words quickly. The trie is written in lower case and run on the lower-cased
        # text, about twice as fast as re.IGNORECASE; a text whose length changes when lower-cased (rare) gets
        # the IGNORECASE regex instead.
        pattern = rf"\W({_trie_regex(trie)})s?(?!\w)"
        self.regex = re.compile(pattern)
        self.regex_ignorecase = re.compile(pattern, re.IGNORECASE)
        self.names = tuple(names)
        self._resolved: dict[str, tuple[bool, str | None]] = {}

    def _resolve(self, matched: str) -> tuple[bool, str | None]:
        """(accepted, display name) for a matched spelling.

        Not accepted: a case-sensitive pattern in the wrong case ("rats" for "RATS"). Accepted with no name: an
        excluded phrase, read and ignored.
        """
        if matched in self._resolved:
            return self._resolved[matched]
        target = self.targets.get(_key(matched))
        if target is None or not (target.any_case or _canonical(matched) in target.exact):
            result = (False, None)
        else:
            result = (True, target.name)
        if len(self._resolved) < _MEMO_SIZE:
            self._resolved[matched] = result
        return result

    def _shorter(self, matched: str) -> tuple[str | None, int]:
        """For a match refused for its case, the longest acceptable pattern it starts with: (name, length).

        "Russian federation" is not "Russian Federation", but its "Russian" still names Russia.
        """
        word_ends = [word.end() for word in _WORD.finditer(matched)][:-1]
        for cut in reversed(word_ends):
            prefix = matched[:cut]
            for candidate in (prefix, prefix[:-1]) if prefix[-1:] in "sS" else (prefix,):
                accepted, name = self._resolve(candidate)
                if accepted:
                    return name, cut
        return None, word_ends[0] if word_ends else len(matched)

    def tally(self, text: str) -> dict[str, list[int]]:
        """Display name → [number of mentions, offset of the first] for every name mentioned in ``text``."""
        found: dict[str, list[int]] = {}
        padded = " " + text
        lowered = padded.lower()
        if len(lowered) == len(padded):
            search, searched = self.regex.search, lowered
        else:
            search, searched = self.regex_ignorecase.search, padded
        position = 0
        while match := search(searched, position):
            start, end = match.span(1)
            accepted, name = self._resolve(padded[start:end])
            position = match.end()
            if not accepted:
                name, length = self._shorter(padded[start:end])
                position = start + length
            if name is None:
                continue
            if name in found:
                found[name][0] += 1
            else:
                found[name] = [1, start - 1]
        return found


@cache
def _topics() -> _Matcher:
    data = load("topics")
    entries = [
        (topic["name"], topic.get("patterns", []), topic.get("case_sensitive", []), topic.get("exclude", []))
        for topic in data["topics"]
    ]
    return _Matcher(entries, "topics.json")


@cache
def _countries() -> tuple[_Matcher, dict[str, str]]:
    data = load("countries")
    statuses = set(data["statuses"])
    entries = []
    status_of = {}
    for country in data["countries"]:
        if country["status"] not in statuses:
            raise ValueError(f"countries.json: {country['name']!r} has unknown status {country['status']!r}")
        status_of[country["name"]] = country["status"]
        entries.append(
            (country["name"], [], [country["name"], *country.get("variants", [])], country.get("exclude", []))
        )
    return _Matcher(entries, "countries.json"), status_of


def _ranked(found: dict[str, list[int]]) -> list[str]:
    """Names by number of mentions, most first; ties by first mention."""
    return sorted(found, key=lambda name: (-found[name][0], found[name][1]))


SHORT_BODY_WORDS = 250  # a brief or a pasted paragraph: under this, one mention of a topic counts


def find_topics(title: str, body: str = "", *, min_body_mentions: int | None = None) -> list[str]:
    """The topics of an article, most mentioned first.

    A topic counts if the title mentions it, or the body mentions it at least
    ``min_body_mentions`` times: one passing mention in a long article is noise,
    but a short one names each subject once ("talks on counter-terrorism, energy
    and transport"), so by default once is enough under ``SHORT_BODY_WORDS`` words
    and twice from there. Mentions in the title and the body are added up for the
    order; ties go to the topic mentioned first, the title coming before the body.
    """
    if min_body_mentions is None:
        min_body_mentions = 1 if len(_WORD.findall(body)) < SHORT_BODY_WORDS else 2
    matcher = _topics()
    in_title = matcher.tally(title)
    in_body = matcher.tally(body)
    found: dict[str, list[int]] = {}
    for name, (count, first) in in_title.items():
        found[name] = [count + in_body.get(name, [0])[0], first]
    for name, (count, first) in in_body.items():
        if name not in found and count >= min_body_mentions:
            found[name] = [count, len(title) + 1 + first]
    return _ranked(found)


def find_places(text: str) -> list[str]:
    """The SCO countries ``text`` names, by display name, most mentioned first; any mention counts."""
    matcher, _ = _countries()
    return _ranked(matcher.tally(text))


def topic_names() -> tuple[str, ...]:
    """Every topic display name, in vocabulary order."""
    return _topics().names


def place_status(name: str) -> str | None:
    """The SCO status of a country display name (member, observer, dialogue partner); None if unknown."""
    _, status_of = _countries()
    return status_of.get(name)


@cache
def _country_words() -> dict[str, str]:
    """One-word country names and adjectives ("Kazakh", "Chinese", "Iran") → the country's display name."""
    words = {}
    for country in load("countries")["countries"]:
        for variant in [country["name"], *country.get("variants", [])]:
            if " " not in variant:
                words[variant] = country["name"]
    return words


def country_of(word: str) -> str | None:
    """The country a word names or describes ("Kazakh", "Iran's", "Chinese"), or None."""
    word = word.removesuffix("'s").removesuffix("’s")
    return _country_words().get(word)
