"""Who said what in one sentence, read from spaCy's dependency parse and named entities.

A speech verb ("said", "emphasized", "wrote", "shared his view", "according to") is found by its
written form; its speaker is the verb's grammatical subject, whichever side of the statement it
stands on ("…,” Logvinov said", "Prime Minister X stated, “…”"), the agent of a passive ("This
was stated by Prof. X"), or the subject of the clause a participle hangs on ("X highlighted …,
emphasizing that …"). The statement is the verb's clausal complement, its quotation, or its
object. The subject phrase is then read by ``quotes.parse_subject`` (names, roles written
before a name, pronouns, "the minister"), and organisations and places the entity recogniser
knows are never people.
"""

import re
from functools import cache

from articles.ingest.vocab import attribution

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Participles and coordinated verbs take the subject of the verb they hang on: "…, adding that …"
_INHERITS_SUBJECT = ("advcl", "conj", "xcomp", "relcl")
_STATEMENT_DEPS = ("ccomp", "parataxis")
_OBJECT_DEPS = ("dobj", "xcomp", "attr", "oprd")
_NOT_PERSON_ENTITIES = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_QUOTE_MARKS = frozenset('“”"')
MAX_SUBJECT_HOPS = 3
MIN_QUOTATION_WORDS = 3
MIN_VIEW_WORDS = 4
MAX_TITLE_WORDS = 20


@cache
def speech_forms():
    """Written forms of the speech verbs, each with what must follow it (a particle or a preposition)."""
    vocab = attribution()
    forms = {}
    for phrase in [*vocab["verb_phrases"], *vocab["weak_verb_phrases"]]:
        first, _, rest = phrase.lower().partition(" ")
        forms.setdefault(first, set()).add(rest)
    return forms


def find_spoken(doc):
    """(subjects, statement, verb) for the first speech verb with a subject, or None.

    ``subjects`` are (phrase, appositive) pairs, several when coordinated ("X and Y said"):
    the phrase is text for ``quotes.parse_subject``; the appositive is the description between
    commas after a name ("…, SCO Secretary-General,"), before it ("The head of the Ministry, X,"),
    or the organisation after it ("X of the Wilson Centre"). ``statement`` is text, with its
    quotation marks when it is a quotation.
    """
    for token in doc:
        found = _according_to(token) if token.lower_ == "according" else _spoken_by(token)
        if found:
            return found
    return None


def _spoken_by(verb):
    follows = speech_forms().get(verb.lower_)
    view = _view_object(verb)
    if (follows is None and view is None) or verb.pos_ not in ("VERB", "AUX") or _inside_quotation(verb):
        return None
    needed = _needed_words(verb, follows) if follows else None
    if needed is None and view is None:
        return None
    subject = _subject_of(verb)
    if subject is None:
        return None
    if subject.dep_ == "pobj" and subject.head.dep_ == "agent":
        subjects = _listed_people(subject) or [_subject_phrase(subject)]  # "presented by A, B and C"
    else:
        subjects = [_subject_phrase(token) for token in _coordinated(subject)]
    subjects = [found for found in subjects if found[0] is not None]
    if not subjects:
        return None
    strong = needed is not None and verb.lower_ + needed in _strong_forms()
    statement = _statement_of(verb, subject, strong=strong)
    if statement is None and view is not None:
        statement = _view_text(view)
    if statement is None:
        return None
    return subjects, statement, " ".join(filter(None, [verb.lower_, needed]))


def _view_text(view):
    """What a view object says ("dissatisfaction over the delays"); "" for one that says nothing
    itself ("made the remarks"): the statement is the sentence before."""
    text = _span_text(view)
    return text if len(text.split()) >= MIN_VIEW_WORDS else ""


def _view_object(verb):
    """The object that makes a verb speech ("expressed hope", "made the statement"), or None."""
    objects = attribution()["speech_objects"].get(verb.lower_)
    if not objects:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ in objects), None)


def _listed_people(head):
    """(phrase, "") for each titled name in a list ("by Governor of the region Ilya Sorin, Transport
    Minister Oleg Vasin and Minister of Health, Labour and Welfare Irina Pak"): the list
    is cut at its commas and "and"s, and the pieces before a name are its title. Empty when the
    list names fewer than two people."""
    doc = head.doc
    tokens = sorted(head.subtree, key=lambda t: t.i)
    people, title_start, piece = [], tokens[0].i, []
    for token in [*tokens, None]:
        if token is not None and not (token.text == "," or token.lower_ == "and" and token.dep_ == "cc"):
            piece.append(token)
            continue
        if piece:
            span = doc[piece[0].i : piece[-1].i + 1]
            if len(name_tokens(span)) >= 2:
                people.append((doc[title_start : piece[-1].i + 1].text.strip(" ,"), ""))
                title_start = token.i + 1 if token is not None else title_start
        piece = []
    return people if len(people) >= 2 else []


