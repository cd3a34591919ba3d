"""The editor's desk at a phone, a laptop and a wide laptop width: the admin index, the article list
and a seed article's change form fit the window and have no axe-core WCAG 2.1 A/AA violation.

At the laptop width the article list must stay a list: no row taller than 120 px with the seeds.
"""

import pytest

from tests.browser.screens import WIDTHS, check_screen
from tests.editorial.conftest import user_in

pytestmark = pytest.mark.browser

SEED_TITLE = "Civil diplomacy empowers Shanghai Cooperation Organization"
MAX_ROW_HEIGHT = 120  # px, at the laptop width


@pytest.fixture
def editor(transactional_db):
    return user_in("Editors")


def logged_in(open_page, viewport, editor, path):
    """A page at ``viewport`` with the seeds published, logged in as the editor through the admin's form."""
    page = open_page(viewport)
    page.goto(f"/admin/login/?next={path}")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{path}")
    return page


def row_heights(page):
    """{title: height in px} of each row of the article list."""
    return page.locator("#result_list tbody tr").evaluate_all(
        "rows => Object.fromEntries(rows.map(r => [r.querySelector('th').innerText.trim(), "
        "Math.round(r.getBoundingClientRect().height)]))"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_screen_widths_admin_index(open_page, editor, width):
    page = logged_in(open_page, WIDTHS[width], editor, "/admin/")
    assert check_screen(page, "admin-index") == []


@pytest.mark.parametrize("width", WIDTHS)
def test_screen_widths_admin_article_list(open_page, seeds, editor, width):
    page = logged_in(open_page, WIDTHS[width], editor, "/admin/articles/article/")
    heights = row_heights(page)
    assert set(heights) == set(seeds)
    assert check_screen(page, "admin-article-list") == []
    if width == "laptop":
        assert {title: h for title, h in heights.items() if h > MAX_ROW_HEIGHT} == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_screen_widths_admin_article_form(open_page, seeds, editor, width):
    path = f"/admin/articles/article/{seeds[SEED_TITLE].pk}/change/"
    page = logged_in(open_page, WIDTHS[width], editor, path)
    assert check_screen(page, "admin-article-form") == []
