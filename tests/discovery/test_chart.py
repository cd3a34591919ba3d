"""The bar chart of published articles per year (or month) on the article list."""

import datetime
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.http import QueryDict
from django.utils import formats, translation

from articles.facets import FacetValue, facet_counts
from articles.filters import ArticleFilterSet
from articles.models import Article
from articles.templatetags.charts import (
    Point,
    articles_chart,
    bar_chart,
    month_points,
    nice_step,
    undated_note,
    year_points,
)
from tests.discovery.hidden import HIDDEN_STATES, count_queries
from tests.factories import ArticleFactory

SVG = "{http://www.w3.org/2000/svg}"


def points(*counts):
    return [Point(str(2000 + i), count, f"?year={2000 + i}") for i, count in enumerate(counts)]


# The geometry: a pure function of the counts.


@pytest.mark.parametrize(
    ("maximum", "step"),
    [(1, 1), (3, 1), (4, 1), (5, 2), (7, 2), (8, 2), (9, 5), (21, 10), (40, 10), (41, 20), (999, 500)],
)
def test_axis_step_is_one_two_or_five_times_a_power_of_ten(maximum, step):
    assert nice_step(maximum) == step
    assert maximum / step <= 4


def test_no_chart_for_fewer_than_two_bars_with_articles():
    assert bar_chart([]) is None
    assert bar_chart(points(5)) is None
    assert bar_chart(points(0, 5, 0)) is None
    assert bar_chart(points(1, 5)) is not None


def test_bars_are_proportional_to_their_counts_and_stand_on_the_axis():
    chart = bar_chart(points(2, 4, 0, 8))
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.1)
    assert heights[3] == pytest.approx(2 * heights[1], abs=0.1)
    assert heights[2] == 0
    assert chart.ticks[-1].value == 8  # the axis ends at the rounded-up maximum
    assert chart.bars[3].y == chart.top
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(chart.bottom, abs=0.1)
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8]
    assert [tick.y for tick in chart.ticks] == sorted((tick.y for tick in chart.ticks), reverse=True)


def test_bars_are_evenly_spaced_left_to_right_and_keep_their_links():
    chart = bar_chart(points(1, 2, 3))
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs)
    assert xs[2] - xs[1] == pytest.approx(xs[1] - xs[0], abs=0.2)  # each coordinate is rounded to 0.1
    assert [bar.url for bar in chart.bars] == ["?year=2000", "?year=2001", "?year=2002"]


def test_small_counts_stay_visible_and_empty_bars_have_no_link():
    chart = bar_chart(points(1, 1000, 0))
    assert chart.bars[0].height == 2
    assert chart.bars[2].height == 0
    assert chart.bars[2].url == ""


def test_labels_are_thinned_when_bars_are_narrow_keeping_the_latest():
    chart = bar_chart(points(*range(1, 41)))
    shown = [bar.label for bar in chart.bars if bar.show_label]
    assert shown[-1] == "2039"
    assert 3 <= len(shown) < 40
    assert all(bar.show_label for bar in bar_chart(points(1, 2, 3)).bars)


def test_chart_fits_its_viewbox():
    chart = bar_chart(points(*range(1, 41)), width=360, height=180)
    assert 0 < chart.left < chart.right <= 360
    assert 0 < chart.top < chart.bottom < chart.label_y < chart.title_y <= 180


# From facets to points.


class FakeFacet:
    def __init__(self, values):
        self.values = values


def facet_value(value, count, selected=False, label=None):
    return FacetValue(str(value), label or str(value), count, selected, f"?year={value}")


def test_years_run_oldest_first_with_empty_years_filled():
    facet = FakeFacet([facet_value(2024, 3), facet_value(2021, 1)])
    assert [(p.label, p.count, p.url) for p in year_points(facet)] == [
        ("2021", 1, "?year=2021"),
        ("2022", 0, ""),
        ("2023", 0, ""),
        ("2024", 3, "?year=2024"),
    ]


def test_a_very_long_span_of_years_is_not_filled():
    facet = FakeFacet([facet_value(1950, 1), facet_value(2024, 3)])
    assert [p.label for p in year_points(facet)] == ["1950", "2024"]


def test_months_run_january_to_december():
    facet = FakeFacet([facet_value(3, 2, label="March"), facet_value(11, 1, selected=True, label="November")])
    months = month_points(facet)
    assert [p.short_label for p in months][:3] == ["Jan", "Feb", "Mar"]
    assert [p.count for p in months] == [0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0]
    assert months[10].selected


# The tag and the page.


def article_in(year, month=6, **kwargs):
    return ArticleFactory(published_at=datetime.datetime(year, month, 15, 12, tzinfo=datetime.UTC), **kwargs)


def page_svg(client, url):
    html = client.get(url).content.decode()
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    return html, ET.fromstring(match.group(0)) if match else None


