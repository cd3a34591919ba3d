"""Import a batch of documents, each on its own: one failure never stops or spoils the others.

Used by the import_articles command, the admin's import page and the API alike. Parsing is pure
(no database) and can run in other processes (``parse_files`` with jobs > 1); writing is done by
the caller's process, one transaction per file. This module is importable before Django is set
up, as a parsing process needs it to be: the writer and the models are imported where used.
"""

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import repeat
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

from articles.ingest.parsed import ImportFailure
from articles.ingest.pipeline import parse_document

if TYPE_CHECKING:
    from articles.models import Article

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = {".txt", ".html", ".htm"}
FAILED, PARSED = "failed", "parsed"
MAX_CHUNK = 8  # files handed to a parsing process at a time: few enough for an even share and a moving progress bar
# A short document that goes through every stage, parsed once by each parsing process as it starts so
# that the vocabularies and the NLP model are loaded before the first real file.
WARM_UP = (
    "SCO ministers meet in Astana\n\nBy Aigerim Seitkali\n\n"
    "ASTANA — Foreign ministers of the SCO met on Friday. “We agreed on the agenda,” Foreign Minister Ivan Petrov said."
)


@dataclass
class FileReport:
    file: str
    outcome: str
    parsed: object = None
    article: "Article | None" = None
    error: str = ""


def find_documents(paths):
    """Files to import: the given files, and .txt/.html files found in the given folders, recursively."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def import_one(name, data, *, status=None, dry_run=False, lookups=None):
    """Parse and (unless dry_run) write one document; never raises, reports instead.

    ``status`` is the writer's (draft unless given). Share one ``Lookups`` between the files
    of a batch to save queries.
    """
    report = parse_one(name, data)
    if report.outcome == FAILED or dry_run:
        return report
    return write_one(report, status=status, lookups=lookups)


def parse_one(name, data):
    """Parse one document: a PARSED report with the article, or a FAILED one with the reason; never raises."""
    try:
        return FileReport(name, PARSED, parsed=parse_document(data))
    except ImportFailure as failure:
        return FileReport(name, FAILED, error=str(failure))
    except Exception as error:  # a bug must not cost the rest of the batch
        logger.exception("unexpected error parsing %s", name)
        return FileReport(name, FAILED, error=f"unexpected error: {type(error).__name__}: {error}")


def write_one(report, *, status=None, lookups=None):
    """Write a PARSED report's article in its own transaction (``import_document``); never raises."""
    from articles.ingest.writer import import_document  # noqa: PLC0415 - see the module's docstring
    from articles.models import Article  # noqa: PLC0415

    try:
        result = import_document(report.parsed, status=status or Article.Status.DRAFT, lookups=lookups)
        return FileReport(report.file, result.outcome, parsed=report.parsed, article=result.article)
    except ImportFailure as failure:
        return FileReport(report.file, FAILED, error=str(failure))
    except Exception as error:  # a bug must not cost the rest of the batch
        logger.exception("unexpected error importing %s", report.file)
        return FileReport(report.file, FAILED, error=f"unexpected error: {type(error).__name__}: {error}")


def parse_files(paths, *, jobs=1, limit=None):
    """A report (``parse_one``) for each file, in the order of paths, as each is ready.

    With jobs > 1 the files are read and parsed in that many processes (parsing is CPU-bound),
    each set up once by ``_start_parsing_process``, a few files at a time; the reports come back
    in order, so a batch reports the same whatever the number of jobs. Files are read with
    ``read_document(path, limit)``.
    """
    paths = list(paths)
    jobs = min(jobs, len(paths))
    if jobs <= 1:
        yield from map(_parse_file, paths, repeat(limit))
        return
    chunksize = max(1, min(MAX_CHUNK, len(paths) // (jobs * 4)))
    # spawn, not fork: a forked child would share the parent's database connections and threads
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_parsing_process) as pool:
        done = 0
        try:
            for report in pool.map(_parse_file, paths, repeat(limit), chunksize=chunksize):
                done += 1
                yield report
        except BrokenProcessPool as error:
            reason = f"a parsing process stopped before this file was parsed ({error}); try again with --jobs 1"
            yield from (FileReport(str(path), FAILED, error=reason) for path in paths[done:])


def _start_parsing_process():
    """Set up a parsing process, once: Django (settings, apps), then what parsing loads (vocabularies, model)."""
    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoportal.settings")
    django.setup()
    parse_one("warm-up", WARM_UP)


def _parse_file(path, limit=None):
    try:
        data = read_document(path, limit)
    except OSError as error:
        return FileReport(str(path), FAILED, error=f"cannot read the file: {error.strerror or error}")
    return parse_one(str(path), data)


def read_document(path, limit=None):
    """The file's bytes; a file far over the size limit is not read whole."""
    with open(path, "rb") as handle:
        return handle.read(limit + 1) if limit else handle.read()
