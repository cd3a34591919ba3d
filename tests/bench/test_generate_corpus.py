"""manage.py generate_corpus: a deterministic synthetic corpus, written in bulk, that the site serves and searches.

The distributions are checked on the plan (bench/corpus/plan.py, no database)
over a few thousand articles, and what reaches the database on a few dozen.
"""

import statistics
from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import DataError, connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article, Author, Place, Source, Topic
from bench.corpus import load
from bench.corpus.plan import MAX_BODY_WORDS, MIN_BODY_WORDS, REFERENCE_DATE, YEARS, Corpus
from people.models import Person, PersonAlias, Quote

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="stored search vectors: PostgreSQL")


@pytest.fixture(autouse=True)
def no_analyze(monkeypatch):
    """ANALYZE inside a test's transaction would leave statistics of rows that are then rolled back.

    (pg_class.reltuples is updated in place), and every later test on the same
    database would be planned as if the tables held those rows.
    """
    from bench.corpus.load import Loader

    monkeypatch.setattr(Loader, "analyze", lambda self: None)


def generate(articles, seed=1, **options):
    call_command("generate_corpus", articles=str(articles), seed=str(seed), verbosity=0, **options)


def snapshot(seed):
    """What the database holds of a seed's articles, independent of ids and of the order rows were written in."""
    articles = (
        Article.objects.filter(slug__regex=rf"-c{seed}-[0-9]+$")
        .select_related("source")
        .prefetch_related("byline__author", "quotes__person__aliases", "topics", "places")
        .order_by("slug")
    )
    return [
        (
            a.slug,
            a.title,
            a.standfirst,
            a.body,
            a.status,
            a.published_at,
            a.created_at,
            a.source.name if a.source else None,
            [b.author.name for b in a.byline.all()],
            [
                (q.person.name, sorted(al.name for al in q.person.aliases.all()), q.text, q.is_direct, q.role)
                for q in a.quotes.all()
            ],
            sorted(t.name for t in a.topics.all()),
            sorted(p.name for p in a.places.all()),
        )
        for a in articles
    ]


def delete_everything():
    for model in (Article, Person, Author, Source, Topic, Place):
        model.objects.all().delete()


@pytest.fixture(scope="module")
def plan():
    """3,000 articles of seed 7, straight from the plan (about a second)."""
    corpus = Corpus(7)
    return corpus, [corpus.article(number) for number in range(3000)]


# The plan: determinism and distributions ---------------------------------------------------------------------


def test_an_article_depends_only_on_the_seed_and_its_number():
    first, again, other = Corpus(3), Corpus(3), Corpus(4)
    assert [first.article(n) for n in range(20)] == [again.article(n) for n in (range(20))]
    assert again.article(17) == first.article(17)  # made alone, or in a longer run: the same
    assert {first.article(n).title for n in range(20)} != {other.article(n).title for n in range(20)}
    assert first.people[:50] != other.people[:50]


def test_quotes_bodies_bylines_and_tags_stay_within_their_ranges(plan):
    corpus, articles = plan
    quotes = [len(a.quotes) for a in articles]
    words = [len(a.body.split()) for a in articles]
    assert min(quotes) == 2 and max(quotes) == 15
    assert min(words) >= MIN_BODY_WORDS and max(words) <= MAX_BODY_WORDS
    assert 1150 <= statistics.mean(words) <= 1350
    assert {len(a.authors) for a in articles} == {1, 2, 3}
    assert {len(a.topics) for a in articles} == {1, 2, 3, 4, 5}
    assert {len(a.places) for a in articles} == {1, 2, 3}
    for article in articles:
        assert len(set(article.authors)) == len(article.authors)
        assert len(set(article.topics)) == len(article.topics)
        assert [q.position for q in article.quotes] == list(range(len(article.quotes)))
    direct = sum(q.is_direct for a in articles for q in a.quotes) / sum(quotes)
    assert 0.3 < direct < 0.5  # some direct, most reported


def test_dates_cover_25_years_and_recent_years_are_denser(plan):
    _, articles = plan
    dates = [a.published_at for a in articles if a.published_at]
    oldest = REFERENCE_DATE - timedelta(days=365.25 * YEARS)
    assert all(oldest <= d <= REFERENCE_DATE for d in dates)
    years = Counter(d.year for d in dates)
    assert len(years) >= 24
    assert sum(years[y] for y in range(2020, 2025)) > 2 * sum(years[y] for y in range(2010, 2015))
    assert 10 <= len(articles) - len(dates) <= 100  # a few undated


