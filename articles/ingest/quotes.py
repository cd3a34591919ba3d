"""Who said what: attributed statements and the people they are attributed to.

The finder works sentence by sentence around an attribution verb ("said",
"noted", "according to" …, from data/attribution.json) and recognises the
shapes news prose uses:

- subject first:   "Vladimir Norov, SCO secretary general, said that …",
                   "Chinese Foreign Minister Wang Yi said on Friday that …", "He told Xinhua that …"
- statement first: "…, said Jiang Feng, Party secretary of …", "“A. B,” Jiang concluded.",
                   "…, Lavrov said at a briefing, adding that …", "…, according to Li, director of …"
- according to:    "According to Temur Umarov, a fellow at …, Kazakhstan is …"
- colon:           "President Xi Jinping issued an appeal: “We must …”"

Later mentions attach to a person already named: a surname ("Jiang", "Norov")
to a full name met earlier, "he"/"she" to the person the sentence before was
about or the last speaker, and "the ambassador" to the last person whose stated
role has that word. Subjects that are not people (organisations, documents,
countries, "the blue book", "officials") are rejected by their words, never by
a list of particular articles.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from articles.ingest import nlp, speech
from articles.ingest.parsed import QuoteFound, Speaker
from articles.ingest.sentences import split_sentences
from articles.ingest.tags import country_of
from articles.ingest.vocab import LOWER, UPPER, attribution, bylines
from people.names import name_key

_key = lru_cache(maxsize=8192)(name_key)  # names recur all through an article
_UP, _LO = f"[{UPPER}]", f"[{LOWER}]"
# One word of a personal name: "Norov", "Kassym-Jomart", "O'Neill", "al-Sisi", "T.C.A."
_TOKEN = rf"(?:(?:Mc|Mac|O['’]|D['’]|[Aa]l-|[Ee]l-)?{_UP}{_LO}+(?:-{_UP}?{_LO}+|['’]{_LO}{{2,}})*|(?:{_UP}\.){{1,4}})"
_PARTICLE = r"(?:bin|ibn|al|el|de|da|di|du|dos|van|von|der|den|ul|ur|le|la)"
FULL_NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{_TOKEN}){{1,3}}"
_NAME_TOKEN = re.compile(rf"{_TOKEN}|{_PARTICLE}")
# A run of capitalised words, perhaps joined by "to", "of", a particle: "Chinese Ambassador to Russia Zhang Hanhui"
_CAPITALISED = rf"[{UPPER}][\w.-]*(?:['’](?!s\b)\w+)*"
_CAPITALISED_RUN = re.compile(rf"{_CAPITALISED}(?:\s+(?:(?:to|of|the|for|and|{_PARTICLE})\s+){{0,2}}{_CAPITALISED})+")

_AUXILIARY = re.compile(
    r"(?:\s+(?:has|have|had|also|further|once|then|later|repeatedly|previously|earlier|again|too|would|will|"
    r"had\s+previously|has\s+long|has\s+repeatedly|publicly|recently|separately|similarly|likewise|however))+$",
    re.IGNORECASE,
)
_TRAILING_ADVERBIAL = re.compile(
    r"\s+(?:on|in|at|last|this|earlier|later|recently|during|yesterday|today|while|when|after|before|via|"
    r"speaking|writing|addressing)\b.*$",
    re.DOTALL,
)
_CONJUNCTION = re.compile(r"^(?:for|and|but|as|because|while|so|since|and\s+then|yet|though|although)\s+", re.I)
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.I)
_ORG_SPLIT = re.compile(rf"\s+(?:of|at|with|from|for)\s+(?:the\s+)?(?={_UP})")
_BARE_INITIALS = re.compile(r"[A-Z]{1,2}")  # "S Jaishankar", "SM Krishna": initials without their stops
_TITLE_COMPLEMENT = re.compile(r"\s(?:to|in)\s")
_ORGANIZATION_ONLY = re.compile(r"^(?:of|from|at)\s+(?=[A-Z]|the\s+[A-Z])")
_THAT = re.compile(r"^\s*(?:that\b|:|,)\s*", re.I)
_REPORTS = re.compile(r",\s*(?:[A-Z][\w-]*\s+){1,3}(?:correspondent\s+)?report(?:s|ed)\.?\s*$")  # ", Xinhua reported."
_OPEN_QUOTES = "“\"‘'"
_CLOSE_QUOTES = "”\"’'"
_ANY_QUOTE = "“”\"‘’'"
# Where a statement ends before the attribution that follows it: a comma, or a closing quotation mark.
_STATEMENT_END = re.compile(r"(?:,|[,.!?…]?\s*[”\"’]\s*,?)\s*$")
# Points in a text where the subject of a following verb may start, tried from the right.
_SUBJECT_START = re.compile(r"[,;”\"]\s*|’\s+|[.!?…][”\"’]?\s+[“\"‘]?|\s[–—]\s")
_WORD = re.compile(r"[A-Za-z]+")
_ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Amb|Col|Lt|Capt|St)|(?<![\w.])[A-Z])\.$")
_INTERRUPTION = re.compile(r"\s*,\s*(?![a-z]+ing\b)[a-z]")  # "The SCO, he said, is …", not ", adding …"
_NAME_LIST = re.compile(rf"{_TOKEN}(?:\s+{_TOKEN})*(?:\s*(?:,|and)\s+{_TOKEN}(?:\s+{_TOKEN})*)+")
_COLON_QUOTE = re.compile(r":\s*(?P<quote>[“\"][^”\"]{12,}[”\"])")
_ADDING = frozenset(
    "adding noting stressing saying explaining arguing warning insisting pointing recalling acknowledging "
    "suggesting emphasizing emphasising underlining stating".split()
)
_ADDED = re.compile(
    rf"^(?P<before>[^,“\"]{{0,160}}?)\s*,?\s*(?P<verb>{'|'.join(sorted(_ADDING))})(?:\s+out)?\b"
    r"(?:\s+that\b)?\s*(?P<extra>.*)$",
    re.DOTALL | re.IGNORECASE,
)
# ", calling for …", ", reading out …", ", in a statement", ", as …": more about the saying, not a statement
_MORE_AFTER = re.compile(
    r"^(?P<before>[^,“\"]{0,160}?)\s*,\s*(?:[a-z]+ing\b|according\b|(?:in|at|on|during)\s+(?:an?|his|her|the|its)\b|"
    r"as\b|while\b|when\b|after\b|before\b|without\b)"
)
_CONTINUED_QUOTE = re.compile(r"^(?P<before>[^“\"]{0,160}?)\s*[,:]?\s*(?P<quote>[“\"].+)$", re.DOTALL)
_LEAD_IN_END = re.compile(r"\bthat\b|:\s*|,\s*(?=[“\"])")
_TIME_ADVERBIAL = re.compile(
    r"^(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b\s*,?\s*"
    r"|^(?:last|this|earlier this)\s+(?:week|month|year|weekend)\s*,?\s*",
    re.IGNORECASE,
)
_OBJECT_VERBS = frozenset({"told", "tells", "tell", "asked", "asks", "reminded", "assured", "urged", "urges"})
_STATEMENT_OBJECT_VERBS = frozenset({"called on", "calls on", "called for", "calls for", "urged", "urges"})
_NOT_ROLE_SUFFIXES = ("ed", "ing")
_FUNCTION_WORDS = frozenset(
    "by with from was were is are be been has have had met said says told signed during after before between among "
    "including such as like than that which who whom whose when while where if because not no also only its his "
    "her their our my your this these those it he she they we i you".split()
)
_CONNECTORS = frozenset({"to", "of", "for", "and", "on", "in", "at", "the", "de", "&"})
_PREPOSITIONS = frozenset({"at", "in", "on", "during", "after", "before", "with", "for", "from", "by", "under"})
MIN_STATEMENT_WORDS = 3
MAX_SUBJECT_CHARS = 300  # the subject of an attribution is looked for this far from its verb
MAX_VERBS_PER_SENTENCE = 8
MAX_TAIL_WORDS = 15
MAX_PARSED_CHARS = 1500  # a sentence longer than this is not prose (a list, a page that lost its stops)
MAX_PARSED_SENTENCES = 300  # a long feature has about 150 sentences


@dataclass(frozen=True)
class Subject:
    kind: str  # "name", "pronoun" or "role"
    name: str = ""
    role: str = ""
    gender: str = ""  # "he" or "she" when the text says so (a pronoun, "Mr", "Ms")


@dataclass
class Attribution:
    subject: Subject
    appositive: str
    statement: str
    extra: str = ""  # a second statement in the same sentence: ", adding that …" or ", “…”"
    verb: str = ""
    others: tuple = ()  # (Subject, appositive) of people coordinated with the subject: "A and B said"


# Subjects


@lru_cache(maxsize=8192)
def parse_subject(phrase):
    """What a subject phrase refers to: a named person (with the role written before the name), a pronoun,
    or a role noun standing for someone named earlier; None for anything else.

    >>> parse_subject("Chinese Ambassador to Russia Zhang Hanhui")
    Subject(kind='name', name='Zhang Hanhui', role='Chinese Ambassador to Russia', gender='')
    """
    vocab = attribution()
    phrase = _AUXILIARY.sub("", _CONJUNCTION.sub("", phrase.strip(' ,;:”"’“‘')))
    if "/" in phrase:  # a credit such as "Xinhua/Li Ziheng"
        subjects = [parse_subject(part) for part in phrase.split("/")]
        return next((s for s in subjects if s and s.kind == "name"), None)
    if phrase.lower() in vocab["pronouns"]:
        return Subject("pronoun", gender=vocab["pronouns"][phrase.lower()])
    subject = _named_subject(phrase) or _role_subject(phrase, vocab)
    if subject is None:
        shorter = _TRAILING_ADVERBIAL.sub("", phrase)
        if shorter != phrase:
            subject = _named_subject(shorter) or _role_subject(shorter, vocab)
    return subject


@lru_cache(maxsize=8192)
def _named_subject(phrase):
    """A name at the end of the phrase, with the role written before it ("Kazakh President Tokayev")."""
    vocab = attribution()
    words = phrase.split()
    if not words or len(words) > 14 or "," in phrase:
        return None
    name_words = []
    for word in reversed(words):
        if not (_is_name_word(word, vocab) or name_words and _BARE_INITIALS.fullmatch(word)):
            break
        name_words.insert(0, word)
    while name_words and name_words[0][:1].islower():  # a particle cannot start a name
        name_words.pop(0)
    if not name_words or len(name_words) > 4 or (len(name_words) == 1 and name_words[0].endswith(".")):
        return None
    if " ".join(name_words[-2:]) in vocab["not_name_phrases"]:
        return None  # "Hong Kong", "Sri Lanka"
    role_words = words[: len(words) - len(name_words)]
    if role_words and role_words[-1].lower() in ("the", "a", "an"):
        return None  # "The Regional Anti-Terrorist Structure": a person's name never follows "the"
    gender = _gender(role_words, vocab)
    role = _clean_role(role_words, vocab)
    if role is None:
        return None
    return Subject("name", " ".join(name_words), role, gender)


def _is_name_word(word, vocab):
    return (
        _NAME_TOKEN.fullmatch(word) is not None
        and word not in vocab["titles"]
        and word not in vocab["not_name_words"]
        and word not in vocab["honorifics"]
        and word not in vocab["not_role_words"]  # "Separately Lavrov said"
        and word.lower() not in vocab["role_noun_set"]  # "Photographer Li Ziheng"
    )


def _gender(role_words, vocab):
    honorifics = {w.rstrip(".").lower() for w in role_words if w in vocab["honorifics"]}
    if honorifics & {"mr", "sir", "lord"}:
        return "he"
    if honorifics & {"ms", "mrs", "madam", "madame", "dame"}:
        return "she"
    return ""


def _clean_role(words, vocab):
    """The role written before a name ("Chinese Foreign Minister"), "" for none, None when the words
    before the name are not a role ("a meeting with", "Wang Yi and" of a list of names)."""
    words = [w for w in words if w not in vocab["honorifics"]]
    colon = next((i for i in range(len(words) - 1, -1, -1) if words[i].endswith(":")), None)
    if colon is not None:
        words = words[colon + 1 :]  # "New Delhi: Prime Minister Narendra Modi": a dateline first
    if words and words[0].lower() in _PREPOSITIONS:  # "At the meeting President Xi"
        first_title = next((i for i, w in enumerate(words) if w[:1].isupper() and i > 0), None)
        if first_title is None:
            return None
        words = words[first_title:]
    while words and (words[0] in vocab["not_role_words"] or words[0].lower() in ("the", "a", "an")):
        words = words[1:]
    if not words:
        return ""
    if words[-1].lower() in _CONNECTORS or "," in " ".join(words):
        return None
    for index, word in enumerate(words):
        if not _is_role_word(word, vocab):
            return None
        if word.lower() == "and" and index and not _is_title_word(words[index - 1], vocab):
            return None  # "Wang Yi and Foreign Minister Lavrov": two people
    return " ".join(words)


def _is_title_word(word, vocab):
    lower = word.lower()
    return word in vocab["titles"] or lower in vocab["role_noun_set"] or lower in vocab["role_modifiers"]


def _is_role_word(word, vocab):
    lower = word.lower()
    if word[:1].isupper() or word[:1].isdigit() and "-" in word:  # "Kazakh", "SCO", "76-year-old"
        return True
    if lower in _CONNECTORS or _is_title_word(word, vocab):
        return True
    if "-" in lower and lower.startswith(("newly-", "long-", "self-", "former-")):
        return True  # "the newly-appointed secretary-general"
    # otherwise a lower-case noun or adjective ("political scientist"), but not "by", "signed", "meeting"
    return lower not in _FUNCTION_WORDS and not lower.endswith(_NOT_ROLE_SUFFIXES) and word.replace("-", "").isalpha()


def _role_subject(phrase, vocab):
    """ "the ambassador", "the Russian diplomat", "the head of state": someone named earlier."""
    words = phrase.split()
    if not 2 <= len(words) <= 6 or words[0].lower() != "the":
        return None
    lower = " ".join(words[1:]).lower()
    noun = next((n for n in vocab["role_nouns"] if lower.endswith(n)), None)
    if noun is None or (lower != noun and not lower.endswith(" " + noun)):
        return None
    before = lower[: -len(noun)].split()
    if not all(_is_role_word(w, vocab) for w in words[1 : 1 + len(before)]):
        return None
    return Subject("role", role=noun)


def split_role(appositive):
    """("director general", "Indian Council of World Affairs") from "director general of the Indian Council …".

    The organisation starts at the first "of", "at", "for" … before a capital whose phrase names an
    organisation: "scholar of Central Asian studies at Lanzhou University" splits at "at".
    """
    appositive = _LEADING_ARTICLE.sub("", appositive.strip(" ,.;")).strip()
    if _ORGANIZATION_ONLY.match(appositive):  # "of the Wilson Centre"
        return "", _LEADING_ARTICLE.sub("", _ORGANIZATION_ONLY.sub("", appositive))
    splits = list(_ORG_SPLIT.finditer(appositive))
    for index, split in enumerate(splits):
        role = appositive[: split.start()].strip()
        if not role or role[:1].isupper() and len(role.split()) > 4:
            break
        end = splits[index + 1].start() if index + 1 < len(splits) else len(appositive)
        if index + 1 == len(splits) or _names_organization(appositive[split.end() : end]):
            return role, appositive[split.end() :].strip(" ,.")
    return appositive, ""


def split_title(title):
    """(role, organization) from a title written before a name: "Chinese President" → ("President",
    "China"), "SCO Secretary-General" → ("Secretary-General", "SCO"); "Secretary-General of the SCO"
    splits as an appositive would. A post named with its own complement stays as written ("Chinese
    Ambassador to Russia": the country and the post are read together)."""
    role, organization = split_role(title)
    if organization:
        named = _names_organization(organization) or country_of(organization) or _is_initials(organization)
        portfolio = not named and not any(_is_initials(w) for w in organization.split())
        return (title, "") if portfolio else (role, organization)  # "Minister of Energy and Water Resources"
    agency = bylines()["agencies"].match(title)
    if agency and title[agency.end() : agency.end() + 1] == " " and title[agency.end() + 1 :][:1].islower():
        return title[agency.end() + 1 :], agency.group(0)  # "RIA Novosti correspondent in Beijing"
    first, _, rest = title.partition(" ")
    possessive = first.endswith(("'s", "’s"))
    if not rest or _TITLE_COMPLEMENT.search(rest) and not possessive:
        return title, ""  # "Chinese Ambassador to Russia", but "Iran's Ambassador to China" is Iran's
    country = country_of(first)
    if country:
        return rest, country
    if not rest[:1].isupper():
        return title, ""
    bare = first.removesuffix("'s").removesuffix("’s")
    return (rest, bare) if _is_initials(bare) else (title, "")


def _is_initials(word):
    """An organisation's initials: "SCO", "RATS", "UN"."""
    word = word.strip("(),.")
    return word.isupper() and 2 <= len(word) <= 8 and word.isalpha()


def _names_organization(phrase):
    words = attribution()["organization_words"]
    return any(word.strip(",.’'s") in words for word in phrase.split())


def _appositive_kind(text):
    """What follows a name between commas: "role" for a description of the person ("director of …",
    "a professor at …", "Russia's foreign minister"), "list" for more names ("Xi and Putin"), and
    "other" for anything else ("who took office in 2016", "speaking at …", "for his part", "however")."""
    words = text.split()
    if not words or len(words) > 30:
        return "other"
    first = words[0].lower()
    if first in ("who", "which", "whose", "where", "when", "while", "whom") or first in _PREPOSITIONS:
        return "other"
    if first.endswith(_NOT_ROLE_SUFFIXES) and first not in attribution()["role_modifiers"]:
        return "other"  # "speaking at the forum", "attending his first summit as head of state"
    if _NAME_LIST.fullmatch(text):
        return "list"
    return "role" if any(_is_role_noun(word) for word in words[:6]) else "other"


def _is_role_noun(word):
    word = word.strip(",.;:’'").lower().removesuffix("'s").removesuffix("’s")
    return word in attribution()["role_noun_set"]


def _clean_appositive(text):
    text = attribution()["appositive_stop"].sub("", text.strip())
    text = re.sub(r",\s*(?:at|in|on|during|after|before|while|when|to)\b.*$", "", text, flags=re.DOTALL)
    return text.strip(" ,.;:")


def _subject_and_appositive(text):
    """Split "Sun Zhuangzhi, director of …," into a subject and the description after its name."""
    text = text.strip().rstrip(",").strip()
    whole = parse_subject(text)
    if whole:
        return whole, ""
    if "," not in text:
        return None, ""
    head, rest = (part.strip() for part in text.split(",", 1))
    named = parse_subject(rest)
    if named and named.kind == "name" and not named.role and _describes_role(head):
        return named, head  # "the director of X, Ruslan Mirzayev,": the description comes first
    subject = parse_subject(head)
    if subject and subject.kind == "name":
        kind = _appositive_kind(rest)
        if kind == "role":
            return subject, _clean_appositive(rest)
        if kind == "other":
            return subject, ""
    return None, ""


def _describes_role(phrase):
    """ "the Russian foreign minister", "The director of the SCO Regional Anti-Terrorist Structure"."""
    words = _LEADING_ARTICLE.sub("", phrase).split()
    if not words or len(words) > 15 or not phrase[:1].islower() and not _LEADING_ARTICLE.match(phrase):
        return False
    vocab = attribution()
    return any(w.lower() in vocab["role_noun_set"] or w in vocab["titles"] for w in words[:6])


# Statements and attributions


def clean_statement(text):
    """Strip the attribution's punctuation; report whether it is a direct quotation."""
    text = _REPORTS.sub("", _THAT.sub("", text.strip())).strip(" ,;:")
    stripped = text.rstrip(" ,.")
    direct = text[:1] in _OPEN_QUOTES and stripped[-1:] in _CLOSE_QUOTES + "“"
    if direct:
        text = stripped.strip(_ANY_QUOTE + " ,")
    text = text.rstrip(",;: ")
    return text + ("" if text.endswith((".", "!", "?", "…")) else "."), direct


def _inside_quotation(text):
    """True when ``text`` opens a double quotation it has not closed yet."""
    opened = text.count("“") - text.count("”")
    if opened > 0:
        return True
    return opened == 0 and "“" not in text and "”" not in text and text.count('"') % 2 == 1


def is_quotation(sentence):
    """A sentence that is all quotation: it opens with a quotation mark that closes only at its end."""
    if sentence[:1] not in '“"':
        return False
    inner = sentence[1:].rstrip(" .,!?")
    close = min((i for i in (inner.find("”"), inner.find('"')) if i >= 0), default=-1)
    return close in (-1, len(inner) - 1)


def attribution_verbs(sentence):
    """Matches of the attribution verbs in a sentence, in order. The long pattern is only tried where a
    word that starts a verb stands ("said", "pointed"): far faster than scanning with it."""
    vocab = attribution()
    present = vocab["verb_starts"].intersection(_WORD.findall(sentence))
    starts = sorted(m.start() for word in present for m in _whole_word(word).finditer(sentence))
    for start in starts:
        found = vocab["verbs"].match(sentence, start)
        if found:
            yield found


@lru_cache(maxsize=512)
def _whole_word(word):
    return re.compile(rf"\b{word}\b")


def find_attribution(sentence):
    """The first attribution in a sentence, or None. Verbs inside a quotation do not count."""
    vocab = attribution()
    for count, verb in enumerate(attribution_verbs(sentence)):
        if count >= MAX_VERBS_PER_SENTENCE:
            break
        left, right = sentence[: verb.start()], sentence[verb.end() :]
        if _inside_quotation(left[-2000:]) and any(q in right for q in '”"'):
            continue
        verb_text = " ".join(verb.group(0).lower().split())
        found = (
            _according_to_first(left, right, verb_text)
            or _statement_then_verb_then_subject(left, right, verb_text, vocab)
            or _statement_then_subject_then_verb(left, right, verb_text)
            or _subject_then_verb_then_statement(left, right, verb_text, vocab)
        )
        if found:
            found.verb = verb_text
            return found
    return None


def _subject_starts(text):
    """Offsets in ``text`` where a subject may start, nearest the end first, within reach of the verb.
    Never right after "Mr." or an initial, which belong to the name that follows."""
    starts = []
    for match in _SUBJECT_START.finditer(text, max(0, len(text) - MAX_SUBJECT_CHARS)):
        end = match.start() + 1
        if match.group(0)[:1] != "." or not _ABBREVIATION_END.search(text, max(0, end - 8), end):
            starts.append(match.end())
    return starts[::-1]


def _according_to_first(left, right, verb):
    """ "According to X, Y of Z, the statement." (also after a leading clause)."""
    if verb != "according to" or left.strip() and not (left.rstrip().endswith(",") and len(left.split()) <= 6):
        return None
    head, _, rest = right.partition(",")
    subject = parse_subject(head)
    if not subject or not rest.strip():
        return None
    appositive, statement = "", rest
    if subject.kind == "name" and "," in rest:
        description, remainder = rest.split(",", 1)
        if _appositive_kind(description) == "role":
            appositive, statement = _clean_appositive(description), remainder
    if left.strip() and not appositive and _appositive_kind(statement) == "role" and len(statement.split()) < 12:
        return None  # "…, according to Li, director of X." is the other shape
    return Attribution(subject, appositive, statement)


def _statement_then_verb_then_subject(left, right, verb, vocab):
    """ "…, said Jiang Feng, Party secretary of …" / "“…,” said Mao at a briefing." / "…, according to Li."."""
    if verb not in vocab["inverted_verbs"] or not _STATEMENT_END.search(left[-20:]):
        return None
    tail, extra = right.strip(), ""
    continued = _CONTINUED_QUOTE.match(tail)
    if continued and continued["before"].strip():
        tail, extra = continued["before"], continued["quote"]
    tail = vocab["appositive_stop"].sub("", tail.rstrip(" .!?"))
    head, _, appositive = tail.partition(",")
    subject = parse_subject(head)
    if not subject:
        return None
    if _appositive_kind(appositive.strip()) != "role":
        appositive = ""  # "…, said President X at the summit on July 4, 2023."
    return Attribution(subject, _clean_appositive(appositive), left, extra)


def _statement_then_subject_then_verb(left, right, verb):
    """ "…, Sanakoyev said." / "“…,” Jiang concluded." / "…, Mirziyoyev said, calling for …"."""
    extra = _attribution_tail(right, verb)
    if extra is None:
        return None
    for start in _subject_starts(left):
        subject, appositive = _subject_and_appositive(left[start:])
        if subject:
            statement = left[:start]
            if subject.kind == "name" and not appositive and not subject.role:
                statement, appositive = _description_before(statement)
            if len(statement.split()) >= MIN_STATEMENT_WORDS:
                return Attribution(subject, appositive, statement, extra)
            return None
    return None


def _description_before(statement):
    """Split "…, the deputy head of the country's Air Force," off the end of a statement that a name
    follows: (statement, description), or (statement, "") when the last part is no description."""
    head, comma, last = statement.rstrip().rstrip(",").rpartition(",")
    if comma and _LEADING_ARTICLE.match(last.strip()) and _describes_role(last.strip()):
        return head, last.strip()
    return statement, ""


def _attribution_tail(right, verb):
    """What may follow "X said" after the statement: nothing, an object or adverbial ("told reporters on
    Monday"), ", adding that …" or a continued quotation. Returns the extra statement ("" for none), or
    None when ``right`` is a statement of its own."""
    rest = right.strip().rstrip(" .!?")
    if not rest:
        return ""
    if not _may_be_tail(rest, verb):
        return None  # a statement of its own: "… said the SCO is …"
    if not any(mark in rest for mark in ',“"'):
        return "" if _is_short_tail(rest, verb) else None
    for pattern, group in ((_CONTINUED_QUOTE, "quote"), (_ADDED, "extra")):
        found = pattern.match(rest)
        if found and _is_short_tail(found["before"], verb):
            return found[group]
    found = _MORE_AFTER.match(rest)
    if found and _is_short_tail(found["before"], verb):
        return ""
    return "" if _is_short_tail(rest, verb) and "," not in rest else None


def _may_be_tail(rest, verb):
    """A cheap first test for _attribution_tail: how a tail starts."""
    if verb in _OBJECT_VERBS or rest[:1] in ',:“"':
        return True
    first = rest.split(maxsplit=1)[0].lower()
    return first in attribution()["adverbial_starts"] or first in _ADDING


def _is_short_tail(text, verb):
    words = text.split()
    if not words:
        return True
    if len(words) > MAX_TAIL_WORDS or any(q in text for q in '“”":') or " that " in f" {text} ":
        return False
    return verb in _OBJECT_VERBS or words[0].lower() in attribution()["adverbial_starts"]


def _subject_then_verb_then_statement(left, right, verb, vocab):
    """ "Vladimir Norov, SCO secretary general, said that …" / "In 2018, President Xi said …"."""
    statement = _statement_after_verb(right, verb, vocab)
    if statement is None or len(statement.split()) < MIN_STATEMENT_WORDS:
        return None
    text = left.strip()
    if not text:
        return None
    subject, appositive = _subject_and_appositive(text[-MAX_SUBJECT_CHARS:])
    if subject is not None:
        return Attribution(subject, appositive, statement)
    for start in _subject_starts(text):  # a leading clause: "In his initiative …, President Xi Jinping"
        subject, appositive = _subject_and_appositive(text[start:])
        if subject:
            if _INTERRUPTION.match(right):  # "The SCO, he said, is …": the statement goes round the attribution
                statement = f"{text[:start].rstrip(' ,')} {statement}"
            return Attribution(subject, appositive, statement)
    return None


def _statement_after_verb(right, verb, vocab):
    """The statement after "said": past an object ("told Xinhua") or an adverbial ("on Monday") up to
    "that" or a colon; None when there is none or a weak verb ("announced") has no that-clause."""
    text = right.lstrip()
    if verb in _STATEMENT_OBJECT_VERBS:  # "called on all parties to …": the object is the statement
        return text
    introduced = bool(_THAT.match(text))
    if introduced:
        text = _THAT.sub("", text, count=1)
    else:
        first = text.split(maxsplit=1)[0].lower() if text else ""
        if verb in _OBJECT_VERBS or first in vocab["adverbial_starts"]:
            lead_in = _LEAD_IN_END.search(text[:200])
            if lead_in and len(text[: lead_in.start()].split()) <= MAX_TAIL_WORDS:
                text, introduced = text[lead_in.end() :], True
            elif verb in _OBJECT_VERBS:
                return None
            else:
                text = _TIME_ADVERBIAL.sub("", text, count=1)
    if verb in vocab["weak_verbs"] and not (introduced or text[:1] in _OPEN_QUOTES):
        return None
    return text


# People in one article


class PeopleInArticle:
    """The people named so far in one article, for resolving later mentions."""

    def __init__(self, excluded_names=()):
        self.speakers = {}  # name key -> Speaker, in order of first quote
        self.recent = []  # name keys of speakers, the last quoted last
        self.mentions = {}  # name key -> Subject named with a title ("President Xi Jinping"), most recent last
        self.names = {}  # name key -> every other full name met so far ("Sergei Lavrov met …")
        self.gender = {}  # name key -> "he" / "she"
        self.surnames = set()  # keys of one-word names the entity recogniser read as people
        self.unnamed = set()  # generic role nouns introduced without a name ("a senior official")
        self.excluded = {_key(n): n for n in excluded_names if n}
        self.previous_subject = None  # the person the sentence before was about
        self.current_subject = None  # the person the sentence being read starts with

    def note_mentions(self, text):
        """Remember the full names in a sentence, and the role of those named with a title
        ("Kazakh President Kassym-Jomart Tokayev"), for later mentions ("Tokayev", "the president")."""
        vocab = attribution()
        runs = (
            part
            for match in _CAPITALISED_RUN.finditer(text)
            for part in _runs_of(_NUMBERED_HEADING.sub("", _SENTENCE_STOP.sub("", match.group(0)), count=1))
        )
        for run in runs:
            subject = _named_subject(run)
            if not subject or len(subject.name.split()) < 2:
                continue
            key = _key(subject.name)
            if subject.role and any(_is_title_word(w, vocab) for w in subject.role.split()):
                self.mentions.pop(key, None)
                self.mentions[key] = subject
                if subject.gender:
                    self.gender.setdefault(key, subject.gender)
            else:
                self.names.setdefault(key, subject.name)
        for match in _TITLED_BETWEEN_COMMAS.finditer(text):  # "the Minister of Transport of Mongolia, Bat Dorj,"
            subject = _named_subject(match["name"])
            if subject and len(subject.name.split()) > 1 and _is_title_word(match["title"].split()[0], vocab):
                key = _key(subject.name)
                if key not in self.mentions:
                    self.mentions[key] = Subject("name", subject.name, match["title"])

    def learn_names(self, names):
        """Names the entity recogniser read as people anywhere in the text: full names for later
        surnames ("Jaishankar" for "S Jaishankar"), and surnames that name nobody fuller."""
        for name in names:
            subject = _named_subject(_SENTENCE_STOP.sub("", name.strip(" ,;:")))
            if subject is None:
                continue
            if len(subject.name.split()) > 1:
                self.names.setdefault(_key(subject.name), subject.name)
            else:
                self.surnames.add(_key(subject.name))

    def _known(self):
        """(key, name) of everyone named so far: speakers and titled mentions latest first, then the rest."""
        return chain(
            ((key, self.speakers[key].name) for key in reversed(self.recent)),
            ((key, self.mentions[key].name) for key in reversed(self.mentions)),
            self.excluded.items(),
            self.names.items(),
        )

    def recent_speakers(self):
        return [self.speakers[key].name for key in reversed(self.recent)]

    def full_name(self, name):
        """Resolve a surname ("Xi", "Norov") or a short form to a full name named earlier; None if unknown."""
        parts = _key(name).split()
        if len(parts) > 1:
            for key, known in self._known():
                known_parts = key.split()
                longer = len(known_parts) > len(parts) and known_parts[-1] == parts[-1]
                if longer and (known_parts[0] == parts[0] or known_parts[-len(parts) :] == parts):
                    return known  # "Mumtaz Baloch" for "Mumtaz Zahra Baloch", "Abdul-Rahimov"
            return name
        for key, known in self._known():
            known_parts = key.split()
            if parts and parts[0] in (known_parts[0], known_parts[-1]):
                return known
        return None

    def role_of(self, name):
        key = _key(name)
        if key in self.speakers and self.speakers[key].role:
            return self.speakers[key].role
        return self.mentions[key].role if key in self.mentions else ""

    def resolve(self, subject):
        """The full name a subject stands for, or None."""
        if subject.kind == "pronoun":
            return self._resolve_pronoun(subject.gender)
        if subject.kind == "role":
            return self._resolve_role(subject.role)
        name = self.full_name(subject.name)
        if name is None and _key(subject.name) in self.surnames:
            name = subject.name  # "…, Logvinov said", with no fuller name anywhere in the text
        if name and subject.gender:
            self.gender.setdefault(_key(name), subject.gender)
        return name

    def _resolve_pronoun(self, pronoun):
        for name in filter(None, [self.current_subject, self.previous_subject, *self.recent_speakers()]):
            known = self.gender.get(_key(name))
            if known in (None, pronoun):
                self.gender[_key(name)] = pronoun
                return name
        return None

    def _resolve_role(self, noun):
        """ "the ambassador": the person the sentence before was about, or the latest person whose stated
        role has that word; "the diplomat", "the head of state": someone whose role such a noun may
        stand for (a foreign minister, a president). Nobody after "a senior official" or "an
        analyst" was met: that person is unnamed."""
        if noun in self.unnamed:
            return None
        candidates = [
            self.previous_subject,
            *self.recent_speakers(),
            *(m.name for m in reversed(self.mentions.values())),
        ]
        for name in filter(None, candidates):
            if noun in self.role_of(name).lower():
                return name
        if self.previous_subject and noun not in attribution()["generic_role_nouns"]:
            return self.previous_subject  # "… Khakimov told TASS. The ambassador said …"
        matches = attribution()["generic_role_matches"].get(noun, ())
        people = dict.fromkeys(filter(None, candidates))
        fitting = [name for name in people if any(word in self.role_of(name).lower() for word in matches)]
        spoken = {self.previous_subject, *self.recent_speakers()}
        if fitting and (fitting[0] in spoken or len(fitting) == 1):
            return fitting[0]
        return None  # several leaders named and none speaking yet: "the head of state" is ambiguous

    def note_unnamed(self, sentence):
        """Remember "a senior official", "an observer", "one diplomat": "the official" is that person."""
        for match in _UNNAMED.finditer(sentence):
            self.unnamed.add(match["noun"].lower())

    def speaker(self, name, role, organization):
        """The Speaker for a name (created on first quote), or None for a byline author or photographer."""
        key = _key(name)
        if key in self.excluded:
            return None
        if key not in self.speakers:
            if not role and key in self.mentions:  # "President Xi Jinping" met before "Xi said"
                role, organization = split_title(self.mentions[key].role)
            self.speakers[key] = Speaker(name=name, role=role, organization=organization)
        speaker = self.speakers[key]
        if not speaker.role and role:
            speaker.role, speaker.organization = role, organization
        if key in self.recent:
            self.recent.remove(key)
        self.recent.append(key)
        return speaker


_TITLE_WORD = r"(?:[A-Z][\w'’-]*|of|the|and|for)"
_TITLED_BETWEEN_COMMAS = re.compile(
    rf"\bthe\s+(?P<title>[A-Z][\w'’-]*(?:\s+{_TITLE_WORD}){{0,8}}),\s+(?P<name>{FULL_NAME})(?=\s*(?:,|and\b))"
)
_UNNAMED = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z-]+\s+){0,2}?(?P<noun>official|observer|diplomat|analyst|expert|source)\b"
)
_UNNAMED_ATTRIBUTION = re.compile(
    r",\s+(?:an?|one|the)\s+[^,;]{1,60}?\s+(?:said|says|told\s+[^,.;]{1,40}|stated|noted)(?:\s+on\s+\w+)?\s*[.!]?$"
)


