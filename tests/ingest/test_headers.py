"""Headers of real pages: no headline, datelines and credits naming the source, dates in the shapes pages
print them, bylines with handles. The documents are short ones written here (invented places, outlets and
people) in the shapes real news pages have."""

import time
from datetime import date, datetime

import pytest

from articles.ingest.boilerplate import split_paragraphs, strip_boilerplate
from articles.ingest.dates import find_date, find_header_date
from articles.ingest.metadata import (
    dateline_agency,
    interview_outlet,
    is_outlet_name,
    lede_credit,
    masthead_source,
    parse_header_line,
    peel_date_prefix,
    provisional_title,
    split_header,
    split_title_date,
    split_title_outlet,
)
from articles.ingest.pipeline import as_json, parse_document

LEDE = (
    "Trade ministers of the Shanghai Cooperation Organization met in Orlovo on Monday to discuss a common "
    "payment system for the member states."
)
SECOND = "The ministers agreed to meet again in May, the host country's foreign ministry said in a statement."

# Dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 June 201709:15", datetime(2017, 6, 3, 9, 15)),  # the time glued to the year
        ("22/09/2015 11:04", datetime(2015, 9, 22, 11, 4)),  # the day first, over 12
        ("15/8/2007 9:45", datetime(2007, 8, 15, 9, 45)),
    ],
)
def test_find_date_reads_glued_times_and_day_first_slashes(text, expected):
    assert find_date(text)[0] == expected


@pytest.mark.parametrize("text", ["05/06/2015", "09/17/2021", "201709:15"])
def test_find_date_never_guesses_an_ambiguous_or_partial_date(text):
    assert find_date(text)[0] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Septemder / 2024", date(2024, 9, 12)),  # a misspelt month
        ("3 Febuary, 2024", date(2024, 2, 3)),
        ("2023 June 15", date(2023, 6, 15)),  # dateparser, on a short line only
        ("Publish Date: 11:46 - 13 August 2021", date(2021, 8, 13)),
        ("Published – June 26, 2025", date(2025, 6, 26)),
    ],
)
def test_find_header_date(text, expected):
    assert find_header_date(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "May 11",  # no year
        "yesterday",
        "3 hours ago",
        "March 2024",  # no day
        "Summit of 2025 in May",
        "The summit of 2025 opened on 8 Jne in a city far from the capital, with ministers",  # body text
    ],
)
def test_find_header_date_needs_a_day_a_month_and_a_year(text):
    assert find_header_date(text)[0] is None


def test_dateparser_is_bounded_to_short_header_lines():
    started = time.perf_counter()
    for _ in range(200):
        find_header_date("2023 June 15")
    assert (time.perf_counter() - started) / 200 < 0.01  # seconds per call


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Date of publication: 17 January 2030", date(2030, 1, 17)),
        ("Published On 31 Aug 2029", date(2029, 8, 31)),
        ("Published – June 26, 2031", date(2031, 6, 26)),
        ("Publish Date: 11:46 - 13 August 2027", date(2027, 8, 13)),
        ("19 Septemder / 2028", date(2028, 9, 19)),
        ("15 July 2026", date(2026, 7, 15)),
    ],
)
def test_date_lines(line, published):
    assert parse_header_line(line).published == published


def test_a_labelled_iso_date_before_the_text_is_peeled_off():
    assert peel_date_prefix("date 2030-06-06 ORLOVO — The summit opened.") == (
        date(2030, 6, 6),
        "ORLOVO — The summit opened.",
    )
    assert peel_date_prefix("2030-06-06 10:15 ORLOVO — The summit opened.") == (
        datetime(2030, 6, 6, 10, 15),
        "ORLOVO — The summit opened.",
    )
    assert peel_date_prefix("2030-06-06 was a Thursday.") == (None, "2030-06-06 was a Thursday.")


def test_a_headline_printed_with_its_date_and_time():
    title = "Ministers agree on joint payment system 2031-08-17 03:17:54   Print"
    assert split_title_date(title) == ("Ministers agree on joint payment system", datetime(2031, 8, 17, 3, 17))
    assert split_title_date("SCO summit 2031: what to expect") == ("SCO summit 2031: what to expect", None)


def test_an_event_date_in_the_body_is_not_the_publication_date():
    paragraphs = ["Bankers meet in Orlovo", "The meeting in Orlovo on 8 June 2027 was chaired by Anna Berg, its head."]
    _, header, _ = split_header(paragraphs)
    assert header.published is None


# Bylines


