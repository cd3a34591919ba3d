"""Words for synthetic articles, taken from the seed documents, and invented people with plausible roles.

Shared by the importer benchmark's raw documents (bench/documents.py) and the
synthetic corpus (``manage.py generate_corpus``). No Django import: the
benchmark loads it before Django is set up.

The words come from the seed documents (``seeds/*.txt``, read at run time): their
body sentences, the statements that can be put in someone's mouth, and the
capitalised phrases used for headlines. People are made by combining name parts
(Chinese, Russian and Central Asian names; the corpus adds South Asian, Iranian,
Mongolian and Belarusian ones), so the same name recurs across documents, as in
real sources, without being any particular real person.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path


def words(text):
    return tuple(text.split())


SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

CHINESE_SURNAMES = words(
    "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin Guo Luo Liang Song Zheng Xie Han Tang "
    "Feng Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Su Pan Jiang Cai Jia Ding Wei Xue Yan Qin Kong"
)
CHINESE_GIVEN = words(
    "Weimin Xiaoling Jianhua Haiyan Zhiqiang Lihua Guoqing Yuming Hongwei Xinyu Jun Qiang Lei Ying Mingzhe Shuang "
    "Yifan Zhenyu Wenjie Chunlei Dongmei Huifang Kaiwen Ruoxi Jiayi Haoran Shulan Yaping Zhongwei Xiaodong"
)
RUSSIAN_GIVEN_MALE = words(
    "Alexei Dmitry Sergei Andrei Mikhail Nikolai Pavel Yuri Oleg Igor Vladislav Konstantin Boris"
)
RUSSIAN_GIVEN_FEMALE = words("Anna Elena Olga Tatiana Natalia Irina Svetlana Ekaterina Yulia Marina")
RUSSIAN_SURNAMES = words(
    "Petrov Smirnov Kuznetsov Sokolov Lebedev Kozlov Novikov Morozov Volkov Orlov Fedorov Belov Zaitsev Pavlov "
    "Semenov Golubev Vinogradov Bogdanov Kiselev Tarasov"
)
CENTRAL_ASIAN_GIVEN_MALE = words(
    "Nurlan Yerlan Askar Daniyar Bakhtiyor Farrukh Rustam Timur Azamat Bolat Marat Sherzod Jamshid Ulugbek Kairat"
)
CENTRAL_ASIAN_GIVEN_FEMALE = words("Dilnoza Aigul Gulnara Zarina Madina Saltanat Nigora Aizhan Kamila")
CENTRAL_ASIAN_SURNAMES = words(
    "Abenov Akhmetov Rakhimov Yusupov Tursunov Sadykov Zhumabayev Ismailov Mamatov Alimov Kasymov Usmanov "
    "Ergashev Nazarov Sharipov Abdullaev Sultanov Bekmuratov Omarov Dzhaksybekov"
)

# The corpus needs thousands of distinct people: two-syllable Chinese given names, and more origins.
CHINESE_SYLLABLES = words(
    "Wei Ming Hua Jian Xiao Hai Yan Zhi Qiang Guo Qing Yu Hong Xin Jun Lei Ying Zhe Shuang Fan Zhen Wen Jie "
    "Chun Dong Mei Hui Fang Kai Ruo Jia Hao Shu Lan Ya Ping Zhong Tao Bin Peng Rui Xue Yun Lin Cheng Gang"
)
SOUTH_ASIAN_GIVEN = words(
    "Rajesh Anil Sunil Vikram Arjun Rahul Sanjay Amit Pradeep Manoj Ravi Suresh Deepak Ashok Naveen Priya Anjali "
    "Kavita Sunita Meera Imran Asif Bilal Faisal Tariq Usman Hamid Zahid Ayesha Sana Nadia Farah"
)
SOUTH_ASIAN_SURNAMES = words(
    "Sharma Verma Gupta Singh Kumar Patel Reddy Nair Iyer Menon Rao Joshi Mehta Chopra Malhotra Bhatia Khan "
    "Qureshi Malik Chaudhry Siddiqui Hussain Butt Mirza Abbasi Rana Sheikh"
)
IRANIAN_GIVEN = words(
    "Mohammad Ali Hossein Reza Mehdi Hamid Saeed Majid Abbas Javad Kazem Parisa Maryam Fatemeh Zahra Leila Shirin"
)
IRANIAN_SURNAMES = words(
    "Hosseini Mousavi Rezaei Karimi Ahmadi Jafari Sadeghi Rahimi Mohammadi Ghasemi Hashemi Kazemi Nouri Akbari "
    "Salehi Amini Tehrani Esfahani Shirazi Zarif"
)
MONGOLIAN_GIVEN = words("Batbayar Ganbold Enkhbold Bolormaa Oyunchimeg Tsetseg Erdene Munkh Altangerel Sukhbaatar")
MONGOLIAN_SURNAMES = words("Batbold Dorj Ganbaatar Enkhtuya Tserendorj Purevdorj Davaasuren Lkhagvasuren")
BELARUSIAN_GIVEN = words("Aliaksandr Siarhei Uladzimir Andrei Dzmitry Mikalai Volha Hanna Iryna Tatsiana")
BELARUSIAN_SURNAMES = words(
    "Lukashevich Kavalenka Novik Marozau Karpovich Shauchenka Bahdanovich Tsikhanovich Yermakovich Zhuk"
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
CITIES = words(
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
AMBASSADOR_POSTS = ("Russia", "China", "Kazakhstan", "Uzbekistan", "Kyrgyzstan")
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
# Officials speak for a government or the organization; the corpus quotes a few of them very often.
OFFICIAL_ROLES = (
    "foreign minister",
    "deputy foreign minister",
    "spokesperson",
    "president",
    "prime minister",
    "defense minister",
    "minister of economy",
    "ambassador to China",
    "special envoy for SCO affairs",
)
SCO_BODIES = ("SCO Secretariat", "SCO Regional Anti-Terrorist Structure", "SCO Business Council", "SCO Interbank")

SMALL_WORDS = frozenset(
    words("a an and as at by for from in into of on or the to with its their our that which is are")
)

_GLUED = re.compile(r"([a-z])([.!?])([A-Z])")
_BOUNDARY = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][”\"]))\s+(?=[“\"]?[A-Z0-9])")
_INITIALS_END = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|Prof|No|St)\.$")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|noted|stressed|added|concluded|according to|pointed out|stated|called on|called for|"
    r"urged|emphasized|announced|observed|remarked|underscored|highlighted|reiterated|proposed|believe)\b",
    re.IGNORECASE,
)
_NOT_HEADWORDS = frozenset(words("The This In On At As President Chinese Since Under"))
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
    parts = sentence.rstrip(".!?").split()
    if len(parts) < 6 or not parts[0][:1].isupper() or parts[0].isdigit():
        return None
    kept = []
    for word in parts[:12]:
        kept.append(word.strip(",;:()"))
        if word.endswith((",", ";", ":")):
            break
    while kept and kept[-1].lower() in SMALL_WORDS:
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


def lower_first(sentence, proper_words):
    """The sentence with its first word lower-cased ("said that the …"), unless that word is a name."""
    first = sentence.split(" ", 1)[0]
    bare = first.strip(".,;:()")
    if bare[:1].isupper() and bare[1:].islower() and bare not in proper_words:
        return sentence[:1].lower() + sentence[1:]
    return sentence


@dataclass(frozen=True)
class Person:
    name: str
    surname: str


def invent_person(rng):
    """A Chinese, Russian or Central Asian name (about 2,400 possible)."""
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


def invent_name(rng):
    """A person from every SCO region (tens of thousands of possible names), for the large corpus."""
    origin = rng.random()
    if origin < 0.35:
        surname = rng.choice(CHINESE_SURNAMES)
        given = rng.choice(CHINESE_SYLLABLES) + rng.choice(CHINESE_SYLLABLES).lower()
        return Person(f"{surname} {given}", surname)
    if origin < 0.65:
        return invent_person(rng)
    parts = (
        (SOUTH_ASIAN_GIVEN, SOUTH_ASIAN_SURNAMES),
        (IRANIAN_GIVEN, IRANIAN_SURNAMES),
        (MONGOLIAN_GIVEN, MONGOLIAN_SURNAMES),
        (BELARUSIAN_GIVEN, BELARUSIAN_SURNAMES),
    )
    given, surnames = rng.choice(parts)
    surname = rng.choice(surnames)
    return Person(f"{rng.choice(given)} {surname}", surname)


def invent_affiliation(rng):
    """(role, organization, the two as an article writes them after a name)."""
    subject = rng.choice(INSTITUTE_SUBJECTS)
    city = rng.choice(CITIES_WITH_UNIVERSITIES)
    academy, other_academy = rng.choice(ACADEMIES), rng.choice(ACADEMIES)
    posted_to = rng.choice(AMBASSADOR_POSTS)
    institute = f"{subject.split()[0]} Institute"
    shapes = (
        ("director", institute, f"director of the {institute}"),
        ("director", f"Institute of {subject}, {academy}", f"director of the Institute of {subject} at the {academy}"),
        ("senior research fellow", f"Center for {subject}", f"senior research fellow at the Center for {subject}"),
        (
            "professor",
            f"School of {subject}, {city} University",
            f"professor at the School of {subject}, {city} University",
        ),
        (
            f"deputy head of the {subject} Department",
            f"{city} University",
            f"deputy head of the {subject} Department at {city} University",
        ),
        ("vice president", other_academy, f"vice president of the {other_academy}"),
        ("deputy secretary general", "SCO", "SCO deputy secretary general"),
        (f"former ambassador to {posted_to}", "", f"former ambassador to {posted_to}"),
        (
            "chairman",
            f"{city} Council on Regional Cooperation",
            f"chairman of the {city} Council on Regional Cooperation",
        ),
        ("analyst", f"{city} Forum for {subject}", f"an analyst at the {city} Forum for {subject}"),
    )
    return rng.choice(shapes)


def invent_role(rng):
    """What an article says a person is ("senior research fellow at the Center for Eurasian Studies")."""
    return invent_affiliation(rng)[2]


def invent_official(rng, countries):
    """(role, organization) of an official of one of ``countries`` or of the SCO's own bodies."""
    if rng.random() < 0.2:
        return rng.choice(("secretary general", "deputy secretary general", "director", "spokesperson")), rng.choice(
            SCO_BODIES
        )
    country = rng.choice(countries)
    role = rng.choice(OFFICIAL_ROLES)
    if role in ("president", "prime minister"):
        return role, f"Government of {country}"
    if role == "defense minister":
        return role, f"Ministry of Defense of {country}"
    if role == "minister of economy":
        return role, f"Ministry of Economy of {country}"
    return role, f"Ministry of Foreign Affairs of {country}"
