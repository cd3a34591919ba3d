"""python manage.py generate_corpus --articles N [--seed S] [--batch-size B] — a synthetic corpus for scale tests.

Deterministic: the same seed gives the same articles, authors, sources, people,
quotes and tags (bench/corpus/plan.py says how they are distributed).
Generated articles are not imports: they have no raw text and no content hash,
and their slugs end in ``-c<seed>-<number>``.

Running it again is safe: the seed's articles already in the database are
skipped, so the same command adds nothing the second time, completes a run
that was interrupted, and ``--articles`` larger than before adds the rest.
Another seed adds another corpus beside the first (bench/corpus/load.py).
"""

import re
import sys
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from tqdm import tqdm

from articles import content_version
from articles.facets import refresh_totals
from bench.corpus.load import TABLES, BatchFailed, Loader, existing_numbers
from bench.corpus.plan import Corpus

DEFAULT_BATCH_SIZE = 1000
DEFAULT_JOBS = 2  # writer threads on PostgreSQL: computing search vectors is most of the work
MAX_JOBS = 16
MAX_ARTICLES = 5_000_000  # about an hour and 45 GB on PostgreSQL; anything larger is a typo
MAX_SEED = 2**31 - 1
MAX_BATCH_SIZE = 20_000


def whole_number(option, text, minimum, maximum, what):
    """``text`` as an int in [minimum, maximum], or a CommandError that says what was expected."""
    expected = f"{option} must be a whole number{what} from {minimum:,} to {maximum:,}"
    if text is None:
        raise CommandError(f"{expected}: it is required")
    cleaned = str(text).strip().replace("_", "").replace(",", "")
    if not re.fullmatch(r"[+-]?[0-9]+", cleaned):
        raise CommandError(f"{expected} (got {text!r})")
    value = int(cleaned)
    if not minimum <= value <= maximum:
        raise CommandError(f"{expected} (got {value:,})")
    return value


class Command(BaseCommand):
    help = (
        "Add a deterministic synthetic corpus of N articles (with authors, sources, people, quotes and tags). "
        "Running it again adds only the articles of the seed that are missing."
    )

    def add_arguments(self, parser):
        # Numbers are checked in handle(), so that a bad one is a CommandError (exit status 1), as other errors are.
        parser.add_argument("--articles", metavar="N", help="how many articles the seed's corpus has (required)")
        parser.add_argument("--seed", metavar="S", default="0", help="corpus seed, 0 or more (default 0)")
        parser.add_argument(
            "--batch-size",
            metavar="B",
            default=str(DEFAULT_BATCH_SIZE),
            help=f"articles per transaction (default {DEFAULT_BATCH_SIZE})",
        )
        parser.add_argument(
            "--jobs",
            metavar="J",
            default=str(DEFAULT_JOBS),
            help=f"batches written at once, each by its own connection (default {DEFAULT_JOBS}; 1 on SQLite)",
        )

    def handle(self, *args, articles, seed, batch_size, jobs, verbosity, **options):
        count = whole_number("--articles", articles, 1, MAX_ARTICLES, " of articles")
        seed = whole_number("--seed", seed, 0, MAX_SEED, "")
        batch_size = whole_number("--batch-size", batch_size, 1, MAX_BATCH_SIZE, " of articles")
        jobs = whole_number("--jobs", jobs, 1, MAX_JOBS, "")
        if connection.vendor != "postgresql":
            jobs = 1  # one writer at a time on SQLite
        started = time.perf_counter()
        try:
            there = existing_numbers(seed)
        except DatabaseError as error:
            raise CommandError(f"cannot read the articles table ({error}); run migrate first?") from None
        todo = [number for number in range(count) if number not in there]
        if not todo:
            self.stdout.write(
                f"Seed {seed}: all {count:,} articles are already in the database; nothing added. "
                "Use another --seed, or a larger --articles, to add more."
            )
            return
        corpus = Corpus(seed)
        loader = Loader(corpus)
        loader.timings.add("generate (Python)", started)
        progress = tqdm(
            total=len(todo), desc=f"Seed {seed}", unit="article", file=sys.stderr, disable=None if verbosity else True
        )
        added, lock = 0, threading.Lock()

        def done(batch):  # called by the writer threads
            nonlocal added
            with lock:
                added += batch
                progress.update(batch)

        with progress:
            try:
                loader.run(todo, batch_size=batch_size, jobs=jobs, done=done)
            except BatchFailed as error:
                raise CommandError(
                    f"{error}. The {added:,} articles written before are kept; "
                    "run the same command again to add the rest."
                ) from None
        loader.analyze()
        if added:
            content_version.changed()  # bulk writes send no signals: retire cached pages and facet counts
            refresh_totals()
        self.report(seed, count, len(there), added, loader, time.perf_counter() - started, verbosity)

    def report(self, seed, count, there, added, loader, seconds, verbosity):
        if verbosity < 1:
            return
        already = f" ({there:,} were already there)" if there else ""
        self.stdout.write(f"Seed {seed}: added {added:,} of {count:,} articles{already} in {seconds:.1f} s.")
        for phase, spent in sorted(loader.timings.seconds.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {phase:<36} {spent:8.1f} s")
        written = ", ".join(
            f"{model._meta.db_table} {loader.rows[model._meta.db_table]:,}"
            for model in TABLES
            if loader.rows[model._meta.db_table]
        )
        self.stdout.write(f"  rows written: {written}")