@pytest.mark.parametrize(
    ("line", "authors", "source"),
    [
        ("By Jane Doe | @janedoe | 10:45 AM", ["Jane Doe"], None),
        ("- By Li Wenhao in Orlovo", ["Li Wenhao"], None),
        ("By Marta Kowal | Kestrel Times | 03:36 pm IST", ["Marta Kowal"], "Kestrel Times"),
        ("By JOHN SMITH, Staff Writer", ["John Smith"], None),
        ("June 5, 2031 | Anna Berg", ["Anna Berg"], None),
        ("By Anna Berg, Kestrel News", ["Anna Berg"], "Kestrel News"),
    ],
)
def test_bylines_with_handles_bullets_and_times(line, authors, source):
    header = parse_header_line(line)
    assert (header.authors, header.source) == (authors, source)


def test_a_name_alone_under_the_headline_or_above_a_date_is_the_byline():
    title, header, body = split_header(["Orlovo hosts trade ministers", "Marta Kowal", "22/03/2031 10:04", LEDE])
    assert (title, header.authors, header.published, list(body)) == (
        "Orlovo hosts trade ministers",
        ["Marta Kowal"],
        datetime(2031, 3, 22, 10, 4),
        [LEDE],
    )


# Titles


def test_a_text_opening_with_a_dateline_has_no_title_and_keeps_that_paragraph():
    first = f"ORLOVO, May 4 (Kestrel News): {LEDE}"
    title, header, body = split_header([first, SECOND])
    assert (title, header.source, list(body)) == (None, "Kestrel News", [first, SECOND])


def test_a_date_prefix_then_a_dateline_is_body_text_with_its_date():
    title, header, body = split_header([f"date 2030-06-06 ORLOVO — {LEDE}", SECOND])
    assert (title, header.published, list(body)) == (None, date(2030, 6, 6), [f"ORLOVO — {LEDE}", SECOND])


def test_a_summary_above_a_date_line_stays_the_first_paragraph_of_a_text_without_headline():
    summary = "Ministers meet in Orlovo to agree on payments across the region, the host says."
    title, header, body = split_header([summary, "Published On 31 Aug 2029", LEDE, SECOND])
    assert (title, body.standfirst, header.published, list(body)) == (
        None,
        "",
        date(2029, 8, 31),
        [summary, LEDE, SECOND],
    )


@pytest.mark.parametrize(
    ("top", "title"),
    [
        (["Kestrel Times - Weekend", "Orlovo summit opens a new chapter", "- By Li Wenhao in Orlovo"], None),
        (["Orlovo summit opens a new chapter", "Special Report: The Orlovo summit in pictures and words"], None),
        (["Special Report: The Orlovo summit in pictures and words", "Orlovo summit opens a new chapter"], None),
        (
            ["HomeWorldOrlovo summit opens a new chapter for the...", "Orlovo summit opens a new chapter for the bloc"],
            1,
        ),
        (["Orlovo summit opens a new chapter", "The meeting of the consortium in Orlovo"], 0),  # the deck under it
        (["- Advertisement -", "Orlovo summit opens a new chapter"], None),
        (["Orlovo Today", "Orlovo summit opens a new chapter"], None),  # the outlet's name
    ],
)
def test_the_headline_among_the_first_lines(top, title):
    found, _, _ = split_header([*top, LEDE, SECOND])
    expected = "Orlovo summit opens a new chapter" if title is None else top[title]
    assert found == expected


@pytest.mark.parametrize(
    "line",
    [
        '> "We must act together against every threat to the region," the minister said.',
        "“We must act together,” she said, “and we will.”",
        "Read next: Orlovo summit opens a new chapter",
        "A meaningful direction",  # a subheading after the first paragraph
    ],
)
def test_no_title_is_taken_from_below_the_first_paragraph(line):
    title, _, body = split_header([LEDE, line, SECOND])
    assert title is None
    assert body[0] == LEDE


def test_a_lede_ending_with_a_full_stop_is_not_a_headline():
    summary = "Ministers of the bloc met in Orlovo on Monday to agree on a common payment system, the host says."
    assert split_header([summary, LEDE, SECOND])[0] is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (LEDE, "Trade ministers of the Shanghai Cooperation Organization met in Orlovo on Monday to discuss a common…"),
        ("The summit opened. Ministers met on Monday.", "The summit opened"),
        ("Dr. Berg spoke.", "Dr. Berg spoke"),
    ],
)
def test_provisional_title_is_the_first_sentence_cut_at_a_word(paragraph, expected):
    assert provisional_title(paragraph) == expected


