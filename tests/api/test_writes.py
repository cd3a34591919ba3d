"""Write endpoints: only staff with the model permissions; a failed write changes nothing."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.test import APIClient
from reversion.models import Version

from api.models import ApiKey
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "seeds" / "004_cb216ce5513ace95.txt"
IMPORTS = "/api/v1/imports/"


@pytest.fixture(autouse=True)
def generous_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "api_key": "10000/min"},
    }
    cache.clear()


def staff(*permissions):
    user = get_user_model().objects.create_user(f"staff{len(permissions)}", password="pw-for-tests", is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(pk=user.pk))
    return client


def test_staff_with_add_permission_imports_a_draft():
    response = staff("add_article").post(IMPORTS, {"text": SEED.read_text(encoding="utf-8")}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["outcome"] == "created"
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.raw_text == SEED.read_text(encoding="utf-8")
    assert response.json()["quotes"] == article.quotes.count() > 0


def test_importing_the_same_text_again_is_200_and_creates_nothing():
    client = staff("add_article")
    client.post(IMPORTS, {"text": SEED.read_text(encoding="utf-8")}, format="json")
    again = client.post(IMPORTS, {"text": SEED.read_text(encoding="utf-8")}, format="json")
    assert again.status_code == 200
    assert again.json()["outcome"] == "unchanged"
    assert Article.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "api key", "staff without permission", "non-staff with permission"])
def test_imports_are_refused_to_everyone_else(who):
    client = APIClient()
    if who == "api key":
        _, key = ApiKey.objects.create_key(name="Partner")
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    elif who == "staff without permission":
        client = staff()
    elif who == "non-staff with permission":
        user = get_user_model().objects.create_user("outsider", password="pw-for-tests")
        user.user_permissions.add(Permission.objects.get(codename="add_article"))
        client.force_authenticate(get_user_model().objects.get(pk=user.pk))
    response = client.post(IMPORTS, {"text": SEED.read_text(encoding="utf-8")}, format="json")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()
    assert not Article.objects.exists()


def test_a_refused_document_is_422_with_the_reason_and_writes_nothing():
    response = staff("add_article").post(IMPORTS, {"text": "...\n\n>>"}, format="json")
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("{not json", "application/json", 400),
        (json.dumps({"txt": "wrong field"}), "application/json", 400),
        (json.dumps({"text": 42}), "application/json", 201),  # a number is read as its text, then refused or not
        ("text=hello", "application/x-www-form-urlencoded", 415),
        ("<xml/>", "application/xml", 415),
    ],
)
def test_malformed_requests_get_a_json_4xx(body, content_type, expected):
    response = staff("add_article").generic("POST", IMPORTS, body, content_type=content_type)
    if expected == 201:
        assert response.status_code in (201, 422)
    else:
        assert response.status_code == expected
        assert response.json()
    assert not Article.objects.exclude(status=Article.Status.DRAFT).exists()


def test_staff_with_change_permission_replace_tags():
    article = ArticleFactory(status=Article.Status.DRAFT)
    article.topics.add("energy")
    response = staff("change_article").put(
        f"/api/v1/articles/{article.slug}/tags/", {"topics": ["COVID-19", "COVID-19"], "places": ["Kazakhstan"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert sorted(article.topics.names()) == ["COVID-19"]
    assert list(article.places.names()) == ["Kazakhstan"]


def test_patch_leaves_the_other_kind_alone():
    article = ArticleFactory()
    article.places.add("India")
    staff("change_article", "publish_article").patch(
        f"/api/v1/articles/{article.slug}/tags/", {"topics": ["energy"]}, format="json"
    )
    assert list(article.places.names()) == ["India"]
    assert list(article.topics.names()) == ["energy"]


def test_tag_updates_are_refused_without_permission_and_change_nothing():
    article = ArticleFactory()
    article.topics.add("energy")
    for client in (APIClient(), staff("add_article")):
        response = client.put(f"/api/v1/articles/{article.slug}/tags/", {"topics": []}, format="json")
        assert response.status_code in (401, 403)
    assert list(article.topics.names()) == ["energy"]


def test_published_articles_need_the_publish_permission_too():
    article = ArticleFactory()
    article.topics.add("energy")
    response = staff("change_article").put(f"/api/v1/articles/{article.slug}/tags/", {"topics": []}, format="json")
    assert response.status_code == 403
    assert "editors" in response.json()["detail"]
    assert list(article.topics.names()) == ["energy"]


def test_a_tag_change_is_recorded_as_a_revision():
    article = ArticleFactory(status=Article.Status.DRAFT)
    article.topics.add("energy")
    staff("change_article").put(f"/api/v1/articles/{article.slug}/tags/", {"topics": ["trade"]}, format="json")
    newest, baseline = Version.objects.get_for_object(article)
    assert newest.revision.get_comment() == "Tags replaced through the API."
    tags = {v.field_dict["tag_id"] for v in newest.revision.version_set.filter(content_type__model="taggedtopic")}
    assert tags == set(article.topics.values_list("pk", flat=True))
    before = {v.field_dict["tag_id"] for v in baseline.revision.version_set.filter(content_type__model="taggedtopic")}
    assert before != tags and len(before) == 1


def test_tags_of_an_unknown_article_are_404():
    response = staff("change_article").put("/api/v1/articles/no-such-article/tags/", {"topics": []}, format="json")
    assert response.status_code == 404
