"""robots.txt: crawling allowed, except the admin and the endless combinations of filters."""

import re

import pytest

from tests.discovery.test_sitemap import HOST, sitemap
from tests.factories import ArticleFactory, AuthorFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def rules(text):
    """[(allow, pattern)] of the ``User-agent: *`` group, as RFC 9309 reads them."""
    found = []
    for line in text.splitlines():
        field, _, value = line.partition(":")
        if field.strip().lower() in ("allow", "disallow") and value.strip():
            found.append((field.strip().lower() == "allow", value.strip()))
    return found


def allowed(path, robot_rules):
    """RFC 9309: the longest matching rule wins, allow on a tie; ``*`` is any characters, ``$`` the end."""
    best = (-1, True)
    for allow, pattern in robot_rules:
        regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\$", "$")
        if re.match(regex, path) and (len(pattern), allow) > best:
            best = (len(pattern), allow)
    return best[1]


def test_robots_txt_is_plain_text_with_the_absolute_sitemap_url(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_robots_txt_gives_an_https_sitemap_url_behind_https(client):
    text = client.get("/robots.txt", secure=True).content.decode()
    assert "Sitemap: https://testserver/sitemap.xml" in text.splitlines()


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/articles/article/",
        "/articles/facets/topic/",
        "/articles/facets/topic/?place=china",
        "/feeds/articles.rss?topic=energy",
        "/feeds/articles.atom?person=wang-yi&topic=energy",
        "/articles/?q=energy",
        "/?sort=oldest",
        "/articles/?place=china&topic=energy",
        "/topics/energy/?page=2&place=china",
    ],
)
def test_robots_txt_keeps_crawlers_out_of_admin_facet_pages_filtered_feeds_and_filter_combinations(client, path):
    assert not allowed(path, rules(client.get("/robots.txt").content.decode()))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/",
        "/people/",
        "/feeds/articles.rss",
        "/feeds/articles.atom",
        "/articles/?topic=energy",
        "/?page=2",
    ],
)
def test_robots_txt_lets_crawlers_reach_the_public_pages(client, path):
    assert allowed(path, rules(client.get("/robots.txt").content.decode()))


def test_robots_txt_allows_every_page_in_the_sitemap(client):
    article = ArticleFactory(authors=[AuthorFactory()])
    article.topics.add("Energy")
    article.places.add("China")
    QuoteFactory(article=article, person=PersonFactory())
    robot_rules = rules(client.get("/robots.txt").content.decode())
    paths = sitemap(client)
    assert len(paths) == 9
    for path in paths:
        assert allowed(path, robot_rules), f"{HOST}{path} is in the sitemap but robots.txt forbids it"