def _unnamed_removed(sentence):
    """The statement of "…, an Iranian official said on Tuesday.", for the name a later sentence gives."""
    return _UNNAMED_ATTRIBUTION.sub(".", sentence)


def _runs_of(run):
    """The run, or, when it is no one name, its parts either side of "and": "Russian President Vladimir
    Putin and Pakistani Prime Minister Imran Khan" names two people."""
    if _named_subject(run) or " and " not in run:
        return [run]
    parts = run.split(" and ")
    titled = all((found := _named_subject(part)) and found.role for part in parts)
    return parts if titled else [run]  # not "Minister of Energy" and "Water Resources Farrukh Nazarov"


_SENTENCE_STOP = re.compile(r"(?<=\w\w\w)\.$")  # "… Pavel Ostrikov." at a sentence's end, not "T.C.A."
_LEADING_CLAUSE = re.compile(r"^[“\"]?[A-Z][^,“”\"]{0,40},\s+")
_PRONOUN_START = re.compile(r"(he|she)\b", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^(?:[IVX]{1,4}|\d{1,2})[.)]\s+")  # "V. Building a community …"
_SENTENCE_SUBJECT = re.compile(
    rf"(?:[{UPPER}][\w'’-]*\s+){{0,5}}?{FULL_NAME}|{_TOKEN}(?=\s+(?:has\s+|had\s+|also\s+)*[a-z])"
)


