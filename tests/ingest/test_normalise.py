from pathlib import Path

import pytest

from articles.ingest.normalise import HtmlMetadata, html_to_text, looks_like_html, normalise_text, to_plain_text
from articles.ingest.parsed import ImportFailure

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))

PAGE = """<!DOCTYPE html>
<html>
<head>
  <title>SCO summit opens in Qingdao | World News</title>
  <style>p { color: red; } .byline::before { content: "By"; }</style>
  <script>alert(1)</script>
</head>
<body>
  <header><a href="/">Home</a> <a href="/world">World</a></header>
  <nav><ul><li>Politics</li><li>Economy</li></ul></nav>
  <article>
    <h1>SCO summit opens in Qingdao</h1>
    <p>The <b>Shanghai Cooperation Organization</b> <em>summit</em> opened
       on Saturday, with India &amp; Pakistan attending&nbsp;as full members.</p>
    <p>“It is a new starting point,” said the secretary-general.</p>
  </article>
  <script type="text/javascript">var tracker = "analytics";</script>
  <aside>Related stories</aside>
  <footer>Copyright 2018 World News</footer>
</body>
</html>
"""


def read_seed(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "<html><body>SCO</body></html>",
        "<p>The SCO summit opened.</p>",
        '<DIV class="story">SCO</DIV>',
        "<article>SCO</article>",
        "First line<br>second line",
        "First line<br/>second line",
        "<!doctype html>\nSCO",
    ],
)
def test_text_with_html_tags_looks_like_html(text):
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "The SCO summit opened on Saturday.",
        "Trade grew when tariffs < 5% and quotas > 10 tonnes.",
        "Write to <press@sectsco.org> for accreditation.",
        "The <preface> of the charter",
    ],
)
def test_plain_text_does_not_look_like_html(text):
    assert not looks_like_html(text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name)
def test_seed_files_do_not_look_like_html(path):
    assert not looks_like_html(read_seed(path))


# HTML pages go through trafilatura, which reads whole pages: the tests put what they check into
# a page of realistic sentences, as a scraped news page would have them.
FIRST = "Foreign ministers of the Shanghai Cooperation Organization met in Astana on Friday to prepare the summit."
LAST = "The ministers also discussed the situation in Afghanistan and the fight against drug trafficking."


def page_text(article_html, chrome=""):
    """The text of a page whose article holds a headline, a paragraph, the given HTML and another paragraph."""
    text, _ = html_to_text(
        f"<html><head><title>Ministers meet in Astana | Steppe Courier</title></head><body>{chrome}"
        f"<article><h1>Ministers meet in Astana</h1><p>{FIRST}</p>{article_html}<p>{LAST}</p></article></body></html>"
    )
    return text


def middle(article_html):
    """The paragraphs the given HTML became between the page's first and last paragraph."""
    text = page_text(article_html)
    return text.split(f"{FIRST}\n\n", 1)[1].rsplit(f"\n\n{LAST}", 1)[0]


def test_html_page_becomes_its_headline_and_paragraphs():
    assert html_to_text(PAGE)[0] == (
        "SCO summit opens in Qingdao\n\n"
        "The Shanghai Cooperation Organization summit opened on Saturday, "
        "with India & Pakistan attending as full members.\n\n"
        "“It is a new starting point,” said the secretary-general."
    )


def test_script_and_style_content_is_dropped():
    text, _ = html_to_text(PAGE)

    for leftover in ("alert", "tracker", "analytics", "color", "content:", "Home", "Politics", "Related", "Copyright"):
        assert leftover not in text


def test_title_element_is_not_body_text_but_h1_is():
    text = page_text("")

    assert text.startswith("Ministers meet in Astana\n\n")
    assert "Steppe Courier" not in text


@pytest.mark.parametrize(
    "tag", ["script", "style", "noscript", "template", "iframe", "svg", "nav", "footer", "aside", "form"]
)
def test_content_of_non_article_elements_is_dropped(tag):
    sentence = "Dropped <b>text</b> of the page, a sentence long enough to be an article's."
    dropped = f"<{tag}><div><p>{sentence}</p></div></{tag}>"

    assert "Dropped" not in page_text(dropped, chrome=dropped)


def test_the_page_header_is_dropped_and_the_article_header_is_kept():
    text, _ = html_to_text(
        "<html><body><header><p>Steppe Courier, the news of Central Asia every day since the year 2000.</p></header>"
        "<article><header><h1>Ministers meet in Astana</h1>"
        "<p>The foreign ministers prepare the July summit of the heads of state in the Kazakh capital.</p></header>"
        f"<p>{FIRST}</p><p>{LAST}</p></article></body></html>"
    )

    assert text.split("\n\n")[:2] == [
        "Ministers meet in Astana",
        "The foreign ministers prepare the July summit of the heads of state in the Kazakh capital.",
    ]
    assert "every day" not in text


def test_paragraphs_are_separated_by_one_blank_line():
    assert page_text("\n  <p>Second paragraph of the article, about the summit in July.</p>\n\n") == (
        f"Ministers meet in Astana\n\n{FIRST}\n\nSecond paragraph of the article, about the summit in July.\n\n{LAST}"
    )


@pytest.mark.parametrize(
    "html",
    [
        "<h2>Security on the agenda</h2>",
        "<h3>Security on the agenda</h3>",
        "<blockquote>Security on the agenda</blockquote>",
        "<blockquote><p>Security on the agenda</p></blockquote>",
        "<section><p>Security on the agenda</p></section>",
        "<div>Security on the agenda</div>",
        "<figure><img src='/a.jpg'><figcaption>Security on the agenda</figcaption></figure>",
    ],
)
def test_headings_blockquotes_and_captions_are_paragraphs(html):
    assert middle(html) == "Security on the agenda"


