"""The article admin, used by each role through the Django test client."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.merging import merge_authors
from articles.models import Article
from people.models import PersonAlias, Quote
from tests.editorial.admin_forms import change_form_data, inline_prefix
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(**fields):
    return ArticleFactory(status=Status.DRAFT, **fields)


def run_action(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def status_of(article):
    return Article.objects.values_list("status", flat=True).get(pk=article.pk)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_contributor(client, contributor):
    client.force_login(contributor)
    return client


# A contributor cannot publish by any route; an editor can.


def test_contributor_is_not_offered_the_publishing_actions(as_contributor):
    draft()
    actions = dict(as_contributor.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "submit_selected" in actions and "add_tag" in actions
    assert not {"publish_selected", "unpublish_selected", "archive_selected", "delete_selected"} & set(actions)


@pytest.mark.parametrize("action", ["publish_selected", "archive_selected", "delete_selected"])
def test_contributor_posting_a_publishing_action_changes_nothing(as_contributor, action):
    article = draft()
    run_action(as_contributor, action, [article], post="yes")
    assert Article.objects.filter(pk=article.pk, status=Status.DRAFT).exists()


def test_contributor_cannot_unpublish_with_a_direct_post(as_contributor):
    article = ArticleFactory()
    run_action(as_contributor, "unpublish_selected", [article])
    assert status_of(article) == Status.PUBLISHED


def test_contributor_status_field_is_read_only_and_a_posted_status_is_ignored(as_contributor):
    article = draft()
    page = as_contributor.get(change_url(article))
    assert "status" not in page.context["adminform"].form.fields
    data = change_form_data(page) | {"status": Status.PUBLISHED, "title": "Edited by a contributor"}
    response = as_contributor.post(change_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Edited by a contributor", Status.DRAFT)


def test_contributor_cannot_add_an_article_as_published(as_contributor):
    page = as_contributor.get(reverse("admin:articles_article_add"))
    data = change_form_data(page) | {"title": "Brand new", "slug": "brand-new", "status": Status.PUBLISHED}
    assert as_contributor.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert Article.objects.get(slug="brand-new").status == Status.DRAFT


def test_contributor_may_not_edit_a_published_article(as_contributor):
    article = ArticleFactory(title="Published title")
    page = as_contributor.get(change_url(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    data = {"title": "Hijacked", "slug": article.slug}
    assert as_contributor.post(change_url(article), data).status_code == 403
    assert Article.objects.get(pk=article.pk).title == "Published title"


def test_contributor_submits_for_review_and_an_editor_publishes(client, contributor, editor):
    article = draft()
    client.force_login(contributor)
    assert "Submitted 1 article." in messages_of(run_action(client, "submit_selected", [article]))
    assert status_of(article) == Status.IN_REVIEW
    client.force_login(editor)
    assert "Published 1 article." in messages_of(run_action(client, "publish_selected", [article]))
    assert status_of(article) == Status.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_publishes_through_the_status_field(as_editor):
    article = draft()
    data = change_form_data(as_editor.get(change_url(article))) | {"status": Status.PUBLISHED}
    assert as_editor.post(change_url(article), data).status_code == 302
    assert status_of(article) == Status.PUBLISHED


def test_bulk_action_reports_changed_and_refused_rows(as_editor):
    drafts = [draft(), draft()]
    archived = ArticleFactory(status=Status.ARCHIVED)
    published = ArticleFactory()
    messages = messages_of(run_action(as_editor, "publish_selected", [*drafts, archived, published]))
    assert "Published 2 articles." in messages
    assert "Left 2 articles as they were: their status does not allow it." in messages
    assert status_of(archived) == Status.ARCHIVED


def test_scheduled_article_is_marked_and_hidden_until_its_date(as_editor, client):
    future = timezone.now() + datetime.timedelta(days=2)
    article = draft(published_at=future, title="Summit next week")
    run_action(as_editor, "publish_selected", [article])
    assert status_of(article) == Status.PUBLISHED
    assert "Scheduled for" in as_editor.get(CHANGELIST).content.decode()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Summit next week" not in client.get("/articles/").content.decode()


def test_add_tag_action_tags_what_the_user_may_change(as_contributor):
    drafts = [draft(), draft()]
    published = ArticleFactory()
    drafts[0].topics.add("Energy")
    form = run_action(as_contributor, "add_tag", [*drafts, published])
    assert form.templates[0].name == "admin/articles/article/add_tag.html"
    response = run_action(as_contributor, "add_tag", [*drafts, published], apply="1", kind="topics", name=" Energy ")
    messages = messages_of(response)
    assert "Tagged 1 article with “Energy”." in messages
    assert "1 article already had it." in messages
    assert "Refused 1 article: you may not change published or archived articles." in messages
    assert set(Article.objects.filter(topics__name="Energy").values_list("pk", flat=True)) == {d.pk for d in drafts}


def test_add_tag_action_shows_field_errors_for_a_blank_name(as_editor):
    article = draft()
    response = run_action(as_editor, "add_tag", [article], apply="1", kind="topics", name="   ")
    assert response.context["form"].errors["name"]
    assert not article.topics.exists()


def test_invalid_change_form_gets_field_errors(as_editor):
    article = draft(title="Keep me")
    data = change_form_data(as_editor.get(change_url(article))) | {"title": "", "original_url": "not a url"}
    response = as_editor.post(change_url(article), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "title" in errors and "original_url" in errors
    assert Article.objects.get(pk=article.pk).title == "Keep me"


# Reviewing an import: raw text, quotes inline, preview.


def test_change_form_shows_the_raw_text_escaped_beside_the_body(as_editor):
    article = draft(raw_text="<script>alert(1)</script>\nMoscow, 5 June")
    html = as_editor.get(change_url(article)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    assert 'class="raw-text"' in html


def test_every_input_of_the_change_form_has_a_name_for_screen_readers(as_editor):
    article = draft(raw_text="Moscow, 5 June")
    article.topics.add("Security")
    QuoteFactory(article=article)
    html = as_editor.get(change_url(article)).content.decode()
    # The split date/time widget: "Date:" and "Time:" label their inputs.
    assert '<label for="id_published_at_0">Date:</label>' in html
    assert '<label for="id_published_at_1">Time:</label>' in html
    # Tabular inlines (topics here): the inputs of a row are named after their column.
    assert re.search(r'<input type="checkbox" name="topic_links-0-DELETE"[^>]*aria-label="Delete"', html)
    # The quote inline is stacked: its inputs have their own labels.
    assert '<label for="id_quotes-0-role">Role:</label>' in html
    # The raw text scrolls: a named region the keyboard reaches.
    assert '<pre class="raw-text" tabindex="0" role="region" aria-label="Raw text as imported">' in html


def test_editor_fixes_a_quote_role_in_the_inline(as_editor):
    article = draft()
    quote = QuoteFactory(article=article, role="Secretary", organization="")
    page = as_editor.get(change_url(article))
    prefix = inline_prefix(page, "quote")
    data = change_form_data(page) | {f"{prefix}-0-role": "Secretary-General", f"{prefix}-0-organization": "SCO"}
    assert as_editor.post(change_url(article), data).status_code == 302
    quote.refresh_from_db()
    assert (quote.role, quote.organization) == ("Secretary-General", "SCO")


def test_view_on_site_points_drafts_to_the_preview_and_published_to_the_page(as_editor):
    unpublished, published = draft(), ArticleFactory()
    assert reverse("admin:articles_article_preview", args=[unpublished.pk]) in (
        as_editor.get(change_url(unpublished)).content.decode()
    )
    assert published.get_absolute_url() in as_editor.get(change_url(published)).content.decode()


def test_preview_shows_a_draft_to_staff_only(client, editor):
    article = draft(title="Embargoed <b>draft</b>")
    url = reverse("admin:articles_article_preview", args=[article.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(User.objects.create_user("reader", password="pw"))  # logged in, not staff
    assert client.get(url).status_code == 302
    client.force_login(editor)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Embargoed &lt;b&gt;draft&lt;/b&gt;" in html and 'class="preview-banner"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_preview_of_a_missing_article_is_404(as_editor):
    assert as_editor.get(reverse("admin:articles_article_preview", args=[999999])).status_code == 404


# Finding articles: filters and search.


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("has_date=no", {"undated"}),
        ("has_source=no", {"unsourced"}),
        ("has_date=yes&has_source=yes", {"old", "tagged"}),
        ("imported=7d", {"undated", "unsourced", "tagged"}),
        ("year=2003", {"old"}),
        ("topic=energy", {"tagged"}),
        ("place=kazakhstan", {"tagged"}),
        ("missing=any", {"undated", "unsourced", "old"}),
        ("status__exact=in_review", {"unsourced"}),
        ("source=old-source", {"old"}),
    ],
)
def test_filters_list_the_matching_articles(as_editor, query, expected):
    ArticleFactory(title="undated", published_at=None, status=Status.DRAFT)
    ArticleFactory(title="unsourced", source=None, status=Status.IN_REVIEW)
    tagged = ArticleFactory(title="tagged")
    tagged.topics.add("Energy")
    tagged.places.add("Kazakhstan")
    old = ArticleFactory(title="old", source=SourceFactory(name="Old source"))
    old.published_at = datetime.datetime(2003, 6, 15, tzinfo=datetime.UTC)
    old.save()
    Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    response = as_editor.get(f"{CHANGELIST}?{query}")
    assert {article.title for article in response.context["cl"].result_list} == expected


@pytest.mark.parametrize("query", ["year=abc", "year=0", "has_date=maybe", "imported=forever", "topic=nope", "o=x.y"])
def test_malformed_filter_values_never_500(as_editor, query):
    ArticleFactory()
    assert as_editor.get(f"{CHANGELIST}?{query}").status_code in (200, 302)


def test_search_covers_authors_and_quoted_people_by_any_spelling(as_editor):
    ArticleFactory(title="Bylined", authors=[AuthorFactory(name="Anna Petrova")])
    quoted = ArticleFactory(title="Quoted")
    person = PersonFactory(name="Sergei Luzyanin")
    PersonAlias.objects.create(person=person, name="Sergey Lujanin")
    QuoteFactory(article=quoted, person=person)
    ArticleFactory(title="Other")

    def found(term):
        return {a.title for a in as_editor.get(CHANGELIST, {"q": term}).context["cl"].result_list}

    assert found("Petrova") == {"Bylined"}
    assert found("Lujanin") == {"Quoted"}
    assert found("Luzyanin") == {"Quoted"}


def test_search_covers_words_of_the_title_the_text_and_the_tags_and_follows_renames(as_editor):
    article = ArticleFactory(title="Summit in Astana", body="New pipelines were agreed.", authors=[AuthorFactory()])
    article.topics.add("Energy")
    article.places.add("Kazakhstan")
    ArticleFactory(title="Other", body="Nothing about it.")

    def found(term):
        return {a.title for a in as_editor.get(CHANGELIST, {"q": term}).context["cl"].result_list}

    for term in ("Astana", "pipelines", "Energy", "Kazakhstan", "summit astana"):
        assert found(term) == {"Summit in Astana"}, term
    author = article.byline.get().author
    author.name = "Dilnoza Karimova"
    author.save()
    assert found("Karimova") == {"Summit in Astana"}
    keep = AuthorFactory(name="Timur Sadykov")
    merge_authors(keep, [author])
    assert found("Sadykov") == {"Summit in Astana"}
    assert found("Karimova") == set()
    if connection.vendor == "postgresql":  # the search box's syntax
        assert found('"summit in astana"') == {"Summit in Astana"}
        assert found("Astana -pipelines") == set()


def test_changelist_columns_show_authors_quotes_and_tags(as_editor):
    article = ArticleFactory(
        title="Columns", authors=[AuthorFactory(name="A. Writer"), AuthorFactory(name="B. Writer")]
    )
    article.topics.add("Security")
    QuoteFactory.create_batch(3, article=article)
    row = as_editor.get(CHANGELIST).content.decode()
    assert "A. Writer, B. Writer" in row
    assert '<td class="field-quote_count">3</td>' in row
    assert "Security" in row


def test_quote_inline_keeps_no_deleted_person(as_editor):
    """Deleting a quote in the inline removes it (contributors may too: it is part of editing a draft)."""
    article = draft()
    QuoteFactory(article=article)
    page = as_editor.get(change_url(article))
    prefix = inline_prefix(page, "quote")
    data = change_form_data(page) | {f"{prefix}-0-DELETE": "on"}
    assert as_editor.post(change_url(article), data).status_code == 302
    assert not Quote.objects.filter(article=article).exists()


def test_saving_keeps_paragraphs_whatever_the_browsers_line_endings(as_editor):
    article = draft(body="First paragraph.\n\nSecond paragraph.\n\nThird.")
    data = change_form_data(as_editor.get(change_url(article)))
    data["body"] = data["body"].replace("\n", "\r\n")  # what a browser sends back
    assert as_editor.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.body == "First paragraph.\n\nSecond paragraph.\n\nThird."
    assert len(article.paragraphs()) == 3
    assert Article(body="One.\r\n\r\nTwo.").paragraphs() == ["One.", "Two."]
    from django.contrib.admin.models import LogEntry

    assert "Body" not in LogEntry.objects.get(object_id=str(article.pk)).get_change_message()


@pytest.mark.parametrize(
    "url_name",
    ["admin:articles_article_changelist", "admin:people_quote_changelist", "admin:articles_topic_changelist"],
)
def test_a_selection_that_is_not_ids_gets_a_message_not_a_500(as_editor, url_name):
    article = draft()
    response = as_editor.post(reverse(url_name), {"action": "delete_selected", "_selected_action": ["1", "x'--"]})
    assert response.status_code == 302
    follow = as_editor.get(response["Location"])
    assert "The selection is not valid; nothing was changed." in messages_of(follow)
    assert Article.objects.filter(pk=article.pk).exists()


def test_contributor_cannot_change_quotes_of_a_published_article_in_the_quote_admin(as_contributor):
    quote = QuoteFactory(article=ArticleFactory(), role="Minister")
    url = reverse("admin:people_quote_change", args=[quote.pk])
    response = as_contributor.post(url, {"article": quote.article_id, "person": quote.person_id, "text": "x",
                                         "role": "Changed", "position": 0})  # fmt: skip
    assert response.status_code == 403
    assert Quote.objects.get(pk=quote.pk).role == "Minister"
    delete = reverse("admin:people_quote_delete", args=[quote.pk])
    assert as_contributor.post(delete, {"post": "yes"}).status_code == 403


def test_contributor_cannot_move_a_quote_onto_a_published_article(as_contributor):
    quote = QuoteFactory(article=draft(), role="Minister")
    published = ArticleFactory()
    url = reverse("admin:people_quote_change", args=[quote.pk])
    data = {"article": published.pk, "person": quote.person_id, "text": "x", "role": "Minister", "position": 0}
    assert as_contributor.post(url, data).status_code == 403
    assert Quote.objects.get(pk=quote.pk).article_id == quote.article_id