def sentence_subject(sentence, people):
    """The person a sentence starts with ("President Xi Jinping on Tuesday offered …", "He added …"), if any."""
    sentence = _NUMBERED_HEADING.sub("", sentence, count=1) if sentence[:1] in "0123456789IVX" else sentence
    for lead in (sentence, _LEADING_CLAUSE.sub("", sentence, count=1)):
        pronoun = _PRONOUN_START.match(lead)
        if pronoun:
            return people.resolve(Subject("pronoun", gender=pronoun.group(1).lower()))
        match = _SENTENCE_SUBJECT.match(lead)
        subject = parse_subject(match.group(0)) if match else None
        if subject and subject.kind == "name":
            return people.full_name(subject.name) if len(subject.name.split()) == 1 else subject.name
    return None


# The article


def extract_quotes(paragraphs, excluded_names=()):
    """Speakers and their quotes in body paragraphs. ``excluded_names``: byline authors, photographers."""
    people = PeopleInArticle(excluded_names)
    found = _FoundQuotes()
    last_quote, interview = None, _Interview(_interviewer(paragraphs[:INTERVIEW_INTRO_PARAGRAPHS]))
    attributions, people_named = _attributions(paragraphs)
    people.learn_names(people_named)
    for index, (paragraph, attributed) in enumerate(zip(paragraphs, attributions, strict=True)):
        found.paragraph = index
        turn = interview.turn(paragraph, attributed, people)
        if turn:
            found.add(turn)
            last_quote = None
            continue
        last_quote = _read_paragraph(paragraph, attributed, people, found, last_quote)
    _merge_surnames(people, found.quotes)
    for position, quote in enumerate(found.quotes):
        quote.position = position
    place_in_body(found.quotes, [found.paragraph_of[id(q)] for q in found.quotes], paragraphs)
    return list(people.speakers.values()), found.quotes


