"""The reader's pages at a phone, a laptop and a wide laptop width (issue 20).

Every public page must fit the window and pass axe-core's WCAG 2.1 A/AA rules at each width
(tests/browser/screens.py). On a phone the first article of a list is on the first screen, and an
article page names the people it quotes before its text. ``make screenshots`` keeps a picture of
each page at each width in artifacts/screenshots/ for reviewing by eye.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from people.models import Person, Quote
from tests.browser.screens import WIDTHS, check_screen

pytestmark = pytest.mark.browser

CIVIL = "Civil diplomacy empowers Shanghai Cooperation Organization"
PERSON = "Vladimir Norov"
FOUND, NOT_FOUND = "Norov", "zzyzxquux"
MISSING = "/no/such/page/"
LISTS = ("home", "articles", "search", "topic", "place", "source")


def published():
    return Article.objects.published()


def public_pages(seeds):
    """{name: path} of every kind of public page, built from the imported seeds."""
    assert published().search(FOUND).exists() and not published().search(NOT_FOUND).exists()
    article = seeds[CIVIL]
    return {
        "home": "/",
        "articles": "/articles/",
        "search": f"/articles/?q={FOUND}",
        "search-none": f"/articles/?q={NOT_FOUND}",
        "topic": article.topics.first().get_absolute_url(),
        "place": article.places.first().get_absolute_url(),
        "source": article.source.get_absolute_url(),
        "people": "/people/",
        "person": Person.objects.get(name=PERSON).get_absolute_url(),
        "article": article.get_absolute_url(),
        "not-found": MISSING,
    }


def goto(page, path):
    """Load a page; the 404 page is served to the browser as a 200 (new_page fails on HTTP errors)."""
    if path != MISSING:
        page.goto(path)
        return
    statuses = []

    def as_ok(route):
        response = route.fetch()
        statuses.append(response.status)
        route.fulfill(response=response, status=200)

    page.route(f"**{MISSING}", as_ok)
    page.goto(path)
    assert statuses == [404], f"{path} answered {statuses}, not the 404 page"


@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_screen_widths_every_public_page_fits_and_passes_axe(open_page, seeds, viewport):
    page = open_page(viewport)
    problems = []
    for name, path in public_pages(seeds).items():
        goto(page, path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        problems += [f"{name} ({path}): {problem}" for problem in check_screen(page, f"public-{name}")]
    assert problems == [], "\n".join(problems)


def test_screen_widths_phone_lists_show_the_first_article_on_the_first_screen(open_page, seeds):
    viewport = WIDTHS["phone"]
    page = open_page(viewport)
    pages = public_pages(seeds)
    too_low = []
    for name in LISTS:
        page.goto(pages[name])
        first = page.get_by_role("main").get_by_role("article").first.get_by_role("heading")
        expect(first).to_be_visible()
        box = first.bounding_box()
        if box["y"] + box["height"] > viewport["height"]:
            too_low.append(f"{name} ({pages[name]}): the first title ends {box['y'] + box['height']:.0f} px down")
    assert too_low == [], f"below the first {viewport['height']} px:\n" + "\n".join(too_low)


@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_screen_widths_filters_and_chart_are_collapsed_on_a_phone_only(open_page, seeds, viewport):
    page = open_page(viewport)
    page.goto("/articles/")
    filters = page.get_by_role("complementary", name="Filters")
    topic = seeds[CIVIL].topics.first().name
    topic_link = filters.get_by_role("link", name=re.compile(rf"^\W*{re.escape(topic)}$"))
    chart = page.get_by_role("group", name="Published articles per year")
    # The chart counts dated articles only, and says how many of the list's articles that is.
    dated, total = published().exclude(published_at=None).count(), published().count()
    assert 1 < dated < total, "the scenario needs dated and undated articles"
    expect(page.get_by_text(f"{dated} of the {total} articles have a date").filter(visible=True)).to_have_count(1)
    if viewport is not WIDTHS["phone"]:
        expect(topic_link).to_be_visible()
        expect(chart).to_be_visible()
        expect(page.locator("summary").filter(visible=True)).to_have_count(0)  # nothing to open
        return
    expect(topic_link).to_be_hidden()
    expect(chart).to_be_hidden()
    filters.locator("summary").click()
    expect(topic_link).to_be_visible()
    page.locator("summary", has_text="Published articles per year").click()
    expect(chart).to_be_visible()
    topic_link.click()
    page.wait_for_url(re.compile(r"[?&]topic="))
    expect(page.get_by_role("list", name="Active filters")).to_contain_text(topic)


@pytest.mark.parametrize("viewport", WIDTHS.values(), ids=WIDTHS.keys())
def test_screen_widths_article_names_the_people_quoted_before_its_text(open_page, seeds, viewport):
    page = open_page(viewport)
    article = seeds[CIVIL]
    page.goto(article.get_absolute_url())
    names = set(Quote.objects.filter(article=article).values_list("person__name", flat=True))
    assert len(names) > 5, "the scenario needs an article quoting more people than its phone summary names"
    quoted = page.get_by_role("complementary", name="Quoted in this article")
    text_starts = page.get_by_text(article.paragraphs()[0][-60:]).bounding_box()["y"]
    assert quoted.bounding_box()["y"] < min(text_starts, viewport["height"]), "the people quoted start too low"
    if viewport is WIDTHS["phone"]:
        # Collapsed to a line of names before the text; opened, the full list, still before the text.
        summary = quoted.locator("summary")
        named = {name for name in names if name in summary.inner_text()}
        assert named and summary.bounding_box()["y"] < text_starts, f"no one quoted is named first: {named}"
        expect(quoted.get_by_role("link", name=PERSON, exact=True)).to_be_hidden()
        summary.click()
        text_starts = page.get_by_text(article.paragraphs()[0][-60:]).bounding_box()["y"]
    for name in names:
        link = quoted.get_by_role("link", name=name, exact=True)
        expect(link).to_be_visible()
        if viewport is WIDTHS["phone"]:
            assert link.bounding_box()["y"] < text_starts, f"{name} is listed below the start of the text"
    # Each person's entry leads to their statements in the text.
    jump = quoted.get_by_role("link", name=re.compile(rf"statements? by {PERSON}$"))
    expect(jump).to_have_attribute("href", re.compile(r"^#quote-\d+$"))
