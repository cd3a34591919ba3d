"""The minimal public pages show published articles only."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    {"status": Article.Status.DRAFT},
    {"status": Article.Status.IN_REVIEW},
    {"status": Article.Status.ARCHIVED},
    {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + datetime.timedelta(days=1)},
]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_articles_are_not_listed_or_reachable(client, state):
    shown = ArticleFactory(title="Visible article")
    hidden = ArticleFactory(title="Secret article", **state)
    for url in ["/", "/articles/", shown.source.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "Visible article" in page
        assert "Secret article" not in page
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_person_page_shows_quotes_from_published_articles_only(client, state):
    person = PersonFactory(name="Vladimir Norov")
    QuoteFactory(person=person, article=ArticleFactory(), text="Public statement")
    QuoteFactory(person=person, article=ArticleFactory(**state), text="Unpublished statement")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Public statement" in page
    assert "Unpublished statement" not in page


def test_admin_login_page_is_served(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200


def test_imported_text_is_escaped(client):
    article = ArticleFactory(title="<script>alert(1)</script>", body="<b>bold</b>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999"])
def test_bad_page_numbers_give_404(client, page):
    ArticleFactory()
    assert client.get("/articles/", {"page": page}).status_code == 404