def _merge_surnames(people, quotes):
    """A speaker first met by surname alone ("…, Xi says" in a lede) is the person the text names in
    full later ("Chinese President Xi Jinping"): their quotes and speaker entry become that person's."""
    for key, speaker in list(people.speakers.items()):
        if " " in key:
            continue
        fuller = next((s for k, s in people.speakers.items() if k != key and k.split()[-1] == key), None)
        fuller_name = fuller.name if fuller else people.full_name(speaker.name)
        if not fuller_name or _key(fuller_name) == key:
            continue
        target = fuller or people.speaker(fuller_name, speaker.role, speaker.organization)
        if target is None:
            continue
        for quote in quotes:
            if quote.person == speaker.name:
                quote.person = target.name
                quote.role, quote.organization = quote.role or target.role, quote.organization or target.organization
        del people.speakers[key]


PARAGRAPH_BREAK = "\n\n"  # how ParsedArticle.body joins the paragraphs
MIN_PLACED_WORDS = 4  # a shorter piece of a statement is no evidence of where it stands (the page agrees)
_FIRST_SENTENCE = re.compile(r"^.{12,}?[.!?…](?=\s)")


def place_in_body(quotes, paragraph_indexes, paragraphs):
    """Set each quote's start and end in the body: where its text (or, for a statement joined from
    pieces, its first sentence or first words) stands in the paragraph it was read from."""
    offsets, at = [], 0
    for paragraph in paragraphs:
        offsets.append(at)
        at += len(paragraph) + len(PARAGRAPH_BREAK)
    searched_from = {}
    for quote, index in zip(quotes, paragraph_indexes, strict=True):
        paragraph = paragraphs[index]
        if len(paragraph.lower()) == len(paragraph):  # ("that trade grew" is stored as "Trade grew.")
            paragraph = paragraph.lower()
        for piece in _pieces(quote.text.lower()):
            start = paragraph.find(piece, searched_from.get(index, 0))
            if start < 0:
                start = paragraph.find(piece)
            if start >= 0:
                quote.start, quote.end = offsets[index] + start, offsets[index] + start + len(piece)
                searched_from[index] = start + len(piece)
                break