def test_status_and_sources_are_distributed_as_stated(plan):
    corpus, articles = plan
    status = Counter(a.status for a in articles)
    assert 0.95 < status["published"] / len(articles) < 0.99
    assert status["draft"] and status["in_review"]
    sources = Counter(a.source for a in articles)
    assert 10 <= sources.pop(None) <= 120  # a few without source
    biggest = [count for _, count in sources.most_common(5)]
    assert sum(biggest) > 0.4 * sum(sources.values())  # a few big outlets carry most articles
    assert len(sources) > 150  # and a long tail


def test_a_few_people_are_quoted_very_often_and_some_have_aliases(plan):
    corpus, articles = plan
    quoted = Counter(q.person for a in articles for q in a.quotes)
    top = quoted.most_common(1)[0][1]
    assert top > 50 * statistics.median(quoted.values())
    assert len(quoted) > 1000
    assert any(p.aliases for p in corpus.people) and not all(p.aliases for p in corpus.people)
    assert len({p.name for p in corpus.people}) == len(corpus.people)


def test_curated_topics_and_places_are_used_most_with_a_long_tail(plan):
    corpus, articles = plan
    topics = Counter(t for a in articles for t in a.topics)
    curated = sum(n for t, n in topics.items() if t < corpus.curated_topics)
    assert curated > 0.7 * sum(topics.values())
    assert len([t for t in topics if t >= corpus.curated_topics]) > 150
    places = Counter(p for a in articles for p in a.places)
    assert places.most_common(1)[0][1] > 5 * min(places.values())


# The command: bad input --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"articles": "0"}, "--articles must be a whole number of articles from 1 to 5,000,000 (got 0)"),
        ({"articles": "-3"}, "--articles must be a whole number of articles from 1 to 5,000,000 (got -3)"),
        ({"articles": "ten"}, "--articles must be a whole number of articles from 1 to 5,000,000 (got 'ten')"),
        ({"articles": "1.5"}, "(got '1.5')"),
        ({}, "--articles must be a whole number of articles from 1 to 5,000,000: it is required"),
        ({"articles": "5", "seed": "-1"}, "--seed must be a whole number from 0 to 2,147,483,647 (got -1)"),
        ({"articles": "5", "seed": "abc"}, "--seed must be a whole number from 0 to 2,147,483,647 (got 'abc')"),
        ({"articles": "5", "batch_size": "0"}, "--batch-size must be a whole number of articles from 1"),
    ],
)
def test_bad_numbers_are_refused_with_a_message(options, message):
    with pytest.raises(CommandError) as refused:
        call_command("generate_corpus", verbosity=0, **options)
    assert message in str(refused.value)
    assert not Article.objects.exists()


def test_from_the_command_line_a_bad_number_exits_with_status_1(capsys):
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "generate_corpus", "--articles", "lots"])
    assert exited.value.code == 1
    assert "--articles must be a whole number of articles" in capsys.readouterr().err


# The command: what reaches the database ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_database_holds_the_plan():
    generate(30, seed=5)
    corpus = Corpus(5)
    expected = [corpus.article(n) for n in range(30)]
    stored = {a.slug: a for a in Article.objects.prefetch_related("quotes", "topics", "places")}
    assert set(stored) == {spec.slug for spec in expected}
    for spec in expected:
        article = stored[spec.slug]
        assert (article.title, article.body, article.status, article.published_at) == (
            spec.title,
            spec.body,
            spec.status,
            spec.published_at,
        )
        assert article.raw_text == "" and article.content_hash is None  # not imports
        assert article.slug.endswith(f"-c5-{spec.number}")
        assert [q.text for q in article.quotes.all()] == [q.text for q in spec.quotes]
        assert sorted(t.name for t in article.topics.all()) == sorted(corpus.topics[t] for t in spec.topics)
        assert sorted(p.name for p in article.places.all()) == sorted(corpus.places[p] for p in spec.places)
    assert Quote.objects.count() == sum(len(s.quotes) for s in expected)
    counts = Article.objects.annotate(n=Count("byline")).values_list("n", flat=True)
    assert set(counts) <= {1, 2, 3}


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_corpus_and_another_seed_another():
    generate(25, seed=2)
    first = snapshot(2)
    delete_everything()
    generate(25, seed=2)
    assert snapshot(2) == first
    generate(25, seed=9)
    assert {row[1] for row in snapshot(9)} != {row[1] for row in first}
    assert Article.objects.count() == 50


@pytest.mark.django_db
def test_published_articles_are_on_the_site():
    generate(40, seed=7)
    published = Article.objects.published()
    assert published.count() == Article.objects.filter(status="published").count() > 30
    assert not published.filter(status__in=["draft", "in_review"]).exists()
    newest = published.newest_first().first()
    hidden = Article.objects.exclude(status="published").first()  # seed 7: a draft and one in review in its first 40
    listing = page_text("/articles/")
    assert escape(newest.title) in listing
    assert hidden.slug not in listing and page_text(newest.get_absolute_url())
    assert Client().get(hidden.get_absolute_url()).status_code == 404
    quote = newest.quotes.select_related("person").first()
    detail = page_text(newest.get_absolute_url())
    assert escape(quote.person.name) in detail


