"""Importing into the database: the writer, the import_articles command and the admin's import page."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.ingest.pipeline import parse_document
from articles.ingest.writer import CREATED, UNCHANGED, UPDATED, import_document
from articles.models import Article, Author, Source
from people.models import Person, PersonAlias, Quote

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
JSON_KEYS = {
    "file", "title", "provisional_title", "authors", "source", "published", "dateline", "standfirst", "author_bio",
    "body", "people", "quotes", "topics", "places",
}  # fmt: skip


def import_seed(name, **kwargs):
    return import_document(parse_document((SEEDS / name).read_bytes()), **kwargs)


def run_import(*args):
    """Run import_articles; return (exit status, stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


class TestWriter:
    def test_importing_all_seeds_gives_the_expected_objects(self):
        for path in SEED_FILES:
            assert import_document(parse_document(path.read_bytes())).outcome == CREATED
        assert Article.objects.count() == 5
        assert Source.objects.count() == 2
        assert Author.objects.count() == 4
        assert Person.objects.count() == 13
        for name in ["Vladimir Norov", "Xi Jinping"]:
            person = Person.objects.get(name=name)
            assert person.quotes.values("article").distinct().count() > 1

    def test_raw_text_is_kept_verbatim(self):
        path = SEEDS / "000_547e2fda28279b5a.txt"
        article = import_seed(path.name).article
        assert article.raw_text == path.read_text(encoding="utf-8")

    def test_importing_the_same_document_twice_changes_nothing(self):
        first = import_seed("000_547e2fda28279b5a.txt")
        counts = [Article.objects.count(), Person.objects.count(), Quote.objects.count(), Author.objects.count()]
        again = import_seed("000_547e2fda28279b5a.txt")
        assert again.outcome == UNCHANGED
        assert again.article == first.article
        assert [
            Article.objects.count(),
            Person.objects.count(),
            Quote.objects.count(),
            Author.objects.count(),
        ] == counts

    def test_a_draft_imported_again_as_published_is_published(self):
        import_seed("003_f7eee19c65a560be.txt")
        result = import_seed("003_f7eee19c65a560be.txt", status=Article.Status.PUBLISHED)
        assert result.outcome == UPDATED
        assert result.article.status == Article.Status.PUBLISHED

    def test_imports_are_drafts_by_default_and_never_public(self):
        article = import_seed("004_cb216ce5513ace95.txt").article
        assert article.status == Article.Status.DRAFT
        assert not Article.objects.published().exists()

    def test_fields_are_stored(self):
        article = import_seed("000_547e2fda28279b5a.txt").article
        assert article.title == "Civil diplomacy empowers Shanghai Cooperation Organization"
        assert [link.author.name for link in article.byline.all()] == ["Zha Jianguo", "Xia Li", "Chen Lian"]
        assert article.source.name == "Chinese Social Sciences Today"
        assert article.published_at.date().isoformat() == "2020-08-28"
        assert article.dateline == "SHANGHAI"
        assert "COVID-19" in article.topics.names()
        assert "India" in article.places.names()
        jiang = article.quotes.filter(person__name="Jiang Feng")
        assert jiang.count() == 2
        assert set(jiang.values_list("role", flat=True)) == {"Party secretary"}
        assert jiang.filter(is_direct=True).exists()

    def test_quotes_keep_their_order_in_the_article(self):
        article = import_seed("000_547e2fda28279b5a.txt").article
        people = list(article.quotes.values_list("person__name", flat=True))
        assert people[0] == "Vladimir Norov"
        assert people[-1] == "Cui Li"

    def test_sources_and_authors_are_reused(self):
        Source.objects.create(name="china daily")
        import_seed("003_f7eee19c65a560be.txt")
        assert Source.objects.count() == 1

    def test_a_person_is_matched_by_alias(self):
        norov = Person.objects.create(name="Vladimir Imamovich Norov")
        PersonAlias.objects.create(person=norov, name="Vladimir Norov")
        import_seed("000_547e2fda28279b5a.txt")
        assert not Person.objects.filter(name="Vladimir Norov").exists()
        assert norov.quotes.exists()

    def test_photographer_and_authors_are_not_people(self):
        import_seed("002_a200022929ca6461.txt")
        import_seed("000_547e2fda28279b5a.txt")
        names = set(Person.objects.values_list("name", flat=True))
        assert "Li Ziheng" not in names
        assert not names & {"Zha Jianguo", "Xia Li", "Chen Lian"}

    def test_missing_metadata_is_noted_for_review(self):
        article = import_seed("002_a200022929ca6461.txt").article
        assert "no publication date found" in article.import_notes
        assert article.published_at is None


class TestCommand:
    def test_dry_run_json_has_exactly_the_documented_keys(self, capsys):
        status, out, _ = run_import(SEEDS, "--dry-run", "--format", "json")
        assert status == 0
        report = json.loads(out)
        assert [Path(item["file"]).name for item in report] == [p.name for p in SEED_FILES]
        assert all(set(item) == JSON_KEYS for item in report)
        assert not Article.objects.exists()
        first = report[0]
        assert first["published"] == "2020-08-28"
        assert first["authors"] == ["Zha Jianguo", "Xia Li", "Chen Lian"]
        assert {
            "name": "Jiang Feng",
            "role": "Party secretary",
            "organization": "Shanghai International Studies University",
        } in first["people"]
        assert all(set(q) == {"person", "text", "direct"} for q in first["quotes"])
        assert "\n\n" in first["body"]

    def test_a_text_without_a_headline_reports_a_null_title_and_a_provisional_one(self, tmp_path):
        lede = (
            "ORLOVO, March 3 (Kestrel News) -- Trade ministers of the Shanghai Cooperation Organization met in "
            "Orlovo on Monday to discuss a common payment system for the member states and their neighbours. "
            "They agreed to meet again in May."
        )
        (tmp_path / "lede.txt").write_text(f" date 2031-03-03 {lede}\n\nThe talks will resume in May.\n")
        status, out, _ = run_import(tmp_path, "--dry-run", "--format", "json")
        assert status == 0
        (item,) = json.loads(out)
        assert item["title"] is None
        assert item["provisional_title"] == (
            "Trade ministers of the Shanghai Cooperation Organization met in Orlovo on Monday to discuss a common…"
        )
        assert (item["source"], item["published"]) == ("Kestrel News", "2031-03-03")
        assert item["body"].startswith("Trade ministers of the Shanghai")

    def test_a_failed_file_gives_an_error_object_and_exit_status_1(self, tmp_path):
        (tmp_path / "empty.txt").write_bytes(b"")
        (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        (tmp_path / "good.txt").write_bytes((SEEDS / "004_cb216ce5513ace95.txt").read_bytes())
        status, out, _ = run_import(tmp_path, "--dry-run", "--format", "json")
        assert status == 1
        by_file = {Path(item["file"]).name: item for item in json.loads(out)}
        assert set(by_file["empty.txt"]) == {"file", "error"}
        assert "empty" in by_file["empty.txt"]["error"]
        assert "binary" in by_file["image.txt"]["error"]
        assert by_file["good.txt"]["published"] == "2020-11-12"

    def test_one_bad_file_does_not_stop_the_others(self, tmp_path):
        (tmp_path / "a_bad.txt").write_bytes(b"\x00\x01\x02binary")
        for path in SEED_FILES[:2]:
            (tmp_path / path.name).write_bytes(path.read_bytes())
        status, out, err = run_import(tmp_path)
        assert status == 1
        assert Article.objects.count() == 2
        assert "2 created" in out and "1 failed" in out
        assert "a_bad.txt" in err and "binary" in err

    def test_summary_counts_created_and_unchanged(self):
        assert run_import(SEEDS)[1].strip().endswith("5 files: 5 created, 0 updated, 0 unchanged, 0 failed")
        assert "0 created, 0 updated, 5 unchanged" in run_import(SEEDS)[1]
        assert Article.objects.count() == 5

    def test_status_published(self):
        run_import(SEEDS / "003_f7eee19c65a560be.txt", "--status", "published")
        assert Article.objects.published().count() == 1

    def test_folders_are_searched_recursively_for_txt_and_html(self, tmp_path):
        nested = tmp_path / "a" / "b"
        nested.mkdir(parents=True)
        (nested / "story.html").write_text(
            "<html><head><title>Site</title><script>alert('x')</script></head><body>"
            "<h1>SCO ministers meet in Astana</h1><p>By Aigerim Seitkali</p>"
            "<p>Foreign ministers of the SCO met in Astana on Friday to prepare the summit.</p>"
            "<p>“We agreed on the agenda,” Kazakh Foreign Minister Murat Nurtleu said.</p></body></html>",
            encoding="utf-8",
        )
        (nested / "notes.md").write_text("not an article", encoding="utf-8")
        status, _, _ = run_import(tmp_path)
        assert status == 0
        article = Article.objects.get()
        assert article.title == "SCO ministers meet in Astana"
        assert "alert" not in article.body
        assert article.raw_text.startswith("<html>")

    def test_missing_path_is_a_clear_error(self):
        from django.core.management import CommandError

        with pytest.raises(CommandError, match="no such file"):
            call_command("import_articles", "/no/such/folder")

    def test_if_empty_imports_only_into_an_empty_database(self):
        run_import(SEEDS / "003_f7eee19c65a560be.txt")
        run_import(SEEDS, "--if-empty")
        assert Article.objects.count() == 1


class TestAdminImportPage:
    @pytest.fixture
    def editor(self, client):
        user = get_user_model().objects.create_superuser("chief", password="pw-for-tests-only")
        client.force_login(user)
        return user

    def test_upload_creates_drafts_and_lists_them(self, client, editor):
        files = [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/plain") for p in SEED_FILES[:2]]
        response = client.post(reverse("admin:articles_article_import"), {"files": files, "text": ""})
        assert response.status_code == 200
        assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
        page = response.content.decode()
        assert "Civil diplomacy empowers Shanghai Cooperation Organization" in page
        assert reverse("admin:articles_article_change", args=[Article.objects.first().pk]) in page

    def test_pasted_text_is_imported(self, client, editor):
        text = (SEEDS / "004_cb216ce5513ace95.txt").read_text(encoding="utf-8")
        client.post(reverse("admin:articles_article_import"), {"text": text})
        assert Article.objects.get().title == "Cooperation more vital than ever, diplomat says"

    def test_a_bad_file_is_reported_and_the_rest_imported(self, client, editor):
        files = [
            SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
            SimpleUploadedFile("ok.txt", SEED_FILES[3].read_bytes(), content_type="text/plain"),
        ]
        response = client.post(reverse("admin:articles_article_import"), {"files": files})
        assert "empty file" in response.content.decode()
        assert Article.objects.count() == 1

    def test_nothing_to_import_is_a_form_error(self, client, editor):
        response = client.post(reverse("admin:articles_article_import"), {"text": "  "})
        assert "Choose at least one file" in response.content.decode()

    def test_imported_text_is_escaped_on_the_results_page(self, client, editor):
        text = "<script>alert(1)</script> SCO leaders meet in Bishkek\n\nLeaders met in Bishkek on Friday for talks."
        response = client.post(reverse("admin:articles_article_import"), {"text": text})
        assert "<script>alert(1)</script>" not in response.content.decode()

    def test_anonymous_users_are_sent_to_login(self, client):
        response = client.get(reverse("admin:articles_article_import"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_staff_without_add_permission_are_refused(self, client):
        user = get_user_model().objects.create_user("reader", password="pw-for-tests-only", is_staff=True)
        client.force_login(user)
        response = client.post(reverse("admin:articles_article_import"), {"text": "A title here\n\nSome body text."})
        assert response.status_code == 403
        assert not Article.objects.exists()


def test_a_batch_of_bad_inputs_loses_nothing_good(tmp_path):
    """Empty, binary, legacy encodings, oversized, headline-less and scripted HTML, side by side with good files."""
    russian = "Саммит ШОС в Астане\n\nМинистры иностранных дел стран ШОС встретились в Астане в пятницу.\n"
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 4,
        "cp1251.txt": russian.encode("cp1251"),
        "huge.txt": b"SCO news\n\n" + b"word " * (4 * 1024 * 1024),
        "no_text.txt": b"...\n\n>>\n",
        "no_title.txt": b"the summit opened on monday, and delegates from eight countries took part in the talks.\n",
        "scripted.html": (
            b"<html><body><script>document.write('pwned')</script><h1>SCO leaders meet in Qingdao</h1>"
            b"<p>Leaders of the SCO met in Qingdao on Saturday for their annual summit.</p></body></html>"
        ),
        "good.txt": (SEEDS / "004_cb216ce5513ace95.txt").read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    status, out, err = run_import(tmp_path)
    assert status == 1
    errors = dict(line.removeprefix("failed: ").split(": ", 1) for line in err.splitlines())
    errors = {Path(path).name: reason for path, reason in errors.items()}
    assert set(errors) == {"empty.txt", "binary.txt", "huge.txt", "no_text.txt"}
    assert "MB" in errors["huge.txt"]
    assert "no text" in errors["no_text.txt"]
    assert Article.objects.count() == 4
    untitled = Article.objects.get(body__startswith="the summit opened on monday")
    assert untitled.title == "the summit opened on monday, and delegates from eight countries took part in the talks"
    assert "provisional" in untitled.import_notes
    assert Article.objects.get(title="Саммит ШОС в Астане").raw_text == russian
    scripted = Article.objects.get(title="SCO leaders meet in Qingdao")
    assert "pwned" not in scripted.body
    assert "HTML" in scripted.import_notes