def _pieces(text):
    """The text to look for, longest first: the whole statement, then its first sentence and words."""
    whole = text.rstrip(".")
    first = _FIRST_SENTENCE.match(text)
    words = text.split()
    pieces = [first and first.group(0), " ".join(words[: MIN_PLACED_WORDS + 2])]
    return [text, whole, *(p for p in pieces if p and len(p.split()) >= MIN_PLACED_WORDS)]


def _attributions(paragraphs):
    """For each paragraph, its sentences with the attribution each makes (or None).

    The sentence shapes this module knows are read first; the sentences left that may still
    attribute speech (a speech verb, a quotation mark) are parsed by spaCy, all in one batch.
    The parse is bounded: sentences longer than any real one, and those past the first
    MAX_PARSED_SENTENCES, are read by the shapes alone.
    """
    sentences = [_merge_bare_attributions(split_sentences(p)) for p in paragraphs]
    attributions = [[find_attribution(s) for s in paragraph] for paragraph in sentences]
    unread = [
        (i, j)
        for i, paragraph in enumerate(sentences)
        for j, sentence in enumerate(paragraph)
        if len(sentence) <= MAX_PARSED_CHARS
        and (_by_surname(attributions[i][j]) or attributions[i][j] is None and speech.may_attribute(sentence))
    ][:MAX_PARSED_SENTENCES]
    people_named = []
    for (i, j), doc in zip(unread, nlp.parse(sentences[i][j] for i, j in unread), strict=True):
        people_named += [entity.text for entity in doc.ents if entity.label_ == "PERSON"]
        if attributions[i][j] is None:
            attributions[i][j] = attribution_from_parse(doc)
    paragraphs = [list(zip(s, a, strict=True)) for s, a in zip(sentences, attributions, strict=True)]
    return paragraphs, people_named