def test_a_text_without_headline_imports_with_a_provisional_title_and_a_note():
    article = parse_document(f"{LEDE}\n\n{SECOND}\n".encode())
    report = as_json(article, "lede.txt")
    assert (report["title"], report["provisional_title"]) == (None, provisional_title(LEDE))
    assert article.stored_title == provisional_title(LEDE)
    assert any("provisional" in note for note in article.warnings)
    assert (report["source"], report["published"]) == (None, None)


def test_a_printed_headline_has_no_provisional_title():
    article = parse_document(f"Orlovo hosts trade ministers\n\n{LEDE}\n".encode())
    assert (article.title, article.provisional_title, article.stored_title) == (
        "Orlovo hosts trade ministers",
        "",
        "Orlovo hosts trade ministers",
    )
    assert not any("provisional" in note for note in article.warnings)


# Sources


@pytest.mark.parametrize(
    ("paragraph", "source"),
    [
        ("ORLOVO. KAZINFORM. The summit opened on Monday.", "KAZINFORM"),
        ("ORLOVO, January 1. /TASS/. The summit opened on Monday.", "TASS"),
        ("Benaulim (Goa) [India], May 4 (ANI): The summit opened on Monday.", "ANI"),
        ("ORLOVO, March 2 (APP): The summit opened on Monday.", "APP"),
        ("ORLOVO (Kestrel News / Sputnik - 04th July, 2031) The summit opened on Monday.", "Kestrel News"),
        ("ORLOVO, September 22, 2031, Kestrel-Plus -- The summit opened on Monday.", "Kestrel-Plus"),
        ("Kestrel Times(Orlovo)- The summit opened on Monday.", "Kestrel Times"),
        ("The Shanghai Cooperation Organization (SCO) opened its summit on Monday.", None),
        ("ORLOVO (Reuters) - The summit opened on Monday.", "Reuters"),
    ],
)
def test_dateline_credits(paragraph, source):
    assert dateline_agency(paragraph) == source


@pytest.mark.parametrize(
    ("paragraph", "source"),
    [
        ("The ministers will meet in Orlovo in June, the president's office said, KABAR reports.", "KABAR"),
        ("Orlovo will host the next summit, Kestrel News reported. More talks follow.", "Kestrel News"),
        ("Orlovo will host the summit in July, reported the presidential press service.", None),
        ("Orlovo will host the summit in July, reported Akorda press service.", None),
        ("Orlovo will host the summit, the minister told Sputnik.", None),
        ("Berg spoke about it in an interview with RIA Novosti.", None),
    ],
)
def test_credits_at_the_end_of_a_lede_sentence(paragraph, source):
    assert lede_credit(paragraph) == source


def test_only_an_exclusive_interview_names_the_publisher():
    assert interview_outlet(["In an exclusive interview with the Kestrel Times on Tuesday, Berg said so."]) == (
        "Kestrel Times"
    )
    assert interview_outlet(["In an interview with the Kestrel Times on Tuesday, Berg said so."]) is None
    assert interview_outlet(["He gave an exclusive interview to CGSS, a think tank."]) is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("PTI", "PTI"),
        ("Kestrel Daily Online", "Kestrel Daily Online"),
        ("Kestrel Times - Weekend", "Kestrel Times - Weekend"),
        ("Press Release", None),
        ("World News", None),
        ("Breaking News", None),
        ("Orlovo summit opens a new chapter", None),
    ],
)
def test_masthead_lines(line, source):
    assert masthead_source(line) == source


@pytest.mark.parametrize(
    ("last", "source"),
    [
        ("Based on materials from TASS", "TASS"),
        ("( With inputs from ANI )", "ANI"),
        ("(PTI)", "PTI"),
    ],
)
def test_credit_lines_at_the_end(last, source):
    _, header, body = split_header(["Orlovo hosts trade ministers", LEDE, last])
    assert (header.source, list(body)) == (source, [LEDE])


def test_with_reporting_by_is_not_a_source():
    _, header, _ = split_header(["Orlovo hosts trade ministers", LEDE, "With reporting by Interfax"])
    assert header.source is None


def test_the_first_source_found_wins_over_a_later_credit():
    paragraphs = ["Orlovo hosts trade ministers", "PTI", f"{LEDE[:-1]}, Kestrel News reported.", SECOND]
    assert split_header(paragraphs)[1].source == "PTI"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Kestrel Times", True), ("the Kestrel Times", True), ("Xinhua", True), ("Press Service", False), ("SCO", False)],
)
def test_is_outlet_name(value, expected):
    assert is_outlet_name(value) is expected


