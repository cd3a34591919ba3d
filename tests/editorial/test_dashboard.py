"""The editorial dashboard on the admin index (articles/dashboard.py, its tag in articles/templatetags/editorial.py)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from articles.dashboard import editorial_dashboard
from articles.models import Article, Source
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
INDEX = "/admin/"
LINKS = {
    "in_review": "/admin/articles/article/?status__exact=in_review",
    "imported": "/admin/articles/article/?imported=7d",
    "no_date": "/admin/articles/article/?has_date=no",
    "no_source": "/admin/articles/article/?has_source=no",
    "no_description": "/admin/people/person/?has_description=no",
}
DASHBOARD_TABLES = ("articles_article", "people_person")


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def start_of_imported_window():
    """What ``?imported=7d`` lists: articles added since midnight (local time) seven days before today."""
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0) - datetime.timedelta(days=7)


def make_article(title, status, created_days_ago, dated=True, sourced=True, updated_days_ago=None, created_at=None):
    """An article with the given status, creation date and (via update(), past auto_now) last update."""
    article = ArticleFactory(
        title=title,
        status=status,
        published_at=days_ago(40) if dated else None,
        **({} if sourced else {"source": None}),
    )
    Article.objects.filter(pk=article.pk).update(
        created_at=created_at or days_ago(created_days_ago),
        updated_at=days_ago(created_days_ago if updated_days_ago is None else updated_days_ago),
    )
    return article


@pytest.fixture
def mix():
    """Articles of every status, recent (under 7 days) and old, with and without a date and a source; people."""
    window, minute = start_of_imported_window(), datetime.timedelta(minutes=1)
    articles = {
        "review-recent-undated": make_article("Review recent undated", Status.IN_REVIEW, 1, dated=False),
        "review-old": make_article("Review old", Status.IN_REVIEW, 30),
        "review-six-days-unsourced": make_article("Review six days unsourced", Status.IN_REVIEW, 6, sourced=False),
        "draft-recent-bare": make_article("Draft recent bare", Status.DRAFT, 2, dated=False, sourced=False),
        "draft-eight-days": make_article("Draft eight days", Status.DRAFT, 8),
        "published-old": make_article("Published old", Status.PUBLISHED, 60),
        "published-old-unsourced": make_article("Published old unsourced", Status.PUBLISHED, 60, sourced=False),
        "published-recent": make_article("Published recent", Status.PUBLISHED, 0),
        "archived-old-undated": make_article("Archived old undated", Status.ARCHIVED, 90, dated=False),
        # either side of where ?imported=7d starts, more than 7 × 24 hours ago
        "draft-window-start": make_article("Draft window start", Status.DRAFT, 7, created_at=window + minute),
        "draft-before-window": make_article("Draft before window", Status.DRAFT, 8, created_at=window - minute),
    }
    people = {
        "described": PersonFactory(name="Described One", description="Secretary-General of the SCO."),
        "described-too": PersonFactory(name="Described Two", description="Analyst."),
        "bare-1": PersonFactory(name="Bare One"),
        "bare-2": PersonFactory(name="Bare Two"),
        "bare-3": PersonFactory(name="Bare Three"),
    }
    return {**articles, **people}


# What each link must list, by the names in ``mix``.
EXPECTED = {
    "in_review": {"review-recent-undated", "review-old", "review-six-days-unsourced"},
    "imported": {
        "review-recent-undated",
        "review-six-days-unsourced",
        "draft-recent-bare",
        "published-recent",
        "draft-window-start",
    },
    "no_date": {"review-recent-undated", "draft-recent-bare", "archived-old-undated"},
    "no_source": {"review-six-days-unsourced", "draft-recent-bare", "published-old-unsourced"},
    "no_description": {"bare-1", "bare-2", "bare-3"},
}


def staff_without_permissions():
    return User.objects.create_user("staff", password="pw", is_staff=True)


def user_with(*perms):
    user = staff_without_permissions()
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return User.objects.get(pk=user.pk)


def get_index(client, user):
    assert client.login(username=user.username, password="pw")
    response = client.get(INDEX)
    assert response.status_code == 200
    return response


def test_counts_with_a_mix_of_articles_and_people(mix, editor):
    dashboard = editorial_dashboard(editor)

    counts = {name: dashboard[name]["count"] for name in EXPECTED}
    assert counts == {name: len(names) for name, names in EXPECTED.items()}
    assert counts == {"in_review": 3, "imported": 5, "no_date": 3, "no_source": 3, "no_description": 3}


def test_the_index_shows_the_counts_linked_to_the_filtered_lists(client, mix, editor):
    response = get_index(client, editor)
    html = response.content.decode()

    assertInHTML(f'<a class="section" href="{LINKS["in_review"]}">Waiting for review (3)</a>', html)
    assertInHTML(f'<a class="section" href="{LINKS["imported"]}">Imported in the last 7 days (5)</a>', html)
    for name, label in [
        ("no_date", "Articles with no date"),
        ("no_source", "Articles with no source"),
        ("no_description", "People with no description"),
    ]:
        row = f"""<tr id="dashboard-{name.replace("_", "-")}">
          <th scope="row"><a href="{LINKS[name]}">{label}</a></th><td class="editorial-count">3</td></tr>"""
        assertInHTML(row, html)


def test_links_use_the_exact_filter_query_strings(client, mix, editor):
    html = get_index(client, editor).content.decode()

    for url in LINKS.values():
        assert f'href="{url}"' in html


def test_the_dashboard_sits_above_the_app_list_of_the_normal_index(client, mix, contributor):
    html = get_index(client, contributor).content.decode()

    main = html.index('id="content-main"')
    dashboard = html.index('id="editorial-dashboard"')
    app_list = html.index('class="app-articles module')
    assert main < dashboard < app_list
    assert "Recent actions" in html  # the rest of Django's admin index is still there


def test_review_queue_lists_the_five_most_recently_updated_with_change_links(client, editor):
    queue = [make_article(f"In review {n}", Status.IN_REVIEW, 20, updated_days_ago=n) for n in range(7)]
    make_article("A newer draft", Status.DRAFT, 20, updated_days_ago=0)

    dashboard = editorial_dashboard(editor)
    assert [row["title"] for row in dashboard["in_review"]["articles"]] == [f"In review {n}" for n in range(5)]

    html = get_index(client, editor).content.decode()
    positions = []
    for article in queue[:5]:
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        assertInHTML(f'<a href="{change_url}">{article.title}</a>', html)
        positions.append(html.index(f">{article.title}<"))
    assert positions == sorted(positions)
    assert "In review 5" not in html and "In review 6" not in html and "A newer draft" not in html
    assertInHTML(f'<a href="{LINKS["in_review"]}">All 7 articles in review</a>', html)


def test_recent_imports_list_the_five_newest_of_the_last_seven_days(client, editor):
    recent = [make_article(f"Imported {n} days ago", Status.DRAFT, n) for n in range(7)]
    make_article("Imported long ago", Status.DRAFT, 10)

    html = get_index(client, editor).content.decode()
    shown = [article for article in recent if f">{article.title}<" in html]
    assert shown == recent[:5]
    assert [html.index(f">{article.title}<") for article in shown] == sorted(
        html.index(f">{article.title}<") for article in shown
    )
    change_url = reverse("admin:articles_article_change", args=[recent[0].pk])
    assertInHTML(f'<a href="{change_url}">{recent[0].title}</a>', html)
    assert "Imported long ago" not in html
    assertInHTML(f'<a class="section" href="{LINKS["imported"]}">Imported in the last 7 days (7)</a>', html)


def test_empty_panels_say_so(client, editor):
    html = get_index(client, editor).content.decode()

    assert "No article is waiting for review." in html
    assert "Nothing imported in the last 7 days." in html


def test_titles_are_escaped(client, editor):
    make_article('<script>alert("x")</script> & more', Status.IN_REVIEW, 1)

    html = get_index(client, editor).content.decode()

    assert "<script>alert(" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more") == 2  # both lists


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_editors_and_contributors_see_the_dashboard(client, mix, role, request):
    html = get_index(client, request.getfixturevalue(role)).content.decode()

    assert 'id="editorial-dashboard"' in html
    assert 'id="dashboard-no-description"' in html


def test_staff_without_permission_see_the_plain_index_and_run_no_dashboard_query(client, mix):
    user = staff_without_permissions()
    assert client.login(username=user.username, password="pw")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="editorial-dashboard"' not in html
    assert "Waiting for review" not in html
    assert "have permission to view or edit anything" in html  # Django's own index
    touched = [q["sql"] for q in queries if any(table in q["sql"] for table in DASHBOARD_TABLES)]
    assert touched == []


def test_the_people_count_needs_permission_to_view_people(client, mix):
    user = user_with("articles.view_article")

    with CaptureQueriesContext(connection) as queries:
        html = get_index(client, user).content.decode()

    assert 'id="editorial-dashboard"' in html
    assert 'id="dashboard-no-description"' not in html
    assert LINKS["no_description"] not in html
    assert not any("people_person" in q["sql"] for q in queries)


def test_the_dashboard_takes_four_queries(mix, editor, django_assert_num_queries):
    editor.has_perm("articles.view_article")  # load the permission cache, as the admin index has already done

    with django_assert_num_queries(4):  # article counts, people count, review queue, recent imports
        editorial_dashboard(editor)


def index_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    assert 'id="editorial-dashboard"' in response.content.decode()
    return len(queries)


def bulk_articles(count, start):
    """``count`` more articles in every status, recent, half without a date or a source, without per-row saves."""
    source = Source.objects.create(name=f"Bulk source {start}")
    statuses = list(Status)
    Article.objects.bulk_create(
        Article(
            title=f"Bulk article {n}",
            slug=f"bulk-article-{n}",
            status=statuses[n % len(statuses)],
            published_at=None if n % 2 else days_ago(3),
            source=None if n % 3 else source,
        )
        for n in range(start, start + count)
    )
    PersonFactory.create_batch(count // 10)


def test_the_index_runs_as_many_queries_with_200_articles_as_with_5(client, editor):
    bulk_articles(5, 0)
    assert client.login(username=editor.username, password="pw")
    with_five = index_queries(client)

    bulk_articles(195, 5)
    assert Article.objects.count() == 200
    with_two_hundred = index_queries(client)

    assert with_two_hundred == with_five
    assert with_five <= 12


@pytest.mark.parametrize("name", list(LINKS))
def test_each_link_lists_the_matching_objects_only(client, mix, editor, name):
    assert client.login(username=editor.username, password="pw")

    response = client.get(LINKS[name])

    assert response.status_code == 200  # an unknown filter parameter redirects to ?e=1
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert shown == {mix[key].pk for key in EXPECTED[name]}
    assert response.context["cl"].result_count == editorial_dashboard(editor)[name]["count"]


# The editorial desk: its name on every admin page, importing one click from the index.

IMPORT = reverse("admin:articles_article_import")


def import_links(html):
    return re.findall(rf'<a class="button desk-import" href="{re.escape(IMPORT)}">Import articles</a>', html)


@pytest.mark.parametrize("role", ["editor", "contributor"])
def test_the_index_is_the_editorial_desk_with_the_import_one_click_away(client, role, request):
    html = get_index(client, request.getfixturevalue(role)).content.decode()

    assert "<title>Dashboard | SCO Portal editorial desk</title>" in html
    assertInHTML('<div id="site-name"><a href="/admin/">SCO Portal editorial desk</a></div>', html)
    assert "Django administration" not in html and "Django site admin" not in html
    assert len(import_links(html)) == 1
    assert html.index(IMPORT) < html.index('id="editorial-dashboard"')  # above the panels
    assert client.get(IMPORT).status_code == 200  # and the link leads to the import page


def test_every_admin_page_carries_the_desks_name_and_stylesheet(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert "| SCO Portal editorial desk</title>" in html
    assert html.count("/static/articles/admin.css") == 1


def test_no_import_button_for_staff_who_may_not_add_articles(client):
    html = get_index(client, user_with("articles.view_article")).content.decode()

    assert import_links(html) == []
    assert IMPORT not in html
