"""Import a batch of documents, each on its own: one failure never stops or spoils the others.

Used by the import_articles command, the admin's import page and the API alike.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from articles.ingest.parsed import ImportFailure
from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = {".txt", ".html", ".htm"}
FAILED, PARSED = "failed", "parsed"


@dataclass
class FileReport:
    file: str
    outcome: str
    parsed: object = None
    article: Article | None = None
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


def import_one(name, data, *, status=Article.Status.DRAFT, dry_run=False, lookups=None):
    """Parse and (unless dry_run) write one document; never raises, reports instead.

    Share one ``Lookups`` between the files of a batch to save queries.
    """
    try:
        parsed = parse_document(data)
        if dry_run:
            return FileReport(name, PARSED, parsed=parsed)
        result = import_document(parsed, status=status, lookups=lookups)
        return FileReport(name, result.outcome, parsed=parsed, article=result.article)
    except ImportFailure as failure:
        return FileReport(name, FAILED, error=str(failure))
    except Exception as error:  # a bug must not cost the rest of the batch
        logger.exception("unexpected error importing %s", name)
        return FileReport(name, FAILED, error=f"unexpected error: {type(error).__name__}: {error}")


def read_document(path, limit=None):
    """The file's bytes; a file far over the size limit is not read whole."""
    with open(path, "rb") as handle:
        return handle.read(limit + 1) if limit else handle.read()
