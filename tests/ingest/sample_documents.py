"""The importer's own test documents (tests/ingest/documents/), parsed once per test run."""

from functools import cache
from pathlib import Path

from articles.ingest.pipeline import parse_document

DOCUMENTS = Path(__file__).resolve().parent / "documents"


@cache
def document(name):
    return parse_document((DOCUMENTS / name).read_bytes())
