"""The public portal in a real browser: facets, active filters, search, article and person pages,
the skip link, and full-page screenshots at phone and desktop widths (no sideways scrolling).

Selectors are roles, accessible names and headings, not CSS classes, so the templates can change
around them. Expected results come from the database the seeds were imported into, not from copies.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from articles.models import Article
from people.models import Person, Quote
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

CIVIL = "Civil diplomacy empowers Shanghai Cooperation Organization"
TWENTY = "Shanghai Cooperation Organization: 20 Years Old, High Spirited"
TOPIC, PERSON = "COVID-19", "Vladimir Norov"
COUNT_HEADING = re.compile(r"^\s*(\d+) articles?\b")


# --- reading the list page -------------------------------------------------------------------


def results_count(page):
    """The number in the results heading ("4 articles", "2 articles matching “Norov”")."""
    text = page.get_by_role("heading", name=COUNT_HEADING).inner_text()  # strict: exactly one such heading
    return int(COUNT_HEADING.match(text).group(1))


def listed_titles(page):
    """Titles of the articles listed in the results (each summary is an <article> with a heading)."""
    summaries = page.get_by_role("main").get_by_role("article")
    return summaries.evaluate_all(
        "articles => articles.map(a => (a.querySelector('h1, h2, h3, h4, h5, h6') || a).innerText.trim())"
    )


def filters(page):
    return page.get_by_role("complementary", name="Filters")


def facet_link(page, label):
    """A facet value's link; its name may carry a decorative mark such as "✓ " when chosen."""
    return filters(page).get_by_role("link", name=re.compile(rf"^\W*{re.escape(label)}$"))


def search_box(page):
    """The list page's search box (it keeps the filters): in <main>, or the header's on a list page."""
    in_main = page.get_by_role("main").get_by_label("Search articles")
    return in_main if in_main.count() else page.get_by_label("Search articles").first


def item_text(link):
    """The text of the list item holding a link ("COVID-19 4"), or "" when it is in none."""
    return link.evaluate("a => (a.closest('li') || {}).innerText || ''")


def shown_count(link):
    """The count printed next to a facet value (the last number in its list item)."""
    match = re.search(r"(\d+)\s*$", item_text(link))
    assert match, f"no count next to facet value {item_text(link)!r}"
    return int(match.group(1))


def active_filters(page):
    return page.get_by_role("list", name="Active filters")


def remove_link(page, label):
    return active_filters(page).get_by_role("link", name=re.compile(rf"^Remove .*{re.escape(label)}$"))


def published(**lookups):
    return {a.title for a in Article.objects.published().filter(**lookups).distinct()}


def query_params(page):
    return parse_qs(urlsplit(page.url).query)


# --- the tests -------------------------------------------------------------------------------


def test_facets_narrow_the_list_and_each_filter_can_be_removed(page, seeds):
    page.goto("/articles/")
    expect(page.get_by_role("heading", level=1, name="Articles")).to_be_visible()
    assert results_count(page) == 5
    assert sorted(listed_titles(page)) == sorted(seeds)

    # A topic facet: its count is the number of results it leads to, each of them tagged with it.
    with_topic = published(topics__name=TOPIC)
    assert 1 < len(with_topic) < 5, "the scenario needs a topic that narrows the list"
    link = facet_link(page, TOPIC)
    assert shown_count(link) == len(with_topic)
    link.click()
    page.wait_for_url(re.compile(r"[?&]topic="))
    assert results_count(page) == len(with_topic)
    assert set(listed_titles(page)) == with_topic
    for title in listed_titles(page):
        assert TOPIC in {t.name for t in seeds[title].topics.all()}, f"{title!r} is listed but not tagged {TOPIC}"
    expect(facet_link(page, TOPIC)).to_have_attribute("aria-current", "true")
    expect(remove_link(page, TOPIC)).to_have_count(1)

    # Every other facet value offered here leads to exactly as many results as it says.
    assert_facet_counts_match_results(page)

    # A quoted person narrows the list further.
    with_both = with_topic & published(quotes__person__name=PERSON)
    assert with_both == {CIVIL, TWENTY}
    link = facet_link(page, PERSON)
    assert shown_count(link) == len(with_both)
    link.click()
    page.wait_for_url(re.compile(r"[?&]person="))
    assert results_count(page) == len(with_both)
    assert set(listed_titles(page)) == with_both
    expect(remove_link(page, TOPIC)).to_have_count(1)
    expect(remove_link(page, PERSON)).to_have_count(1)

    # Removing the topic keeps the person filter only.
    remove_link(page, TOPIC).click()
    expect(remove_link(page, TOPIC)).to_have_count(0)
    expect(remove_link(page, PERSON)).to_have_count(1)
    assert "topic" not in query_params(page)
    assert query_params(page)["person"] == [Person.objects.get(name=PERSON).slug]
    expect(facet_link(page, TOPIC)).not_to_have_attribute("aria-current", "true")
    assert set(listed_titles(page)) == published(quotes__person__name=PERSON)
    assert results_count(page) == len(published(quotes__person__name=PERSON))


