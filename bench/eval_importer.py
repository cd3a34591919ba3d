"""How well the importer reads real pages: a benchmark against a folder of hand-made gold.

    python bench/eval_importer.py [DEVSET] [--jobs N] [--verbose]    (or: make eval-importer DEVSET=…)

DEVSET (default ../shared/devset) holds NN.txt documents and NN.gold.json files in the format
its README describes. Each document goes through the importer's dry-run parse
(``parse_document``, nothing is written); the figures printed are speaker precision and recall,
role and organisation accuracy of the speakers found, title, source, date and byline accuracy,
refusals and documents per second. With --verbose, every miss is listed per file.

A benchmark, not a test: it exits 0 whatever the figures, and 2 with a one-line message when
the folder is absent. The set is third-party text: it is read from where it lies, never copied.
"""

import argparse
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"


def setup_django():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scoportal.settings")
    import django

    django.setup()


# Comparing values


def loose(text):
    """Case, accents, punctuation, quotes and a leading "the" do not count."""
    from people.names import name_key

    return re.sub(r"^the ", "", name_key(text or ""))


def same_name(found, gold):
    """The same person: equal names, or one name's words all in the other's with the same surname
    ("Zhang Ming" and "Ming Zhang" are not assumed to be one)."""
    a, b = loose(found).split(), loose(gold).split()
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return short[-1] == long[-1] and set(short) <= set(long) or short == long[: len(short)] and len(short) > 1


def same_value(found, gold):
    """Equal after loosening, or both absent."""
    return loose(found) == loose(gold)


@dataclass
class Score:
    files: int = 0
    refused: list = field(default_factory=list)
    gold_speakers: int = 0
    found_speakers: int = 0
    matched_speakers: int = 0
    role_right: int = 0
    organization_right: int = 0
    both_right: int = 0
    fields: dict = field(default_factory=dict)  # name -> [right, gold has one, invented where gold is null]
    misses: dict = field(default_factory=dict)  # file -> lines
    seconds: float = 0.0

    def field(self, name, right, gold_has, invented):
        counts = self.fields.setdefault(name, [0, 0, 0])
        counts[0] += right and gold_has
        counts[1] += gold_has
        counts[2] += invented


def parse_one(path):
    """(file name, dry-run report or None, refusal, seconds) for one document."""
    from articles.ingest.parsed import ImportFailure
    from articles.ingest.pipeline import as_json, parse_document

    started = time.perf_counter()
    try:
        report = as_json(parse_document(path.read_bytes()), path.name)
        refusal = None
    except ImportFailure as failure:
        report, refusal = None, str(failure)
    return path.name, report, refusal, time.perf_counter() - started


def score_file(score, name, report, refusal, gold):
    misses = score.misses.setdefault(name, [])
    score.files += 1
    score.gold_speakers += len(gold["speakers"])
    if report is None:
        score.refused.append(f"{name}: {refusal}")
        misses.append(f"refused: {refusal}")
        for key in ("title", "source", "published", "authors"):
            score.field(key, False, bool(gold.get(key)), False)
        return
    _score_header(score, report, gold, misses)
    found = report["people"]
    score.found_speakers += len(found)
    unmatched_gold = list(gold["speakers"])
    for person in found:
        match = next((g for g in unmatched_gold if same_name(person["name"], g["name"])), None)
        if match is None:
            misses.append(f"extra speaker: {person['name']} ({person['role']!r}, {person['organization']!r})")
            continue
        unmatched_gold.remove(match)
        score.matched_speakers += 1
        role_ok = same_value(person["role"], match["role"])
        org_ok = same_value(person["organization"], match["organization"])
        score.role_right += role_ok
        score.organization_right += org_ok
        score.both_right += role_ok and org_ok
        if not (role_ok and org_ok):
            misses.append(
                f"role of {match['name']}: {person['role']!r}, {person['organization']!r}"
                f" (gold {match['role']!r}, {match['organization']!r})"
            )
    for missed in unmatched_gold:
        misses.append(f"missed speaker: {missed['name']}")


def _score_header(score, report, gold, misses):
    title_ok = any(same_value(report["title"], t) for t in [gold["title"], *gold.get("title_aliases", [])])
    _field(score, misses, "title", report["title"], gold["title"], title_ok)
    sources = [gold["source"], *gold.get("source_aliases", [])] if gold["source"] else [None]
    source_ok = any(same_value(report["source"], s) for s in sources)
    _field(score, misses, "source", report["source"], gold["source"], source_ok)
    _field(score, misses, "published", report["published"], gold["published"], report["published"] == gold["published"])
    found_authors = sorted(loose(a) for a in report["authors"])
    gold_authors = sorted(loose(a) for a in gold["authors"])
    _field(score, misses, "authors", report["authors"] or None, gold["authors"] or None, found_authors == gold_authors)


def _field(score, misses, name, found, gold, right):
    gold_has = gold not in (None, "", [])
    invented = not gold_has and found not in (None, "", [])
    score.field(name, right, gold_has, invented)
    if not right:
        misses.append(f"{name}: {found!r} (gold {gold!r})")


def ratio(part, whole):
    return f"{part / whole:.2f}" if whole else "n/a"


def print_score(score, documents_per_second, verbose):
    precision = ratio(score.matched_speakers, score.found_speakers)
    recall = ratio(score.matched_speakers, score.gold_speakers)
    print(f"documents: {score.files}, refused: {len(score.refused)}, {documents_per_second:.1f} docs/s")
    print(
        f"speakers: precision {precision} ({score.matched_speakers}/{score.found_speakers}), "
        f"recall {recall} ({score.matched_speakers}/{score.gold_speakers})"
    )
    matched = score.matched_speakers
    print(
        f"of the speakers found: role right {ratio(score.role_right, matched)}, "
        f"organisation right {ratio(score.organization_right, matched)}, "
        f"both right {ratio(score.both_right, matched)} ({score.both_right}/{matched})"
    )
    for name, (right, gold_has, invented) in score.fields.items():
        print(
            f"{name}: right on {right} of {gold_has} pages whose gold has one ({ratio(right, gold_has)}); "
            f"invented on {invented} where gold has none"
        )
    for refusal in score.refused:
        print(f"refused: {refusal}")
    if verbose:
        for name, lines in sorted(score.misses.items()):
            for line in lines:
                print(f"{name}: {line}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="bench/eval_importer.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("devset", nargs="?", default=str(DEFAULT_DEVSET), help="folder of NN.txt and NN.gold.json")
    parser.add_argument("--jobs", type=int, default=1, help="processes to parse with (default 1)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss, file by file")
    args = parser.parse_args(argv)
    folder = Path(args.devset)
    documents = (
        sorted(p for p in folder.glob("*.txt") if p.with_suffix(".gold.json").exists()) if folder.is_dir() else []
    )
    if not documents:
        print(f"eval-importer: no development set at {folder} (NN.txt with NN.gold.json)", file=sys.stderr)
        return 2
    setup_django()
    score = Score()
    started = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs, initializer=setup_django) as pool:
            results = list(pool.map(parse_one, documents))
    else:
        results = [parse_one(path) for path in documents]
    elapsed = time.perf_counter() - started
    for (name, report, refusal, _), path in zip(results, documents, strict=True):
        gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
        score_file(score, name, report, refusal, gold)
    print_score(score, len(documents) / elapsed, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
