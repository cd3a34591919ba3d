"""sitemap.xml: the public pages and nothing else.

``/sitemap.xml`` is an index of one sitemap per section (``/sitemap-articles.xml``,
paged with ``?p=2`` and on): a single sitemap shows only the first page of each
section, which left every article past the 50,000th out. Pages hold
``PAGE_SIZE`` URLs.

Every section starts from ``Article.objects.published()``: published articles,
the people quoted in them, and the sources, authors, topics and places that
have at least one. A URL's ``lastmod`` is its newest published article's last
change, annotated in the query.

What it costs, whatever the number of articles (measured at 100,000, issue 19):

- A section page is one query, its rows, written out as text (people: two
  while their precomputed dates are current, the state and the rows): Django's
  sitemap view spent over 100 µs a URL on ``reverse()`` and the template, most
  of a second for a page, and its paginator counted the section first. (Its
  ``Last-Modified`` header is gone with it: nothing here answers
  ``If-Modified-Since`` on these pages, and it meant reading every datetime.)
- The index needs only how many pages each section has and its newest change.
  The counts are the precomputed facet totals (``articles.facet_totals``) while
  they are current, else counted here, one query a section that stops at each
  thing's first published article; the newest changes
  come from one pass over the published articles, which reads whether each of
  the most recently changed ones has quotes, a source, a byline, topics and
  places. Only a section none of those belongs to is dated by a query of its
  own (rare: on the 100,000-article corpus the newest article has all five).
"""

import math
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import BooleanField, CharField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, Subquery
from django.db.models.functions import Cast, TruncDate
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.facet_totals import current_state
from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    FacetTotal,
    Place,
    Source,
    TaggedPlace,
    TaggedTopic,
    Topic,
    published_condition,
)
from people.models import Person, Quote

PAGE_SIZE = 5_000  # a sitemap may hold 50,000 URLs; a page of 5,000 is ~1 MB of XML
MAX_PAGE = 100_000  # ?p= past this is a 404 without a query (and no offset overflows)
RECENT = 50  # how many of the most recently changed articles date the sections in the index

XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
URLSET_START = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{XMLNS}" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
INDEX_START = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{XMLNS}">\n'


SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the <slug:> converter accepts: safe in a URL and in XML


def as_url_part(slug):
    """A slug as its URL writes it; one the URL pattern would refuse (never written by the models) still quoted."""
    return slug if SLUG.fullmatch(slug) else quote(slug, safe="")


def as_date(expression):
    """The ``YYYY-MM-DD`` text of a datetime's date in the current time zone, as Django's sitemaps show it."""
    return Cast(TruncDate(expression), CharField())


@dataclass(frozen=True)
class Section:
    changefreq: str
    priority: str

    def pages(self, count):
        return max(1, math.ceil(count / PAGE_SIZE))  # the first page exists even when empty


class StaticSection(Section):
    """The home page and the two lists: no query, no date."""

    names = ("home", "articles:list", "people:list")

    def urls(self, offset, now):
        return [(reverse(name), None) for name in self.names] if offset == 0 else []


@dataclass(frozen=True)
class SlugSection(Section):
    """Rows with a slug, each page at ``url_name``; ``rows(now)`` is a queryset of (slug, lastmod).

    ``lastmod`` is written by the database as the text of its date (``as_date``):
    reading 5,000 datetimes into Python took longer than the query.
    """

    url_name: str

    def urls(self, offset, now):
        prefix = reverse(self.url_name, args=["-"]).removesuffix("-/")
        rows = self.rows(now)[offset : offset + PAGE_SIZE]
        return [(f"{prefix}{as_url_part(slug)}/", lastmod) for slug, lastmod in rows]


@dataclass(frozen=True)
class ArticleSection(SlugSection):
    def rows(self, now):
        return Article.objects.published(now).order_by("pk").values_list("slug", as_date("updated_at"))


