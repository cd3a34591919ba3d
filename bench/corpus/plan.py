"""What the synthetic corpus of a seed holds: plain Python, no database.

``Corpus(seed)`` holds the pools every article draws from — sources, authors,
people (with aliases), topics and places, and a few thousand body paragraphs —
and ``corpus.article(k)`` is article number k. Both depend on the seed only:
article k is made by its own ``Random("…:{seed}:article:{k}")``, so it is the
same whether it is made alone, in a run of 30 or of 100,000, or in a run that
resumes after an interruption. No global random state and no clock is used;
dates count back from ``REFERENCE_DATE``.

Distributions (the issue "Performance at scale"):

- sources: ``SOURCES`` outlets, Zipf-like (s=1.1): the dozen big outlets carry over half the articles
  (the biggest one in five); 2% of articles have no source;
- authors: ``AUTHORS`` people, mildly Zipf-like; 1-3 an article (70/22/8%);
- people: ``PEOPLE`` people, Zipf-like (s=1.0): the most quoted, officials, are very often quoted (the
  first in about one article in four, the second in one in eight, the tenth in one in forty); some
  have aliases (other spellings of their name); 1-5 speakers and 2-15 quotes an article, about 40%
  direct, the rest reported; role and organization as the article gives them;
- topics: the curated topics of articles/ingest/data/topics.json carry 80% of the tags, a long tail
  of ``LONG_TAIL_TOPICS`` synthetic ones the rest; 1-5 an article;
- places: the SCO countries of articles/ingest/data/countries.json, Zipf-like; 1-3 an article;
- dates: over the ``YEARS`` years before ``REFERENCE_DATE``, denser in recent years
  (truncated exponential, about twice as many articles in the last five years as in the five before);
  1.5% undated;
- status: 97% published, 2% draft, 1% in review;
- text: titles from the seeds' headlines and phrases, bodies of 500-2,000 words (about 1,250 on average)
  composed from a pool of paragraphs made of the seeds' sentences, with the quotes in them.
"""

import math
from bisect import bisect
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from random import Random

from django.utils.text import slugify

from articles.ingest.vocab import load as importer_data
from bench.corpus.vocabulary import (
    ACADEMIES,
    CITIES_WITH_UNIVERSITIES,
    INSTITUTE_SUBJECTS,
    OUTLETS,
    SEEDS_DIR,
    SMALL_WORDS,
    invent_affiliation,
    invent_name,
    invent_official,
    load_vocabulary,
    lower_first,
    words,
)
from people.names import name_key

REFERENCE_DATE = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)  # the corpus's "today"; never the clock
YEARS = 25
RECENCY_SCALE_YEARS = 7.0  # density grows by e every 7 years towards REFERENCE_DATE
SOURCES, AUTHORS, PEOPLE, LONG_TAIL_TOPICS = 300, 2000, 6000, 300
OFFICIALS = 40  # the most quoted people speak for governments and the SCO
PARAGRAPHS = 4000
MIN_BODY_WORDS, MAX_BODY_WORDS, MEAN_BODY_WORDS = 500, 2000, 1250
# A body stops at the paragraph that reaches its target length, half a paragraph (about 40 words) past it
# on average; the mode of the target's triangular distribution allows for that.
_BODY_MODE = 3 * (MEAN_BODY_WORDS - 40) - MIN_BODY_WORDS - MAX_BODY_WORDS
MIN_QUOTES, MAX_QUOTES = 2, 15
PUBLISHED, DRAFT, IN_REVIEW = "published", "draft", "in_review"  # Article.Status values