def _coordinated(token):
    """The token and the names coordinated with it: "A, B and C"."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ == "PROPN":
            found += _coordinated(child)
    return found


@cache
def _strong_forms():
    """Verbs that make a statement of whatever follows them, not only of a clause or a quotation."""
    return frozenset(p.lower().replace(" ", "") for p in attribution()["verb_phrases"])


def _needed_words(verb, follows):
    """The particle or preposition a phrasal speech verb needs ("pointed out", "called for"): "" for a
    one-word verb, None when the words that must follow it are not there."""
    if "" in follows:
        return ""
    after = {child.lower_ for child in verb.children}
    if verb.i + 1 < len(verb.doc):
        after.add(verb.nbor(1).lower_)
    return next((rest for rest in sorted(follows, key=len, reverse=True) if rest.split()[0] in after), None)


def _subject_of(verb, hops=0):
    """The token that says: the verb's subject, a passive's agent, or the subject the verb inherits."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        person = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if person is not None:
            return person
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
    if subject is not None:
        return subject if subject.dep_ == "nsubj" or agent is None else None
    if verb.dep_ == "relcl" and hops < MAX_SUBJECT_HOPS:
        return verb.head  # "Li, who noted that …"
    if verb.dep_ in _INHERITS_SUBJECT and hops < MAX_SUBJECT_HOPS and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head, hops + 1)
    return _person_just_before(verb)


def _person_just_before(verb):
    """A person named right before a verb the parser left without a subject ("…, Cong Peiwu, praised")."""
    index = verb.i - 1
    while index >= 0 and verb.doc[index].is_punct:
        index -= 1
    if index < 0 or verb.i - index > 2:
        return None
    token = verb.doc[index]
    return token if token.ent_type_ == "PERSON" and token.pos_ == "PROPN" else None


def _subject_phrase(head):
    """(text of the subject phrase, appositive) for a subject token; (None, "") for no person."""
    if head.pos_ == "PRON":
        return (head.text, "") if head.lower_ in attribution()["pronouns"] else (None, "")
    if _names_a_thing(head):
        return None, ""
    appositives = [c for c in head.rights if c.dep_ == "appos"]
    core = _core_text(head)
    if appositives and appositives[0].pos_ == "PROPN" and (head.pos_ != "PROPN" or _is_title(head)):
        named = appositives[0]
        if not _names_a_thing(named):
            return _core_text(named), core  # "The head of the Ministry, Oleg Vasin,"
    if head.pos_ == "PROPN":
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ in ("of", "from", "at")), None)
        if of is not None and any(t.ent_type_ == "ORG" for t in of.subtree):  # "Michael Kugelman of the Wilson Centre"
            return head.doc[head.left_edge.i : of.i].text, _span_text(of)
    appositive = _span_text(appositives[0]) if appositives else ""
    return core, appositive


def _is_title(token):
    """ "Ambassador", "Minister": a title, not a name, even when tagged a proper noun."""
    vocab = attribution()
    return token.text in vocab["titles"] or token.lower_ in vocab["role_noun_set"]


def _names_a_thing(token):
    """A one-word name the entity recogniser reads as an organisation or place ("Xinhua", "Kazakhstan")."""
    if token.ent_type_ not in _NOT_PERSON_ENTITIES:
        return False
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return entity is not None and len(entity) == 1


def name_tokens(span):
    """The tokens of the name that ends a subject phrase: its last proper noun and the proper nouns
    compounded with it ("Farrukh Nazarov" in "Minister of Energy and Water Resources Farrukh
    Nazarov"), whatever the entity recogniser read there (it often reads such a run as an
    organisation)."""
    if not len(span) or span[-1].pos_ != "PROPN":
        return []
    vocab = attribution()
    name = [span[-1]]
    for token in reversed(span[:-1]):
        if token.pos_ != "PROPN" or token.dep_ not in ("compound", "flat") or token.head not in name:
            break
        if token.text in vocab["not_name_words"] or token.text in vocab["titles"]:
            break  # "of the Federal Republic Ilya Sorin": "Republic" is no part of the name
        name.insert(0, token)
    return name


