"""Merging duplicate people, authors and sources from the admin ("Merge selected …")."""

import pytest
from django.contrib import admin as admin_site
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import people.merging
from articles.models import Article, ArticleAuthor, Author, Source
from people.admin import person_fingerprint
from people.merging import merge_people
from people.models import Person, PersonAlias, Quote
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:people_person_changelist")
AUTHORS = reverse("admin:articles_author_changelist")
SOURCES = reverse("admin:articles_source_changelist")


def show_merge(client, url, *objs):
    """Choose the merge action for ``objs`` on the changelist: the confirmation page."""
    return client.post(url, {"action": "merge_selected", "index": 0, "_selected_action": [o.pk for o in objs]})


def confirmation(page, keep):
    """What the confirmation page posts when the editor picks ``keep``."""
    rows = page.context["rows"]
    data = {"action": "merge_selected", "post": "yes", "keep": keep.pk, "_selected_action": [r["obj"].pk for r in rows]}
    return data | {f"fingerprint_{r['obj'].pk}": r["fingerprint"] for r in rows}


def merge(client, url, keep, *others):
    page = show_merge(client, url, keep, *others)
    assert page.status_code == 200
    return client.post(url, confirmation(page, keep))


def is_confirmation(response):
    return response.status_code == 200 and "admin/merge_confirmation.html" in [t.name for t in response.templates]


def offered_actions(changelist):
    form = changelist.context["action_form"]  # None when the user may run no action at all
    return set(dict(form.fields["action"].choices)) if form else set()


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def snapshot():
    """Everything a people merge could touch."""
    return (
        sorted(Person.objects.values_list("pk", "name", "description")),
        sorted(PersonAlias.objects.values_list("pk", "person_id", "name")),
        sorted(Quote.objects.values_list("pk", "person_id")),
    )


@pytest.fixture
def duplicates():
    """ "Sergei Luzyanin" (kept) and "Sergey Lujanin", each quoted and with aliases."""
    kept = PersonFactory(name="Sergei Luzyanin")
    PersonAlias.objects.create(person=kept, name="S. Luzyanin")
    other = PersonFactory(name="Sergey Lujanin", description="Russian sinologist.")
    for alias in ["Sergey Luzyanin", "S. Luzyanin", "sergei  luzyanin"]:  # the last two are known spellings
        PersonAlias.objects.create(person=other, name=alias)
    QuoteFactory.create_batch(2, person=kept)
    QuoteFactory.create_batch(3, person=other)
    return kept, other


@pytest.fixture
def editor_client(client, editor):
    assert client.login(username=editor.username, password="pw")
    return client


@pytest.fixture
def contributor_client(client, contributor):
    assert client.login(username=contributor.username, password="pw")
    return client


def test_the_confirmation_page_lists_the_rows_with_a_choice_and_fingerprints(editor_client, duplicates):
    kept, other = duplicates
    page = show_merge(editor_client, PEOPLE, kept, other)

    assert is_confirmation(page)
    html = page.content.decode()
    assert 'class="breadcrumbs"' in html and "Merge people" in html
    for person in duplicates:
        assert f'type="radio" name="keep" value="{person.pk}"' in html
        assert f'name="fingerprint_{person.pk}" value="{person_fingerprint(person)}"' in html
    assert "2 quotes in 2 articles; aliases: S. Luzyanin" in html
    assert "3 quotes in 3 articles; aliases: " in html
    assert Person.objects.count() == 2  # showing it changes nothing


def test_merging_people_moves_every_quote_and_keeps_every_spelling(editor_client, duplicates):
    kept, other = duplicates

    response = merge(editor_client, PEOPLE, kept, other)

    assert response.status_code == 302
    assert messages_of(response) == ["Merged 2 people into “Sergei Luzyanin”: 3 quotes moved, 2 aliases added."]
    assert not Person.objects.filter(pk=other.pk).exists()
    assert not Quote.objects.filter(person_id=other.pk).exists()
    assert Quote.objects.filter(person=kept).count() == 5 == Quote.objects.count()
    assert sorted(kept.aliases.values_list("name", flat=True)) == ["S. Luzyanin", "Sergey Lujanin", "Sergey Luzyanin"]
    kept.refresh_from_db()
    assert kept.description == "Russian sinologist."  # the kept person had none


