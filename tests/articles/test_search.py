"""Search gives the same results on PostgreSQL (full text) and SQLite (plain match) for the seed articles."""

from pathlib import Path

import pytest

from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article
from articles.search import render_snippet, search_terms
from people.models import Person, PersonAlias
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CIVIL, PIONEER, TWENTY, TRUST, VITAL = (
    "Civil diplomacy empowers Shanghai Cooperation Organization",
    "Shanghai Cooperation Organization: A Pioneer of Practicing Multilateralism and Building a Community with a "
    "Shared Future for Mankind",
    "Shanghai Cooperation Organization: 20 Years Old, High Spirited",
    "SCO to boost mutual trust and benefit",
    "Cooperation more vital than ever, diplomat says",
)


@pytest.fixture
def seeds():
    for path in sorted(SEEDS.glob("*.txt")):
        import_document(parse_document(path.read_bytes()), status=Article.Status.PUBLISHED)


def titles(text):
    return {a.title for a in Article.objects.published().search(text)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Norov", {CIVIL, TWENTY}),
        ("Raghavan", {CIVIL}),
        ("Zhang Hanhui", {VITAL}),
        ("Qingdao", {TWENTY, TRUST}),
        ('"blue book"', {VITAL}),
        ("Tashkent", {TWENTY}),
        ("Norov Raghavan", {CIVIL}),
        ("Kazakhstan -Afghanistan", {TRUST}),
        ("zzzunknownword", set()),
    ],
)
def test_search_finds_the_same_seed_articles_on_every_database(seeds, query, expected):
    assert titles(query) == expected


def test_a_person_s_name_finds_the_articles_that_quote_them(seeds):
    assert titles("Sergey Lujanin") == {TWENTY}


def test_an_alias_finds_the_articles_quoting_the_person(seeds):
    PersonAlias.objects.create(person=Person.objects.get(name="Sergey Lujanin"), name="Luzyanin")
    assert titles("Luzyanin") == {TWENTY}


def test_title_matches_rank_above_body_matches():
    body_only = ArticleFactory(title="Summit notes", body="The energy ministers met.")
    in_title = ArticleFactory(title="Energy cooperation grows", body="Ministers met.")
    ranked = list(Article.objects.published().search("energy").order_by("-rank"))
    assert ranked == [in_title, body_only]


def test_drafts_are_not_found():
    ArticleFactory(title="Secret energy deal", status=Article.Status.DRAFT)
    assert not Article.objects.published().search("energy").exists()


def test_search_terms_drop_operators():
    assert search_terms('"Belt and Road" -oil OR gas') == ["Belt and Road", "gas"]


def test_snippets_are_escaped_before_marking():
    html = render_snippet("<script>x</script> \u0002Norov\u0003 said")
    assert "<script>" not in html
    assert "<mark>Norov</mark>" in html