def bar_links(svg):
    return {a.get("href"): a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a")}


@pytest.mark.django_db
def test_chart_tag_reads_the_facets_without_a_query(django_assert_num_queries):
    article_in(2022)
    article_in(2024)
    filterset = ArticleFilterSet(QueryDict(), queryset=Article.objects.published())
    assert filterset.is_valid()
    facets = facet_counts(filterset)
    with django_assert_num_queries(0):
        chart = articles_chart(facets)
    assert [bar.count for bar in chart.bars] == [1, 0, 1]
    assert articles_chart({}) is None
    assert articles_chart("") is None  # the page with invalid filters has no facets


@pytest.mark.django_db
def test_list_page_draws_one_linked_bar_per_year(client):
    for year, number in [(2019, 2), (2021, 1), (2024, 4)]:
        for _ in range(number):
            article_in(year)
    html, svg = page_svg(client, "/articles/")
    assert svg.get("role") == "group"  # it holds links: an "img" role would hide them (axe: nested-interactive)
    assert svg.get("viewBox") == "0 0 360 180"
    assert svg.get("width") == "100%"
    assert svg.find(f"{SVG}title").text == "Published articles per year"
    assert "7 articles published from 2019 to 2024" in svg.find(f"{SVG}desc").text
    assert bar_links(svg) == {
        "?year=2019": "2019: 2 articles",
        "?year=2021": "2021: 1 article",
        "?year=2024": "2024: 4 articles",
    }
    bars = svg.findall(f".//{SVG}rect[@class='bar']")
    assert len(bars) == 3
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"2019", "2020", "2021", "2022", "2023", "2024", "Articles", "Year"} <= set(labels)
    # the accessible alternative: the same figures in a table, for screen readers
    assert '<table class="visually-hidden">' in html
    assert '<th scope="row">2020</th><td>0</td>' in html
    assert '<th scope="row">2024</th><td>4</td>' in html


@pytest.mark.django_db
def test_chart_says_how_many_of_the_listed_articles_it_counts(client):
    article_in(2019)
    article_in(2024)
    html, _ = page_svg(client, "/articles/")
    assert "Published articles per year</" in html  # every article has a date: nothing to add
    ArticleFactory(published_at=None)
    html, svg = page_svg(client, "/articles/")
    assert "Published articles per year: 2 of the 3 articles have a date" in html
    assert set(bar_links(svg).values()) == {"2019: 1 article", "2024: 1 article"}  # the undated one is in no bar


def test_an_estimated_chart_gives_the_rule_not_numbers():
    chart = bar_chart(points(3, 4))
    assert undated_note(chart, total=10, estimated=False) == "7 of the 10 articles have a date"
    assert undated_note(chart, total=7, estimated=False) == ""
    assert undated_note(chart, total=10, estimated=True) == "articles without a date are not counted"
    assert undated_note(SimpleNamespace(counted=1), total=2, estimated=False) == "1 of the 2 articles has a date"


@pytest.mark.django_db
def test_coordinates_are_never_localized(client):
    """SVG numbers take a decimal point whatever the active language formats numbers with."""
    for year, number in [(2019, 2), (2020, 1), (2021, 3), (2024, 4)]:
        for _ in range(number):
            article_in(year)
    with translation.override("de"):  # German writes 12,5
        assert formats.localize(12.5) == "12,5"
        _, svg = page_svg(client, "/articles/")
    numbers = [rect.get(name) for rect in svg.iter(f"{SVG}rect") for name in ("x", "y", "width", "height")]
    assert any("." in number for number in numbers)  # the bars do fall between whole units
    assert all(re.fullmatch(r"\d+(\.\d+)?", number) for number in numbers), numbers


@pytest.mark.django_db
def test_bar_links_are_the_year_facet_links_and_keep_the_other_filters(client):
    for year in (2020, 2023):
        article_in(year).topics.add("Energy")
    article_in(2021)
    _, svg = page_svg(client, "/articles/?topic=energy&sort=oldest")
    assert set(bar_links(svg)) == {"?sort=oldest&topic=energy&year=2020", "?sort=oldest&topic=energy&year=2023"}


@pytest.mark.django_db
def test_chart_shows_months_of_the_chosen_year(client):
    article_in(2024, 3)
    article_in(2024, 3)
    article_in(2024, 11)
    article_in(2023, 5)
    _, svg = page_svg(client, "/articles/?year=2024")
    assert svg.find(f"{SVG}title").text == "Published articles per month in 2024"
    assert bar_links(svg) == {"?month=3&year=2024": "March: 2 articles", "?month=11&year=2024": "November: 1 article"}
    assert [t.text for t in svg.iter(f"{SVG}text")].count("Jan") == 1
    _, svg = page_svg(client, "/articles/?year=2024&month=3")
    chosen = [a for a in svg.iter(f"{SVG}a") if a.get("aria-current") == "true"]
    assert [a.get("href") for a in chosen] == ["?year=2024"]  # the chosen month's bar takes the month off


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/articles/", "/articles/?year=2024", "/articles/?topic=energy"])
def test_no_chart_with_a_single_bar(client, url):
    article_in(2024).topics.add("Energy")
    article_in(2024)
    html, svg = page_svg(client, url)
    assert svg is None
    assert '<figure class="chart"' not in html


@pytest.mark.django_db
def test_no_chart_on_invalid_filters(client):
    article_in(2020)
    article_in(2024)
    response = client.get("/articles/?topic=no-such-topic")
    assert response.status_code == 400
    assert b"<svg" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_hidden_articles_are_not_counted_in_the_chart(client, state):
    article_in(2010)
    article_in(2012)
    # a draft, in review or archived article dated in the gap; a future one in its own year
    ArticleFactory(**{"published_at": datetime.datetime(2011, 6, 1, tzinfo=datetime.UTC), **state})
    _, svg = page_svg(client, "/articles/")
    assert bar_links(svg) == {"?year=2010": "2010: 1 article", "?year=2012": "2012: 1 article"}
    assert len(svg.findall(f".//{SVG}rect[@class='bar']")) == 2


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_the_bars(client, django_assert_max_num_queries):
    for year in range(2015, 2018):
        article_in(year)
    _, few = count_queries(client, "/articles/")
    for year in range(2015, 2025):
        for month in (1, 4, 7):
            article_in(year, month)
    with django_assert_max_num_queries(few):
        html, svg = page_svg(client, "/articles/")
    assert len(bar_links(svg)) == 10