def test_a_question_or_an_exclamation_can_be_the_headline():
    question = "Will the bloc admit three new members at the Orlovo summit this year?"
    assert split_header([question, LEDE, SECOND])[0] == question


def test_a_cookie_notice_above_the_headline_is_not_the_text():
    notice = "We use cookies to give you the best experience on our website. By continuing you agree to it."
    paragraphs = strip_boilerplate([notice, "Orlovo hosts trade ministers", LEDE])
    assert split_header(paragraphs)[0] == "Orlovo hosts trade ministers"


def test_a_photo_caption_between_the_title_and_the_byline_stays_for_the_furniture():
    caption = "Ministers at the Orlovo forum. [Photo/Kestrel Daily]"
    _, header, body = split_header(["Orlovo hosts trade ministers", caption, "By Marta Kowal", LEDE])
    assert (header.authors, list(body)) == (["Marta Kowal"], [caption, LEDE])


@pytest.mark.parametrize(
    ("last", "source"),
    [("(With inputs from agencies)", None), ("With inputs from PTI, ANI", "PTI")],
)
def test_credit_lines_name_one_outlet_or_none(last, source):
    assert split_header(["Orlovo hosts trade ministers", LEDE, last])[1].source == source


@pytest.mark.parametrize(
    ("paragraph", "source"),
    [
        ("Orlovo will host the summit in July, Kestrel News reported, citing the ministry.", "Kestrel News"),
        ("Orlovo will host the summit in July, reports Kestrel News.", "Kestrel News"),
        ("Orlovo will host the summit in July, a Kazinform correspondent reports.", "Kazinform"),
    ],
)
def test_more_credit_shapes_at_the_end_of_a_lede_sentence(paragraph, source):
    assert lede_credit(paragraph) == source


def test_a_domain_credited_in_a_dateline_is_the_source():
    assert dateline_agency("Tashkent, Uzbekistan (Kestrel.uz) -- The summit opened.") == "Kestrel.uz"


@pytest.mark.parametrize(("text", "expected"), [("22-09-2015", date(2015, 9, 22)), ("09-10-2015", None)])
def test_day_first_dashes_only_when_unambiguous(text, expected):
    assert find_date(text)[0] == expected


def test_a_qa_excerpt_has_no_title_and_keeps_its_first_question():
    question = "Question: What do you expect from the Orlovo summit this year?"
    title, _, body = split_header([question, f"Answer: {LEDE}", SECOND])
    assert (title, body[0]) == (None, question)


def test_a_caption_credit_is_not_the_source():
    caption = "(Photo: Kestrel Daily) Ministers pose for a photo in Orlovo before the talks began."
    _, header, _ = split_header(["Orlovo hosts trade ministers", caption, "By Anna Berg | June 5, 2031", LEDE])
    assert (header.source, header.authors) == (None, ["Anna Berg"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Orlovo summit opens a new chapter | The Kestrel Times",
            ("Orlovo summit opens a new chapter", "The Kestrel Times"),
        ),
        ("Orlovo summit opens a new chapter - Kestrel News", ("Orlovo summit opens a new chapter", "Kestrel News")),
        ("Orlovo summit - what to expect", ("Orlovo summit - what to expect", None)),
        ("Xi - Putin talks | Analysis", ("Xi - Putin talks | Analysis", None)),
    ],
)
def test_a_title_printed_with_its_site(title, expected):
    assert split_title_outlet(title) == expected


def test_a_section_beside_a_date_is_not_the_source():
    assert parse_header_line("Politics | June 5, 2031").source is None
    assert parse_header_line("By Anna Berg | Kestrel | June 5, 2031").source == "Kestrel"


def test_a_date_line_under_the_text_is_the_publication_date():
    _, header, body = split_header(["Orlovo hosts trade ministers", LEDE, SECOND, "Published: 05.06.2031"])
    assert (header.published, list(body)) == (date(2031, 6, 5), [LEDE, SECOND])


def test_a_ticker_above_a_headline_with_a_byline_is_not_the_text():
    ticker = "BREAKING: Five injured as a bus overturns on the mountain road north of the capital."
    paragraphs = [ticker, "Orlovo hosts trade ministers", "By Marta Kowal | June 5, 2031", LEDE, SECOND]
    title, header, body = split_header(paragraphs)
    assert (title, header.authors, list(body)) == ("Orlovo hosts trade ministers", ["Marta Kowal"], [LEDE, SECOND])


