"""The editorial admin in a real browser: the issue's acceptance scenario, end to end.

A real seed document goes through the real importer as a draft. An editor logs in through the
admin's login form, finds the draft in the article changelist, corrects the role of a quoted
person in the "who said what" inline, saves, and publishes the article with the changelist
action. An anonymous visitor then finds the article on the public site and sees the corrected
role in the "Quoted in this article" box. The database must agree: the quote changed, the
article is published, and each step was recorded as a revision.

Selectors are roles, labels and the admin's own form ids, not layout classes.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from articles import history
from articles.ingest.runner import import_one
from articles.models import Article
from people.models import Quote
from tests.browser.conftest import SEEDS
from tests.editorial.conftest import user_in

pytestmark = pytest.mark.browser

SEED = "000_547e2fda28279b5a.txt"
TITLE = "Civil diplomacy empowers Shanghai Cooperation Organization"
PERSON = "Vladimir Norov"  # quoted once in this article, so his row in the inline is unique
OLD_ROLE, NEW_ROLE = "SCO secretary general", "Secretary-General of the SCO"
QUOTES = "quotes"  # the quote inline's formset prefix: Quote.article's related_name


@pytest.fixture
def editor(transactional_db):
    """A staff user in the Editors group (password "pw"); user_in re-creates the groups after a flush."""
    return user_in("Editors")


@pytest.fixture
def draft(transactional_db):
    """The seed document, imported as a draft through the real importer (as the admin's import page does)."""
    report = import_one(SEED, (SEEDS / SEED).read_bytes())
    assert report.outcome == "created", report.error
    article = report.article
    assert (article.title, article.status) == (TITLE, Article.Status.DRAFT)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    return article


def messages(page):
    """The admin's message list ("… was changed successfully.", "Published 1 article.")."""
    return page.locator("ul.messagelist")


def result_row(page, title):
    """The changelist row of the article with this title."""
    return page.locator("#result_list").get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))


def search_box(page):
    """The list page's own search box (as in test_public_portal); the header may hold a site-wide one too."""
    in_main = page.get_by_role("main").get_by_label("Search articles")
    return in_main if in_main.count() else page.get_by_label("Search articles").first


