"""What the article changelist shows: its rows and their order, the pager and counts, search, and the
choices of its filters and date hierarchy, however they are read."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from articles.admin_filters import TOP_VALUES, years_of
from articles.facets import refresh_totals
from articles.models import Article, Topic
from tests.factories import ArticleFactory, AuthorFactory, QuoteFactory, SourceFactory

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def chief(client):
    client.force_login(User.objects.create_superuser("chief", password="pw"))
    return client


def at(year, month=6, day=1, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def changelist(client, **params):
    response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return response


def titles(response):
    return [article.title for article in response.context["cl"].result_list]


def choices(response, title):
    """The (value, label) choices a list filter offers."""
    (spec,) = [spec for spec in response.context["cl"].filter_specs if spec.title == title]
    return list(spec.lookup_choices)


def hierarchy_years(response):
    """The years the date hierarchy links to."""
    nav = re.search(r'<nav class="toplinks">(.*?)</nav>', response.content.decode(), re.S)
    return [int(year) for year in re.findall(r"published_at__year=(\d+)", nav.group(1))] if nav else []


@pytest.fixture
def dated():
    """Articles of every status in 2001, 2003 (its last half hour, UTC) and 2025, and one without a date."""
    ArticleFactory(title="published 2001", published_at=at(2001), body="A summit on energy.")
    ArticleFactory(title="draft 2003", status=Status.DRAFT, published_at=at(2003, 12, 31, 23, 30), body="Trade.")
    ArticleFactory(title="review 2025", status=Status.IN_REVIEW, published_at=at(2025, 1, 2), body="Energy again.")
    ArticleFactory(title="undated", status=Status.DRAFT, published_at=None)


# Years: of the whole list from one probe per year (PostgreSQL), else as Django lists them.


@pytest.mark.parametrize(("zone", "expected"), [("UTC", [2025, 2003, 2001]), ("Asia/Tokyo", [2025, 2004, 2001])])
def test_years_are_those_of_every_dated_article_in_the_current_time_zone(dated, zone, expected):
    with timezone.override(zone):
        assert years_of(Article, "published_at") == expected
        assert expected == [day.year for day in Article.objects.dates("published_at", "year", order="DESC")]


def test_years_of_no_dated_article_are_none():
    ArticleFactory(published_at=None)
    assert years_of(Article, "published_at") == []


def test_year_filter_and_date_hierarchy_offer_the_years_of_the_articles_listed(chief, dated):
    page = changelist(chief)
    assert choices(page, "year") == [("2025", "2025"), ("2003", "2003"), ("2001", "2001")]
    assert hierarchy_years(page) == [2001, 2003, 2025]  # Django's order: oldest first
    searched = changelist(chief, q="energy")
    assert hierarchy_years(searched) == [2001, 2025]
    assert choices(searched, "year") == choices(page, "year")  # the filter offers every year, as before
    drafts = changelist(chief, status__exact="draft")  # one dated draft: the hierarchy opens on its day
    assert "published_at__day=31" in drafts.content.decode()
    assert titles(changelist(chief, published_at__year="2003")) == ["draft 2003"]


# Rows, their order, the pager and the counts.


def test_pages_list_every_article_newest_first_whatever_its_status(chief):
    statuses = list(Status)
    for n in range(55):
        published_at = None if n % 9 == 0 else timezone.now() - datetime.timedelta(days=n % 20, hours=n)
        ArticleFactory(title=f"article {n}", status=statuses[n % len(statuses)], published_at=published_at)
    first, second = changelist(chief), changelist(chief, p=2)
    assert first.context["cl"].result_count == 55 and "55 articles" in first.content.decode()
    assert len(titles(first)) == 50 and len(titles(second)) == 5
    newest_first = Article.objects.order_by("-sort_date", "-pk").values_list("title", flat=True)
    assert titles(first) + titles(second) == list(newest_first)


def test_search_finds_a_draft_by_a_word_of_its_body_and_counts_what_it_found(chief):
    ArticleFactory(title="Restored", status=Status.DRAFT, body="The caravanserai of the old road was restored.")
    ArticleFactory(title="Other", body="Nothing of the kind.")
    ArticleFactory(title="In review", status=Status.IN_REVIEW, body="A caravanserai again.")
    page = changelist(chief, q="caravanserai")
    assert sorted(titles(page)) == ["In review", "Restored"]
    assert "2 results (" in page.content.decode() and "3 total" in page.content.decode()


def test_columns_show_authors_quote_counts_and_tags_topics_first_each_by_name(chief):
    article = ArticleFactory(title="Columns", authors=[AuthorFactory(name="Zhou Wei"), AuthorFactory(name="A. Khan")])
    article.topics.add("Trade", "Energy")
    article.places.add("Uzbekistan", "China")
    QuoteFactory.create_batch(2, article=article)
    content = changelist(chief).content.decode()
    assert '<td class="field-byline_names"><span title="Zhou Wei, A. Khan">Zhou Wei, A. Khan</span></td>' in content
    assert '<td class="field-quote_count">2</td>' in content
    # The first two tags, "+2" (named to screen readers), and all four in the tooltip: topics first.
    tags = cells(content)["tag_names"]
    assert tags.startswith('<span title="Energy, Trade, China, Uzbekistan">Energy, Trade <span class="more">+2')
    assert visible(tags) == "Energy, Trade +2" and "more: China, Uzbekistan" in tags


def cells(content):
    """{column: cell HTML} of the first row of the article list."""
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", content, re.S).group(1)
    return dict(re.findall(r'<t[hd] class="field-(\w+)"[^>]*>(.*?)</t[hd]>', row, re.S))


def visible(html):
    """A cell's text as shown: without the parts only screen readers get."""
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="visually-hidden">.*?</span>', "", html)).strip()