def test_merge_people_keeps_the_kept_description_and_merges_several():
    kept = PersonFactory(name="Zhang Ming", description="SCO Secretary-General 2022–2024.")
    others = [PersonFactory(name="Zhang Min", description="Diplomat."), PersonFactory(name="Chang Ming")]
    QuoteFactory(person=others[1])

    result = merge_people(kept, others)

    kept.refresh_from_db()
    assert kept.description == "SCO Secretary-General 2022–2024."
    assert (result.removed, result.quotes_moved, result.aliases_added) == (2, 1, 2)
    assert Person.objects.count() == 1
    assert sorted(kept.aliases.values_list("name", flat=True)) == ["Chang Ming", "Zhang Min"]


def test_merge_people_is_one_transaction(duplicates, monkeypatch):
    """A failure after quotes and aliases have moved leaves everything as it was."""
    kept, other = duplicates
    before = snapshot()

    def fail(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(people.merging, "fill_blanks", fail)
    with pytest.raises(RuntimeError):
        merge_people(kept, [other])

    assert snapshot() == before


def test_merge_people_refuses_a_person_with_itself(duplicates):
    kept, _ = duplicates
    before = snapshot()
    with pytest.raises(ValueError):
        merge_people(kept, [kept])
    assert snapshot() == before


@pytest.mark.parametrize(
    "bad_post",
    [
        pytest.param(lambda kept, other: {"_selected_action": [kept.pk, kept.pk], "keep": kept.pk}, id="self"),
        pytest.param(lambda kept, other: {"_selected_action": [kept.pk], "keep": kept.pk}, id="one-row"),
        pytest.param(lambda kept, other: {"keep": 10**9}, id="kept-not-selected"),
        pytest.param(lambda kept, other: {"keep": "first"}, id="kept-not-a-number"),
        pytest.param(lambda kept, other: {"keep": ""}, id="no-choice"),
        pytest.param(lambda kept, other: {"_selected_action": [kept.pk, "1 OR 1=1"]}, id="id-not-a-number"),
        pytest.param(lambda kept, other: {"_selected_action": [kept.pk, 10**30]}, id="id-out-of-range"),
    ],
)
def test_a_bad_confirmation_is_refused_with_a_message_and_changes_nothing(editor_client, duplicates, bad_post):
    kept, other = duplicates
    page = show_merge(editor_client, PEOPLE, kept, other)
    before = snapshot()

    response = editor_client.post(PEOPLE, confirmation(page, kept) | bad_post(kept, other))

    assert response.status_code == 302
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "error"
    assert snapshot() == before


def test_choosing_the_action_for_one_person_is_refused(editor_client, duplicates):
    kept, _ = duplicates
    one = show_merge(editor_client, PEOPLE, kept)
    assert one.status_code == 302
    assert messages_of(one) == ["Select between 2 and 50 people to merge."]


def test_choosing_the_action_with_an_id_that_is_not_a_number_is_refused(editor_client, duplicates):
    kept, _ = duplicates
    bad = editor_client.post(PEOPLE, {"action": "merge_selected", "index": 0, "_selected_action": [kept.pk, "x"]})
    assert bad.status_code == 302
    assert messages_of(bad) == ["The selection is not valid; nothing was changed."]


@pytest.mark.parametrize(
    "concurrent_edit",
    [
        pytest.param(lambda kept, other: Person.objects.filter(pk=kept.pk).update(name="S. V. Luzyanin"), id="rename"),
        pytest.param(lambda kept, other: Person.objects.filter(pk=other.pk).update(description=""), id="description"),
        pytest.param(lambda kept, other: PersonAlias.objects.create(person=other, name="Luzianin"), id="new-alias"),
        pytest.param(lambda kept, other: QuoteFactory(person=other), id="new-quote"),
        pytest.param(lambda kept, other: other.delete(), id="deleted"),
    ],
)
def test_a_row_changed_since_the_confirmation_page_is_refused(editor_client, duplicates, concurrent_edit):
    kept, other = duplicates
    page = show_merge(editor_client, PEOPLE, kept, other)
    concurrent_edit(kept, other)
    before = snapshot()

    response = editor_client.post(PEOPLE, confirmation(page, kept))

    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("Some of the selected people were changed or deleted since the merge was shown.")
    assert snapshot() == before


def test_a_contributor_cannot_merge_by_the_action_nor_by_posting_the_confirmation(contributor_client, duplicates):
    kept, other = duplicates
    before = snapshot()

    changelist = contributor_client.get(PEOPLE)
    assert changelist.status_code == 200
    assert "merge_selected" not in offered_actions(changelist)

    chosen = show_merge(contributor_client, PEOPLE, kept, other)
    assert not is_confirmation(chosen)

    forged = {
        "action": "merge_selected",
        "post": "yes",
        "keep": kept.pk,
        "_selected_action": [kept.pk, other.pk],
        **{f"fingerprint_{p.pk}": person_fingerprint(p) for p in duplicates},
    }
    response = contributor_client.post(PEOPLE, forged)
    assert response.status_code in (200, 302, 403)  # the list again, or refused: never merged
    assert snapshot() == before


def test_the_merge_itself_checks_the_delete_permission(rf, contributor, duplicates):
    """Even reached without the admin's action filtering, a posted merge needs the delete permission."""
    kept, other = duplicates
    model_admin = admin_site.site._registry[Person]
    [action] = model_admin.actions
    assert action.__name__ == "merge_selected"
    data = {"post": "yes", "keep": kept.pk, "_selected_action": [kept.pk, other.pk]}
    request = rf.post(PEOPLE, data | {f"fingerprint_{p.pk}": person_fingerprint(p) for p in duplicates})
    request.user = contributor
    before = snapshot()

    with pytest.raises(PermissionDenied):
        action(model_admin, request, Person.objects.all())
    assert snapshot() == before


def test_search_finds_the_articles_by_every_spelling_after_a_merge(editor_client):
    kept = PersonFactory(name="Sergei Luzyanin")
    other = PersonFactory(name="Sergey Lujanin")
    quoting_kept = QuoteFactory(person=kept).article
    quoting_other = QuoteFactory(person=other).article
    assert set(Article.objects.search("Lujanin")) == {quoting_other}

    merge(editor_client, PEOPLE, kept, other)

    for spelling in ["Lujanin", "Luzyanin"]:
        assert set(Article.objects.search(spelling)) == {quoting_kept, quoting_other}, spelling


def test_merging_authors_collapses_duplicate_bylines_and_keeps_their_order(editor_client):
    kept = AuthorFactory(name="Alexander Lukin")
    other = AuthorFactory(name="A. Lukin", affiliation="MGIMO", bio="Professor.")
    colleague = AuthorFactory(name="Li Xin")
    both = ArticleFactory(authors=[other, colleague, kept])
    only_other = ArticleFactory(authors=[colleague, other])
    only_kept = ArticleFactory(authors=[kept])

    response = merge(editor_client, AUTHORS, kept, other)

    assert messages_of(response) == [
        "Merged 2 authors into “Alexander Lukin”: 1 byline moved, 1 duplicate byline dropped."
    ]
    assert not Author.objects.filter(pk=other.pk).exists()

    def byline(article):
        return [entry.author for entry in ArticleAuthor.objects.filter(article=article).order_by("position", "pk")]

    assert byline(both) == [kept, colleague]
    assert byline(only_other) == [colleague, kept]
    assert byline(only_kept) == [kept]
    kept.refresh_from_db()
    assert (kept.affiliation, kept.bio) == ("MGIMO", "Professor.")


def test_merging_sources_repoints_their_articles(editor_client):
    kept = SourceFactory(name="Xinhua")
    other = SourceFactory(name="Xinhua News Agency", homepage_url="https://english.news.cn/", country="China")
    ArticleFactory(source=kept)
    moved = ArticleFactory.create_batch(2, source=other)

    response = merge(editor_client, SOURCES, kept, other)

    assert messages_of(response) == ["Merged 2 sources into “Xinhua”: 2 articles moved."]
    assert not Source.objects.filter(pk=other.pk).exists()
    assert Article.objects.filter(source=kept).count() == 3
    assert set(Article.objects.filter(pk__in=[a.pk for a in moved]).values_list("source", flat=True)) == {kept.pk}
    kept.refresh_from_db()
    assert (kept.homepage_url, kept.country) == ("https://english.news.cn/", "China")


def test_a_contributor_cannot_merge_authors_or_sources(contributor_client):
    authors = AuthorFactory.create_batch(2)
    sources = SourceFactory.create_batch(2)
    for url, objs in [(AUTHORS, authors), (SOURCES, sources)]:
        assert "merge_selected" not in offered_actions(contributor_client.get(url))
        assert not is_confirmation(show_merge(contributor_client, url, *objs))
    assert Author.objects.count() == 2 and Source.objects.count() == 2


def test_author_and_source_lists_count_articles(editor_client):
    author, source = AuthorFactory(name="Busy Author"), SourceFactory(name="Busy Source")
    ArticleFactory.create_batch(3, authors=[author], source=source)
    AuthorFactory(name="Idle Author")

    authors = editor_client.get(AUTHORS, {"o": "-3"})  # article_count: checkbox, name, affiliation, count
    assert [(a.name, a.article_count) for a in authors.context["cl"].result_list] == [
        ("Busy Author", 3),
        ("Idle Author", 0),
    ]
    sources = editor_client.get(SOURCES)
    assert {s.name: s.article_count for s in sources.context["cl"].result_list}["Busy Source"] == 3