def test_a_subheading_after_the_lede_is_no_headline():
    paragraphs = [LEDE, "Talks on a common payment system", SECOND]
    title, _, body = split_header(paragraphs)
    assert (title, list(body)) == (None, paragraphs)


def test_an_agency_with_a_slash_in_its_name():
    assert dateline_agency("ORLOVO (RFE/RL) -- The summit opened on Monday.") == "RFE/RL"
    assert lede_credit("The summit opened in Orlovo on Monday, RFE/RL reports.") == "RFE/RL"


@pytest.mark.parametrize(
    "top",
    [
        ["LIVE: Markets open higher on the exchange as traders await data.", "date 2030-06-06 ORLOVO — " + LEDE],
        ["BREAKING: Five injured as a bus overturns north of the capital.", "ORLOVO — " + LEDE],
    ],
)
def test_a_ticker_sentence_above_a_text_without_headline_is_neither_title_nor_lede(top):
    title, header, body = split_header([*top, SECOND])
    assert (title, body[0]) == (None, "ORLOVO — " + LEDE)
    assert header.published == (date(2030, 6, 6) if "date" in top[1] else None)


def test_a_hard_wrap_is_not_joined_to_a_barred_header_line():
    assert split_paragraphs("Orlovo hosts trade ministers\nworld | Jun 12, 2031 | By Kestrel News") == [
        "Orlovo hosts trade ministers",
        "world | Jun 12, 2031 | By Kestrel News",
    ]


def test_a_ticker_label_line_is_never_the_title_but_a_kicker_may_be():
    assert split_header(["Trending: Markets open higher as traders await data", LEDE, SECOND])[0] is None
    assert split_header(["EXCLUSIVE: Minister says the bloc will grow", LEDE])[0] == (
        "EXCLUSIVE: Minister says the bloc will grow"
    )


def test_a_photo_caption_above_the_title_is_passed_over():
    caption = "Delegates arrive for the meeting in the capital. Photo: Kestrel Daily"
    title, header, _ = split_header(["15 July 2031", caption, "Orlovo hosts trade ministers", LEDE])
    assert (title, header.published) == ("Orlovo hosts trade ministers", date(2031, 7, 15))


def test_a_menu_above_the_date_prefix():
    paragraphs = split_paragraphs(f"Menu\nNews\nWorld\n date 2030-06-06 ORLOVO — {LEDE}\n{SECOND}")
    assert split_header(strip_boilerplate(paragraphs))[1].published == date(2030, 6, 6)


def test_a_breadcrumb_after_the_date_prefix_is_no_title():
    article = parse_document(f" date 2024-03-05 Home » World\n\n{LEDE}\n\n{SECOND}\n")
    assert article.title is None
    assert article.published == date(2024, 3, 5)
    assert article.paragraphs[0] == LEDE


@pytest.mark.parametrize(
    ("second", "source"),
    [
        ("The meeting will be held in May, Orlovo.Az reports, citing the ministry.", "Orlovo.Az"),
        ("The meeting will be held in May, Kestrel News reports.", "Kestrel News"),
        ("The meeting was first announced in May, Kestrel News reported.", None),  # another outlet's story
    ],
)
def test_a_credit_in_the_paragraph_after_the_lede(second, source):
    assert parse_document(f"{LEDE}\n\n{second}\n").source == source


@pytest.mark.parametrize(
    "headline",
    ["“No deal yet”: talks on a development bank stall", "'We will not be divided': ministers close ranks in Orlovo"],
)
def test_a_headline_may_open_with_a_quotation(headline):
    article = parse_document(f"{headline}\n\n{LEDE}\n\n{SECOND}\n")
    assert article.title == headline
    assert article.paragraphs[0] == LEDE


def test_a_quotation_standing_alone_above_the_text_is_no_headline():
    article = parse_document(f"“We will build it together,” the minister said\n\n{LEDE}\n\n{SECOND}\n")
    assert article.title is None


@pytest.mark.parametrize(
    ("dateline", "published"),
    [("ORLOVO, Aug. 14, 2023 (Kestrel) -", date(2023, 8, 14)), ("ORLOVO, 2 March 2024 —", date(2024, 3, 2))],
)
def test_a_wire_dateline_with_a_year_dates_the_article(dateline, published):
    article = parse_document(f"Ministers meet on the railway\n\n{dateline} {LEDE}\n\n{SECOND}\n")
    assert article.published == published
    assert article.dateline.startswith("ORLOVO")
