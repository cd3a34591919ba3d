"""The shared layout (landmarks, skip link, header search, canonical URL) and the error pages."""

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import path
from django.utils.html import escape

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom)]


@pytest.mark.parametrize("url", ["/", "/articles/", "/people/"])
def test_every_page_has_landmarks_a_skip_link_and_one_h1(client, url):
    ArticleFactory()
    content = client.get(url).content.decode()
    assert '<a class="skip-link" href="#main">' in content
    assert '<main id="main"' in content
    for landmark in ['<header class="site-header">', '<nav class="site-nav" aria-label="Main">', "<footer"]:
        assert landmark in content
    assert content.count("<h1") == 1
    assert '<html lang="en">' in content


def test_header_search_goes_to_the_article_list(client):
    content = client.get("/people/").content.decode()
    assert '<form class="site-search" role="search" method="get" action="/articles/"' in content
    assert 'name="q"' in content
    assert '<a href="/people/" aria-current="page">People</a>' in content


@pytest.mark.parametrize("url", ["/", "/articles/", "/people/"])
def test_every_page_links_the_portal_icon(client, url):
    content = client.get(url).content.decode()
    assert '<link rel="icon" href="/static/scoportal/favicon.svg" type="image/svg+xml">' in content


def test_a_list_page_has_one_search_box_in_the_header_keeping_the_query_and_filters(client):
    ArticleFactory(title="Energy talks").topics.add("energy")
    query = 'gas "pipe" <b>'
    content = client.get("/articles/", {"q": query, "topic": "energy", "page": "1"}).content.decode()
    assert content.count('name="q"') == 1
    header = content[content.index('<header class="site-header">') : content.index("</header>")]
    assert '<form class="site-search" role="search" method="get" action="/articles/"' in header
    assert f'value="{escape(query)}"' in header
    assert '<input type="hidden" name="topic" value="energy">' in header
    assert 'name="page"' not in header  # a new search starts on the first page


def test_a_refused_filter_is_dropped_from_the_search_box_but_the_query_and_good_filters_stay(client):
    ArticleFactory(title="Energy talks").topics.add("energy")
    response = client.get("/articles/", {"q": "gas", "topic": "energy", "year": "soon"})
    assert response.status_code == 400
    header = response.content.decode().split("</header>")[0]
    assert 'value="gas"' in header
    assert '<input type="hidden" name="topic" value="energy">' in header
    assert 'name="year"' not in header


def test_a_topic_page_searches_within_its_topic(client):
    ArticleFactory(title="Energy talks").topics.add("Energy")
    content = client.get("/topics/energy/", {"q": "gas"}).content.decode()
    assert content.count('name="q"') == 1
    assert 'action="/topics/energy/"' in content
    assert 'placeholder="Search this topic"' in content
    assert 'value="gas"' in content


def test_list_pages_are_canonical_without_page_and_sort_with_a_sorted_query(client):
    ArticleFactory().topics.add("energy")
    content = client.get("/articles/?year=2020&topic=energy&sort=oldest&page=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/?topic=energy&amp;year=2020">' in content
    content = client.get("/people/?page=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/people/">' in content


def test_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert 'rel="canonical"' not in content
    assert '<meta name="robots" content="noindex">' in content


def test_unpublished_article_404_uses_the_404_page(client):
    article = ArticleFactory(status="draft")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_400_page_renders_without_a_request():
    content = render_to_string("400.html")
    assert "<h1>Bad request</h1>" in content
    assert 'rel="canonical"' not in content


def test_bad_host_gets_the_400_page(client):
    response = client.get("/articles/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_500_page_is_static_markup():
    content = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in content
    assert "{%" not in content and "{{" not in content


@pytest.mark.urls("tests.pages.test_layout_and_errors")
def test_server_error_uses_the_500_page(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_favicon_ico_leads_to_the_icon_the_pages_link(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/scoportal/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]
    assert (settings.BASE_DIR / "scoportal" / "static" / "scoportal" / "favicon.svg").is_file()
    assert client.post("/favicon.ico").status_code == 405
