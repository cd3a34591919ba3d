"""The precomputed facet totals (articles/facet_totals.py): used only while they describe the published articles.

The counts themselves are checked against independently computed counts in
tests/portal/test_facet_counts.py, with and without the totals; here: what
makes them current or stale, and that a stale one is never read.
"""

import dataclasses
import datetime
from pathlib import Path
from unittest.mock import patch
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import content_version, facet_totals
from articles.facets import FACETS, facet_counts, refresh_totals
from articles.filters import ArticleFilterSet
from articles.ingest.runner import import_one
from articles.merging import merge_sources
from articles.models import Article, FacetTotal
from people.merging import merge_people
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def unfiltered(**params):
    filterset = ArticleFilterSet(QueryDict(urlencode(params)), queryset=Article.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset


def counts(facets):
    return {name: {value.value: value.count for value in facet.values} for name, facet in facets.items()}


def published_count():
    state = facet_totals.current_state()
    return state and state.published_count


def counting(**counters):
    """FACETS with these facets counted by other functions (an exception class: counting raises it)."""

    def raising(error):
        def count(articles, limit):
            raise error("counted in the request")

        return count

    replaced = {
        name: dataclasses.replace(FACETS[name], count=raising(c) if isinstance(c, type) else c)
        for name, c in counters.items()
    }
    return patch.dict(FACETS, replaced)


def live_counts(**params):
    """The same facets counted in the request: what the totals must agree with."""
    with patch.object(facet_totals, "current_totals", lambda *args: None):
        return counts(facet_counts(unfiltered(**params), limit=None))


@pytest.fixture
def corpus():
    """Published articles, and a draft, an archived and a scheduled one with values of their own."""
    now = timezone.now()
    people = [PersonFactory(name=name) for name in ("Zhang Ming", "Bakhtiyor Saidov", "Only In Drafts")]
    articles = []
    for i in range(6):
        article = ArticleFactory(published_at=now - datetime.timedelta(days=400 * i))
        article.topics.add("Energy" if i % 2 else "Security")
        article.places.add("China")
        QuoteFactory(article=article, person=people[i % 2])
        articles.append(article)
    hidden = {
        "draft": ArticleFactory(status=Article.Status.DRAFT),
        "archived": ArticleFactory(status=Article.Status.ARCHIVED),
        "scheduled": ArticleFactory(published_at=now + datetime.timedelta(hours=1)),
    }
    for article in hidden.values():
        article.topics.add("Hidden topic")
        QuoteFactory(article=article, person=people[2])
    return articles, hidden


def test_a_refresh_counts_only_published_articles_and_facets_read_them_in_two_queries(corpus):
    assert refresh_totals()
    assert published_count() == 6

    with CaptureQueriesContext(connection) as queries:
        facets = facet_counts(unfiltered(), limit=None)
    assert len(queries.captured_queries) == 2  # the state row, then every facet's rows
    assert counts(facets) == live_counts()
    assert counts(facets)["topic"] == {"energy": 3, "security": 3}
    assert counts(facets)["person"] == {"zhang-ming": 3, "bakhtiyor-saidov": 3}
    stored = set(FacetTotal.objects.values_list("label", flat=True))
    assert not stored & {"Hidden topic", "Only In Drafts"}


def test_limited_facets_read_only_the_rows_shown(corpus):
    assert refresh_totals()
    facets = facet_counts(unfiltered(), limit=1)
    assert [len(facets[name].values) for name in ("topic", "person")] == [1, 1]
    assert facets["topic"].more is True  # the second row was read to know there is more
    assert len(facets["year"].values) == 6  # years come whole


def test_a_facet_with_only_its_own_selection_reads_the_totals_and_other_filters_count_live(corpus):
    assert refresh_totals()
    year = str(corpus[0][0].published_at.year)
    with counting(year=AssertionError):
        facets = facet_counts(unfiltered(year=year), names=["year"])
    assert counts(facets)["year"] == live_counts(year=year)["year"]
    assert next(v for v in facets["year"].values if v.value == year).selected

    with CaptureQueriesContext(connection) as queries:
        facets = facet_counts(unfiltered(topic="energy"), names=["topic"])
    assert "articles_facettotal" not in queries.captured_queries[-1]["sql"]
    assert counts(facets)["topic"] == {"energy": 3}


def publish_the_draft(corpus):
    draft = corpus[1]["draft"]
    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now() - datetime.timedelta(minutes=1)
    draft.save()


def unpublish_one(corpus):
    article = corpus[0][0]
    article.status = Article.Status.DRAFT
    article.save()


def delete_a_quote(corpus):
    corpus[0][0].quotes.first().delete()


def tag_an_article(corpus):
    corpus[0][0].topics.add("New topic")


def untag_an_article(corpus):
    corpus[0][0].topics.clear()


def import_a_seed(corpus):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert import_one(seed.name, seed.read_bytes(), status=Article.Status.PUBLISHED).outcome == "created"


def merge_two_people(corpus):
    people = sorted({quote.person for article in corpus[0] for quote in article.quotes.all()}, key=lambda p: p.pk)
    merge_people(people[0], people[1:])


def merge_two_sources(corpus):
    merge_sources(corpus[0][0].source, [corpus[0][1].source])


def rename_a_person(corpus):
    person = corpus[0][0].quotes.first().person
    person.name = "Renamed Person"
    person.save()


def add_a_person_quote(corpus):
    QuoteFactory(article=corpus[0][0], person=PersonFactory(name="Newly Quoted"))


CHANGES = [
    publish_the_draft, unpublish_one, delete_a_quote, tag_an_article, untag_an_article, import_a_seed,
    merge_two_people, merge_two_sources, rename_a_person, add_a_person_quote,
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_any_content_change_retires_the_totals_and_the_counts_follow_it(corpus, change):
    assert refresh_totals()
    before = live_counts()

    change(corpus)

    assert facet_totals.current_state() is None
    after = counts(facet_counts(unfiltered(), limit=None))
    assert after == live_counts()
    assert after != before or change in (rename_a_person,)  # a rename keeps the slug: same counts
    assert refresh_totals()
    assert counts(facet_counts(unfiltered(), limit=None)) == after


def test_the_totals_end_when_a_scheduled_article_comes_out(corpus):
    assert refresh_totals()
    scheduled_at = corpus[1]["scheduled"].published_at
    assert facet_totals.current_state() is not None

    later = scheduled_at + datetime.timedelta(seconds=1)
    with patch("django.utils.timezone.now", return_value=later):
        assert facet_totals.current_state() is None
        assert "hidden-topic" in live_counts()["topic"]
        assert refresh_totals()
        assert published_count() == 7


def test_a_refresh_overlapping_a_change_is_not_marked_current(corpus):
    assert refresh_totals()
    stored = list(FacetTotal.objects.values_list("facet", "value", "count"))
    real_count = FACETS["topic"].count

    def count_while_an_editor_saves(articles, limit):
        publish_the_draft(corpus)  # lands between reading the version and storing the totals
        return real_count(articles, limit)

    with counting(topic=count_while_an_editor_saves):
        assert refresh_totals(force=True) is False

    assert facet_totals.current_state() is None
    assert list(FacetTotal.objects.values_list("facet", "value", "count")) == stored  # rolled back


def test_without_the_state_row_nothing_is_current_and_a_refresh_makes_it(corpus):
    facet_totals.ContentState.objects.all().delete()  # as after a flush between transactional tests
    content_version.changed()  # a no-op, not an error
    assert facet_totals.current_state() is None
    assert refresh_totals()
    assert published_count() == 6


def test_the_command_refreshes_only_when_needed(corpus, capsys):
    call_command("refresh_facet_totals")
    assert "6 published articles" in capsys.readouterr().out
    with CaptureQueriesContext(connection) as queries:
        call_command("refresh_facet_totals", verbosity=0)
    assert len(queries.captured_queries) == 2  # the state row, read twice; nothing counted
    with CaptureQueriesContext(connection) as queries:
        call_command("refresh_facet_totals", "--force", verbosity=0)
    assert len(queries.captured_queries) > 5


def test_the_command_tries_again_when_an_edit_voids_a_count_and_says_so_when_every_try_is_voided(corpus):
    outcomes = iter([False, False, True])
    with patch.object(facet_totals, "refresh", lambda counters, using, force: next(outcomes)):
        call_command("refresh_facet_totals", verbosity=0)
    assert next(outcomes, "used up") == "used up"
    voided = pytest.raises(CommandError, match="Content changed while counting, 3 times")
    with patch.object(facet_totals, "refresh", lambda counters, using, force: False), voided:
        call_command("refresh_facet_totals", verbosity=0)


def test_importing_from_the_command_leaves_the_totals_current(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    call_command("import_articles", str(tmp_path), "--status", "published", verbosity=0)
    assert published_count() == 1


def test_the_unfiltered_list_page_counts_nothing_while_the_totals_are_current(client, corpus):
    assert refresh_totals()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/articles/")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 6
    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    hidden_titles = {article.title for article in corpus[1].values()}
    assert not hidden_titles & {article.title for article in response.context["articles"]}