def _by_surname(attributed):
    """An attribution to one word ("…, Logvinov said"): the parse tells whether it names a person."""
    return attributed is not None and attributed.subject.kind == "name" and " " not in attributed.subject.name


def attribution_from_parse(doc):
    """The Attribution spaCy's parse of a sentence shows, or None."""
    found = speech.find_spoken(doc)
    if found is None:
        return None
    subjects, statement, verb = found
    people = [person for phrase, appositive in subjects if (person := _person_in_parse(doc, phrase, appositive))]
    if not people:
        return None
    (subject, appositive), *others = people
    return Attribution(subject, appositive, statement, verb=verb, others=tuple(others))


def _name_in_parse(doc, phrase):
    """The person a subject phrase names when the word patterns cannot tell ("Minister of Energy and
    Water Resources Farrukh Nazarov"): the name the parse compounds at its end, the words before it
    as the role. None when that is no name, or the words before it no role."""
    vocab = attribution()
    at = doc.text.find(phrase)
    span = doc.char_span(at, at + len(phrase), alignment_mode="expand") if at >= 0 else None
    name = speech.name_tokens(span) if span is not None else []
    if not 1 <= len(name) <= 4 or not all(_is_name_word(t.text, vocab) for t in name):
        return None
    if len(name) == 1 and name[0].ent_type_ != "PERSON":
        return None
    while len(name) > 2 and name[0].i > span.start and doc[name[0].i - 1].lower_ in _CONNECTORS:
        name = name[1:]  # "Minister of Culture, Information and Sport Aida Kasymova": a title never ends in "and"
    before = doc[span.start : name[0].i]
    role = _clean_role(before.text.split(), vocab)
    if role is None and speech.is_title_phrase(before):
        role = before.text
    return None if role is None else Subject("name", " ".join(t.text for t in name), role)


