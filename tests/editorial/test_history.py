"""Revisions: every change to an article, its quotes and tags is kept, compared and restorable."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles.history import BASELINE_COMMENT, article_versions
from articles.models import Article
from articles.workflow import article_publish
from people.models import Quote
from tests.editorial.admin_forms import change_form_data, inline_prefix
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

Status = Article.Status


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def imported(db):
    """A draft as the importer leaves it: no revision yet."""
    article = ArticleFactory(status=Status.DRAFT, title="Imported title", body="Leaders met in Astana.")
    article.topics.add("Security")
    QuoteFactory(article=article, person=PersonFactory(name="Zhang Ming"), role="Secretary", text="We agree.")
    QuoteFactory(article=article, person=PersonFactory(name="Rashid Alimov"), text="Trade grows.")
    return article


def edit(client, article, **changes):
    """Save the change form with some fields changed (quote inline fields by "quote-N-field")."""
    page = client.get(change_url(article))
    prefix = inline_prefix(page, "quote")
    data = change_form_data(page)
    for name, value in changes.items():
        data[name.replace("quote-", f"{prefix}-", 1) if name.startswith("quote-") else name] = value
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def test_an_edit_records_the_state_before_and_after(client, editor, imported):
    client.force_login(editor)
    assert not article_versions(imported.pk).exists()
    edit(client, imported, title="Edited title", **{"quote-0-role": "Secretary-General"})
    versions = list(article_versions(imported.pk))
    assert len(versions) == 2
    newest, baseline = versions
    assert baseline.revision.get_comment() == BASELINE_COMMENT
    assert baseline.field_dict["title"] == "Imported title"
    assert newest.field_dict["title"] == "Edited title"
    assert newest.revision.user == editor
    quote_versions = newest.revision.version_set.filter(content_type__model="quote")
    assert {v.field_dict["role"] for v in quote_versions} == {"Secretary-General", ""}


def test_history_page_lists_revisions_and_compare_shows_what_changed(client, editor, imported):
    client.force_login(editor)
    edit(client, imported, title="Edited title", **{"quote-0-role": "Secretary-General", "quote-1-DELETE": "on"})
    history = client.get(reverse("admin:articles_article_history", args=[imported.pk]))
    assert history.status_code == 200
    newest, baseline = article_versions(imported.pk)
    assert f'name="from" value="{baseline.revision_id}"' in history.content.decode()
    compare = client.get(
        reverse("admin:articles_article_compare", args=[imported.pk]),
        {"from": baseline.revision_id, "to": newest.revision_id},
    )
    changes = {change.label: change.lines for change in compare.context["changes"]}
    assert set(changes) == {"Title", "Quotes"}
    assert ("-", "Imported title") in changes["Title"] and ("+", "Edited title") in changes["Title"]
    assert ("-", "Zhang Ming (Secretary) reported: We agree.") in changes["Quotes"]
    assert ("+", "Zhang Ming (Secretary-General) reported: We agree.") in changes["Quotes"]
    assert ("-", "Rashid Alimov reported: Trade grows.") in changes["Quotes"]


def test_restoring_a_revision_brings_back_fields_quotes_and_tags(client, editor, imported):
    client.force_login(editor)
    edit(client, imported, title="Edited title", **{"quote-0-role": "Secretary-General", "quote-1-DELETE": "on"})
    imported.topics.add("Energy")  # a later change outside the form, also undone by the restore
    baseline = article_versions(imported.pk).last()
    url = reverse("admin:articles_article_revision", args=[imported.pk, baseline.pk])
    response = client.post(url, change_form_data(client.get(url)))
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.title == "Imported title"
    quotes = Quote.objects.filter(article=imported).order_by("position")
    assert [(q.person.name, q.role) for q in quotes] == [("Zhang Ming", "Secretary"), ("Rashid Alimov", "")]
    assert set(imported.topics.names()) == {"Security"}
    assert Article.objects.search("Imported").filter(pk=imported.pk).exists()
    assert "Reverted to previous version" in article_versions(imported.pk).first().revision.get_comment()


def test_workflow_transitions_are_revisions_too(editor, imported):
    article_publish(imported, editor)
    comments = [v.revision.get_comment() for v in article_versions(imported.pk)]
    assert comments == ["Published.", BASELINE_COMMENT]
    assert article_versions(imported.pk).first().field_dict["status"] == Status.PUBLISHED


def test_a_contributor_cannot_restore_a_published_article(client, contributor, editor, imported):
    client.force_login(editor)
    edit(client, imported, title="Edited title")
    article_publish(imported, editor)
    baseline = article_versions(imported.pk).last()
    client.force_login(contributor)
    url = reverse("admin:articles_article_revision", args=[imported.pk, baseline.pk])
    response = client.post(url, {"title": "Imported title", "slug": imported.slug})
    assert response.status_code == 403
    imported.refresh_from_db()
    assert (imported.title, imported.status) == ("Edited title", Status.PUBLISHED)


def test_a_contributor_cannot_publish_by_restoring_a_published_revision(client, contributor, editor, imported):
    article_publish(imported, editor)  # revision 2: published
    published = article_versions(imported.pk).first()
    Article.objects.filter(pk=imported.pk).update(status=Status.DRAFT)  # back to draft (e.g. unpublished)
    client.force_login(contributor)
    url = reverse("admin:articles_article_revision", args=[imported.pk, published.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "slug": imported.slug}).status_code == 403
    assert Article.objects.get(pk=imported.pk).status == Status.DRAFT


def checked(html, name):
    """The revision ids of the history page's radio buttons ``name`` ("from"/"to") that are preselected."""
    return [int(v) for v in re.findall(rf'<input type="radio" name="{name}" value="(\d+)"[^>]*\schecked', html)]


