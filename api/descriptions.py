"""What each endpoint says about itself to partners: the browsable API, the OpenAPI schema and the landing page.

The views' docstrings are written for whoever maintains them (the classes they
reuse, why an order was chosen); partners read these instead. Each endpoint
(a view, and for a viewset its action) has a ``Doc``: a ``summary`` of a few
words (the operation's title in the docs) and a ``text`` in a small Markdown:
paragraphs split by blank lines and `code` in single backquotes, nothing else.
Its first paragraph says what the endpoint gives; the landing page shows it.

``REST_FRAMEWORK["VIEW_DESCRIPTION_FUNCTION"]`` is ``view_description`` below
(what the browsable API and OPTIONS show), and ``api.schema.AutoSchema`` reads
``doc_for`` for the operations' summary and description. tests/api checks
that every endpoint of ``api/urls.py`` has one and that the list texts name
every filter of their FilterSet.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from rest_framework.views import get_view_description as drf_view_description

from api.pagination import MAX_PAGE_SIZE

PAGING = f"Paged: follow the `next` and `previous` links; `page_size` sets the page's length (up to {MAX_PAGE_SIZE})."
FIELDS = "`fields=name,slug` returns only those fields."


@dataclass(frozen=True)
class Doc:
    summary: str
    text: str

    @property
    def lead(self):
        """The first paragraph: what the endpoint gives."""
        return paragraphs(self.text)[0]

    @property
    def markdown(self):
        """The text as the schema's Markdown: one line per paragraph."""
        return "\n\n".join(paragraphs(self.text))


def paragraphs(text):
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


ARTICLES = Doc(
    "List articles",
    f"""
    Published articles, newest first, with the same filters as the site's article list.

    Filters: `topic`, `place`, `author` and `person` (slugs; repeat one for articles with all of
    its values), `source` (a slug), `year`, `month` (1 to 12, with `year`), `published_after` and
    `published_before` (dates, `YYYY-MM-DD`) and `q` (the site's search). An unknown value is a 400
    naming the filter and the value.

    `fields=title,slug` returns only those fields. `facets=topic,place,source,person,year` adds
    `facets`: for each facet asked for, its top 10 values as `{{value, label, count}}`, the counts
    the site shows. A facet that could not be counted in time (a search matching most articles,
    say) is `[]` and named in `facets_timed_out`; narrower filters count it. On a very broad list
    (more than about 10,000 articles) the counts are estimated from a sample, rounded to two
    significant figures, and the facets are named in `facets_estimated`.

    {PAGING} Newest first (the publication date, or else the date the article was added), or
    oldest first with `sort=oldest`; `sort=relevance` is accepted but keeps the date order. Pages
    never repeat or skip an article while others are published. `format=csv` gives the page as CSV.
    """,
)
ARTICLE = Doc(
    "One article",
    """
    One published article by its slug: its text, source, byline in order, topics and places, and
    the people it quotes with their statements in the article's order.

    `fields=` picks fields as in the list; `format=csv` gives it as one CSV row. An unknown or
    unpublished article is a 404.
    """,
)
SOURCES = Doc(
    "List sources",
    f"""
    The sources (newspapers, news agencies, journals, think tanks…) with published articles, by
    name, each with `article_count`: how many of its articles are published.

    {FIELDS} {PAGING}
    """,
)
SOURCE = Doc(
    "One source",
    """
    One source by its slug, with `article_count`. A source with no published article is a 404.
    """,
)
AUTHORS = Doc(
    "List authors",
    f"""
    The authors of published articles, by name, each with their affiliation, `bio` and
    `article_count`: how many of their articles are published.

    {FIELDS} {PAGING}
    """,
)
AUTHOR = Doc(
    "One author",
    """
    One author by their slug, with `article_count`. An author with no published article is a 404.
    """,
)
PEOPLE = Doc(
    "List quoted people",
    f"""
    The people quoted in published articles, by name, each with `quote_count` (their quotes in
    published articles) and the role and organization they were last quoted with.

    `q` finds the names and aliases containing the text, as the site's people search does.
    {FIELDS} {PAGING}
    """,
)
PERSON = Doc(
    "One quoted person",
    """
    One quoted person by their slug: as in the list, plus their `aliases`, `latest_quotes` (the
    five latest, newest article first) and `quotes_url`, the link to all their quotes.

    All their quotes are a paged list at `quotes_url` (the quotes endpoint with `person=<slug>`).
    A person quoted only in unpublished articles is a 404.
    """,
)
QUOTES = Doc(
    "List quotes",
    f"""
    Quotes from published articles, newest article first, each article's quotes in the order they
    appear, with the person and the article they come from.

    Filters: `person`, `article`, `source`, `topic` and `place` (slugs), `published_after` and
    `published_before` (the article's date, `YYYY-MM-DD`), `direct` (`true` for quoted words,
    `false` for reported speech). An unknown value is a 400 naming the filter and the value.

    `fields=text,person` returns only those fields. {PAGING} `format=csv` gives the page as CSV.
    """,
)
TAGS = Doc(
    "List topics and places",
    """
    The topics and places of published articles, topics first, each kind by name, with `kind`
    (`topic` or `place`) and `article_count`.

    `kind=topic` or `kind=place` gives one kind only. Not paged: both lists are short and curated.
    """,
)
IMPORT = Doc(
    "Import a draft",
    """
    Staff only: import the text of one article as a draft, through the same importer as the admin;
    nothing is published from here.

    Send `{"text": "…", "name": "…"}` (`name` labels the upload). The answer is 201 with the new
    draft's slug, title, status, people and quotes found and the importer's warnings; 200 when the
    same text was imported before; 422 when the importer refuses it. It needs a signed-in staff
    member allowed to add articles: an API key alone never writes.
    """,
)
ARTICLE_TAGS = Doc(
    "Replace an article's tags",
    """
    Staff only: replace the topics and/or places of an article, drafts included.

    Send `{"topics": […], "places": […]}` (up to 50 each); a kind left out keeps its tags. Tags are
    matched by name, capitals aside, and made when new. As in the admin, changing a published or
    archived article needs the permission to publish, and the change is kept in the article's
    history. It needs a signed-in staff member allowed to change articles.
    """,
)
ROOT = Doc(
    "The partner API",
    """
    The entry point of the partner API: a link to each of its lists. Opened in a browser, it is the
    guide to the API: what it offers, its documentation, keys and limits.
    """,
)

