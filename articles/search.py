"""Full-text search: PostgreSQL's weighted tsvector where available, a plain match on SQLite.

Callers use ``ArticleQuerySet.search()`` and ``snippet()``; which engine runs
is decided here from the database the queryset reads from.

The vector weighs the title (A) above the standfirst, the names of the people
quoted, the authors and the tags (B), and the body (C). It is stored on the article and
refreshed by ``refresh_search_vectors`` whenever those parts change.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from django.utils.safestring import mark_safe

CONFIG = "english"
MAX_QUERY_LENGTH = 1024
MAX_FALLBACK_TERMS = 12  # the SQLite match costs a few conditions per term
MARK_START, MARK_END = "\u0002", "\u0003"  # highlight sentinels, replaced after escaping
SNIPPET_WINDOW, SNIPPET_LEAD = 1500, 500  # characters of the body read for a snippet, and how many before the match

_PEOPLE = """coalesce((SELECT string_agg(DISTINCT p.name, ' ') FROM people_quote q
    JOIN people_person p ON p.id = q.person_id WHERE q.article_id = a.id), '')"""
_ALIASES = """coalesce((SELECT string_agg(DISTINCT al.name, ' ') FROM people_quote q
    JOIN people_personalias al ON al.person_id = q.person_id WHERE q.article_id = a.id), '')"""
_AUTHORS = """coalesce((SELECT string_agg(au.name, ' ') FROM articles_articleauthor aa
    JOIN articles_author au ON au.id = aa.author_id WHERE aa.article_id = a.id), '')"""
_TOPICS = """coalesce((SELECT string_agg(t.name, ' ') FROM articles_taggedtopic tt
    JOIN articles_topic t ON t.id = tt.tag_id WHERE tt.content_object_id = a.id), '')"""
_PLACES = """coalesce((SELECT string_agg(t.name, ' ') FROM articles_taggedplace tp
    JOIN articles_place t ON t.id = tp.tag_id WHERE tp.content_object_id = a.id), '')"""
_VECTOR = f"""
    setweight(to_tsvector('{CONFIG}', coalesce(a.title, '')), 'A') ||
    setweight(to_tsvector('{CONFIG}', coalesce(a.standfirst, '') || ' ' || {_PEOPLE} || ' ' || {_ALIASES}
        || ' ' || {_AUTHORS} || ' ' || {_TOPICS} || ' ' || {_PLACES}), 'B') ||
    setweight(to_tsvector('{CONFIG}', coalesce(a.body, '')), 'C')"""
REFRESH_SQL = f"UPDATE articles_article a SET search_vector = {_VECTOR} WHERE a.id = ANY(%s)"
REFRESH_ALL_SQL = f"UPDATE articles_article a SET search_vector = {_VECTOR}"
SEARCH_INDEX_SQL = "CREATE INDEX IF NOT EXISTS article_search_vector_gin ON articles_article USING gin (search_vector)"


def is_postgresql(using):
    return connections[using].vendor == "postgresql"


def refresh_search_vectors(article_ids, using="default"):
    """Recompute the stored vectors of these articles (a no-op on SQLite)."""
    ids = list(article_ids)
    if ids and is_postgresql(using):
        with connections[using].cursor() as cursor:
            cursor.execute(REFRESH_SQL, [ids])


def parse_query(text):
    """(terms, excluded terms) of a websearch-style query: words, "quoted phrases", -exclusions.

    The SQLite match needs every term; "or" is read as a plain separator there.
    """
    terms, excluded = [], []
    for phrase, word in re.findall(r'(-?"[^"]+")|(\S+)', text):
        term = (phrase or word).strip()
        negated = term.startswith("-")
        term = term.lstrip("-").strip("\"'()+,.;:!?")
        if term and term.lower() != "or":
            (excluded if negated else terms).append(term)
    return terms, excluded


def search_terms(text):
    return parse_query(text)[0]


def web_query(text):
    """``text`` as PostgreSQL reads a search box: words, "quoted phrases", -exclusions, or."""
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def search(queryset, text):
    """Articles matching ``text``, annotated with ``rank`` (higher is better)."""
    if is_postgresql(queryset.db):
        query = web_query(text)
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    terms, excluded = parse_query(text)
    terms, excluded = terms[:MAX_FALLBACK_TERMS], excluded[:MAX_FALLBACK_TERMS]
    if not terms:
        return queryset.none()
    for term in terms:
        queryset = queryset.filter(_term_matches(queryset.model, term))
    for term in excluded:
        queryset = queryset.exclude(_term_matches(queryset.model, term))
    first = terms[0]
    return queryset.annotate(
        rank=Case(
            When(title__icontains=first, then=Value(3)),
            When(standfirst__icontains=first, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def _term_matches(model, term):
    """Subqueries rather than joins, so that an article matching twice is still one row.

    The link models are reached through ``model`` (the article), which keeps
    this module free of the models that import it.
    """

    def links(relation):
        return model._meta.get_field(relation).related_model.objects

    quoting = links("quotes").filter(Q(person__name__icontains=term) | Q(person__aliases__name__icontains=term))
    return (
        Q(title__icontains=term)
        | Q(standfirst__icontains=term)
        | Q(body__icontains=term)
        | Q(pk__in=links("topic_links").filter(tag__name__iexact=term).values("content_object_id"))
        | Q(pk__in=links("place_links").filter(tag__name__iexact=term).values("content_object_id"))
        | Q(pk__in=quoting.values("article_id"))
        | Q(pk__in=links("byline").filter(author__name__icontains=term).values("article_id"))
    )


def with_snippets(queryset, text):
    """Annotate ``snippet``: a passage of the body around the match, with sentinels around matched words."""
    if is_postgresql(queryset.db):
        headline = SearchHeadline(
            snippet_window(text), web_query(text), config=CONFIG, start_sel=MARK_START, stop_sel=MARK_END,
            max_words=40, min_words=20, max_fragments=2,
        )  # fmt: skip
        return queryset.annotate(snippet=headline)
    return queryset


def snippet_window(text):
    """The part of the body ``ts_headline`` reads: ``SNIPPET_WINDOW`` characters around the first search term.

    ``ts_headline`` parses all the text it is given, for each of a page's 20
    bodies: on long bodies that was half a surname search's time
    (docs/performance.md). Where the term's own spelling is not in the body (only a stemmed
    form is, or the match is in the title or names), the window is the body's start.
    """
    terms = search_terms(text)
    if not terms:
        return Substr("body", 1, SNIPPET_WINDOW)
    found = StrIndex(Lower("body"), Value(terms[0].lower()))
    return Substr("body", Greatest(found - SNIPPET_LEAD, Value(1)), SNIPPET_WINDOW)


def python_snippet(body, text, width=220):
    """The SQLite snippet: a window of the body around the first term found, terms marked."""
    terms = search_terms(text)
    lowered = body.lower()
    hits = [lowered.find(t.lower()) for t in terms if lowered.find(t.lower()) >= 0]
    start = max(min(hits) - width // 3, 0) if hits else 0
    window = body[start : start + width]
    for term in sorted(terms, key=len, reverse=True):
        window = re.sub(re.escape(term), lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", window, flags=re.I)
    return ("…" if start else "") + window + ("…" if start + width < len(body) else "")


def render_snippet(snippet):
    """Escape the snippet, then turn the sentinels into <mark>: imported text is never trusted as HTML."""
    escaped = html.escape(snippet)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308