def test_history_lists_newest_first_to_the_second_and_preselects_the_newest_change(client, editor, imported):
    client.force_login(editor)
    edit(client, imported, title="First edit")
    edit(client, imported, title="Second edit")
    newest, middle, baseline = article_versions(imported.pk)  # newest first, by id
    minute = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(hours=1)
    for version, second in [(baseline, 5), (middle, 17), (newest, 42)]:  # three edits in one minute
        Revision.objects.filter(pk=version.revision_id).update(date_created=minute.replace(second=second))
    html = client.get(reverse("admin:articles_article_history", args=[imported.pk])).content.decode()
    shown = [timezone.localtime(minute.replace(second=s)).strftime("%H:%M:%S") for s in (42, 17, 5)]
    assert all(time in html for time in shown)
    assert html.index(shown[0]) < html.index(shown[1]) < html.index(shown[2])  # newest first
    assert (checked(html, "from"), checked(html, "to")) == ([middle.revision_id], [newest.revision_id])
    compare = client.get(
        reverse("admin:articles_article_compare", args=[imported.pk]),
        {"from": middle.revision_id, "to": newest.revision_id},
    )
    assert {change.label for change in compare.context["changes"]} == {"Title"}
    assert shown[0] in compare.content.decode() and shown[1] in compare.content.decode()


@pytest.mark.parametrize("params", [{}, {"from": "x", "to": "1"}, {"from": "1"}])
def test_compare_without_two_revisions_explains_and_redirects(client, editor, imported, params):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_compare", args=[imported.pk]), params, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:articles_article_history", args=[imported.pk])
    assert "Choose two revisions to compare." in [str(m) for m in response.context["messages"]]


def test_compare_with_another_articles_revision_is_404(client, editor, imported):
    client.force_login(editor)
    other = ArticleFactory(status=Status.DRAFT)
    edit(client, other, title="Other edited")
    foreign = Version.objects.get_for_object(other).first().revision_id
    url = reverse("admin:articles_article_compare", args=[imported.pk])
    assert client.get(url, {"from": foreign, "to": foreign}).status_code == 404


def test_compare_is_refused_to_anonymous_users(client, imported):
    response = client.get(reverse("admin:articles_article_compare", args=[imported.pk]), {"from": 1, "to": 2})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_deleted_article_can_be_recovered_with_its_quotes(client, editor, imported):
    client.force_login(editor)
    url = reverse("admin:articles_article_delete", args=[imported.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=imported.pk).exists()
    deleted = Version.objects.get_deleted(Article).get(object_id=str(imported.pk))
    recover = reverse("admin:articles_article_recover", args=[deleted.pk])
    assert client.post(recover, change_form_data(client.get(recover))).status_code == 302
    restored = Article.objects.get(pk=imported.pk)
    assert restored.title == "Imported title" and restored.quotes.count() == 2
    assert set(restored.topics.names()) == {"Security"}


@pytest.mark.django_db(transaction=True)
def test_a_revision_naming_a_merged_person_is_refused_with_a_message(client, editor, imported):
    from people.merging import merge_people
    from people.models import Person

    client.force_login(editor)
    edit(client, imported, title="Edited title")
    baseline = article_versions(imported.pk).last()
    zhang = Person.objects.get(name="Zhang Ming")
    merge_people(PersonFactory(name="Zhang Ming Jr"), [zhang])
    url = reverse("admin:articles_article_revision", args=[imported.pk, baseline.pk])
    page = client.get(url)
    assert page.status_code in (200, 302)  # shown with the person missing, or refused with a message
    if page.status_code == 200:
        response = client.post(url, change_form_data(page), follow=True)
        assert response.status_code == 200
        refused = any("cannot be restored" in str(m) for m in response.context["messages"])
        assert refused or response.context["errors"]  # the quote's person must be chosen again
    imported.refresh_from_db()
    assert imported.title == "Edited title"
    assert Quote.objects.filter(article=imported, person__name="Zhang Ming Jr").exists()