# By view (module and name, so this module imports no view), then by viewset action (None: any).
DOCS = {
    "articles.api.views.ArticleViewSet": {"list": ARTICLES, "retrieve": ARTICLE},
    "articles.api.views.SourceViewSet": {"list": SOURCES, "retrieve": SOURCE},
    "articles.api.views.AuthorViewSet": {"list": AUTHORS, "retrieve": AUTHOR},
    "articles.api.views.TagViewSet": {"list": TAGS},
    "people.api.views.PersonViewSet": {"list": PEOPLE, "retrieve": PERSON},
    "people.api.views.QuoteViewSet": {"list": QUOTES},
    "articles.api.writes.ImportView": {None: IMPORT},
    "articles.api.writes.ArticleTagsView": {None: ARTICLE_TAGS},
    "api.views.PartnerRootView": {None: ROOT},
}


def dotted_name(view_class):
    return f"{view_class.__module__}.{view_class.__qualname__}"


def doc_for(view_class, action=None):
    """The ``Doc`` of a view's action (or of the view), or None for a view partners are not told about."""
    docs = DOCS.get(dotted_name(view_class), {})
    return docs.get(action) or docs.get(None)


def view_action(view):
    """A viewset's action; for OPTIONS ("metadata") or a method it lacks, the one its route stands for."""
    action = getattr(view, "action", None)
    detail = getattr(view, "detail", None)  # on a viewset's routes: True for an object's, False for a list's
    if action in (None, "metadata") and detail is not None:
        return "retrieve" if detail else "list"
    return action


def view_description(view, html=False):
    """``VIEW_DESCRIPTION_FUNCTION``: the partner text of the view (DRF's own for any other view)."""
    doc = doc_for(type(view), view_action(view))
    if doc is None:
        return drf_view_description(view, html)
    return as_html(doc.text) if html else doc.markdown


def inline_html(text):
    """One paragraph as HTML: escaped, `code` as <code>."""
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text)))


def as_html(text):
    return mark_safe("".join(f"<p>{inline_html(paragraph)}</p>" for paragraph in paragraphs(text)))