def _person_in_parse(doc, phrase, appositive):
    """(Subject, appositive) for a subject phrase the parse found, or None."""
    subject = parse_subject(phrase) or _name_in_parse(doc, phrase)
    if subject is None:
        return None
    if appositive.startswith(("of ", "from ", "at ")):
        return subject, appositive  # the organisation: "of the Wilson Centre"
    if appositive and _appositive_kind(appositive) != "role" and not _describes_role(appositive):
        appositive = ""
    return subject, _clean_appositive(appositive) if appositive else ""


INTERVIEW_INTRO_PARAGRAPHS = 6
MIN_TRANSCRIPT_QUESTIONS = 2
_LABEL = re.compile(r"^(?P<label>[^:“”\"?!;]{3,120}?)\s*:\s+(?P<text>\S.*)$", re.DOTALL)
_QUESTION = re.compile(r"^(?:(?:q|question|interviewer)\s*[:.]|[–—-]\s)\s*(?P<text>.*\?.*)$", re.DOTALL | re.I)
_INTERVIEWED_BY = re.compile(
    r"\b[Ii]nterview(?:ed|er)?\b[^.]{0,80}?\b(?:conducted|performed|taken|done|interviewed)?\s*by\s+(?P<who>[^.,;:()]{4,120})"
)


def _interviewer(paragraphs):
    """The person the text says put the questions ("The interview was conducted by … Elena Sokolova")."""
    for paragraph in paragraphs:
        for match in _INTERVIEWED_BY.finditer(paragraph):
            subject = parse_subject(match["who"].strip())
            if subject and subject.kind == "name" and len(subject.name.split()) > 1:
                return subject
    return None


class _Interview:
    """The turns of a question-and-answer transcript: labelled answers ("Rashid Alimov: …", "SCO
    Secretary-General Zhang Ming: …"), questions ("Question: …?", "– …?", put by the interviewer
    when the text names one), and the unlabelled answers that follow a question."""

    def __init__(self, interviewer):
        self.interviewer = interviewer
        self.answering = None  # the answer going on, in a transcript
        self.questions = 0  # questions seen: a transcript has several
        self.awaiting = False  # a question was just asked

    def turn(self, paragraph, attributed, people):
        """The quote a paragraph is as a turn of the interview, or None.

        ``attributed``: the paragraph's (sentence, attribution) pairs; a paragraph that attributes
        words itself is narrative, and ends the answer going on."""
        question = _QUESTION.match(paragraph)
        if question:
            self.questions, self.awaiting, self.answering = self.questions + 1, True, None
            return self._quote(self.interviewer, "", question["text"], people) if self.interviewer else None
        label = _LABEL.match(paragraph)
        answer = self._labelled(label, people) if label else None
        if answer:
            self.answering, self.awaiting = answer, False
            return answer
        if any(found for _, found in attributed) or is_quotation(paragraph):
            self.answering, self.awaiting = None, False
            return None
        if self.awaiting:  # the paragraph right after a question answers it
            self.answering, self.awaiting = self._answerer(people), False
        elif self.questions < MIN_TRANSCRIPT_QUESTIONS:
            self.answering = None  # one question in a report is no transcript: the answer was one paragraph
        return _continued(self.answering, paragraph, clean=False) if self.answering else None

    def _labelled(self, label, people):
        name, _, role = label["label"].partition(",")
        subject = parse_subject(name.strip())
        if subject is None or subject.kind != "name":
            return None
        known = people.full_name(subject.name)
        if not (subject.role or role.strip() or known and len(known.split()) > 1):
            return None  # "New Delhi: …" is a dateline; a name needs a role or an earlier mention
        return self._quote(subject, role.strip(), label["text"], people, known)

    def _quote(self, subject, appositive, text, people, known=None):
        name = known or people.full_name(subject.name) or subject.name
        if appositive:
            role, organization = split_title(appositive)  # a label's role reads like a title
        else:
            role, organization = split_title(subject.role) if subject.role else ("", "")
        speaker = people.speaker(name, role, organization)
        statement = _as_said(text)
        if speaker is None or len(statement.split()) < MIN_STATEMENT_WORDS:
            return None
        return QuoteFound(speaker.name, statement, True, speaker.role, speaker.organization)

    def _answerer(self, people):
        """Who answers an unlabelled answer: the last person quoted who is not the interviewer."""
        interviewer = _key(self.interviewer.name) if self.interviewer else None
        for name in people.recent_speakers():
            if _key(name) != interviewer:
                speaker = people.speakers[_key(name)]
                return QuoteFound(speaker.name, "", True, speaker.role, speaker.organization)
        return None


