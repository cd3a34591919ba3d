"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: the tests use /usr/bin/chromium (``apt-get install chromium``;
.ci/run installs it). Without it they fail, never skip, so CI cannot pass without them.
"""

import os
import shutil
from pathlib import Path

import pytest

from articles.ingest.pipeline import parse_document
from articles.ingest.writer import import_document
from articles.models import Article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"  # git-ignored (/artifacts/)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
TIMEOUT_MS = 10_000  # the live server answers in milliseconds; fail fast rather than wait 30 s


@pytest.fixture(scope="package")
def allow_sync_orm_in_browser_tests():
    """Let the ORM run while Playwright's event loop is alive, for the browser tests only.

    Playwright's sync API runs an asyncio event loop in the main thread (in a
    greenlet) for as long as the browser is open. Django's async-safety check
    sees that running loop and refuses every ORM call made from the test (the
    seed import, the assertions that read the database, and pytest-django's
    flush between transactional tests) with SynchronousOnlyOperation, although
    nothing here is actually asynchronous: the test code and the loop take
    turns in one thread. DJANGO_ALLOW_ASYNC_UNSAFE turns the check off; it is
    set only while the browser package runs and restored afterwards, so the
    rest of the suite keeps the check.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(allow_sync_orm_in_browser_tests):
    """One headless Chromium for the package, closed (and its event loop stopped) when the package ends."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        found = shutil.which("chromium")
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM} (found: {found or 'none'}). "
            "Install it with `apt-get install chromium` (.ci/run does); never `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def parsed_seeds():
    """The seed documents, parsed once (parsing touches no database)."""
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, f"expected the five seed documents in {SEEDS}, found {len(paths)}"
    return [parse_document(path.read_bytes()) for path in paths]


@pytest.fixture
def seeds(transactional_db, parsed_seeds):
    """The five seed articles, imported as published through the real importer; {title: Article}."""
    articles = [import_document(parsed, status=Article.Status.PUBLISHED).article for parsed in parsed_seeds]
    return {article.title: article for article in articles}


def _context(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def open_page(new_page, seeds):
    """``open_page(viewport)``: a fresh page on the live server, with the five seeds published."""
    return new_page


@pytest.fixture
def new_page(browser, live_server):
    """``new_page(viewport)``: a page in a fresh browser context (its own cookies) on the live server.

    Its ``goto("/articles/")`` is relative to the live server. The test fails if any page throws an
    uncaught JavaScript error or any request (a stylesheet, say) fails.
    """
    contexts, errors = [], []

    def make(viewport=DESKTOP):
        context = _context(browser, live_server, viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        page.on("requestfailed", lambda request: errors.append(f"{request.url}: {request.failure}"))
        page.on(
            "response",
            lambda response: response.status >= 400 and errors.append(f"{response.url}: HTTP {response.status}"),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, "page errors: " + "; ".join(errors)


@pytest.fixture
def page(open_page):
    """A desktop-sized page on the live server, with the five seed articles published."""
    return open_page(DESKTOP)


@pytest.fixture(scope="package")
def screenshots_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
