"""Import benchmark: documents per second for parsing, and for parsing and writing to the database.

    python bench/import_bench.py [--documents N] [--seed S] [--database-name NAME]
    (or: make bench-import BENCH_ARGS="…")

A benchmark, not a test: it prints figures and never fails on them. Steps:

1. generate N documents with bench/documents.py (not timed);
2. time ``parse_document`` over all of them;
3. create a throwaway database of the configured engine (DATABASE_URL; SQLite by
   default) with Django's test-database machinery — the developer's database is
   never touched — and time ``import_document(parse_document(text))`` for every
   document, each in its own transaction as the writer does;
4. time the same again: every document is then "unchanged";
5. drop the throwaway database, print a table and write bench/results/import-<vendor>.json.

Targets: parsing at least 8 documents/s (their 300–1,500 words go through spaCy's parse where
they may attribute speech); writing alone (parse-and-write time less parse time) at least 100
documents/s on PostgreSQL. Everything runs in this one process, on one core; for folders,
``import_articles --jobs N`` parses in N processes.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
DEFAULT_DOCUMENTS = 300
MAX_DOCUMENTS = 20_000  # about 40 minutes of parsing; anything larger is a typo
PARSE_TARGET = 8  # documents/s
WRITE_TARGET = 100  # documents/s written, parse time excluded, on PostgreSQL
POSTGRES_BENCH_DB = "test_scoportal_bench"  # not test_scoportal, which `make test` may be using right now
CONNECT_TIMEOUT = 10  # seconds: an unreachable server fails the run instead of hanging it


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="bench/import_bench.py",
        description="Documents per second for parsing, and for parse-and-write to a throwaway database.",
    )
    parser.add_argument(
        "--documents", "-n", type=int, default=DEFAULT_DOCUMENTS, help=f"corpus size (default {DEFAULT_DOCUMENTS})"
    )
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0): the same seed, the same corpus")
    parser.add_argument(
        "--database-name",
        default=POSTGRES_BENCH_DB,
        metavar="NAME",
        help=f"the throwaway PostgreSQL database, created and then dropped (default {POSTGRES_BENCH_DB}); "
        "SQLite uses a temporary file",
    )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", args.database_name):
        parser.error(f"--database-name must be a plain PostgreSQL identifier (got {args.database_name!r})")
    if args.documents <= 0:
        parser.error(f"--documents must be a positive number of documents (got {args.documents})")
    if args.documents > MAX_DOCUMENTS:
        parser.error(f"--documents must be at most {MAX_DOCUMENTS} (got {args.documents})")
    return args


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoportal.settings")
    import django

    django.setup()


class Phase:
    """Wall-clock time of a pass over the corpus, and the time of each document in it."""

    def __init__(self, name):
        self.name = name
        self.times = []
        self.outcomes = {}
        self.failures = []
        self.seconds = 0.0

    def count(self, outcome):
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def figures(self):
        ordered = sorted(self.times)
        done = len(ordered)
        return {
            "documents": done + len(self.failures),
            "seconds": round(self.seconds, 3),
            "docs_per_second": round((done + len(self.failures)) / self.seconds, 1) if self.seconds else None,
            "median_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
            "p95_ms": round(ordered[int(0.95 * (done - 1))] * 1000, 2) if ordered else None,
            "max_ms": round(ordered[-1] * 1000, 2) if ordered else None,
            "outcomes": self.outcomes,
            "failures": len(self.failures),
            "first_failures": self.failures[:5],
        }


def run_pass(name, documents, step):
    """Call ``step(text)`` for every document; ImportFailure is counted, anything else stops the run."""
    from articles.ingest.parsed import ImportFailure

    phase = Phase(name)
    clock = time.perf_counter
    print(f"  {name}: {len(documents)} documents …", flush=True)
    started = clock()
    for index, text in enumerate(documents):
        before = clock()
        try:
            outcome = step(text)
        except ImportFailure as failure:
            phase.failures.append(f"document {index}: {failure}")
            phase.count("failed")
            continue
        phase.times.append(clock() - before)
        phase.count(outcome)
    phase.seconds = clock() - started
    return phase


def bench_parse(documents):
    from articles.ingest.pipeline import parse_document

    def step(text):
        parse_document(text)
        return "parsed"

    parse_document(documents[0])  # warm-up: compiles the vocabulary's patterns once (not timed)
    return run_pass("parse", documents, step)


def use_throwaway_database(connection, name):
    """Point the test-database machinery at a name of our own, and bound the connection attempt.

    The machinery drops a database of that name if one exists, so it must not be the configured one.
    """
    settings = connection.settings_dict
    settings.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        # A file, like the developer's database, rather than the in-memory database tests use.
        settings["TEST"]["NAME"] = str(Path(tempfile.gettempdir()) / f"scoportal-bench-{os.getpid()}.sqlite3")
    else:
        if name == settings["NAME"]:
            sys.exit(f"import_bench: --database-name {name} is the configured database; the benchmark would drop it")
        settings["TEST"]["NAME"] = name
        settings.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT)


def database_version(connection):
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    if connection.vendor == "postgresql":
        number = connection.pg_version  # e.g. 160004
        return f"{number // 10000}.{number % 10000}"
    return ""


def bench_write(documents, database_name):
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from articles.ingest.pipeline import parse_document
    from articles.ingest.writer import Lookups, import_document
    from articles.models import Article
    from people.models import Person, Quote

    use_throwaway_database(connection, database_name)
    print(f"  creating the throwaway {connection.display_name} database {connection.settings_dict['TEST']['NAME']} …")
    old_config = setup_databases(verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set())
    try:
        database = {
            "vendor": connection.vendor,
            "name": connection.display_name,
            "version": database_version(connection),
            "throwaway_database": connection.settings_dict["NAME"],
        }
        lookups = Lookups()  # one per batch, as the import_articles command does
        step = lambda text: import_document(parse_document(text), lookups=lookups).outcome  # noqa: E731
        written = run_pass("parse + write", documents, step)
        rows = {"articles": Article.objects.count(), "people": Person.objects.count(), "quotes": Quote.objects.count()}
        again = run_pass("re-import", documents, step)
    finally:
        teardown_databases(old_config, verbosity=0)
    return database, written, again, rows


def code_fingerprint():
    """Which importer the figures belong to: the git commit, and a hash of the importer's files as they are now
    (they may have uncommitted changes)."""
    import hashlib
    import subprocess

    files = sorted([*(ROOT / "articles" / "ingest").rglob("*.py"), *(ROOT / "articles" / "ingest").rglob("*.json")])
    files += [ROOT / "articles" / "models.py", ROOT / "people" / "models.py", ROOT / "people" / "names.py"]
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {"git_commit": commit or None, "importer_files_sha256": digest.hexdigest()[:16]}


def met(value, target):
    return None if value is None else value >= target


def report(args, corpus_seconds, words, parsed, database, written, again, rows, code):
    parse, write, reimport = parsed.figures(), written.figures(), again.figures()
    on_postgres = database["vendor"] == "postgresql"
    write_only = (
        round(args.documents / (written.seconds - parsed.seconds), 1) if written.seconds > parsed.seconds else None
    )
    results = {
        "benchmark": "import",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
        "code": code,
        "documents": args.documents,
        "seed": args.seed,
        "corpus": {"generated_in_seconds": round(corpus_seconds, 2), "mean_words": round(words / args.documents)},
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "single_process": True,
        },
        "parse": parse,
        "parse_and_write": write,
        "write_only_docs_per_second_derived": write_only,
        "reimport_unchanged": reimport,
        "rows_written": rows,
        "targets": {
            "parse_docs_per_second": PARSE_TARGET,
            "parse_met": met(parse["docs_per_second"], PARSE_TARGET),
            "write_docs_per_second_postgresql": WRITE_TARGET,
            "write_met": met(write_only, WRITE_TARGET) if on_postgres else None,
        },
    }

    def verdict(value, target, applies=True):
        if not applies:
            return f"(≥{target} applies to PostgreSQL)"
        return f"≥{target}: {'met' if met(value, target) else 'NOT met'}"

    print()
    print(
        f"Import benchmark — {database['name']} {database['version']}, {args.documents} documents "
        f"(seed {args.seed}, {results['corpus']['mean_words']} words on average), "
        f"Python {platform.python_version()}, one process"
    )
    header = f"{'pass':<28}{'docs/s':>9}{'median ms':>11}{'p95 ms':>9}{'total s':>9}  target"
    print(header)
    print("-" * (len(header) + 30))
    lines = (
        ("parse", parse, verdict(parse["docs_per_second"], PARSE_TARGET)),
        ("parse + write (new)", write, ""),
        ("re-import (all unchanged)", reimport, ""),
    )
    for label, figures, target in lines:
        print(
            f"{label:<28}{figures['docs_per_second']:>9.1f}{figures['median_ms'] or 0:>11.2f}"
            f"{figures['p95_ms'] or 0:>9.2f}{figures['seconds']:>9.2f}  {target}"
        )
    if write_only:
        print(
            f"write alone (derived: parse + write time minus parse time): {write_only:.1f} docs/s  "
            f"{verdict(write_only, WRITE_TARGET, on_postgres)}"
        )
    print(
        f"outcomes: write {write['outcomes']}, re-import {reimport['outcomes']}; rows: {rows['articles']} articles, "
        f"{rows['people']} people, {rows['quotes']} quotes"
    )
    for phase in (parse, write, reimport):
        for failure in phase["first_failures"]:
            print(f"  failed: {failure}")
    if reimport["outcomes"].get("unchanged", 0) != len(again.times):
        print("WARNING: the re-import was expected to find every document unchanged")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"import-{database['vendor']}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"importer: commit {code['git_commit']}, files {code['importer_files_sha256']}")
    print(f"figures written to {path.relative_to(ROOT)}")
    return results


def main(argv=None):
    args = parse_args(argv)
    setup_django()
    from bench.documents import generate_documents

    print(f"import benchmark: generating {args.documents} documents (seed {args.seed}) …", flush=True)
    started = time.perf_counter()
    documents = generate_documents(args.documents, seed=args.seed)
    corpus_seconds = time.perf_counter() - started
    words = sum(len(text.split()) for text in documents)
    code = code_fingerprint()
    parsed = bench_parse(documents)
    database, written, again, rows = bench_write(documents, args.database_name)
    if code_fingerprint() != code:
        print("WARNING: the importer's files changed while the benchmark ran; run it again for consistent figures")
    report(args, corpus_seconds, words, parsed, database, written, again, rows, code)
    return 0


if __name__ == "__main__":
    sys.exit(main())