CITY_COUNTRIES = {
    "Beijing": "China",
    "Shanghai": "China",
    "Qingdao": "China",
    "Urumqi": "China",
    "Xi'an": "China",
    "Chongqing": "China",
    "Kashgar": "China",
    "Harbin": "China",
    "Moscow": "Russia",
    "Novosibirsk": "Russia",
    "Kazan": "Russia",
    "Vladivostok": "Russia",
    "Yekaterinburg": "Russia",
    "Astana": "Kazakhstan",
    "Almaty": "Kazakhstan",
    "Shymkent": "Kazakhstan",
    "Tashkent": "Uzbekistan",
    "Samarkand": "Uzbekistan",
    "Bukhara": "Uzbekistan",
    "Bishkek": "Kyrgyzstan",
    "Osh": "Kyrgyzstan",
    "Dushanbe": "Tajikistan",
    "Khujand": "Tajikistan",
    "New Delhi": "India",
    "Mumbai": "India",
    "Islamabad": "Pakistan",
    "Karachi": "Pakistan",
    "Lahore": "Pakistan",
    "Tehran": "Iran",
    "Isfahan": "Iran",
    "Minsk": "Belarus",
    "Ulaanbaatar": "Mongolia",
    "Kabul": "Afghanistan",
}
DATELINE_CITIES = tuple(sorted(CITY_COUNTRIES))
REGIONS = (
    "Eurasia",
    "Central Asia",
    "Silk Road",
    "Caspian",
    "Pamir",
    "Tian Shan",
    "Steppe",
    "Himalayan",
    "Eurasian",
    "Asia-Pacific",
)
NEWSPAPER_NOUNS = words("Herald Times Post Daily Observer Tribune Courier Gazette Monitor Bulletin Express Chronicle")
JOURNAL_NOUNS = ("Review", "Quarterly", "Journal", "Affairs", "Studies")
TOPIC_QUALIFIERS = words(
    "regional cross-border digital maritime nuclear green rural urban youth financial transport space water "
    "customs military cyber border humanitarian academic scientific"
)
TOPIC_SUBJECTS = (
    "trade",
    "investment",
    "tourism",
    "education",
    "health",
    "logistics",
    "railways",
    "pipelines",
    "agriculture",
    "sanctions",
    "diplomacy",
    "migration",
    "media",
    "sports",
    "innovation",
    "banking",
    "currency settlement",
    "infrastructure",
    "exercises",
    "cooperation",
    "law enforcement",
    "disaster relief",
    "heritage",
    "standards",
    "supply chains",
)
SPEECH_VERBS = ("said", "said", "noted", "stressed", "added", "told reporters")
DIRECT_SHARE = 0.4


@dataclass(frozen=True, slots=True)
class SourceSpec:
    name: str
    kind: str  # Source.Kind value
    country: str
    homepage_url: str


@dataclass(frozen=True, slots=True)
class AuthorSpec:
    name: str
    affiliation: str
    bio: str


@dataclass(frozen=True, slots=True)
class PersonSpec:
    name: str
    surname: str
    role: str
    organization: str
    description: str
    aliases: tuple  # other spellings of the name


@dataclass(frozen=True, slots=True)
class QuoteSpec:
    person: int  # index into Corpus.people
    text: str
    is_direct: bool
    role: str
    organization: str
    position: int


@dataclass(frozen=True, slots=True)
class ArticleSpec:
    number: int
    title: str
    slug: str
    standfirst: str
    body: str
    source: int | None  # index into Corpus.sources
    authors: tuple  # indices into Corpus.authors, in byline order
    published_at: datetime | None
    status: str
    dateline: str
    original_url: str
    author_bio: str
    photo_caption: str
    photo_credit: str
    created_at: datetime
    quotes: tuple  # QuoteSpec, in order
    topics: tuple  # indices into Corpus.topics
    places: tuple  # indices into Corpus.places


class Zipf:
    """Picks from ``size`` ranked items, the item of rank r with weight 1 / r**exponent."""

    def __init__(self, size, exponent):
        self.size = size
        self.cumulative = list(accumulate(1 / rank**exponent for rank in range(1, size + 1)))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        return bisect(self.cumulative, rng.random() * self.total)

    def distinct(self, rng, count):
        count = min(count, self.size)
        chosen = []
        while len(chosen) < count:
            index = self.pick(rng)
            if index not in chosen:
                chosen.append(index)
        return chosen


def slug_suffix(seed, number):
    """What makes a generated article's slug unique: the seed and the article's number in it."""
    return f"-c{seed}-{number}"


def slug_suffix_pattern(seed):
    """A regular expression (Python's and PostgreSQL's) for the slugs of the seed's articles; group 1 is the number."""
    return rf"-c{seed}-([0-9]+)$"


