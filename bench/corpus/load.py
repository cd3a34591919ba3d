"""Write a seed's synthetic corpus to the database, in batches.

Each batch of articles is one transaction holding the articles, their byline
rows, quotes and tag links and — on PostgreSQL — one set-based UPDATE of the
batch's stored search vectors (``articles.search.refresh_search_vectors``). No model's
save() runs and no signal fires; there is no query per row:

- the sources, authors, people (with aliases) and tags a batch refers to are
  looked up by name first (people by name key or alias, as the importer does),
  so a corpus loaded into a database with imported articles, or a second seed,
  reuses "Xinhua", "China" or "COVID-19" instead of duplicating them; those
  met for the first time are created with ``bulk_create`` in a short
  transaction of their own just before the batch (kept if the batch fails:
  the next run uses them);
- the article ids are reserved from the table's sequence in one query, so the
  articles, byline rows, quotes and tag links are written without reading ids
  back: with COPY on PostgreSQL, with executemany elsewhere (SQLite, for tests).

Re-running is safe. A generated article's slug ends in ``-c<seed>-<number>``;
the numbers of a seed already in the database are skipped, so running the same
command twice adds nothing the second time, an interrupted run is completed by
running it again, and ``--articles`` larger than before adds the missing
numbers. Another seed adds another corpus beside it.

Parallel writers. Computing the search vectors is most of the work on
PostgreSQL (to_tsvector reads about 3 MB of text a second on one core), so with
``jobs`` > 1 that many threads, each with its own connection, write whole
batches at once while the main thread generates the next ones and creates the
pool entries they refer to (committed before a batch is handed over: the
writers must see them). Batches may then commit out of order; a rerun fills any
gap. Inside a transaction (tests) other connections could not see its rows, so
batches are then written inline, one after the other.
"""

import queue
import re
import threading
import time
from collections import defaultdict

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.functions import Lower

from articles.models import Article, ArticleAuthor, Author, Place, Source, TaggedPlace, TaggedTopic, Topic
from articles.search import refresh_search_vectors
from bench.corpus.plan import slug_suffix_pattern
from people.models import Person, PersonAlias, Quote
from people.names import name_key
from scoportal.slugs import unique_slugs

LOOKUP_CHUNK = 200  # names per lookup or slug query (SQLite limits the depth of an OR)
TABLES = (Source, Author, Topic, Place, Person, PersonAlias, Article, ArticleAuthor, Quote, TaggedTopic, TaggedPlace)
ARTICLE_FIELDS = (
    "id",
    "title",
    "slug",
    "standfirst",
    "body",
    "source_id",
    "published_at",
    "dateline",
    "original_url",
    "status",
    "created_at",
    "updated_at",
    "author_bio",
    "photo_caption",
    "photo_credit",
    "import_notes",
    "raw_text",
)  # not content_hash (generated articles are not imports) nor search_vector (computed in the database)


class Timings:
    """Seconds spent in each phase, to see where a large load goes (summed over the writer threads)."""

    def __init__(self):
        self.seconds = defaultdict(float)
        self.lock = threading.Lock()

    def add(self, phase, started):
        now = time.perf_counter()
        with self.lock:
            self.seconds[phase] += now - started
        return now


class BatchFailed(Exception):
    def __init__(self, numbers, error):
        super().__init__(f"writing articles {numbers[0]}–{numbers[-1]} failed: {str(error).strip().rstrip('.')}")