def assert_facet_counts_match_results(page):
    """Follow every facet value on the page (in a second tab) and compare its count with the results."""
    links = []
    for link in filters(page).get_by_role("link").all():
        if link.get_attribute("aria-current") or not re.search(r"\d\s*$", item_text(link)):
            continue  # a chosen value (the link removes it) or a "More …" link
        links.append((link.inner_text().strip(), shown_count(link), link.get_attribute("href")))
    assert len(links) >= 10, f"expected facet values to check, found {links}"
    other = page.context.new_page()
    # Only the HTML matters here: skip stylesheets, scripts and images to keep ~50 page loads quick.
    other.route("**/*", lambda route: route.continue_() if route.request.resource_type == "document" else route.abort())
    try:
        mismatches = []
        for label, count, href in links:
            other.goto(urlsplit(page.url).path + href if href.startswith("?") else href, wait_until="domcontentloaded")
            found, listed = results_count(other), len(listed_titles(other))
            if found != count or listed != count:
                mismatches.append(f"{label}: shows {count}, leads to {found} ({listed} listed) at {other.url}")
        assert not mismatches, "facet counts differ from their results:\n" + "\n".join(mismatches)
    finally:
        other.close()


def test_search_then_article_then_quoted_person(page, seeds):
    page.goto("/articles/")
    search_box(page).fill("Norov")
    search_box(page).press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=Norov"))
    expect(page.get_by_role("heading", name=COUNT_HEADING)).to_contain_text("Norov")
    assert results_count(page) == 2
    assert set(listed_titles(page)) == {CIVIL, TWENTY} == published(quotes__person__name=PERSON)

    page.get_by_role("main").get_by_role("link", name=CIVIL, exact=True).click()
    article = seeds[CIVIL]
    page.wait_for_url(f"**{article.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(CIVIL)

    person = Person.objects.get(name=PERSON)
    page.get_by_role("main").get_by_role("link", name=PERSON, exact=True).first.click()
    page.wait_for_url(f"**/people/{person.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(PERSON)
    main = page.get_by_role("main")
    quotes = list(Quote.objects.filter(person=person, article__in=Article.objects.published()))
    assert {q.article.title for q in quotes} == {CIVIL, TWENTY}
    for quote in quotes:
        expect(main).to_contain_text(quote.text)
    for title in (CIVIL, TWENTY):
        expect(main.get_by_role("link", name=title, exact=True)).to_be_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/articles/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=re.compile(r"skip to (main )?content", re.I))
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    focused = page.evaluate("() => document.activeElement.closest('main') ? 'main' : document.activeElement.tagName")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), "the Tab after the skip link leaves <main>"
    # Chromium moves focus to the target only if it can take focus (<main tabindex="-1">); otherwise
    # focus falls back to <body>, and screen readers do not move to the main content.
    assert focused == "main", f"after the skip link, focus is on <{focused.lower()}>, not on <main>"


@pytest.mark.parametrize(("width_name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)], ids=["phone", "desktop"])
def test_screenshots_and_no_sideways_scrolling(open_page, seeds, screenshots_dir, width_name, viewport):
    page = open_page(viewport)
    person = Person.objects.get(name=PERSON)
    pages = {
        "list": "/articles/",
        "article": seeds[CIVIL].get_absolute_url(),
        "person": person.get_absolute_url(),
    }
    too_wide = []
    for name, url in pages.items():
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        path = screenshots_dir / f"{name}-{width_name}.png"
        path.unlink(missing_ok=True)
        page.screenshot(path=path, full_page=True)
        assert path.is_file() and path.stat().st_size > 0, f"no screenshot at {path}"
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1] + 1:
            too_wide.append(f"{url}: scrollWidth {widths[0]} > innerWidth {widths[1]}")
    assert not too_wide, f"sideways scrolling at {width_name} width:\n" + "\n".join(too_wide)
