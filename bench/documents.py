"""A deterministic corpus of raw scraped article texts, for benchmarking the importer.

The words, names and roles come from bench/corpus/vocabulary.py (the seed
documents' sentences, statements, headlines and phrases; invented people), which
the synthetic corpus of ``manage.py generate_corpus`` uses too. Around them the
generator puts the site furniture the seeds show — navigation lines before the
title, bylines in several shapes, an editor's note, a photo caption, a dateline,
an author bio, pagers, "Next Post" teasers and "Editor: …" lines — and a few
statements attributed to invented people.

``generate_documents(count, seed)`` returns the same list for the same arguments,
and every document in it is different (no two share a content hash).
"""

import hashlib
import re
from datetime import datetime, timedelta
from random import Random

from bench.corpus.vocabulary import (
    ACADEMIES,
    CITIES,
    CITIES_WITH_UNIVERSITIES,
    INSTITUTE_SUBJECTS,
    OUTLETS,
    SEEDS_DIR,
    invent_person,
    invent_role,
    load_vocabulary,
)
from bench.corpus.vocabulary import SMALL_WORDS as _SMALL_WORDS
from bench.corpus.vocabulary import lower_first as _lower_first
from bench.corpus.vocabulary import words as _words

MIN_BODY_WORDS, MAX_BODY_WORDS = 300, 1500

SECTIONS = _words("WORLD CHINA OPINION BUSINESS POLITICS REGION ASIA")
STATEMENT_VERBS = ("added", "concluded", "noted", "stressed", "said")

_WEEKDAYS = _words("Mon Tue Wed Thu Fri Sat Sun")
_MONTHS = _words("January February March April May June July August September October November December")
_GLUE_POINT = re.compile(r"([a-z][.!?]) (?=[A-Z])")


def _iso_date(when):
    return when.strftime("%Y-%m-%d")


def _navigation(rng, when):
    shapes = (
        lambda: f"CONTACT US {_WEEKDAYS[when.weekday()]} {when:%b}. {when.day}, {when.year}",
        lambda: f".  >  {rng.choice(SECTIONS)}",
        lambda: f"Home > {rng.choice(SECTIONS).title()} > {rng.choice(('Asia', 'Europe', 'Analysis', 'Diplomacy'))}",
        lambda: rng.choice(("Share", "Menu", "Search", "Advertisement", "Follow us")),
        lambda: "English Français Русский 中文",
        lambda: f"© {when.year} {rng.choice(OUTLETS)}. All rights reserved.",
    )
    return [shape() for shape in rng.sample(shapes, rng.choice((0, 0, 1, 2, 3)))]


def _title(rng, vocab):
    title = rng.choice(vocab.headlines)
    shape = rng.random()
    if shape < 0.15 and vocab.phrases:
        title = f"{rng.choice(vocab.phrases)}: {title[:1].upper()}{title[1:]}"
    elif shape < 0.3:
        title = " ".join(w if w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:] for w in title.split())
    return title


def _byline(rng, when):
    """The byline and date lines under the title, in one of the shapes the seeds show (or none)."""
    authors = [invent_person(rng).name for _ in range(rng.choice((1, 1, 1, 2, 3)))]
    names = authors[0] if len(authors) == 1 else f"{', '.join(authors[:-1])} and {authors[-1]}"
    outlet = rng.choice(OUTLETS)
    shape = rng.randrange(6)
    if shape == 0:
        return [f"By {names}"]
    if shape == 1:
        upper = names.upper().replace(" AND ", " and ")
        return [f"Author  :  {upper}     Source  :    {outlet}     {_iso_date(when)}"]
    if shape == 2:
        return [f"({outlet} )| Updated : {_iso_date(when)}"]
    if shape == 3:
        return [f"{when:%Y-%m-%d %H:%M}"]
    if shape == 4:
        return [f"By {names} | {outlet} | Updated: {when:%Y-%m-%d %H:%M}"]
    return []


class _Quotes:
    """Attributed statements for one document: 1-4 invented speakers, 2-6 statements between them."""

    def __init__(self, rng, vocab):
        self.rng, self.vocab = rng, vocab
        self.speakers = [(invent_person(rng), invent_role(rng)) for _ in range(rng.randint(1, 4))]
        self.introduced = set()

    def statement(self):
        return self.rng.choice(self.vocab.statements)

    def paragraph(self):
        rng = self.rng
        person, role = rng.choice(self.speakers)
        said = self.statement()
        bare = said.rstrip(".")
        if person.name not in self.introduced:
            self.introduced.add(person.name)
            shape = rng.randrange(4)
            if shape == 0:
                text = f"{person.name}, {role}, said that {_lower_first(said, self.vocab.proper_words)}"
            elif shape == 1:
                text = f"{bare}, said {person.name}, {role}."
            elif shape == 2:
                text = f"{bare}, {person.name} said."
            else:
                title = rng.choice(("Professor", "Ambassador", "Deputy Director", "Dr."))
                text = f"{title} {person.name} said {_lower_first(said, self.vocab.proper_words)}"
        else:
            shape = rng.randrange(3)
            if shape == 0:
                text = f"{bare}, {person.surname} said."
            elif shape == 1:
                text = f"“{bare},” {person.surname} {rng.choice(STATEMENT_VERBS)}."
            else:
                verb = rng.choice(STATEMENT_VERBS)
                text = f"{person.surname} {verb} that {_lower_first(said, self.vocab.proper_words)}"
        more = [rng.choice(self.vocab.sentences) for _ in range(rng.choice((0, 0, 1, 2)))]
        return " ".join([text, *more])


