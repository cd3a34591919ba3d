"""Imports at the same moment: every document lands, and the names they share are stored once.

The threaded tests need PostgreSQL (each thread has its own connection and a real transaction; an
in-memory SQLite database locks whole tables).
"""

import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from rest_framework.test import APIClient

from articles.ingest.pipeline import parse_document
from articles.ingest.runner import PARSED, FileReport, import_one, write_one
from articles.models import Article, Author, Place, Source, Topic
from people.models import Person
from tests.factories import ArticleFactory

THREADS = 8
postgres_only = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="threads with their own connections: PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def document(number, headline="SCO water ministers discuss climate change in Khujand, round {n}"):
    """A short text with a new source, author, quoted person, topic and place, the same in every number."""
    return (
        headline.format(n=number) + "\n\n"
        f"Author : Nodira Qurbonova     Source : Pamir Herald Weekly     2024-03-{number + 1:02d}\n\n"
        "KHUJAND — Water ministers of the Shanghai Cooperation Organization met in Tajikistan on Friday for "
        f"round {number} of talks on irrigation, drought and climate change in Central Asia.\n\n"
        f"Deputy Water Minister Rustam Davlatzoda said the talks had gone well. “We agreed on {number + 3} new "
        "projects,” Davlatzoda told reporters.\n\nThe ministers will meet again in the autumn."
    )


def parsed(text):
    return FileReport("test", PARSED, parsed=parse_document(text.encode("utf-8")))


def at_once(work, inputs):
    """``work(input)`` in one thread per input, released together; each thread closes its own connection."""
    barrier, results = threading.Barrier(len(inputs)), [None] * len(inputs)

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(inputs[index])
        except Exception as error:  # reported by the assertions, not lost in a thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(inputs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def assert_one_of_each_shared_row():
    assert list(Source.objects.values_list("name", flat=True)) == ["Pamir Herald Weekly"]
    assert list(Author.objects.values_list("name", flat=True)) == ["Nodira Qurbonova"]
    assert list(Person.objects.values_list("name", flat=True)) == ["Rustam Davlatzoda"]
    topics = parse_document(document(0).encode("utf-8")).topics  # a short text: each topic it names counts
    assert "environment and climate" in topics
    assert sorted(Topic.objects.values_list("name", flat=True)) == sorted(topics)
    assert list(Place.objects.values_list("name", flat=True)) == ["Tajikistan"]


class TestThreads:
    pytestmark = postgres_only

    def test_eight_documents_sharing_new_names_all_land_and_share_one_row_each(self):
        reports = [parsed(document(number)) for number in range(THREADS)]  # parsed here: the threads only write
        results = at_once(write_one, reports)
        assert [getattr(result, "outcome", result) for result in results] == ["created"] * THREADS, [
            getattr(result, "error", result) for result in results
        ]
        assert Article.objects.count() == THREADS
        assert_one_of_each_shared_row()
        source = Source.objects.get()
        assert set(Article.objects.values_list("source", flat=True)) == {source.pk}
        assert Person.objects.get().quotes.count() == 2 * THREADS

    def test_eight_documents_with_the_same_headline_get_eight_slugs(self):
        reports = [parsed(document(number, headline="SCO water ministers discuss climate change")) for number in
                   range(THREADS)]  # fmt: skip
        results = at_once(write_one, reports)
        assert Counter(result.outcome for result in results) == {"created": THREADS}, [r.error for r in results]
        slugs = sorted(Article.objects.values_list("slug", flat=True))
        assert len(set(slugs)) == THREADS
        assert slugs[0] == "sco-water-ministers-discuss-climate-change"

    def test_the_same_document_twice_at_once_gives_one_article_and_no_failure(self):
        report = parsed(document(1))
        results = at_once(write_one, [report, report])
        assert sorted(result.outcome for result in results) == ["created", "unchanged"], [r.error for r in results]
        assert Article.objects.count() == 1
        assert {result.article.pk for result in results} == {Article.objects.get().pk}

    def test_eight_api_imports_at_once_all_land(self):
        user = get_user_model().objects.create_user("importer", password="pw-for-tests", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="add_article"))

        def post(number):
            client = APIClient()
            client.force_authenticate(get_user_model().objects.get(pk=user.pk))
            return client.post("/api/v1/imports/", {"text": document(number)}, format="json")

        responses = at_once(post, list(range(THREADS)))
        assert [getattr(r, "status_code", r) for r in responses] == [201] * THREADS, [
            getattr(r, "content", r) for r in responses
        ]
        assert Article.objects.count() == THREADS
        assert_one_of_each_shared_row()

    def test_eight_tag_updates_naming_one_new_topic_at_once_make_one_topic(self):
        articles = [ArticleFactory(title=f"Article {number}", status=Article.Status.DRAFT) for number in range(THREADS)]
        user = get_user_model().objects.create_user("tagger", password="pw-for-tests", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="change_article"))

        def put(article):
            client = APIClient()
            client.force_authenticate(get_user_model().objects.get(pk=user.pk))
            body = {"topics": ["Water diplomacy"], "places": ["Tajikistan"]}
            return client.put(f"/api/v1/articles/{article.slug}/tags/", body, format="json")

        responses = at_once(put, articles)
        assert [getattr(r, "status_code", r) for r in responses] == [200] * THREADS, [
            getattr(r, "content", r) for r in responses
        ]
        assert list(Topic.objects.values_list("name", flat=True)) == ["Water diplomacy"]
        assert list(Place.objects.values_list("name", flat=True)) == ["Tajikistan"]
        assert all(list(article.topics.names()) == ["Water diplomacy"] for article in articles)


@pytest.mark.django_db(transaction=True)  # foreign keys are checked at the commit
class TestStaleLookups:
    def test_a_remembered_source_deleted_meanwhile_is_read_again(self):
        from articles.ingest.writer import Lookups  # noqa: PLC0415

        lookups = Lookups()
        # a source met earlier in the batch, deleted since (e.g. an editor merged it into another)
        lookups.known[("source", "pamir herald weekly")] = Source(pk=10**9, name="Pamir Herald Weekly")
        report = import_one("second", document(2).encode("utf-8"), lookups=lookups)
        assert report.outcome == "created", report.error
        assert report.article.source == Source.objects.get(name="Pamir Herald Weekly")