@dataclass(frozen=True)
class LinkedSection(SlugSection):
    """People, sources, authors, topics or places with at least one published article.

    ``path`` goes from the model to its articles. For the index, ``link`` is the
    model linking an article to one of these (``None``: the article's own
    ``source``), with its field naming the article (``to_article``) and the one
    naming the thing (``to_model``).
    """

    model: type
    path: str
    link: type | None
    to_article: str
    to_model: str

    def rows(self, now):
        # The rule applies to the joined articles themselves: a semi-join on published() joined them twice.
        return (
            self.model.objects.filter(published_condition(now, through=f"{self.path}__"))
            .annotate(lastmod=as_date(Max(f"{self.path}__updated_at")))
            .order_by("pk")
            .values_list("slug", "lastmod")
        )

    def count(self, now):
        """How many have a published article: one query, which stops at the first such article of each.

        Not ``Exists()``: PostgreSQL turned that into a join of every link with
        the published articles (0.7 s for people at 100,000 articles, where
        joining and counting distinct took 0.45 s); a subquery with a limit is
        looked up row by row, one or two index probes each (0.1 s).
        """
        if self.link is None:
            articles = Article.objects.filter(**{self.to_model: OuterRef("pk")}).filter(published_condition(now))
        else:
            articles = self.link.objects.filter(**{self.to_model: OuterRef("pk")}).filter(
                published_condition(now, through=f"{self.to_article}__")
            )
        first = Subquery(articles.order_by().values(self.to_article or "pk")[:1])  # in the link's index
        return self.model.objects.alias(first=first).filter(first__isnull=False).count()

    def has_one(self):
        """An expression on an article: whether it has one of these (any article that has is in the section)."""
        if self.link is None:
            return ExpressionWrapper(Q(**{f"{self.to_model}__isnull": False}), output_field=BooleanField())
        return Exists(self.link.objects.filter(**{self.to_article: OuterRef("pk")}))


@dataclass(frozen=True)
class PeopleSection(LinkedSection):
    """The people, each dated by their precomputed newest change (``PersonTotal``) while it is current.

    Dating everyone through all their published quotes took about half a
    second at 100,000 articles (692,000 quotes); the precomputed rows are read in
    a few milliseconds, after one more query for the state.
    """

    def rows(self, now):
        if current_state() is None:
            return super().rows(now)
        people = Person.objects.filter(total__isnull=False).order_by("pk")
        return people.values_list("slug", as_date("total__last_changed"))


LINKED_PAGE = ("weekly", "0.5")
SECTIONS = {
    "static": StaticSection("daily", "0.8"),
    "articles": ArticleSection("weekly", "0.6", "articles:detail"),
    "people": PeopleSection(*LINKED_PAGE, "people:detail", Person, "quotes__article", Quote, "article", "person"),
    "sources": LinkedSection(*LINKED_PAGE, "articles:source", Source, "articles", None, "", "source"),
    "authors": LinkedSection(*LINKED_PAGE, "articles:author", Author, "articles", ArticleAuthor, "article", "author"),
    "topics": LinkedSection(*LINKED_PAGE, "articles:topic", Topic, "articles", TaggedTopic, "content_object", "tag"),
    "places": LinkedSection(*LINKED_PAGE, "articles:place", Place, "articles", TaggedPlace, "content_object", "tag"),
}
FACET_OF = {"people": "person", "sources": "source", "authors": "author", "topics": "topic", "places": "place"}
LINKED = [name for name, section in SECTIONS.items() if isinstance(section, LinkedSection)]


def section_counts(now):
    """{section: how many URLs} for the sections drawn from the database.

    Two queries while the facet totals are current (they hold the published
    count and a row per person, source, author, topic and place with a
    published article); else one count per section.
    """
    state = current_state()
    if state is not None:
        rows = FacetTotal.objects.filter(facet__in=FACET_OF.values()).values("facet").annotate(n=Count("pk"))
        by_facet = {row["facet"]: row["n"] for row in rows.order_by()}
        counts = {name: by_facet.get(facet, 0) for name, facet in FACET_OF.items()}
        return {"articles": state.published_count, **counts}
    counts = {name: SECTIONS[name].count(now) for name in LINKED}
    return {"articles": Article.objects.published(now).count(), **counts}