def _body(rng, vocab, quotes):
    target = rng.randint(MIN_BODY_WORDS, MAX_BODY_WORDS)
    quoted = [quotes.paragraph() for _ in range(rng.randint(2, 6))]
    words = sum(len(p.split()) for p in quoted)
    plain = []
    while words < target:
        paragraph = " ".join(rng.choice(vocab.sentences) for _ in range(rng.randint(1, 5)))
        size = len(paragraph.split())
        if words + size > MAX_BODY_WORDS and words >= MIN_BODY_WORDS:
            break
        plain.append(paragraph)
        words += size
    body, slots = [], len(plain) + len(quoted)
    first = 1 if plain else 0  # an attributed statement never opens the article when there is other text
    places = set(rng.sample(range(first, slots), len(quoted)))
    plain_left, quoted_left = iter(plain), iter(quoted)
    for slot in range(slots):
        body.append(next(quoted_left) if slot in places else next(plain_left))
    return body


def _author_bio(rng):
    subject = rng.choice(INSTITUTE_SUBJECTS)
    return rng.choice(
        (
            f"The author is a research fellow at the Institute of {subject} of the {rng.choice(ACADEMIES)}.",
            f"The author is an associate professor at the School of {subject}, "
            f"{rng.choice(CITIES_WITH_UNIVERSITIES)} University.",
            f"The author is director of the {subject} program at the {rng.choice(CITIES)} Forum.",
        )
    )


def _tail(rng, when):
    """Site furniture after the article: pagers, print buttons, editor lines, teasers."""
    later = when + timedelta(days=rng.randint(1, 9))
    shapes = (
        lambda: "Print Print",
        lambda: "1 2 3 >",
        lambda: f"Editor: {invent_person(rng).name}",
        lambda: ">> View All",
        lambda: (
            f"Next Post\n\n{rng.randint(3, 40)} {rng.choice(('killed', 'injured', 'displaced'))} in "
            f"{rng.choice(('floods', 'landslides', 'storms'))} in {rng.choice(CITIES)}\n\n"
            f"{_WEEKDAYS[later.weekday()]} {later:%b} {later.day} , {later.year}\n"
            f"Tweet {rng.choice(CITIES).upper()}, {_MONTHS[later.month - 1]} {later.day}: At least […]"
        ),
    )
    return [shape() for shape in rng.sample(shapes, rng.choice((0, 1, 1, 2, 3)))]


def _document(rng, vocab):
    when = datetime(2015, 1, 1, 6) + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
    title = _title(rng, vocab)
    blocks = [*_navigation(rng, when), title, *_byline(rng, when)]
    if rng.random() < 0.1:
        blocks.append("Print Print")
    if rng.random() < 0.15:
        blocks.append(f"Editor's note: {rng.choice(vocab.statements)}")
        if rng.random() < 0.5:
            blocks.append(title)
    if rng.random() < 0.15:
        month = _MONTHS[when.month - 1]
        reporter = invent_person(rng).name
        blocks.append(
            f"(A view of {rng.choice(CITIES)} (photographed on {month} {when.day}, {when.year}). "
            f"Photo by {rng.choice(OUTLETS)} reporter {reporter})"
        )
    body = _body(rng, vocab, _Quotes(rng, vocab))
    if rng.random() < 0.25:
        body[0] = f"{rng.choice(CITIES).upper()}—{body[0]}"
    if rng.random() < 0.2:
        body.append(_author_bio(rng))
    if rng.random() < 0.1:  # paragraph and sentence breaks lost in scraping, as in one of the seeds
        body = [_GLUE_POINT.sub(r"\1", "".join(body))]
    blocks += body
    blocks += _tail(rng, when)
    separator = "\n" if rng.random() < 0.15 else "\n\n"
    text = separator.join(blocks) + "\n"
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    return text


def generate_documents(count, seed=0, seeds_dir=SEEDS_DIR):
    """``count`` distinct raw article texts, the same ones for the same ``seed``."""
    if count < 0:
        raise ValueError("count must not be negative")
    rng = Random(seed)
    vocab = load_vocabulary(seeds_dir)
    documents, hashes = [], set()
    while len(documents) < count:
        text = _document(rng, vocab)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest not in hashes:  # a repeat is astronomically unlikely, but never allowed
            hashes.add(digest)
            documents.append(text)
    return documents