def test_editor_corrects_a_quoted_role_publishes_and_the_public_sees_it(new_page, draft, editor, screenshots_dir):
    quote = draft.quotes.get(person__name=PERSON)
    assert quote.role == OLD_ROLE
    paragraphs_before = len(draft.paragraphs())
    assert paragraphs_before > 5
    change_url = f"/admin/articles/article/{draft.pk}/change/"

    # The editor logs in through the admin's form.
    admin = new_page()
    admin.goto("/admin/login/?next=/admin/articles/article/")
    admin.get_by_label("Username").fill(editor.username)
    admin.get_by_label("Password").fill("pw")
    admin.get_by_role("button", name="Log in").click()
    admin.wait_for_url("**/admin/articles/article/")
    expect(admin.get_by_role("heading", level=1)).to_have_text("Select article to change")

    # Drafts only, then the imported article by its title.
    admin.locator("#changelist-filter").get_by_role("link", name="Draft", exact=True).click()
    admin.wait_for_url(re.compile(r"[?&]status__exact=draft"))
    expect(result_row(admin, TITLE)).to_have_count(1)
    admin.locator("#result_list").get_by_role("link", name=TITLE, exact=True).click()
    admin.wait_for_url(re.compile(rf"{re.escape(change_url)}(\?|$)"))
    expect(admin.get_by_role("heading", level=1)).to_have_text("Change article")
    expect(admin.get_by_role("heading", level=2, name=TITLE)).to_be_visible()

    # In "who said what", the block quoting Vladimir Norov (headed "Quote: Vladimir Norov: …"), its hidden id
    # this quote's; the sentence of the text it stands in is shown beside it.
    quotes = admin.locator(f"#{QUOTES}-group")
    expect(quotes.get_by_role("heading", name="who said what")).to_be_visible()
    heading = admin.get_by_role("heading", level=3, name=re.compile(rf"^Quote: {re.escape(PERSON)}:"))
    row = quotes.locator(".inline-related").filter(has=heading)
    expect(row).to_have_count(1)
    expect(row.locator("mark")).to_contain_text(quote.text.rstrip(".")[:40])
    index = int(re.fullmatch(rf"{QUOTES}-(\d+)", row.get_attribute("id")).group(1))
    expect(admin.locator(f"#id_{QUOTES}-{index}-id")).to_have_value(str(quote.pk))
    role = row.locator(f"#id_{QUOTES}-{index}-role")
    expect(role).to_have_value(OLD_ROLE)
    role.clear()
    role.press_sequentially(NEW_ROLE)
    expect(role).to_have_value(NEW_ROLE)

    path = screenshots_dir / "editorial-change-form.png"
    path.unlink(missing_ok=True)
    admin.screenshot(path=path, full_page=True)
    assert path.is_file() and path.stat().st_size > 0, f"no screenshot at {path}"

    admin.get_by_role("button", name="Save", exact=True).click()
    admin.wait_for_url(re.compile(r"/admin/articles/article/(\?|$)"))
    expect(messages(admin)).to_contain_text(f"The article “{TITLE}” was changed successfully.")
    quote.refresh_from_db()
    assert quote.role == NEW_ROLE
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT, "saving the form must not change the status"

    # Back in the (still filtered) changelist: select the article and publish it with the action.
    row = result_row(admin, TITLE)
    expect(row).to_have_count(1)
    row.get_by_role("checkbox", name=f"Select this object for an action - {TITLE}").check()
    admin.get_by_role("combobox", name=re.compile(r"^Action:")).select_option(label="Publish selected articles")
    admin.get_by_role("button", name="Go").click()
    expect(messages(admin)).to_contain_text("Published 1 article.")
    expect(result_row(admin, TITLE)).to_have_count(0)  # no longer a draft

    # The database: published, the corrected role kept, every step recorded as a revision.
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert Article.objects.published().filter(pk=draft.pk).exists()
    assert Quote.objects.get(pk=quote.pk).role == NEW_ROLE
    versions = list(history.article_versions(draft.pk))  # newest first
    comments = [version.revision.comment for version in versions]
    assert len(versions) == 3, comments
    published, edited, baseline = versions
    assert published.revision.comment == "Published."
    assert published.field_dict["status"] == Article.Status.PUBLISHED
    assert baseline.revision.comment == history.BASELINE_COMMENT
    assert baseline.field_dict["status"] == Article.Status.DRAFT
    assert edited.revision.user == editor and published.revision.user == editor
    assert f"Changed Role for quote “{PERSON}:" in edited.revision.get_comment()
    assert "Body" not in edited.revision.get_comment()  # the browser's CRLF line endings are not a change
    assert len(draft.paragraphs()) == paragraphs_before
    quote_type = ContentType.objects.get_for_model(Quote)

    def recorded_role(version):
        return version.revision.version_set.get(content_type=quote_type, object_id=str(quote.pk)).field_dict["role"]

    assert (recorded_role(baseline), recorded_role(edited), recorded_role(published)) == (OLD_ROLE, NEW_ROLE, NEW_ROLE)

    # An anonymous visitor, with cookies of their own, finds the article and the corrected role.
    public = new_page()
    public.goto("/articles/")
    main = public.get_by_role("main")
    search = search_box(public)
    search.fill("civil diplomacy")
    search.press("Enter")
    public.wait_for_url(re.compile(r"[?&]q=civil(\+|%20)diplomacy"))
    main.get_by_role("link", name=TITLE, exact=True).click()
    public.wait_for_url(f"**{draft.get_absolute_url()}")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.get_by_text("Preview.")).to_have_count(0)  # the public page, not the staff preview

    quoted = public.get_by_role("complementary", name="Quoted in this article")
    entry = quoted.get_by_role("listitem").filter(has=public.get_by_role("link", name=PERSON, exact=True))
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(NEW_ROLE)
    expect(entry).not_to_contain_text(OLD_ROLE)
    expect(quoted).not_to_contain_text(OLD_ROLE)

    path = screenshots_dir / "editorial-public-article.png"
    path.unlink(missing_ok=True)
    public.screenshot(path=path, full_page=True)
    assert path.is_file() and path.stat().st_size > 0, f"no screenshot at {path}"
