"""import_articles --jobs N: files parsed in N processes, written here in order; the same reports and articles.

The documents are written here, with invented people. Each run with --jobs 2 starts two
parsing processes, so the tests keep to a few such runs.
"""

import json

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.runner import FAILED, PARSED, parse_files
from articles.models import Article
from people.models import Quote
from tests.articles.test_import import run_import

pytestmark = pytest.mark.django_db

CITIES = ["Astana", "Bishkek", "Dushanbe", "Tashkent", "Islamabad", "Minsk", "Tehran", "Qingdao"]
NAMES = ["Aigerim Seitkali", "Temirbek Usenov", "Zarina Kholova", "Bolot Imanaliev", "Farrukh Nazarov"]


def article_text(number):
    city, name = CITIES[number % len(CITIES)], NAMES[number % len(NAMES)]
    return (
        f"SCO transport ministers meet in {city} for round {number}\n\n"
        f"{city.upper()} — Transport ministers of the Shanghai Cooperation Organization met in {city} on Friday "
        f"for the {number}th round of talks on railways, roads and the customs rules at the borders.\n\n"
        f"Deputy Transport Minister {name} said the talks had gone well. “We agreed on the timetable for the new "
        f"corridor and on the next {number + 2} meetings,” {name.split()[-1]} told reporters after the session.\n\n"
        "The ministers will meet again in the autumn, the secretariat said in a statement."
    )


def article_page(number):
    paragraphs = article_text(number).split("\n\n")
    return (
        f"<html><head><title>{paragraphs[0]} | Steppe Courier</title>"
        '<meta property="og:site_name" content="Steppe Courier"></head><body><nav><a href="/">Home</a></nav>'
        f"<article><h1>{paragraphs[0]}</h1>" + "".join(f"<p>{text}</p>" for text in paragraphs[1:]) + "</article>"
        "<footer>Steppe Courier 2025</footer></body></html>"
    )


BAD = {"a_empty.txt": b"", "m_binary.txt": bytes(range(256)) * 4}


@pytest.fixture
def folder(tmp_path):
    """Twelve good documents (text and HTML, in two folders) with two bad ones among them."""
    for number in range(10):
        (tmp_path / f"{number:02d}_story.txt").write_text(article_text(number), encoding="utf-8")
    (tmp_path / "pages").mkdir()
    for number in (10, 11):
        (tmp_path / "pages" / f"{number}.html").write_text(article_page(number), encoding="utf-8")
    for name, data in BAD.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def stored_articles():
    return sorted(
        (
            article.title,
            article.body,
            article.status,
            article.raw_text,
            tuple(article.authors.values_list("name", flat=True)),
            article.source.name if article.source else None,
            tuple(Quote.objects.filter(article=article).order_by("pk").values_list("person__name", "text")),
        )
        for article in Article.objects.all()
    )


def test_a_dry_run_reports_the_same_with_one_job_and_with_two(folder):
    one = run_import(folder, "--dry-run", "--format", "json", "--jobs", "1")
    two = run_import(folder, "--dry-run", "--format", "json", "--jobs", "2")

    assert two == one
    status, out, _ = one
    assert status == 1  # the two bad files
    reports = json.loads(out)
    assert [report["file"] for report in reports] == sorted(str(path) for path in folder.rglob("*.*"))
    assert {report["file"].rsplit("/", 1)[1] for report in reports if "error" in report} == set(BAD)
    assert sum("error" not in report for report in reports) == 12


def test_importing_with_two_jobs_writes_the_same_articles_and_reports_as_with_one(folder):
    one = run_import(folder, "--jobs", "1", "--verbosity", "2")
    articles_one = stored_articles()
    Article.objects.all().delete()
    two = run_import(folder, "--jobs", "2", "--verbosity", "2")

    assert two == one
    assert stored_articles() == articles_one
    status, out, err = two
    assert status == 1
    assert out.strip().endswith("14 files: 12 created, 0 updated, 0 unchanged, 2 failed")
    assert [line.split(": ")[1].rsplit("/", 1)[1] for line in err.splitlines()] == sorted(BAD)
    assert Article.objects.count() == 12
    assert Article.objects.filter(title="SCO transport ministers meet in Bishkek for round 9").exists()


def test_parse_files_keeps_the_order_and_a_bad_file_fails_alone(folder):
    paths = [folder / "03_story.txt", folder / "gone.txt", folder / "a_empty.txt", folder / "pages" / "10.html"]

    reports = list(parse_files(paths, jobs=2))

    assert [report.file for report in reports] == list(map(str, paths))
    assert [report.outcome for report in reports] == [PARSED, FAILED, FAILED, PARSED]
    assert reports[1].error.startswith("cannot read the file")
    assert reports[3].parsed.source == "Steppe Courier"


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(folder, jobs):
    with pytest.raises(CommandError, match="--jobs"):
        call_command("import_articles", str(folder), "--jobs", jobs)