class _FoundQuotes:
    """The quotes of an article in order, each statement of a person once."""

    def __init__(self):
        self.quotes, self.seen = [], set()
        self.paragraph, self.paragraph_of = 0, {}  # the paragraph being read; each quote's paragraph
        self.unattributed = None  # the sentence just read, when it attributed nothing

    def add(self, quote):
        key = (_key(quote.person), quote.text)
        if key not in self.seen:
            self.seen.add(key)
            self.quotes.append(quote)
            self.paragraph_of[id(quote)] = self.paragraph


def _read_paragraph(paragraph, sentences, people, found, last_quote):
    """Add the quotes of one paragraph; return its closing quote if it ends inside a direct quotation."""
    current, reported = None, False  # the quote being read, and whether it opened the paragraph as reported speech
    for index, (sentence, attributed) in enumerate(sentences):
        people.note_mentions(sentence)
        people.note_unnamed(sentence)
        subject_here = people.current_subject = sentence_subject(sentence, people)
        if attributed and not attributed.statement and found.unattributed:  # "X made the remarks …"
            attributed.statement = found.unattributed
        new = _quotes_from(attributed, people) if attributed else _colon_quote(sentence, subject_here, people)
        # what "… made the remarks" may refer to: the sentence just read, if it gave nobody a quote
        # ("…, an Iranian diplomat said." gives its statement to the name that follows)
        found.unattributed = None if new else (attributed.statement if attributed else _unnamed_removed(sentence))
        if not new and not attributed and index == 0 and last_quote and is_quotation(paragraph):
            new = [_continued(last_quote, sentence)]  # a paragraph of quotation after a quote goes on with it
        if new:
            for quote in new:
                found.add(quote)
            current = new[-1]
            reported = index == 0 and not new[0].direct and attributed.verb not in attribution()["weak_verbs"]
        elif not attributed and current and _continues(sentence, current, reported, subject_here):
            if is_quotation(sentence) and not current.direct:
                current = _continued(current, sentence)
                found.add(current)
            else:
                current.text = f"{current.text} {clean_statement(sentence)[0]}"
        else:
            current = None
        people.previous_subject = current.person if current else subject_here
    return current if current and current.direct else None


def _continues(sentence, current, reported, subject_here):
    """A sentence without attribution goes on with the quote before it: a quotation, or, in a paragraph
    that opened with reported speech, any sentence that is not about someone else."""
    if is_quotation(sentence):
        return True
    return reported and subject_here in (None, current.person)


def _continued(quote, sentence, clean=True):
    """The quote going on in ``sentence``; ``clean=False`` for an answer, whose words are all its own
    ("That is for the heads of state to decide" keeps its "That")."""
    text = clean_statement(sentence)[0] if clean else _as_said(sentence)
    return QuoteFound(quote.person, text, True, quote.role, quote.organization)


def _as_said(text):
    """An answer's words as given, ending with a stop."""
    text = text.strip().rstrip(",;: ")
    return text + ("" if text.endswith((".", "!", "?", "…", "”", '"')) else ".")


_BARE_ATTRIBUTION_WORDS = 12


def _merge_bare_attributions(sentences):
    """Join "“…in the region.” Lavrov said." back into one sentence: the attribution was split off."""
    merged = []
    for sentence in sentences:
        if (
            merged
            and merged[-1][-1:] in '”"'
            and len(sentence.split()) <= _BARE_ATTRIBUTION_WORDS
            and next(attribution_verbs(sentence), None)
            and find_attribution(sentence) is None
        ):
            merged[-1] = f"{merged[-1]} {sentence}"
        else:
            merged.append(sentence)
    return merged


def _quotes_from(found, people):
    quotes = _quotes_of(found.subject, found.appositive, found, people)
    for subject, appositive in found.others:
        quotes += _quotes_of(subject, appositive, found, people)[:1]
    return quotes


def _quotes_of(subject, appositive, found, people):
    """The quotes an attribution gives one of its subjects."""
    name = people.resolve(subject)
    if not name:
        return []
    statement, direct = clean_statement(found.statement)
    if len(statement.split()) < MIN_STATEMENT_WORDS:
        return []
    if appositive:
        role, organization = split_role(appositive)
    elif subject.kind == "name" and subject.role:
        role, organization = split_title(subject.role)  # "Chinese President Xi Jinping"
    else:
        role, organization = "", ""
    speaker = people.speaker(name, role, organization)
    if speaker is None:
        return []
    role, organization = (role, organization) if role else (speaker.role, speaker.organization)
    quotes = [QuoteFound(speaker.name, statement, direct, role, organization)]
    if found.extra:
        extra, extra_direct = clean_statement(found.extra if found.extra[:1] in '“"' else f"that {found.extra}")
        if len(extra.split()) >= MIN_STATEMENT_WORDS:
            if extra_direct and direct:
                quotes[0].text = _join_quotations(statement, extra)
            else:
                quotes.append(QuoteFound(speaker.name, extra, extra_direct, role, organization))
    return quotes


def _join_quotations(first, second):
    """ "We are ready," he said, "to work with everyone." → one quotation."""
    if second[:1].islower():
        return f"{first.rstrip('.')} {second}"
    return f"{first} {second}"


def _colon_quote(sentence, subject_here, people):
    """ "X issued an appeal: “We must …”": a quotation introduced by a colon after a named subject."""
    match = _COLON_QUOTE.search(sentence)
    if not match or not subject_here:
        return []
    statement, _ = clean_statement(match["quote"])
    speaker = people.speaker(subject_here, "", "")
    if speaker is None or len(statement.split()) < MIN_STATEMENT_WORDS:
        return []
    return [QuoteFound(speaker.name, statement, True, speaker.role, speaker.organization)]
