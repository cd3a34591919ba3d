"""Reads for the public pages about people and what they said.

Every queryset here starts from ``Article.objects.published()``, or applies its
rule (``published_condition``) to the article a quote already joins: a quote, a
count or a topic from an unpublished article never reaches the public. The
precomputed figures (``PersonTotal``, people/totals.py) are counted by the same
rule and read only while current (a ``state`` from ``facet_totals.current_state()``).
"""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from articles.models import IMPORT_DATA, Article, TaggedTopic, published_condition
from people.models import Person, PersonAlias, Quote
from people.names import name_key

MAX_PEOPLE_QUERY_LENGTH = 200


# Quotes in reading order: the newest article first, then as they come in the article.
NEWEST_ARTICLE_FIRST = (F("article__sort_date").desc(), F("article_id").desc(), F("position").asc())
NEWEST_STATEMENT_FIRST = (*NEWEST_ARTICLE_FIRST, F("pk").asc())  # one quote first, even of two in one place


def public_quotes(now=None):
    """Quotes from published articles only (the rule of ``Article.objects.published()``, on the quote's article)."""
    return Quote.objects.filter(published_condition(now, through="article__"))


def with_articles(quotes):
    """Quotes with their article and its source, less the article's large fields no quote list shows."""
    return quotes.select_related("article__source").defer(*(f"article__{name}" for name in (*IMPORT_DATA, "body")))


def with_quotes(articles):
    """Articles with their quotes and the people quoted (``article.quotes.all()``), in one more query."""
    return articles.prefetch_related(Prefetch("quotes", queryset=Quote.objects.select_related("person")))


def people_with_quote_counts(query="", state=None):
    """People quoted in published articles, with ``quote_count`` (published quotes only), most quoted first.

    ``query`` matches the name or any alias, ignoring case, accents and
    punctuation. With ``state`` (``articles.facet_totals.current_state()``, not
    ``None``: the precomputed figures are current) the people, counts and order
    are read from ``PersonTotal``, with their latest roles; else counted here
    (at 100,000 articles, a quarter of a second to order the index), and what
    they were quoted as comes with ``with_latest_roles``.
    """
    if state is not None:
        people = Person.objects.filter(total__isnull=False).order_by("total__rank")
        people = people.annotate(
            quote_count=F("total__quote_count"),
            latest_role=F("total__latest_role"),
            latest_organization=F("total__latest_organization"),
        )
    else:
        people = Person.objects.filter(quotes__article__in=Article.objects.published())
        people = people.annotate(quote_count=Count("quotes")).order_by("-quote_count", "name", "pk")
    key = name_key(query or "")
    if key:
        aliases = PersonAlias.objects.filter(name_key__contains=key).values("person_id")
        people = people.filter(Q(name_key__contains=key) | Q(pk__in=aliases))
    return people


def with_latest_roles(people):
    """The people (a page of them), each with the role and organization of their latest published quote that states one.

    ``latest_role`` and ``latest_organization``, ``None`` when no published quote
    states a role. People read with them (precomputed, ``people_with_quote_counts``)
    keep theirs; the others' come in one query, a window over these people's
    quotes: as two subqueries a person, the first page of the index (the most
    quoted) was several times slower (docs/performance.md).
    """
    people = list(people)
    wanted = {person.pk for person in people if not hasattr(person, "latest_role")}
    if not wanted:
        return people
    latest = (
        public_quotes()
        .filter(person__in=wanted)
        .exclude(role="")
        .annotate(newness=Window(RowNumber(), partition_by=F("person_id"), order_by=list(NEWEST_STATEMENT_FIRST)))
        .filter(newness=1)
        .values_list("person_id", "role", "organization")
    )
    found = {person_id: (role, organization) for person_id, role, organization in latest}
    for person in people:
        if person.pk in wanted:
            person.latest_role, person.latest_organization = found.get(person.pk, (None, None))
    return people


def quoted_people(state):
    """The people a public page may show one of: while ``state`` is current, only those quoted in a published
    article, each with their precomputed figures (``person.total``); else everyone (the caller counts).
    """
    if state is None:
        return Person.objects.all()
    return Person.objects.filter(total__isnull=False).select_related("total")


def person_quotes(person):
    """A person's published quotes with their articles, grouped by article, newest article first."""
    return with_articles(public_quotes().filter(person=person)).order_by(*NEWEST_ARTICLE_FIRST, "pk")