@lru_cache(maxsize=65536)
def _slug_base(title):
    return slugify(title)[:200].strip("-") or "article"


def _aliases(person, rng):
    """Other spellings an article may use for the name (transliterations, family name last)."""
    name = person.name
    swaps = (
        ("Sergei", "Sergey"),
        ("Alexei", "Aleksey"),
        ("Dmitry", "Dmitri"),
        ("Yuri", "Yury"),
        ("Andrei", "Andrey"),
        ("Nikolai", "Nikolay"),
        ("Tatiana", "Tatyana"),
        ("Natalia", "Natalya"),
        ("Ekaterina", "Yekaterina"),
        ("Yulia", "Yuliya"),
        ("Yerlan", "Erlan"),
        ("Kh", "H"),
        ("ov", "ow"),
        ("ev", "yev"),
        ("Mohammad", "Mohammed"),
        ("Hossein", "Hosein"),
        ("Aliaksandr", "Alexander"),
        ("Siarhei", "Sergei"),
    )
    found = [name.replace(old, new, 1) for old, new in swaps if old in name]
    given, _, rest = name.partition(" ")
    if rest:
        found.append(f"{rest} {given}")  # family name last, as some outlets write Chinese names
    found = [alias for alias in dict.fromkeys(found) if name_key(alias) != name_key(name)]
    return tuple(rng.sample(found, min(len(found), rng.choice((1, 1, 2)))))