def test_long_values_are_shown_short_with_the_whole_value_in_the_title_and_escaped(chief):
    title = "Leaders <b>agree</b> " + "on a long list of things " * 6
    authors = [AuthorFactory(name=name) for name in ("Zhou Wei", "A. Khan", "<i>Third</i>")]
    ArticleFactory(title=title, authors=authors, source=SourceFactory(name="Chinese Social Sciences Today"),
                   published_at=at(2020, 8, 28, 14, 30))  # fmt: skip
    row = cells(changelist(chief).content.decode())
    escaped = "Leaders &lt;b&gt;agree&lt;/b&gt; " + "on a long list of things " * 6
    assert row["title_cell"].endswith(f'<span class="clamped" title="{escaped}">{escaped}</span></a>')
    assert visible(row["byline_names"]) == "Zhou Wei, A. Khan +1"
    assert (
        'title="Zhou Wei, A. Khan, &lt;i&gt;Third&lt;/i&gt;"' in row["byline_names"]
        and "<i>" not in row["byline_names"]
    )
    assert 'title="Chinese Social Sciences Today"' in row["source_name"]
    published = timezone.localtime(at(2020, 8, 28, 14, 30))
    assert visible(row["published_on"]) == published.strftime("%Y-%m-%d")
    assert f'title="{published.strftime("%Y-%m-%d %H:%M")}"' in row["published_on"]


def test_columns_sort_by_what_they_show(chief):
    ArticleFactory(title="Beta", source=SourceFactory(name="Alpha Daily"), published_at=at(2002))
    ArticleFactory(title="Alpha", source=SourceFactory(name="Zeta Weekly"), published_at=at(2001))
    columns = changelist(chief).context["cl"].list_display
    by = {name: columns.index(name) for name in ("title_cell", "source_name", "published_on")}
    assert titles(changelist(chief, o=by["title_cell"])) == ["Alpha", "Beta"]
    assert titles(changelist(chief, o=f"-{by['source_name']}")) == ["Alpha", "Beta"]  # Zeta first
    assert titles(changelist(chief)) == ["Beta", "Alpha"]  # newest first unless sorted
    assert titles(changelist(chief, o=by["published_on"])) == ["Alpha", "Beta"]


def test_rows_leave_out_the_large_texts_but_actions_get_whole_articles(chief):
    ArticleFactory(body="A long text.", raw_text="The document as imported.")
    response = changelist(chief)
    cl = response.context["cl"]
    (row,) = cl.result_list
    assert {"raw_text", "body", "search_vector"} <= row.get_deferred_fields()
    (whole,) = cl.get_queryset(response.wsgi_request)  # what an action is given
    assert whole.get_deferred_fields() == set()
    assert whole.raw_text == "The document as imported."


# Long-tail filters: the most used values, from the precomputed totals when there are any.


def tagged(topic, count, status=Status.PUBLISHED):
    for _ in range(count):
        ArticleFactory(status=status).topics.add(topic)


def test_without_totals_the_most_used_values_are_counted_over_every_article(chief):
    tagged("Energy", 2)
    tagged("Drafted", 3, Status.DRAFT)
    assert choices(changelist(chief), "topic") == [("drafted", "Drafted"), ("energy", "Energy")]


def test_with_totals_the_most_used_values_come_from_them_under_their_current_names(chief):
    tagged("Energy", 3)
    tagged("Trade", 2)
    tagged("Gone", 1)
    assert refresh_totals(force=True)
    Topic.objects.filter(slug="trade").update(name="Trade and transit")
    Topic.objects.filter(slug="gone").delete()
    tagged("Newer", 5)  # after the refresh: offered from the next one
    assert choices(changelist(chief), "topic") == [("energy", "Energy"), ("trade", "Trade and transit")]
    selected = changelist(chief, topic="newer")
    assert choices(selected, "topic")[-1] == ("newer", "Newer")  # the selected value is always offered
    assert len(titles(selected)) == 5
    assert refresh_totals(force=True)
    assert choices(changelist(chief), "topic")[0] == ("newer", "Newer")


def test_long_tail_filters_offer_at_most_the_top_values(chief):
    for n in range(TOP_VALUES + 3):
        tagged(f"Topic {n:02}", 1)
    assert len(choices(changelist(chief), "topic")) == TOP_VALUES
    assert refresh_totals(force=True)
    assert len(choices(changelist(chief), "topic")) == TOP_VALUES


@pytest.mark.parametrize("with_totals", [False, True])
def test_each_long_tail_filter_lists_the_articles_of_its_value_and_none_for_an_unknown_one(chief, with_totals):
    source = SourceFactory(name="Asia-Plus")
    article = ArticleFactory(title="Tagged", source=source, status=Status.DRAFT)
    article.topics.add("Energy")
    article.places.add("Tajikistan")
    ArticleFactory(title="Other").topics.add("Trade")
    if with_totals:
        refresh_totals(force=True)
    for name, value in [("source", "asia-plus"), ("topic", "energy"), ("place", "tajikistan")]:
        assert titles(changelist(chief, **{name: value})) == ["Tagged"], name
        assert titles(changelist(chief, **{name: "no-such-value"})) == [], name
