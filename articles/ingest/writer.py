"""The one stage that touches the database: persist a ParsedArticle, idempotently."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import reduce
from operator import or_

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q

from articles.models import Article, ArticleAuthor, Author, Place, Source, TaggedPlace, TaggedTopic, Topic, content_hash
from articles.search import refresh_search_vectors
from articles.shared_rows import get_or_create_shared
from people.models import Person, PersonAlias, Quote
from people.names import name_key
from scoportal.slugs import save_with_unique_slug

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
ATTEMPTS = 3  # a document whose transaction failed on a conflict is tried again, with every name read afresh


@dataclass
class ImportResult:
    article: Article
    outcome: str


class Lookups:
    """Sources, authors, people and tags already met in a batch, by name, so later documents skip the query.

    A row created inside a document's transaction is remembered only once that
    transaction has committed: a rolled-back document leaves nothing behind. A row
    someone else committed meanwhile is remembered at once.
    """

    def __init__(self):
        self.known, self.pending = {}, {}

    def get(self, kind, key):
        return self.pending.get((kind, key)) or self.known.get((kind, key))

    def rows(self, kind, names, key, find, make):
        """key → row for each name: from memory, else found by ``find(missing)``, else ``make(key, name)``.

        ``make`` returns ``(row, created)`` (``get_or_create_shared``); names are made in key order,
        so concurrent imports take the locks on them in one order.
        """
        wanted = {key(name): name for name in names}
        missing = {k: n for k, n in wanted.items() if self.get(kind, k) is None}
        if missing:
            for k, row in find(missing).items():
                self.known.setdefault((kind, k), row)
            for k in sorted(k for k in missing if self.get(kind, k) is None):
                row, created = make(k, missing[k])
                (self.pending if created else self.known)[(kind, k)] = row
        return {k: self.get(kind, k) for k in wanted}

    def commit(self):
        self.known.update(self.pending)
        self.pending.clear()

    def rollback(self):
        self.pending.clear()

    def forget(self):
        """Read every name again: a remembered row may have been deleted or merged meanwhile."""
        self.known.clear()
        self.pending.clear()


def by_name(model):
    """A ``find`` for Lookups.rows: rows of ``model`` whose name matches, case aside."""

    def find(missing):
        rows = model.objects.filter(reduce(or_, (Q(name__iexact=name) for name in missing.values())))
        return {row.name.casefold(): row for row in rows}

    return find


def find_people(missing):
    """People whose name or alias has one of these keys (case, accents and punctuation aside); two queries."""
    found = {}
    for person in Person.objects.filter(name_key__in=missing).order_by("-pk"):
        found[person.name_key] = person  # the oldest wins when two share a name
    aliases = PersonAlias.objects.filter(name_key__in=missing.keys() - found.keys()).select_related("person")
    for alias in aliases:
        found.setdefault(alias.name_key, alias.person)
    return found


def as_datetime(value):
    """Scraped dates carry no time zone; they are stored as UTC (a date alone as midnight)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=UTC)
    raise TypeError(f"not a date: {value!r}")


def import_document(parsed, *, status=Article.Status.DRAFT, lookups=None):
    """Create the article for a parsed document, in one transaction.

    The same raw text is never imported twice: an existing article with the same
    content hash is left as it is ("unchanged"), except that a draft imported
    again with status=published is published ("updated"). Pass one ``Lookups``
    to every call of a batch to save the queries for names already met.

    A transaction that fails on a conflict (``retryable``) is tried again: if the
    same document was imported meanwhile it is then found by its hash, otherwise
    it is written again with every name read afresh; a last failure is raised.
    """
    lookups = lookups or Lookups()
    digest = content_hash(parsed.raw_text)
    for attempt in range(1, ATTEMPTS + 1):
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is not None:
            return _import_again(existing, status)
        try:
            with transaction.atomic():
                article = _create(parsed, status, lookups)
        except (IntegrityError, OperationalError) as error:
            lookups.forget()
            if attempt == ATTEMPTS or not retryable(error):
                existing = Article.objects.filter(content_hash=digest).first()
                if existing is not None:
                    return _import_again(existing, status)
                raise
        except BaseException:
            lookups.rollback()
            raise
        else:
            lookups.commit()
            return ImportResult(article, CREATED)
    raise AssertionError("unreachable")


def retryable(error):
    """A conflict with another writer: a unique or foreign key (IntegrityError), a deadlock, a locked SQLite file."""
    if isinstance(error, IntegrityError):
        return True
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate in {"40001", "40P01"} or "database is locked" in str(error)


def _import_again(existing, status):
    if status == Article.Status.PUBLISHED and existing.status == Article.Status.DRAFT:
        existing.status = status
        existing.save(update_fields=["status", "updated_at"])
        return ImportResult(existing, UPDATED)
    return ImportResult(existing, UNCHANGED)


def make_named(model):
    """A ``make`` for Lookups.rows: the row of ``model`` with this name (case aside), made if there is none."""
    return lambda key, name: get_or_create_shared(model, {"name__iexact": name}, {"name": name}, lock_key=key)


def make_person(key, name):
    """The person with this name or alias (``find_people``), made if there is none."""
    return get_or_create_shared(
        Person, {}, {"name": name}, find=lambda: find_people({key: name}).get(key), lock_key=key
    )


MAKERS = {Person: (find_people, make_person)}


def _create(parsed, status, lookups):
    def named(kind, model, names, key=str.casefold):
        find, make = MAKERS.get(model, (by_name(model), make_named(model)))
        return lookups.rows(kind, names, key, find, make)

    if connection.vendor == "postgresql":
        # An import can be re-run (it is idempotent), so it need not wait for each commit to reach the disk.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    source = next(iter(named("source", Source, [parsed.source] if parsed.source else []).values()), None)
    authors = list(named("author", Author, parsed.authors).values())
    if len(authors) == 1 and parsed.author_bio and not authors[0].bio:
        authors[0].bio = parsed.author_bio
        authors[0].save(update_fields=["bio"])
    article = Article(
        title=parsed.stored_title[:500],
        standfirst=parsed.standfirst,
        body=parsed.body,
        source=source,
        published_at=as_datetime(parsed.published),
        dateline=parsed.dateline[:200],
        author_bio=parsed.author_bio,
        photo_caption=parsed.photo_caption,
        photo_credit=parsed.photo_credit[:300],
        import_notes="\n".join(parsed.warnings),
        status=status,
        raw_text=parsed.raw_text,
    )
    article.search_refresh_later = True  # once, when the quotes and tags are in (below)
    save_with_unique_slug(article)
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author=author, position=position)
        for position, author in enumerate(dict.fromkeys(authors))
    )
    people = named("person", Person, [speaker.name for speaker in parsed.people], key=name_key)
    Quote.objects.bulk_create(
        Quote(
            article=article,
            person=people[name_key(quote.person)],
            text=quote.text,
            is_direct=quote.direct,
            role=quote.role[:300],
            organization=quote.organization[:300],
            position=quote.position,
            body_start=quote.start,  # offsets into parsed.body, stored unchanged as article.body
            body_end=quote.end,
        )
        for quote in parsed.quotes
    )
    # Tag links are written in one insert per kind rather than through taggit's
    # add(), which costs several queries per tag (measured by make bench-import).
    for model, through, names in [(Topic, TaggedTopic, parsed.topics), (Place, TaggedPlace, parsed.places)]:
        tags = named(model.__name__, model, names)
        through.objects.bulk_create(through(content_object=article, tag=tag) for tag in dict.fromkeys(tags.values()))
    refresh_search_vectors([article.pk])
    return article