class Corpus:
    def __init__(self, seed, seeds_dir=SEEDS_DIR):
        self.seed = seed
        self.vocab = load_vocabulary(seeds_dir)
        rng = Random(f"scoportal-corpus:{seed}:pools")
        countries = importer_data("countries")["countries"]  # the importer's own lists
        curated = importer_data("topics")["topics"]
        self.places = tuple(country["name"] for country in countries)  # members first: the most written about
        self.curated_topics = len(curated)
        self.topics = tuple(topic["name"] for topic in curated) + self._long_tail_topics(rng)
        self.sources = self._sources(rng)
        self.authors = self._authors(rng)
        self.people = self._people(rng)
        self.paragraphs = self._paragraphs(rng)
        self.source_zipf = Zipf(len(self.sources), 1.1)
        self.author_zipf = Zipf(len(self.authors), 0.8)
        self.person_zipf = Zipf(len(self.people), 1.0)
        self.curated_zipf = Zipf(self.curated_topics, 0.9)
        self.long_tail_zipf = Zipf(len(self.topics) - self.curated_topics, 1.0)
        self.place_zipf = Zipf(len(self.places), 1.0)

    # The pools -------------------------------------------------------------------------------------------------

    def _long_tail_topics(self, rng):
        taken = {name.casefold() for name in self.places}
        combinations = [f"{q} {s}" for q in TOPIC_QUALIFIERS for s in TOPIC_SUBJECTS]
        rng.shuffle(combinations)
        return tuple(name for name in combinations if name.casefold() not in taken)[:LONG_TAIL_TOPICS]

    def _sources(self, rng):
        outlets = list(OUTLETS)
        rng.shuffle(outlets)  # which big outlet is biggest depends on the seed
        specs = {name.casefold(): SourceSpec(name, "news_agency", "", self._homepage(name)) for name in outlets}
        while len(specs) < SOURCES:
            shape = rng.random()
            city = rng.choice(DATELINE_CITIES)
            country = CITY_COUNTRIES[city]
            if shape < 0.55:
                name, kind = f"{city} {rng.choice(NEWSPAPER_NOUNS)}", "newspaper"
            elif shape < 0.7:
                name, kind = f"{rng.choice(REGIONS)} {rng.choice(JOURNAL_NOUNS)}", "journal"
                country = ""
            elif shape < 0.8:
                name, kind = f"{rng.choice(INSTITUTE_SUBJECTS)} {rng.choice(JOURNAL_NOUNS)}", "journal"
                country = ""
            elif shape < 0.92:
                name, kind = f"{city} Institute for {rng.choice(INSTITUTE_SUBJECTS)}", "think_tank"
            else:
                name, kind = f"Ministry of Foreign Affairs of {country}", "government"
            specs.setdefault(name.casefold(), SourceSpec(name, kind, country, self._homepage(name)))
        return tuple(specs.values())

    @staticmethod
    def _homepage(name):
        return f"https://{slugify(name)}.example"

    def _authors(self, rng):
        authors = {}
        while len(authors) < AUTHORS:
            name = invent_name(rng).name
            affiliation = invent_affiliation(rng)[2] if rng.random() < 0.4 else ""
            bio = ""
            if rng.random() < 0.15:
                bio = f"The author is a research fellow at the Institute of {rng.choice(INSTITUTE_SUBJECTS)}."
            authors.setdefault(name.casefold(), AuthorSpec(name, affiliation, bio))
        return tuple(authors.values())

    def _people(self, rng):
        people, keys = [], set()
        while len(people) < PEOPLE:
            person = invent_name(rng)
            key = name_key(person.name)
            if key in keys:
                continue
            keys.add(key)
            if len(people) < OFFICIALS:
                role, organization = invent_official(rng, self.places[:12])
            else:
                role, organization, _ = invent_affiliation(rng)
            description = ""
            if len(people) < 200 or rng.random() < 0.2:
                description = f"{role[:1].upper()}{role[1:]}" + (f", {organization}." if organization else ".")
            chance = 0.5 if len(people) < 100 else 0.08  # the often quoted are spelled more ways
            aliases = _aliases(person, rng) if rng.random() < chance else ()
            people.append(PersonSpec(person.name, person.surname, role, organization, description, aliases))
        # an alias must not be somebody else's name: the importer would take it for them
        return tuple(
            PersonSpec(
                p.name,
                p.surname,
                p.role,
                p.organization,
                p.description,
                tuple(a for a in p.aliases if name_key(a) not in keys),
            )
            for p in people
        )

    def _paragraphs(self, rng):
        sentences = self.vocab.sentences
        pool = []
        for _ in range(PARAGRAPHS):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 5)))
            pool.append((text, len(text.split())))
        return tuple(pool)

    # One article -----------------------------------------------------------------------------------------------

    def article(self, number):
        rng = Random(f"scoportal-corpus:{self.seed}:article:{number}")
        vocab = self.vocab
        published_at = self._date(rng)
        roll = rng.random()
        status = PUBLISHED if roll < 0.97 else DRAFT if roll < 0.99 else IN_REVIEW
        source = None if rng.random() < 0.02 else self.source_zipf.pick(rng)
        authors = tuple(self.author_zipf.distinct(rng, rng.choices((1, 2, 3), (70, 22, 8))[0]))
        topics = tuple(self._topics(rng))
        places = tuple(self.place_zipf.distinct(rng, rng.choices((1, 2, 3), (50, 35, 15))[0]))
        quotes, quoted = self._quotes(rng)
        title = self._title(rng, places, quotes)
        standfirst = ""
        if rng.random() < 0.85:
            standfirst = " ".join(rng.choice(vocab.sentences) for _ in range(rng.randint(1, 2)))
        body = self._body(rng, quoted)
        when = published_at or REFERENCE_DATE - timedelta(days=rng.randrange(365 * YEARS))
        dateline = ""
        if rng.random() < 0.25:
            city = rng.choice(DATELINE_CITIES)
            dateline = f"{city.upper()}, {when:%b}. {when.day}"
        author_bio = ""
        if rng.random() < 0.2:
            author_bio = (
                f"The author is an associate professor at the School of {rng.choice(INSTITUTE_SUBJECTS)}, "
                f"{rng.choice(CITIES_WITH_UNIVERSITIES)} University."
            )
        photo_caption = photo_credit = ""
        if rng.random() < 0.15:
            photo_caption = f"Delegates at a meeting of the {rng.choice(ACADEMIES)} in {when.year}."
            photo_credit = f"Photo: {self.sources[source].name}" if source is not None else "Photo: handout"
        original_url = ""
        if source is not None:
            original_url = f"{self.sources[source].homepage_url}/{when:%Y/%m}/{self.seed}-{number}.html"
        return ArticleSpec(
            number=number,
            title=title,
            slug=_slug_base(title) + slug_suffix(self.seed, number),
            standfirst=standfirst,
            body=body,
            source=source,
            authors=authors,
            published_at=published_at,
            status=status,
            dateline=dateline,
            original_url=original_url,
            author_bio=author_bio,
            photo_caption=photo_caption,
            photo_credit=photo_credit,
            created_at=when + timedelta(minutes=rng.randint(5, 600)),
            quotes=quotes,
            topics=topics,
            places=places,
        )

    def _date(self, rng):
        if rng.random() < 0.015:
            return None
        # inverse of the truncated exponential: density ∝ exp(-age / scale) on [0, YEARS]
        spread = 1 - math.exp(-YEARS / RECENCY_SCALE_YEARS)
        age_years = -RECENCY_SCALE_YEARS * math.log(1 - rng.random() * spread)
        minutes = int(age_years * 365.25 * 24 * 60)
        return REFERENCE_DATE - timedelta(minutes=minutes)

    def _topics(self, rng):
        count = rng.choices((1, 2, 3, 4, 5), (25, 30, 25, 12, 8))[0]
        chosen = []
        while len(chosen) < count:
            if rng.random() < 0.8:
                index = self.curated_zipf.pick(rng)
            else:
                index = self.curated_topics + self.long_tail_zipf.pick(rng)
            if index not in chosen:
                chosen.append(index)
        return chosen

    def _quotes(self, rng):
        """The article's quotes, and the paragraphs that report them."""
        count = MIN_QUOTES + int((MAX_QUOTES - MIN_QUOTES + 1) * rng.random() ** 1.6)
        speakers = self.person_zipf.distinct(rng, min(count, 1 + int(5 * rng.random() ** 1.3)))
        given = {}  # speaker → (role, organization) as this article gives them
        for index in speakers:
            person, roll = self.people[index], rng.random()
            if roll < 0.8:
                given[index] = (person.role, person.organization)
            elif roll < 0.9:
                given[index] = invent_affiliation(rng)[:2]
            else:
                given[index] = ("", "")
        quotes, paragraphs, introduced = [], [], set()
        for position in range(count):
            index = speakers[position] if position < len(speakers) else rng.choice(speakers)
            person, (role, organization) = self.people[index], given[index]
            statement = rng.choice(self.vocab.statements)
            direct = rng.random() < DIRECT_SHARE
            text = statement if direct else lower_first(statement, self.vocab.proper_words)
            quotes.append(QuoteSpec(index, text, direct, role, organization, position))
            if index in introduced:
                who = person.surname
            else:
                introduced.add(index)
                said_as = ", ".join(part for part in (role, organization) if part)
                who = f"{person.name}, {said_as}," if said_as else person.name
            verb = rng.choice(SPEECH_VERBS)
            if direct:
                paragraphs.append(f"“{statement.rstrip('.')},” {who.rstrip(',')} {verb}.")
            else:
                paragraphs.append(f"{who} {verb} that {text}")
        return tuple(quotes), paragraphs

    def _title(self, rng, places, quotes):
        vocab = self.vocab
        headline = rng.choice(vocab.headlines)
        shape = rng.random()
        if shape < 0.15 and vocab.phrases:
            return f"{rng.choice(vocab.phrases)}: {headline[:1].upper()}{headline[1:]}"
        if shape < 0.25:
            return f"{self.places[places[0]]}: {headline}"
        if shape < 0.35:
            return f"{headline}, {self.people[quotes[0].person].surname} says"
        if shape < 0.5:
            return " ".join(w if w.lower() in SMALL_WORDS else w[:1].upper() + w[1:] for w in headline.split())
        return headline

    def _body(self, rng, quoted):
        target = int(rng.triangular(MIN_BODY_WORDS, MAX_BODY_WORDS, _BODY_MODE))
        words_so_far = sum(len(p.split()) for p in quoted)
        pool, plain = self.paragraphs, []
        while words_so_far < target or not plain:
            text, size = pool[rng.randrange(len(pool))]
            if words_so_far + size > MAX_BODY_WORDS:
                break  # already more than MAX_BODY_WORDS minus one paragraph (at most 350 words)
            plain.append(text)
            words_so_far += size
        for paragraph in quoted:  # a quote never opens the article
            plain.insert(rng.randint(1, len(plain)), paragraph)
        return "\n\n".join(plain)