def public_quote_count(person, now=None):
    """How many quotes of ``person`` are in published articles: ``public_quotes().filter(person=...).count()``, faster.

    All their quotes less those in articles the public cannot see (any other
    status, or published with a date still to come), in one query: a pass over
    the (person, article) index and two lookups of the few hidden articles by
    status and by date. The join ``public_quotes`` counts through reads every
    article quoting the person, several times slower for the most quoted
    (docs/performance.md). The hidden articles are
    ``unpublished()`` and ``scheduled()``, the complement of ``published()``
    beside it; the tests compare both counts for each status.
    """
    now = now or timezone.now()
    in_other_status = Q(article__in=Article.objects.unpublished())
    scheduled = Q(article__in=Article.objects.scheduled(now))
    counts = Quote.objects.filter(person=person).aggregate(
        every=Count("*"), hidden=Count("article", filter=in_other_status | scheduled)
    )
    return counts["every"] - counts["hidden"]


def latest_role(person):
    """``(role, organization)`` of ``person``'s latest published quote that states a role, else ``(None, None)``.

    What ``with_latest_roles`` gives a page of people, for one person in one
    query that walks their quotes newest article first and stops at the first
    with a role; the window there ranks every quote of theirs.
    """
    quotes = public_quotes().filter(person=person).exclude(role="").order_by(*NEWEST_STATEMENT_FIRST)
    return quotes.values_list("role", "organization").first() or (None, None)


def person_topics(person, limit=None):
    """The topics of the published articles quoting a person: [{slug, name, count}], count = articles, one query."""
    articles = Article.objects.published().filter(pk__in=Quote.objects.filter(person=person).values("article_id"))
    rows = (
        TaggedTopic.objects.filter(content_object__in=articles.values("pk"))
        .values(slug=F("tag__slug"), name=F("tag__name"))
        .annotate(count=Count("content_object"))
        .order_by("-count", "name")
    )
    return list(rows[:limit] if limit else rows)


RELATED_CANDIDATES = 300
RELATED_PROBED = 1000  # the newest articles whose own links are looked up; past them, the links are hashed


def related_articles(article, topic_ids, person_ids, limit=5):
    """Published articles sharing topics or quoted people with ``article``, in one query.

    Among the ``RELATED_CANDIDATES`` newest that share anything: the most
    shared (topics plus people) first, then the newest. Each carries
    ``shared_topics`` and ``shared_people``. ``topic_ids`` and ``person_ids`` come
    from what the article page has already loaded.

    Whether an article shares anything is asked in two ways with one answer.
    Among the ``RELATED_PROBED`` newest, by looking up that article's own
    links: broad topics and people fill the candidates within a few hundred
    articles. Past them, against all links of these topics and people, read
    once: rare ones leave the walk to go far. As one condition PostgreSQL read
    every link first (134,000 for the benchmark's article: 40 of its 50 ms).
    """
    topic_ids, person_ids = list(topic_ids), list(person_ids)
    if not topic_ids and not person_ids:
        return []
    topic_links = TaggedTopic.objects.filter(tag_id__in=topic_ids)
    people_quotes = Quote.objects.filter(person_id__in=person_ids)
    zero = Value(0, output_field=IntegerField())
    shared_topics = Coalesce(
        Subquery(
            topic_links.filter(content_object=OuterRef("pk"))
            .order_by()
            .values("content_object")
            .annotate(n=Count("tag_id"))
            .values("n"),
            output_field=IntegerField(),
        ),
        zero,
    )
    shared_people = Coalesce(
        Subquery(
            people_quotes.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(n=Count("person_id", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        zero,
    )
    # Only where the probing ends, read from the order index alone; what is shown is ``published()``.
    edge = Article.objects.filter(status=Article.Status.PUBLISHED).newest_first().values("sort_date")
    probed_since = Subquery(edge[RELATED_PROBED : RELATED_PROBED + 1])
    shares_any = Case(
        When(sort_date__gte=probed_since, then=Q(GreaterThan(shared_topics, 0)) | Q(GreaterThan(shared_people, 0))),
        default=Q(pk__in=topic_links.values("content_object_id")) | Q(pk__in=people_quotes.values("article_id")),
        output_field=BooleanField(),
    )
    # Only the newest related articles are scored: a popular topic is shared by tens of thousands.
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(shares_any)
        .newest_first()
        .values("pk")[:RELATED_CANDIDATES]
    )
    return list(
        Article.objects.filter(pk__in=candidates)
        .without_import_data()
        .defer("body")  # a related article is listed by its title, date and source
        .select_related("source")
        .annotate(shared_topics=shared_topics, shared_people=shared_people)
        .annotate(shared=F("shared_topics") + F("shared_people"))
        .order_by("-shared", "-sort_date", "-pk")[:limit]
    )