def page_text(url):
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_word_of_a_generated_title_finds_the_article():
    generate(30, seed=4)
    article = Article.objects.published().filter(title__contains=" ").order_by("slug").first()
    word = max(article.title.replace(":", " ").replace(",", " ").split(), key=len)
    assert article in Article.objects.published().search(word)
    assert not Article.objects.published().search("zzzunknownword").exists()


@postgresql_only
@pytest.mark.django_db
def test_every_generated_article_has_a_stored_search_vector_with_its_people():
    generate(30, seed=4)
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    alias = PersonAlias.objects.filter(person__quotes__isnull=False).select_related("person").first()
    if alias is None:  # the first few dozen articles of seed 4 do quote someone with an alias
        pytest.fail("expected a quoted person with an alias")
    quoting = set(Article.objects.filter(quotes__person=alias.person))
    assert quoting <= set(Article.objects.search(f'"{alias.name}"'))


@pytest.mark.django_db
def test_running_again_adds_nothing_and_a_larger_count_adds_the_rest():
    generate(20, seed=1)
    people, sources = Person.objects.count(), Source.objects.count()
    out = call_command_output("generate_corpus", articles="20", seed="1")
    assert "all 20 articles are already in the database; nothing added" in out
    assert Article.objects.count() == 20 and Person.objects.count() == people
    generate(35, seed=1)
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 35
    assert {int(s.rsplit("-", 1)[1]) for s in slugs} == set(range(35))
    assert Source.objects.count() >= sources


@pytest.mark.django_db
def test_another_seed_appends_and_reuses_sources_tags_and_people_by_name():
    for path in sorted(SEEDS.glob("*.txt")):
        import_document(parse_document(path.read_bytes()), status=Article.Status.PUBLISHED)
    imported = Article.objects.count()
    china = Place.objects.get(name="China")  # tagged on the seeds that mention China
    links_before = china.article_links.count()
    generate(30, seed=1)
    generate(30, seed=2)
    assert Article.objects.count() == imported + 60
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))
    for model in (Place, Topic, Source):
        names = [name.casefold() for name in model.objects.values_list("name", flat=True)]
        assert len(names) == len(set(names)), model
    keys = list(Person.objects.values_list("name_key", flat=True))
    assert len(keys) == len(set(keys))
    assert china.article_links.count() > links_before  # the imported tag, reused by the generated articles


@pytest.mark.django_db
def test_an_interrupted_run_keeps_its_batches_and_the_next_run_completes_it(monkeypatch):
    write = load.Loader._write
    quote_writes = []

    def fail_on_third_batch(self, model, attnames, rows):
        if model is Quote:  # after the batch's articles are in: the whole batch must go
            quote_writes.append(len(rows))
            if len(quote_writes) == 3:
                raise DataError("could not extend file: No space left on device.")
        return write(self, model, attnames, rows)

    monkeypatch.setattr(load.Loader, "_write", fail_on_third_batch)
    with pytest.raises(CommandError) as failed:
        generate(50, seed=3, batch_size="10")
    assert "writing articles 20–29 failed: could not extend file: No space left on device. " in str(failed.value)
    assert "The 20 articles written before are kept; run the same command again" in str(failed.value)
    assert Article.objects.count() == 20
    assert Quote.objects.count() == sum(quote_writes[:2])
    monkeypatch.setattr(load.Loader, "_write", write)
    generate(50, seed=3, batch_size="10")
    numbers = sorted(int(s.rsplit("-", 1)[1]) for s in Article.objects.values_list("slug", flat=True))
    assert numbers == list(range(50))


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_articles():
    def queries(articles, seed):
        with CaptureQueriesContext(connection) as captured:
            generate(articles, seed=seed)
        return len(captured)

    queries(20, seed=1)  # the curated topics and places, and most big sources, exist from here on
    few, many = queries(20, seed=1 + 10), queries(200, seed=2 + 10)
    # 200 articles, over a thousand rows: no query per row (the ~20 left refresh the facet and people totals)
    assert many < 75, many
    assert many < few + 40


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_parallel_writers_write_the_same_corpus_as_one():
    generate(40, seed=6, batch_size="7", jobs="3")
    parallel = snapshot(6)
    assert not Article.objects.filter(search_vector__isnull=True).exists()
    delete_everything()
    generate(40, seed=6, batch_size="40", jobs="1")
    assert snapshot(6) == parallel
    assert len(parallel) == 40


def call_command_output(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()
