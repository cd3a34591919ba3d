"""python manage.py import_articles PATH [PATH …] — import scraped article text."""

import json
import sys
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.facets import refresh_totals
from articles.ingest import nlp
from articles.ingest.decode import MAX_BYTES
from articles.ingest.pipeline import as_json
from articles.ingest.runner import FAILED, find_documents, parse_files, write_one
from articles.ingest.writer import CREATED, UPDATED, Lookups
from articles.models import Article

PROGRESS_FROM = 6  # files; fewer finish before a bar would help


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Import article documents (.txt, .html; files or folders, recursively) as drafts."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--dry-run", action="store_true", help="parse only; write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="report format")
        parser.add_argument(
            "--status",
            choices=[Article.Status.DRAFT, Article.Status.PUBLISHED],
            default=Article.Status.DRAFT,
            help="status of the imported articles (default: draft)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="import only into a database with no articles (used by make run)"
        )
        parser.add_argument(
            "--jobs",
            type=positive_int,
            default=1,
            metavar="N",
            help="parse in N processes (default 1); the articles are still written here, one file at a time, in order",
        )

    def handle(self, *args, paths, dry_run, format, status, verbosity, if_empty, jobs, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The database already has articles; nothing imported.")
            return
        try:
            files = find_documents(paths)
            if files:
                nlp.pipeline()  # a missing model is one clear error, not the same failure for every file
        except (FileNotFoundError, nlp.ModelMissing) as error:
            raise CommandError(str(error)) from None
        show_progress = len(files) >= PROGRESS_FROM and format == "text" and sys.stderr.isatty()
        reports, lookups = [], Lookups()
        parsed = parse_files(files, jobs=jobs, limit=MAX_BYTES)  # in file order, whatever the number of jobs
        progress = tqdm(
            parsed, total=len(files), desc="Importing", unit="file", disable=not show_progress, file=sys.stderr
        )
        for report in progress:
            if report.outcome != FAILED and not dry_run:
                report = write_one(report, status=status, lookups=lookups)
            reports.append(report)
        if any(report.outcome in (CREATED, UPDATED) for report in reports):
            refresh_totals()  # the unfiltered list's counts, for the articles just written

        if format == "json":
            payload = [
                as_json(r.parsed, r.file) if r.outcome != FAILED else {"file": r.file, "error": r.error}
                for r in reports
            ]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.write_summary(reports, dry_run, verbosity)
        if any(r.outcome == FAILED for r in reports):
            sys.exit(1)

    def write_summary(self, reports, dry_run, verbosity):
        for report in reports:
            if report.outcome == FAILED:
                self.stderr.write(f"failed: {report.file}: {report.error}")
            elif verbosity > 1 or dry_run:
                parsed = report.parsed
                self.stdout.write(
                    f"{report.outcome}: {report.file}: {parsed.stored_title!r}, {len(parsed.people)} people, "
                    f"{len(parsed.quotes)} quotes"
                    + (f" (check: {'; '.join(parsed.warnings)})" if parsed.warnings else "")
                )
        counts = Counter(r.outcome for r in reports)
        order = ["parsed"] if dry_run else ["created", "updated", "unchanged"]
        summary = ", ".join(f"{counts[name]} {name}" for name in [*order, FAILED])
        self.stdout.write(f"{len(reports)} files: {summary}")
