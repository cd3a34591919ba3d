"""Search gives the same results on PostgreSQL (full text) and SQLite (plain match) for the seed articles."""

from pathlib import Path

import pytest
from django.db import connection

from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article
from articles.search import render_snippet, search_terms
from articles.tuning import index_scans_preferred
from people.models import Person, PersonAlias
from tests.factories import ArticleFactory, AuthorFactory

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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_searches_are_planned_with_index_scans_preferred_and_only_within_the_block():
    """articles.search.index_scans_preferred: ``SET LOCAL``, so nothing outlives the search's block."""

    def seqscan():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    assert seqscan() == "on"
    with index_scans_preferred("default"):
        assert seqscan() == "off"
    assert seqscan() == "on"


@pytest.mark.parametrize("url", ["/articles/?q=cooperation", "/api/v1/articles/?q=cooperation&facets=topic"])
def test_a_search_page_finds_the_same_articles_with_index_scans_preferred(client, url):
    titles = {f"Cooperation report {n}" for n in range(3)}
    for title in titles:
        ArticleFactory(title=title, body="Cooperation in energy.")
    ArticleFactory(title="Unrelated", body="Nothing to see.")
    response = client.get(url)
    assert response.status_code == 200
    found = (
        {a["title"] for a in response.json()["results"]}
        if url.startswith("/api/")
        else {a.title for a in response.context["articles"]}
    )
    assert found == titles


def test_search_finds_an_article_by_its_authors_name():
    ArticleFactory(title="Bylined", authors=[AuthorFactory(name="Anna Petrova")])
    ArticleFactory(title="Other")
    assert titles("Petrova") == {"Bylined"}


def test_a_snippet_shows_the_match_deep_in_a_long_body(client):
    """The snippet is cut from a window of the body around the first term (``snippet_window``): a match
    20,000 characters in is still the passage shown, marked; an article whose body lacks the term shows its start."""
    agenda = " ".join(f"Delegates then discussed item {n} of the agenda." for n in range(450))
    ArticleFactory(
        title="Long communiqué", body=f"{agenda}\n\nZirconium exports were raised by Astana.\n\nThe meeting closed."
    )
    ArticleFactory(title="Zirconium in the title only", body="Ministers met in Bishkek on Tuesday.")
    response = client.get("/articles/", {"q": "zirconium"})
    snippets = {article.title: str(article.snippet) for article in response.context["articles"]}
    assert response.status_code == 200
    assert set(snippets) == {"Long communiqué", "Zirconium in the title only"}
    assert "\u0002Zirconium\u0003 exports were raised" in snippets["Long communiqué"]
    assert "item 0 of" not in snippets["Long communiqué"]  # the passage, not the body's start
    assert snippets["Zirconium in the title only"].startswith("Ministers met in Bishkek")
    assert "<mark>Zirconium</mark> exports were raised" in response.content.decode()