def _core_text(head):
    """The subject's words without its appositive and relative clause: "Minister of Energy … Daler Jumaev"."""
    start = head.left_edge.i
    end = head.i
    for child in head.rights:
        if child.dep_ in ("prep", "compound", "flat", "nmod") and not any(c.dep_ == "appos" for c in child.subtree):
            end = child.right_edge.i
        else:
            break
    doc = head.doc
    while start < end and doc[start].is_punct:
        start += 1
    return doc[_title_before(doc, start) : end + 1].text


_TITLE_CONNECTORS = frozenset({"of", "and", "for", "the", "(", ")", "-", "'s", "’s"})


def _title_before(doc, start):
    """Where a title the parser left out of the subject starts ("Managing Director of the X Company
    (XC) Padmanabhan Raja Jaishankar said"): the capitalised words and connectors before ``start``
    back to a title word; ``start`` itself when there is none."""
    index = start
    while index > 0 and (doc[index - 1].text[:1].isupper() or doc[index - 1].lower_ in _TITLE_CONNECTORS):
        index -= 1
    while index < start and doc[index].lower_ in _TITLE_CONNECTORS:
        index += 1
    return index if index < start and is_title_phrase(doc[index:start]) else start


def _span_text(token):
    doc = token.doc
    start, end = token.left_edge.i, token.right_edge.i
    while end > start and doc[end].is_punct:
        end -= 1
    return doc[start : end + 1].text


def _statement_of(verb, subject, strong):
    """The text the verb attributes: its quotation, its clause, or (for a strong verb) its object."""
    quoted = _quotation_outside(verb, subject)
    if quoted:
        return quoted
    for child in verb.children:
        if child.dep_ in _STATEMENT_DEPS and child.i != subject.i:
            return _span_text(child)
    if any(child.dep_ == "agent" for child in verb.children):
        return verb.doc.text  # "This was stated by X": the sentence says what "this" is
    if not strong:
        return None
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS:
            return _span_text(child)
        if child.dep_ == "prep" and child.lower_ in ("for", "on", "about", "of"):
            return _span_text(child)
    return None


def _quotation_outside(verb, subject):
    """The quoted passages of the sentence, when the verb and its subject stand outside them."""
    doc = verb.doc
    passages, start, inside = [], None, False
    for token in doc:
        if token.text in _QUOTE_MARKS or token.text == "''" or token.text == "``":
            if not inside:
                start, inside = token.i, True
            elif token.text != "“":
                passages.append(doc[start : token.i + 1])
                inside = False
    if inside and start is not None:
        passages.append(doc[start:])
    passages = [
        p
        for p in passages
        if not (p.start <= verb.i < p.end or p.start <= subject.i < p.end)
        and sum(not t.is_punct for t in p) >= MIN_QUOTATION_WORDS  # not a scare quote: the “three evils”
    ]
    return " ".join(p.text for p in passages) or None


def _inside_quotation(token):
    """True when the token stands between an opening and a closing quotation mark."""
    before = token.doc[: token.i].text
    opened = before.count("“") - before.count("”")
    return opened > 0 or ("“" not in before and before.count('"') % 2 == 1)


def _according_to(token):
    """ "According to X, the statement." / "the statement, according to X, director of …"."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
        to = token.nbor(1)
    person = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if person is None:
        return None
    subjects = [found for t in _coordinated(person) if (found := _subject_phrase(t))[0] is not None]
    if not subjects:
        return None
    skipped = {t.i for t in token.subtree}
    statement = "".join(t.text_with_ws for t in token.doc if t.i not in skipped).strip(" ,.;")
    return (subjects, statement, "according to") if statement else None


@cache
def _speech_word():
    words = sorted({*speech_forms(), *attribution()["speech_objects"], "according"}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE)


def may_attribute(sentence):
    """A cheap test before the parse: the sentence has a word that may be a speech verb."""
    return _speech_word().search(sentence) is not None


def is_title_phrase(span):
    """A title written before a name: it starts with a title or role word ("Minister of Energy and
    Water Resources", "Chairman of the organizing committee, head of the President's Office")."""
    vocab = attribution()
    words = span.text.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and any(
        w in vocab["titles"] or w.lower() in vocab["role_noun_set"] for w in words[:2]
    )
