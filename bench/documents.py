"""A deterministic corpus of raw scraped article texts, for benchmarking the importer.

The words come from the seed documents (``seeds/*.txt``, read at run time): their
body sentences, the statements that can be put in someone's mouth, and the
capitalised phrases used for headlines. Around them the generator puts the site
furniture the seeds show — navigation lines before the title, bylines in several
shapes, an editor's note, a photo caption, a dateline, an author bio, pagers,
"Next Post" teasers and "Editor: …" lines — and a few statements attributed to
invented people (Chinese, Russian and Central Asian names with plausible roles).

``generate_documents(count, seed)`` returns the same list for the same arguments,
and every document in it is different (no two share a content hash).
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from random import Random


def _words(text):
    return tuple(text.split())


SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

MIN_BODY_WORDS, MAX_BODY_WORDS = 300, 1500

# Invented people are made by combining these parts, so the same name can recur
# across documents (as real sources do) without being any particular real person.
CHINESE_SURNAMES = _words(
    "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin Guo Luo Liang Song Zheng Xie Han Tang "
    "Feng Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Su Pan Jiang Cai Jia Ding Wei Xue Yan Qin Kong"
)
CHINESE_GIVEN = _words(
    "Weimin Xiaoling Jianhua Haiyan Zhiqiang Lihua Guoqing Yuming Hongwei Xinyu Jun Qiang Lei Ying Mingzhe Shuang "
    "Yifan Zhenyu Wenjie Chunlei Dongmei Huifang Kaiwen Ruoxi Jiayi Haoran Shulan Yaping Zhongwei Xiaodong"
)
RUSSIAN_GIVEN_MALE = _words(
    "Alexei Dmitry Sergei Andrei Mikhail Nikolai Pavel Yuri Oleg Igor Vladislav Konstantin Boris"
)
RUSSIAN_GIVEN_FEMALE = _words("Anna Elena Olga Tatiana Natalia Irina Svetlana Ekaterina Yulia Marina")
RUSSIAN_SURNAMES = _words(
    "Petrov Smirnov Kuznetsov Sokolov Lebedev Kozlov Novikov Morozov Volkov Orlov Fedorov Belov Zaitsev Pavlov "
    "Semenov Golubev Vinogradov Bogdanov Kiselev Tarasov"
)
CENTRAL_ASIAN_GIVEN_MALE = _words(
    "Nurlan Yerlan Askar Daniyar Bakhtiyor Farrukh Rustam Timur Azamat Bolat Marat Sherzod Jamshid Ulugbek Kairat"
)
CENTRAL_ASIAN_GIVEN_FEMALE = _words("Dilnoza Aigul Gulnara Zarina Madina Saltanat Nigora Aizhan Kamila")
CENTRAL_ASIAN_SURNAMES = _words(
    "Abenov Akhmetov Rakhimov Yusupov Tursunov Sadykov Zhumabayev Ismailov Mamatov Alimov Kasymov Usmanov "
    "Ergashev Nazarov Sharipov Abdullaev Sultanov Bekmuratov Omarov Dzhaksybekov"
)

INSTITUTE_SUBJECTS = (
    "Central Asian Studies",
    "Eurasian Studies",
    "Russian Studies",
    "International Relations",
    "Strategic Studies",
    "Regional Security",
    "World Economy",
    "Silk Road Studies",
    "Energy Policy",
    "Border Studies",
)
ACADEMIES = (
    "Chinese Academy of Social Sciences",
    "Kazakh Institute for Strategic Studies",
    "Russian Academy of Sciences",
    "Tajik Academy of Sciences",
    "Kyrgyz National Academy of Sciences",
    "Uzbek Academy of Sciences",
)
CITIES = _words(
    "Beijing Shanghai Qingdao Urumqi Lanzhou Moscow Novosibirsk Kazan Astana Almaty Tashkent Samarkand Bishkek "
    "Dushanbe Osh"
)
CITIES_WITH_UNIVERSITIES = (
    "Beijing",
    "Shanghai",
    "Lanzhou",
    "Xinjiang",
    "Moscow",
    "Novosibirsk",
    "Astana",
    "Tashkent",
    "Bishkek",
    "Dushanbe",
)
OUTLETS = (
    "China Daily",
    "Xinhua",
    "Global Times",
    "People's Daily Online",
    "CGTN",
    "TASS",
    "Kazinform",
    "Kabar",
    "Asia-Plus",
    "Gazeta.uz",
    "Chinese Social Sciences Today",
    "Eurasia Review",
)
SECTIONS = _words("WORLD CHINA OPINION BUSINESS POLITICS REGION ASIA")
STATEMENT_VERBS = ("added", "concluded", "noted", "stressed", "said")

_WEEKDAYS = _words("Mon Tue Wed Thu Fri Sat Sun")
_MONTHS = _words("January February March April May June July August September October November December")
_SMALL_WORDS = frozenset(
    _words("a an and as at by for from in into of on or the to with its their our that which is are")
)

_GLUED = re.compile(r"([a-z])([.!?])([A-Z])")
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"]?[A-Z0-9])")
_INITIALS_END = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|Prof|No|St)\.$")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|noted|stressed|added|concluded|according to|pointed out|stated|called on|called for|"
    r"urged|emphasized|announced|observed|remarked|underscored|highlighted|reiterated|proposed|believe)\b",
    re.IGNORECASE,
)
_NOT_HEADWORDS = frozenset(_words("The This In On At As President Chinese Since Under"))
_GLUE_POINT = re.compile(r"([a-z][.!?]) (?=[A-Z])")
_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:and\s+|of\s+(?:the\s+)?)?[A-Z][a-z]+){1,3}\b")


@dataclass(frozen=True)
class Vocabulary:
    sentences: tuple  # body sentences, as the seeds have them
    statements: tuple  # sentences without quotation marks or attribution: what people can be quoted saying
    headlines: tuple  # openings of sentences, trimmed to read like a headline
    phrases: tuple  # capitalised phrases ("Shanghai Cooperation Organization", "Belt and Road")
    proper_words: frozenset  # words the seeds capitalise in mid-sentence: never lower-cased


def _split_sentences(paragraph):
    pieces = _BOUNDARY.split(_GLUED.sub(r"\1\2 \3", paragraph))
    sentences = []
    for piece in pieces:
        piece = piece.strip()
        if sentences and _INITIALS_END.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"  # "T.C.A. Raghavan": not a sentence end
        elif piece:
            sentences.append(piece)
    return sentences


def _balanced(sentence):
    return sentence.count("“") == sentence.count("”") and sentence.count('"') % 2 == 0


def _headline(sentence):
    """The opening of a sentence, up to its first comma, trimmed to end on a content word."""
    if _ATTRIBUTION.search(sentence) or any(mark in sentence for mark in '“”"‘—'):
        return None
    words = sentence.rstrip(".!?").split()
    if len(words) < 6 or not words[0][:1].isupper() or words[0].isdigit():
        return None
    kept = []
    for word in words[:12]:
        kept.append(word.strip(",;:()"))
        if word.endswith((",", ";", ":")):
            break
    while kept and kept[-1].lower() in _SMALL_WORDS:
        kept.pop()
    return " ".join(kept) if len(kept) >= 4 and all(kept) else None


@cache
def load_vocabulary(seeds_dir=SEEDS_DIR):
    """Sentences, statements, headlines and phrases of the seed documents."""
    files = sorted(Path(seeds_dir).glob("*.txt"))
    if not files:
        raise FileNotFoundError(f"no seed documents (*.txt) in {seeds_dir}")
    paragraphs = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        paragraphs += [line.strip() for line in text.splitlines() if len(line.split()) >= 20]
    sentences = []
    for paragraph in paragraphs:
        for sentence in _split_sentences(paragraph):
            if 6 <= len(sentence.split()) <= 70 and sentence[-1] in '.!?”"' and _balanced(sentence):
                sentences.append(sentence)
    sentences = [s for s in dict.fromkeys(sentences) if not s.startswith("The author")]  # no bios mid-text
    lower_case, proper = set(), set()
    for sentence in sentences:
        for word in sentence.split()[1:]:
            word = word.strip(".,;:!?()“”\"‘’'")
            (proper if word[:1].isupper() else lower_case).add(word)
    proper -= {word.capitalize() for word in lower_case}  # "The" after a quotation mark is not a name
    statements = [
        s
        for s in sentences
        if 8 <= len(s.split()) <= 45
        and s[:1].isalpha()
        and s.endswith(".")
        and not _ATTRIBUTION.search(s)
        and not re.search('[“”"‘]', s)
    ]
    headlines = list(dict.fromkeys(h for h in map(_headline, sentences) if h))
    found = Counter(m.group(0) for p in paragraphs for m in _PHRASE.finditer(p))
    phrases = sorted(p for p, n in found.items() if n >= 2 and p.split()[0] not in _NOT_HEADWORDS)
    if len(statements) < 20 or len(headlines) < 20:
        raise ValueError(f"the seed documents in {seeds_dir} are too short to build a corpus from")
    return Vocabulary(tuple(sentences), tuple(statements), tuple(headlines), tuple(phrases), frozenset(proper))


@dataclass(frozen=True)
class Person:
    name: str
    surname: str


def invent_person(rng):
    origin = rng.random()
    if origin < 0.45:
        surname = rng.choice(CHINESE_SURNAMES)
        return Person(f"{surname} {rng.choice(CHINESE_GIVEN)}", surname)
    if origin < 0.75:
        female = rng.random() < 0.35
        given = rng.choice(RUSSIAN_GIVEN_FEMALE if female else RUSSIAN_GIVEN_MALE)
        surname = rng.choice(RUSSIAN_SURNAMES) + ("a" if female else "")
        return Person(f"{given} {surname}", surname)
    female = rng.random() < 0.35
    given = rng.choice(CENTRAL_ASIAN_GIVEN_FEMALE if female else CENTRAL_ASIAN_GIVEN_MALE)
    surname = rng.choice(CENTRAL_ASIAN_SURNAMES) + ("a" if female else "")
    return Person(f"{given} {surname}", surname)


def invent_role(rng):
    subject = rng.choice(INSTITUTE_SUBJECTS)
    city = rng.choice(CITIES_WITH_UNIVERSITIES)
    shapes = (
        f"director of the {subject.split()[0]} Institute",
        f"director of the Institute of {subject} at the {rng.choice(ACADEMIES)}",
        f"senior research fellow at the Center for {subject}",
        f"professor at the School of {subject}, {city} University",
        f"deputy head of the {subject} Department at {city} University",
        f"vice president of the {rng.choice(ACADEMIES)}",
        "SCO deputy secretary general",
        f"former ambassador to {rng.choice(('Russia', 'China', 'Kazakhstan', 'Uzbekistan', 'Kyrgyzstan'))}",
        f"chairman of the {city} Council on Regional Cooperation",
        f"an analyst at the {city} Forum for {subject}",
    )
    return rng.choice(shapes)


def _lower_first(sentence, proper_words):
    first = sentence.split(" ", 1)[0]
    bare = first.strip(".,;:()")
    if bare[:1].isupper() and bare[1:].islower() and bare not in proper_words:
        return sentence[:1].lower() + sentence[1:]
    return sentence


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