def existing_numbers(seed):
    """The numbers of the seed's articles already in the database (generated ones carry no content hash)."""
    pattern = slug_suffix_pattern(seed)
    slugs = Article.objects.filter(slug__regex=pattern, content_hash__isnull=True).values_list("slug", flat=True)
    found = re.compile(pattern)
    return {int(found.search(slug).group(1)) for slug in slugs}


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Loader:
    """Writes articles of one ``Corpus``; remembers the database ids of the pool entries it has met."""

    def __init__(self, corpus):
        self.corpus = corpus
        self.ids = {kind: {} for kind in ("source", "author", "person", "topic", "place")}
        self.timings = Timings()
        self.rows = defaultdict(int)  # table → rows written
        self.rows_lock = threading.Lock()

    @property
    def connection(self):
        return connections[DEFAULT_DB_ALIAS]  # this thread's connection

    @property
    def postgresql(self):
        return self.connection.vendor == "postgresql"

    def count(self, model, rows):
        with self.rows_lock:
            self.rows[model._meta.db_table] += rows

    # The pools: found by name, else created --------------------------------------------------------------------

    def _resolve(self, kind, indices):
        known = self.ids[kind]
        missing = sorted({index for index in indices if index not in known})
        for chunk in _chunks(missing, LOOKUP_CHUNK):
            getattr(self, f"_resolve_{kind}")(chunk)

    def _by_lower_name(self, model, kind, chunk, names):
        """Existing rows of ``model`` with these names (case aside): pool index → id; the oldest row wins."""
        wanted = {names[index].lower(): index for index in chunk}
        rows = (
            model.objects.annotate(lowered=Lower("name"))
            .filter(lowered__in=list(wanted))
            .order_by("-pk")
            .values_list("lowered", "pk")
        )
        for lowered, pk in rows:
            self.ids[kind][wanted[lowered]] = pk
        return [index for index in chunk if index not in self.ids[kind]]

    def _create(self, model, kind, new, make, names, fallback):
        slugs = unique_slugs(model, [names[i] for i in new], fallback=fallback)
        rows = model.objects.bulk_create([make(index, slug) for index, slug in zip(new, slugs, strict=True)])
        for index, row in zip(new, rows, strict=True):
            self.ids[kind][index] = row.pk
        self.count(model, len(rows))

    def _resolve_source(self, chunk):
        specs = self.corpus.sources
        names = {index: specs[index].name for index in chunk}
        new = self._by_lower_name(Source, "source", chunk, names)
        if new:

            def make(index, slug):
                spec = specs[index]
                return Source(
                    name=spec.name, slug=slug, kind=spec.kind, country=spec.country, homepage_url=spec.homepage_url
                )

            self._create(Source, "source", new, make, names, "source")

    def _resolve_author(self, chunk):
        specs = self.corpus.authors
        names = {index: specs[index].name for index in chunk}
        new = self._by_lower_name(Author, "author", chunk, names)
        if new:

            def make(index, slug):
                spec = specs[index]
                return Author(name=spec.name, slug=slug, affiliation=spec.affiliation, bio=spec.bio)

            self._create(Author, "author", new, make, names, "author")

    def _resolve_tag(self, model, kind, chunk, all_names):
        names = {index: all_names[index] for index in chunk}
        new = self._by_lower_name(model, kind, chunk, names)
        if new:
            self._create(model, kind, new, lambda index, slug: model(name=names[index], slug=slug), names, kind)

    def _resolve_topic(self, chunk):
        self._resolve_tag(Topic, "topic", chunk, self.corpus.topics)

    def _resolve_place(self, chunk):
        self._resolve_tag(Place, "place", chunk, self.corpus.places)

    def _resolve_person(self, chunk):
        """People by name key, else by an alias's key (as the importer finds them); new ones with their aliases."""
        specs, known = self.corpus.people, self.ids["person"]
        wanted = {name_key(specs[index].name): index for index in chunk}
        people = Person.objects.filter(name_key__in=list(wanted)).order_by("-pk")
        for key, pk in people.values_list("name_key", "pk"):
            known[wanted[key]] = pk
        left = {key: index for key, index in wanted.items() if index not in known}
        if left:
            aliases = PersonAlias.objects.filter(name_key__in=list(left)).order_by("-pk")
            for key, person_id in aliases.values_list("name_key", "person_id"):
                known[left[key]] = person_id
        new = [index for index in chunk if index not in known]
        if not new:
            return
        names = {index: specs[index].name for index in new}

        def make(index, slug):
            spec = specs[index]
            return Person(name=spec.name, name_key=name_key(spec.name), slug=slug, description=spec.description)

        self._create(Person, "person", new, make, names, "person")
        aliases = [
            PersonAlias(person_id=known[index], name=alias, name_key=name_key(alias))
            for index in new
            for alias in specs[index].aliases
        ]
        PersonAlias.objects.bulk_create(aliases)
        self.count(PersonAlias, len(aliases))

    # Articles and what hangs off them ------------------------------------------------------------------------

    def run(self, numbers, *, batch_size, jobs=1, done=None):
        """Write the articles of these numbers, ``batch_size`` a transaction; ``done(n)`` after each batch."""
        done = done or (lambda count: None)
        batches = (numbers[start : start + batch_size] for start in range(0, len(numbers), batch_size))
        if jobs <= 1 or self.connection.in_atomic_block:
            for batch in batches:
                self.write_batch(batch, self.prepare(batch))
                done(len(batch))
            return
        work, failures = queue.Queue(maxsize=jobs), []

        def writer():
            try:
                while (item := work.get()) is not None:
                    if not failures:  # after a failure, only drain the queue
                        try:
                            self.write_batch(*item)
                            done(len(item[0]))
                        except Exception as error:  # reported by the main thread
                            failures.append(error)
            finally:
                self.connection.close()

        threads = [threading.Thread(target=writer, name=f"corpus-writer-{n}", daemon=True) for n in range(jobs)]
        for thread in threads:
            thread.start()
        try:
            for batch in batches:
                if failures:
                    break
                work.put((batch, self.prepare(batch)))
        finally:
            for _ in threads:
                work.put(None)
            for thread in threads:
                thread.join()
        if failures:
            raise failures[0]

    def prepare(self, numbers):
        """The articles of these numbers, and (committed) every pool entry they refer to."""
        try:
            started = time.perf_counter()
            specs = [self.corpus.article(number) for number in numbers]
            self.timings.add("generate (Python)", started)
            with transaction.atomic():
                self.resolve_pools(specs)
        except Exception as error:
            raise BatchFailed(numbers, error) from error
        return specs

    def resolve_pools(self, specs):
        """Ids for the sources, authors, people and tags of these articles: found by name, else created."""
        started = time.perf_counter()
        self._resolve("source", [s.source for s in specs if s.source is not None])
        self._resolve("author", [a for s in specs for a in s.authors])
        self._resolve("person", [q.person for s in specs for q in s.quotes])
        self._resolve("topic", [t for s in specs for t in s.topics])
        self._resolve("place", [p for s in specs for p in s.places])
        self.timings.add("pools (lookups and new rows)", started)

    def _reserve_ids(self, count):
        """``count`` fresh article ids, in one query, never reusing the id of a deleted article."""
        table = Article._meta.db_table
        with self.connection.cursor() as cursor:
            if self.postgresql:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(
                f"SELECT max(n) FROM (SELECT max(id) AS n FROM {table} "  # the table name comes from the model
                "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
                [table],
            )
            last = cursor.fetchone()[0] or 0
            return list(range(last + 1, last + 1 + count))

    def _write(self, model, attnames, rows):
        """Insert plain value tuples, in the order of ``attnames``: COPY on PostgreSQL, executemany elsewhere."""
        connection = self.connection
        fields = [model._meta.get_field(name) for name in attnames]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        table = quote(model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(fields))
                prepared = [
                    [f.get_db_prep_save(value, connection) for f, value in zip(fields, row, strict=True)]
                    for row in rows
                ]
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)
        self.count(model, len(rows))

    def write_batch(self, numbers, specs):
        """One transaction: the articles, their bylines, quotes, tag links and search vectors. Returns their ids.

        The pools must already hold every source, author, person and tag the articles refer to.
        """
        started = time.perf_counter()
        try:
            with transaction.atomic():
                connection = self.connection
                if self.postgresql:
                    # A batch lost in a crash is written again by the next run (see the module docstring).
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit TO OFF")
                ids = self._reserve_ids(len(specs))
                pairs = list(zip(ids, specs, strict=True))
                source, author, person = self.ids["source"], self.ids["author"], self.ids["person"]
                topic, place = self.ids["topic"], self.ids["place"]
                self._write(
                    Article,
                    ARTICLE_FIELDS,
                    [
                        (
                            pk,
                            s.title,
                            s.slug,
                            s.standfirst,
                            s.body,
                            None if s.source is None else source[s.source],
                            s.published_at,
                            s.dateline,
                            s.original_url,
                            s.status,
                            s.created_at,
                            s.created_at,
                            s.author_bio,
                            s.photo_caption,
                            s.photo_credit,
                            "",
                            "",
                        )
                        for pk, s in pairs
                    ],
                )
                started = self.timings.add("insert articles", started)
                self._write(
                    ArticleAuthor,
                    ("article_id", "author_id", "position"),
                    [(pk, author[a], n) for pk, s in pairs for n, a in enumerate(s.authors)],
                )
                self._write(
                    Quote,
                    ("article_id", "person_id", "text", "is_direct", "role", "organization", "position"),
                    [
                        (pk, person[q.person], q.text, q.is_direct, q.role[:300], q.organization[:300], q.position)
                        for pk, s in pairs
                        for q in s.quotes
                    ],
                )
                self._write(
                    TaggedTopic, ("content_object_id", "tag_id"), [(pk, topic[t]) for pk, s in pairs for t in s.topics]
                )
                self._write(
                    TaggedPlace, ("content_object_id", "tag_id"), [(pk, place[p]) for pk, s in pairs for p in s.places]
                )
                started = self.timings.add("insert bylines, quotes, tag links", started)
                if self.postgresql:
                    refresh_search_vectors(ids)  # one set-based UPDATE for the whole batch
                    started = self.timings.add("search vectors (UPDATE)", started)
        except Exception as error:
            raise BatchFailed(numbers, error) from error
        self.timings.add("commit (deferred foreign key checks)", started)
        return ids

    def analyze(self):
        """Fresh planner statistics for every table written (PostgreSQL; nothing elsewhere)."""
        if not self.postgresql:
            return
        started = time.perf_counter()
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(quote(model._meta.db_table) for model in TABLES))
        self.timings.add("ANALYZE", started)
