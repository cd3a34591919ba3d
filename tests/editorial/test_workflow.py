"""Editorial roles (from the migration) and the draft → review → published → archived workflow."""

import datetime
import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from articles.models import Article
from articles.workflow import (
    WorkflowError,
    article_archive,
    article_publish,
    article_submit,
    article_unpublish,
    articles_bulk,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
CONTENT = {
    "articles": ["article", "articleauthor", "source", "author", "topic", "place", "taggedtopic", "taggedplace"],
    "people": ["person", "personalias", "quote"],
}


def perms(actions, extra=()):
    return {
        f"{app}.{action}_{model}" for app, models in CONTENT.items() for model in models for action in actions
    } | set(extra)


CONTRIBUTOR_DELETES = [
    "articles.delete_articleauthor",
    "articles.delete_taggedtopic",
    "articles.delete_taggedplace",
    "people.delete_quote",
    "people.delete_personalias",
]


def group_perms(name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


def test_groups_hold_exactly_the_intended_permissions():
    assert group_perms("Editors") == perms(["view", "add", "change", "delete"], ["articles.publish_article"])
    assert group_perms("Contributors") == perms(["view", "add", "change"], CONTRIBUTOR_DELETES)


def test_roles_migration_is_idempotent_and_reversible():
    from django.apps import apps

    roles = importlib.import_module("articles.migrations.0004_roles")
    editors = Group.objects.get(name="Editors")
    editors.permissions.add(Permission.objects.get(codename="delete_user"))
    Group.objects.get(name="Contributors").permissions.clear()

    roles.create_roles(apps, None)
    roles.create_roles(apps, None)
    assert group_perms("Editors") == perms(["view", "add", "change", "delete"], ["articles.publish_article"])
    assert group_perms("Contributors") == perms(["view", "add", "change"], CONTRIBUTOR_DELETES)
    assert Group.objects.get(name="Editors").pk == editors.pk

    roles.remove_roles(apps, None)
    assert not Group.objects.filter(name__in=["Editors", "Contributors"]).exists()
    roles.create_roles(apps, None)
    assert Group.objects.filter(name__in=["Editors", "Contributors"]).count() == 2


def test_contributor_may_not_delete_or_publish_and_an_editor_may(contributor, editor):
    assert contributor.has_perm("articles.change_article")
    assert not contributor.has_perm("articles.publish_article")
    assert not contributor.has_perm("articles.delete_article")
    assert editor.has_perm("articles.publish_article")
    assert editor.has_perm("articles.delete_article")


@pytest.mark.parametrize(
    ("function", "status"),
    [
        (article_publish, Status.IN_REVIEW),
        (article_publish, Status.DRAFT),
        (article_unpublish, Status.PUBLISHED),
        (article_archive, Status.PUBLISHED),
    ],
)
def test_contributor_cannot_publish_unpublish_or_archive(contributor, function, status):
    article = ArticleFactory(status=status)
    before = Article.objects.values("status", "published_at", "updated_at").get(pk=article.pk)
    with pytest.raises(PermissionDenied):
        function(article, contributor)
    assert Article.objects.values("status", "published_at", "updated_at").get(pk=article.pk) == before


@pytest.mark.parametrize("action", ["publish", "unpublish", "archive"])
def test_contributor_bulk_refused_up_front(contributor, action):
    ArticleFactory.create_batch(2, status=Status.PUBLISHED if action == "unpublish" else Status.DRAFT)
    before = list(Article.objects.values_list("status", flat=True))
    with pytest.raises(PermissionDenied):
        articles_bulk(action, Article.objects.all(), contributor)
    assert list(Article.objects.values_list("status", flat=True)) == before


def test_user_without_a_role_cannot_submit():
    article = ArticleFactory(status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        article_submit(article, User.objects.create_user("reader"))
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_contributor_submits_and_editor_publishes_unpublishes_archives(contributor, editor):
    date = timezone.now() - datetime.timedelta(days=3)
    article = ArticleFactory(status=Status.DRAFT, published_at=date)

    article_submit(article, contributor)
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW

    article_publish(article, editor)
    saved = Article.objects.get(pk=article.pk)
    assert (saved.status, saved.published_at) == (Status.PUBLISHED, date)
    assert Article.objects.published().filter(pk=article.pk).exists()

    article_unpublish(article, editor)
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()

    article_archive(article, editor)
    assert Article.objects.get(pk=article.pk).status == Status.ARCHIVED


def test_publish_saves_only_the_workflow_fields(editor):
    article = ArticleFactory(status=Status.IN_REVIEW, title="Original title")
    article.title = "Unsaved edit"
    article_publish(article, editor)
    saved = Article.objects.get(pk=article.pk)
    assert (saved.status, saved.title) == (Status.PUBLISHED, "Original title")
    assert saved.updated_at > saved.created_at


def test_scheduled_publish_is_hidden_until_its_date(editor):
    now = timezone.now()
    at = now + datetime.timedelta(days=2)
    article = ArticleFactory(status=Status.IN_REVIEW, published_at=None)

    article_publish(article, editor, at=at)

    assert Article.objects.get(pk=article.pk).published_at == at
    assert not Article.objects.published(now=now).filter(pk=article.pk).exists()
    assert not Article.objects.published(now=at - datetime.timedelta(seconds=1)).filter(pk=article.pk).exists()
    assert Article.objects.published(now=at).filter(pk=article.pk).exists()


def test_undated_article_published_without_a_date_stays_undated_and_visible(editor):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    article_publish(article, editor)
    assert Article.objects.get(pk=article.pk).published_at is None
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("function", "status"),
    [
        (article_submit, Status.IN_REVIEW),
        (article_submit, Status.PUBLISHED),
        (article_submit, Status.ARCHIVED),
        (article_publish, Status.PUBLISHED),
        (article_publish, Status.ARCHIVED),
        (article_unpublish, Status.DRAFT),
        (article_unpublish, Status.IN_REVIEW),
        (article_unpublish, Status.ARCHIVED),
        (article_archive, Status.ARCHIVED),
    ],
)
def test_invalid_transitions_are_refused(editor, function, status):
    article = ArticleFactory(status=status)
    before = Article.objects.values("status", "published_at", "updated_at").get(pk=article.pk)
    with pytest.raises(WorkflowError, match=f"it is {Status(status).label.lower()}"):
        function(article, editor)
    assert Article.objects.values("status", "published_at", "updated_at").get(pk=article.pk) == before


def test_a_stale_instance_cannot_skip_a_step(editor):
    article = ArticleFactory(status=Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(status=Status.ARCHIVED)  # changed elsewhere meanwhile
    with pytest.raises(WorkflowError):
        article_publish(article, editor)  # the instance still says draft
    assert Article.objects.get(pk=article.pk).status == Status.ARCHIVED


def test_bulk_counts_changed_and_refused(editor):
    ArticleFactory.create_batch(3, status=Status.IN_REVIEW)
    ArticleFactory(status=Status.DRAFT)
    ArticleFactory(status=Status.PUBLISHED)
    ArticleFactory(status=Status.ARCHIVED)

    assert articles_bulk("publish", Article.objects.all(), editor) == (4, 2)
    assert Article.objects.filter(status=Status.PUBLISHED).count() == 5
    assert Article.objects.filter(status=Status.ARCHIVED).count() == 1

    assert articles_bulk("archive", Article.objects.none(), editor) == (0, 0)
    assert articles_bulk("archive", Article.objects.all(), editor) == (5, 1)
    assert not Article.objects.exclude(status=Status.ARCHIVED).exists()


def test_bulk_submit_by_contributor(contributor):
    ArticleFactory.create_batch(2, status=Status.DRAFT)
    ArticleFactory(status=Status.PUBLISHED)
    assert articles_bulk("submit", Article.objects.all(), contributor) == (2, 1)


def test_bulk_rejects_an_unknown_action(editor):
    with pytest.raises(ValueError, match="Unknown workflow action"):
        articles_bulk("delete", Article.objects.all(), editor)
