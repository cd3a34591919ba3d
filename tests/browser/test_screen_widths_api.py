"""The partner API's pages at a phone's, a laptop's and a wide laptop's width: the landing page (``/api/v1/``
in a browser), an endpoint of the browsable API and the documentation (Redoc at ``/api/docs/``; ``/api/redoc/``
redirects there, tests/api/test_landing.py) fit the screen and have no axe-core WCAG 2.1 A/AA violation.

Each page is checked once it has drawn what a reader sees first: Redoc builds its page from the schema in the
browser, so its check waits for an operation's heading (the summary from api/descriptions.py).
"""

import pytest

from tests.browser.screens import WIDTHS, check_screen

pytestmark = pytest.mark.browser

PAGES = {
    "api-landing": ("/api/v1/", "heading", {"name": "Partner API", "level": 1}),
    "api-articles": ("/api/v1/articles/", "heading", {"name": "Article List", "level": 1}),
    "api-docs": ("/api/docs/", "heading", {"name": "List articles"}),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_screen_widths_api(open_page, name, width):
    path, role, options = PAGES[name]
    page = open_page(WIDTHS[width])
    page.goto(path)
    page.get_by_role(role, **options).first.wait_for()
    assert check_screen(page, name) == []