def recently_changed(now):
    """The ids of the ``RECENT`` most recently changed published articles, walking the ``article_changed`` index."""
    return Article.objects.published(now).order_by("-updated_at").values("pk")[:RECENT]


def section_lastmods(now):
    """{section: the newest change among its published articles, or None}.

    The ``RECENT`` most recently changed published articles are read once, each
    with whether it has quotes, a source, a byline, topics and places (the
    database tests that for those rows only, after sorting): a section's date is
    its first article among them. Only a section none of them belongs to is
    looked up in full, one query.
    """
    flags = {name: SECTIONS[name].has_one() for name in LINKED}
    # The newest first in a subquery, the links tested outside it: over the whole table, PostgreSQL planned
    # each test as a hash of all its links (0.7 s), not as 50 index look-ups.
    recent = (
        Article.objects.filter(pk__in=recently_changed(now))
        .annotate(**{f"has_{name}": flag for name, flag in flags.items()})
        .order_by("-updated_at")
        .values_list("updated_at", *(f"has_{name}" for name in LINKED))
    )
    recent = list(recent)
    lastmods = {"articles": recent[0][0] if recent else None}
    for position, name in enumerate(LINKED, start=1):
        dated = next((row[0] for row in recent if row[position]), None)
        if dated is None and len(recent) == RECENT:  # older articles may still have one
            in_section = Article.objects.published(now).filter(flags[name])
            dated = in_section.aggregate(latest=Max("updated_at"))["latest"]
        lastmods[name] = dated
    return lastmods


def xml_response(body):
    response = HttpResponse(body, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap views
    return response


def site_root(request):
    return escape(f"{request.scheme}://{request.get_host()}")


def index(request):
    """The sitemap index: every page of every section, each dated by its section's newest change."""
    now = timezone.now()
    counts, lastmods = section_counts(now), section_lastmods(now)
    root = site_root(request)
    entries = []
    for name, section in SECTIONS.items():
        location = f"{root}{reverse('sitemap-section', kwargs={'section': name})}"
        lastmod = lastmods.get(name)
        dated = f"<lastmod>{timezone.localtime(lastmod).isoformat()}</lastmod>" if lastmod else ""
        pages = section.pages(counts[name]) if name in counts else 1
        for page in range(1, pages + 1):
            suffix = f"?p={page}" if page > 1 else ""
            entries.append(f"<sitemap><loc>{location}{suffix}</loc>{dated}</sitemap>")
    return xml_response(INDEX_START + "".join(entries) + "\n</sitemapindex>\n")


def page_number(request):
    """``?p=``: a whole number from 1 to ``MAX_PAGE`` (absent: 1); anything else is a 404."""
    value = request.GET.get("p", "1")
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_PAGE:
        raise Http404("No such sitemap page")
    return int(value)


def section(request, section):
    """One page of a section, one query: its URLs with their newest change (a date, as Django's sitemaps give it)."""
    if section not in SECTIONS:
        raise Http404("No such sitemap")
    page = page_number(request)
    sitemap = SECTIONS[section]
    urls = sitemap.urls((page - 1) * PAGE_SIZE, timezone.now())
    if not urls and page > 1:
        raise Http404("No such sitemap page")
    root = site_root(request)
    tail = f"<changefreq>{sitemap.changefreq}</changefreq><priority>{sitemap.priority}</priority></url>"
    parts = []
    for path, lastmod in urls:
        dated = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{root}{path}</loc>{dated}{tail}")
    return xml_response(URLSET_START + "".join(parts) + "\n</urlset>\n")