def test_list_items_and_table_rows_are_paragraphs_and_cells_are_not_glued():
    items = "<ul><li>a plan against terrorism,</li><li>a statement on energy.</li></ul>"
    table = "<table><tr><th>Member</th><th>Joined</th></tr><tr><td>India</td><td>2017</td></tr></table>"

    assert middle(items) == "a plan against terrorism,\n\na statement on energy."
    assert middle(table) == "Member Joined\n\nIndia 2017"


def test_br_is_a_line_break_within_a_paragraph_and_two_are_a_paragraph_break():
    assert middle("<p>Astana, Kazakhstan<br>14 June 2024</p>") == "Astana, Kazakhstan\n14 June 2024"
    assert middle("<div>One line of the text.<br><br>Another line of it.</div>") == (
        "One line of the text.\n\nAnother line of it."
    )


def test_inline_elements_keep_the_spacing_of_the_source():
    html = "<p>The <b>SCO</b> <i>summit</i>, in <a href='#'>Qingdao</a>: Shang<span>hai</span>.</p>"

    assert middle(html) == "The SCO summit, in Qingdao: Shanghai."


def test_line_breaks_in_html_source_are_spaces():
    assert middle("<p>The summit\n      opened\ton Saturday.</p>") == "The summit opened on Saturday."


def test_entities_are_unescaped():
    html = "<p>India &amp; Pakistan&nbsp;joined &lt;2017&gt; &#8220;today&#8221; &eacute;</p>"

    assert middle(html) == "India & Pakistan joined <2017> “today” é"


def test_a_page_with_no_text_is_refused_with_a_reason():
    with pytest.raises(ImportFailure, match="no article text found in the HTML page"):
        html_to_text("<html><head><title>Steppe Courier</title></head><body><script>x()</script></body></html>")


def test_to_plain_text_converts_html_and_normalises_it():
    html = f"<html><body><p>{FIRST}</p>\n<p>India &amp; Pakistan&nbsp;joined.</p></body></html>"
    text, metadata = to_plain_text(html)

    assert text == f"{FIRST}\n\nIndia & Pakistan joined."
    assert metadata == HtmlMetadata()


def test_to_plain_text_keeps_the_lines_of_plain_text():
    text = "Headline\nAuthor : Li Wei\n\n\n\nFirst paragraph.\r\nSecond line."

    assert to_plain_text(text) == ("Headline\nAuthor : Li Wei\n\nFirst paragraph.\nSecond line.", HtmlMetadata())


def test_crlf_and_cr_become_lf():
    assert normalise_text("one\r\ntwo\rthree\nfour") == "one\ntwo\nthree\nfour"


@pytest.mark.parametrize(
    "space", ["\u00a0", "\u2000", "\u2003", "\u2007", "\u2009", "\u200a", "\u202f", "\u3000", "\t"]
)
def test_unicode_spaces_and_tabs_become_a_plain_space(space):
    assert normalise_text(f"SCO{space}summit") == "SCO summit"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\ufeff"])
def test_zero_width_characters_are_removed(invisible):
    assert normalise_text(f"{invisible}Shang{invisible}hai") == "Shanghai"


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\x7f", "\x9c"])
def test_control_characters_are_removed(control):
    assert normalise_text(f"SCO{control} summit") == "SCO summit"


def test_runs_of_spaces_are_collapsed_and_lines_stripped():
    assert normalise_text("   The  SCO \u00a0 summit   \n\t opened  ") == "The SCO summit\nopened"


def test_runs_of_blank_lines_become_one_blank_line():
    assert normalise_text("One.\n\n\n\nTwo.\n \n\t\n\u00a0\nThree.\n\nFour.") == "One.\n\nTwo.\n\nThree.\n\nFour."


def test_leading_and_trailing_blank_lines_are_removed():
    assert normalise_text("\n \n\nSCO summit\n\n \n") == "SCO summit"


def test_text_is_composed_to_nfc():
    assert normalise_text("Cafe\u0301 in Qingdao") == "Caf\u00e9 in Qingdao"


def test_letters_punctuation_and_quotes_are_left_alone():
    text = "“Health” — not ‘only’ medical… «Шанхайский дух», 上海精神！ Don't – 2020-08-28."

    assert normalise_text(text) == text


def test_seed_author_line_with_non_breaking_spaces_is_tidied():
    seed = read_seed(next(path for path in SEEDS if path.name.startswith("000_")))
    line = next(line for line in normalise_text(seed).split("\n") if line.startswith("Author"))

    assert line == "Author : ZHA JIANGUO, XIA LI and CHEN LIAN Source : Chinese Social Sciences Today 2020-08-28"


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name)
def test_normalising_a_seed_twice_changes_nothing_more(path):
    once = normalise_text(read_seed(path))

    assert normalise_text(once) == once


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name)
def test_normalising_a_seed_keeps_every_line_and_its_words(path):
    seed = read_seed(path)
    lines_with_words = [" ".join(line.split()) for line in seed.split("\n") if line.strip()]

    assert [line for line in normalise_text(seed).split("\n") if line] == lines_with_words


@pytest.mark.parametrize("path", SEEDS, ids=lambda path: path.name)
def test_normalised_seed_has_no_blank_line_runs_or_padding(path):
    text = normalise_text(read_seed(path))

    assert "\n\n\n" not in text
    assert text == text.strip()
    assert all(line == line.strip() and "  " not in line and "\u00a0" not in line for line in text.split("\n"))
