"""Title, byline, source, date, dateline, standfirst, author bio and photo caption: on the test documents
in tests/ingest/documents/ (news pages in the shapes of Xinhua, China Daily, TASS, Global Times, Dawn,
The Diplomat, The Astana Times …) and on the small functions, with cases that must not be detected."""

from datetime import date, datetime

import pytest

from articles.ingest.dates import find_date
from articles.ingest.metadata import (
    Body,
    author_bio_index,
    clean_bio,
    dateline_agency,
    is_caption,
    looks_like_person_name,
    looks_like_title,
    normalise_name,
    parse_header_line,
    split_authors,
    split_body_furniture,
    split_caption,
    split_dateline,
    split_header,
)
from tests.ingest.sample_documents import DOCUMENTS, document

# The test documents, field by field

EXPECTED = {
    "xinhua_dushanbe.txt": {
        "title": "Chinese FM says SCO must stay committed to openness at Dushanbe meeting",
        "authors": [],
        "source": "Xinhua",
        "published": datetime(2021, 9, 17, 21, 14),
        "dateline": "DUSHANBE, Sept. 17 (Xinhua)",
    },
    "xinhua_beijing_briefing.txt": {
        "title": "China ready to work with Kazakhstan for successful SCO summit: spokesperson",
        "authors": [],
        "source": "Xinhua",
        "published": datetime(2024, 6, 10, 19, 5),
        "dateline": "BEIJING, June 10 (Xinhua)",
    },
    "chinadaily_bishkek.txt": {
        "title": "Leaders pledge closer ties at SCO summit in Bishkek",
        "authors": ["Zhang Yi"],
        "source": "China Daily",
        "published": datetime(2019, 6, 14, 7, 42),
        "dateline": "BISHKEK, Kyrgyzstan",
        "photo_caption": "Kyrgyz President Sooronbay Jeenbekov welcomes Chinese President Xi Jinping at the Ala Archa "
        "state residence in Bishkek on Thursday",
        "photo_credit": "Xinhua",
    },
    "chinadaily_opinion.txt": {
        "title": "SCO can bridge the digital divide in Eurasia",
        "authors": ["Wang Hui"],
        "source": "China Daily",
        "published": datetime(2022, 9, 14, 8, 5),
        "dateline": "",
        "standfirst": "As the leaders of the Shanghai Cooperation Organization member states prepare to meet in "
        "Samarkand, a scholar explains why the digital economy should be high on the agenda.",
        "author_bio": "The author is a research fellow at the Institute of Digital Economy, Tsinghua University.",
    },
    "tass_lavrov.txt": {
        "title": "Lavrov calls for SCO to expand cooperation in settlement in national currencies",
        "authors": [],
        "source": "TASS",
        "published": None,
        "dateline": "MOSCOW, June 10. /TASS/",
    },
    "globaltimes_experts.txt": {
        "title": "SCO's expansion shows appeal of non-bloc cooperation: experts",
        "authors": ["Chen Qingqing", "Liu Xin"],
        "source": None,
        "published": datetime(2023, 7, 4, 22, 18),
        "dateline": "",
        "photo_caption": "A view of the venue of the SCO summit in New Delhi",
        "photo_credit": "VCG",
    },
    "dawn_islamabad.txt": {
        "title": "Pakistan seeks SCO support for regional connectivity projects",
        "authors": ["Baqir Sajjad Syed"],
        "source": "Dawn",
        "published": date(2024, 6, 4),
        "dateline": "ISLAMABAD",
    },
    "diplomat_tokayev.txt": {
        "title": "Tokayev's Balancing Act at the Astana Summit",
        "authors": ["Catherine Putz"],
        "source": None,
        "published": date(2024, 7, 5),
        "dateline": "",
        "standfirst": "Kazakhstan wants the SCO to be more than a talking shop. Its neighbors are not so sure.",
        "author_bio": "Catherine Putz is the managing editor of The Diplomat.",
    },
    "astanatimes_zhanibek.txt": {
        "title": "Kazakhstan, China sign agreements on trade, energy during state visit",
        "authors": ["Aibarshyn Akhmetkali"],
        "source": None,
        "published": date(2024, 7, 4),
        "dateline": "ASTANA",
    },
    "daryo_tashkent.html": {
        "title": "Uzbekistan to host SCO transport ministers in Samarkand",
        "authors": ["Malika Yusupova"],
        "source": None,
        "published": datetime(2024, 6, 10, 15, 32),
        "dateline": "TASHKENT, Uzbekistan",
        "photo_caption": "The Silk Road Samarkand tourist centre, where the meeting will be held",
        "photo_credit": "UzA",
    },
    "cgtn_glued.txt": {
        "title": "SCO secretary-general hails progress in counter-terrorism cooperation",
        "authors": [],
        "source": None,
        "published": datetime(2023, 3, 21, 16, 45),
        "dateline": "",
    },
    "reuters_astana.txt": {
        "title": "China's Xi urges SCO to resist 'external interference'",
        "authors": ["Olzhas Auyezov", "Guy Faulconbridge"],
        "source": "Reuters",
        "published": datetime(2024, 7, 4, 10, 32),
        "dateline": "ASTANA, July 4 (Reuters)",
    },
    "moderndiplomacy_analysis.txt": {
        "title": "The SCO at 23: Between Ambition and Reality",
        "authors": ["Rustam Khaydarov"],
        "source": None,
        "published": date(2024, 7, 12),
        "dateline": "",
        "author_bio": "Rustam Khaydarov is an independent researcher based in Tashkent who writes on Central Asian "
        "politics.",
    },
    "csst_uppercase.txt": {
        "title": "Scholars discuss SCO's role in global governance",
        "authors": ["Li Ming", "Aleksei Petrov"],
        "source": "Chinese Social Sciences Today",
        "published": date(2022, 9, 16),
        "dateline": "BEIJING",
    },
}
FIELDS = ["title", "authors", "source", "published", "dateline", "standfirst", "author_bio"]
FIELDS += ["photo_caption", "photo_credit"]
DEFAULTS = {"standfirst": "", "author_bio": "", "photo_caption": "", "photo_credit": ""}

# Text that must not be left in the body: navigation, header lines, furniture, teasers.
NOT_IN_BODY = {
    "xinhua_dushanbe.txt": ["Home >", "Share:", "Source:", "Editor: Zhang Long", "Related articles", "Xi to attend"],
    "xinhua_beijing_briefing.txt": ["Source: Xinhua", "Editor: Liu Xin", "19:05:18", "BEIJING, June 10 (Xinhua) --"],
    "chinadaily_bishkek.txt": ["Print Email", "[Photo/Xinhua]", "Updated:", "1 2 >", "Related Stories", "Xi arrives"],
    "chinadaily_opinion.txt": ["Op-Ed", "A A A", "Editor's note", "The author is", "views don't", "Page 1 of 1"],
    "tass_lavrov.txt": ["/TASS/."],
    "globaltimes_experts.txt": ["Home / China", "Published:", "Photo: VCG"],
    "dawn_islamabad.txt": ["DAWN.COM", "Share on", "Updated about", "Published in Dawn", "Comments", "Read more"],
    "diplomat_tokayev.txt": ["The Diplomat\n", "By Catherine", "Linkedin", "talking shop", "managing editor"],
    "astanatimes_zhanibek.txt": ["Menu", "Search", "Share:", "Tags:", "Related Posts", "Tokayev, Xi open"],
    "daryo_tashkent.html": ["Daryo News", "O'zbekcha", "dataLayer", "loadAds", "Share", "Photo: UzA", "Related news"],
    "cgtn_glued.txt": ["Home |", "Previous Post", "Next Post", "youth forum", "2023-03-22", "Leave a Reply"],
    "csst_uppercase.txt": ["CONTACT US", "WORLD", "Author", "Editor: Wang Yuchen", "View All"],
    "reuters_astana.txt": ["Updated 3 hours ago", "(Reporting by", "Editing by", "Our Standards", "(Reuters) -"],
    "moderndiplomacy_analysis.txt": ["Eastern Europe", "Published", "3 weeks ago", "Related Topics", "Continue"],
}


def test_there_are_enough_test_documents_of_a_realistic_size():
    paths = sorted(DOCUMENTS.iterdir())
    assert len(paths) >= 8
    assert {p.name for p in paths} == set(EXPECTED)
    for path in paths:
        assert 150 <= len(path.read_text(encoding="utf-8").split()) <= 600, path.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("field", FIELDS)
def test_document_field(name, field):
    expected = EXPECTED[name].get(field, DEFAULTS.get(field))
    assert getattr(document(name), field) == expected


@pytest.mark.parametrize("name", sorted(NOT_IN_BODY))
def test_furniture_is_not_in_the_body(name):
    article = document(name)
    for text in NOT_IN_BODY[name]:
        assert text not in article.body, text
    assert article.title not in article.paragraphs


def test_the_glued_page_is_split_into_paragraphs():
    article = document("cgtn_glued.txt")
    assert len(article.paragraphs) >= 8
    assert article.paragraphs[1] == "Zhang made the remarks at a meeting with diplomats in Beijing."


def test_the_html_page_loses_its_scripts_and_keeps_its_paragraphs():
    article = document("daryo_tashkent.html")
    assert "imported from HTML: markup, scripts and styles were removed" in article.warnings
    assert article.paragraphs[0].startswith("Uzbekistan will host a meeting of the transport ministers")
    assert len(article.paragraphs) == 6


def test_a_document_without_byline_or_date_is_noted_for_review():
    warnings = document("tass_lavrov.txt").warnings
    assert "no byline found" in warnings
    assert "no publication date found" in warnings


# normalise_name, looks_like_person_name, split_authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ZHA JIANGUO", "Zha Jianguo"),
        ("ZHANG Yi", "Zhang Yi"),
        ("KASSYM-JOMART TOKAYEV", "Kassym-Jomart Tokayev"),
        ("O'BRIEN", "O'Brien"),
        ("T.C.A. RAGHAVAN", "T.C.A. Raghavan"),
        ("Catherine  Putz ", "Catherine Putz"),
        ("Ursula von der Leyen", "Ursula von der Leyen"),
        ("McDonald", "McDonald"),
    ],
)
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("name", ["Sun Linjiang", "ZHA JIANGUO", "Baqir Sajjad Syed", "Kassym-Jomart Tokayev"])
def test_person_names(name):
    assert looks_like_person_name(name)


@pytest.mark.parametrize(
    "name",
    ["China Daily", "Global Times", "Staff Reporter", "Shanghai Cooperation Organization", "Xinhua", "the SCO summit"],
)
def test_not_person_names(name):
    assert not looks_like_person_name(name)


@pytest.mark.parametrize(
    ("value", "names", "outlet"),
    [
        ("ZHA JIANGUO, XIA LI and CHEN LIAN", ["Zha Jianguo", "Xia Li", "Chen Lian"], None),
        ("Chen Qingqing & Liu Xin", ["Chen Qingqing", "Liu Xin"], None),
        ("Zhang Yi in Bishkek", ["Zhang Yi"], None),
        ("Zhang Yi, Xinhua", ["Zhang Yi"], "Xinhua"),
        ("Xinhua writers Zhang Ming, Li Hua", ["Zhang Ming", "Li Hua"], "Xinhua"),
        ("Catherine Putz for The Diplomat", ["Catherine Putz"], "The Diplomat"),
        ("Dr. Ayesha Siddiqa", ["Ayesha Siddiqa"], None),
        ("Chinese Social Sciences Today", [], None),
        ("the SCO summit in Astana", [], None),
    ],
)
def test_split_authors(value, names, outlet):
    assert split_authors(value) == (names, outlet)


# parse_header_line


@pytest.mark.parametrize(
    ("line", "authors", "source", "published"),
    [
        (
            "Author : ZHA JIANGUO, XIA LI and CHEN LIAN Source : Chinese Social Sciences Today 2020-08-28",
            ["Zha Jianguo", "Xia Li", "Chen Lian"],
            "Chinese Social Sciences Today",
            date(2020, 8, 28),
        ),
        ("By Sun Linjiang", ["Sun Linjiang"], None, None),
        ("(China Daily )| Updated : 2018-06-09", [], "China Daily", date(2018, 6, 9)),
        ("2020-11-12 10:09", [], None, datetime(2020, 11, 12, 10, 9)),
        (
            "By Zhang Yi | China Daily | Updated: 2019-06-14 07:42",
            ["Zhang Yi"],
            "China Daily",
            datetime(2019, 6, 14, 7, 42),
        ),
        ("Source: Xinhua | 2021-09-17", [], "Xinhua", date(2021, 9, 17)),
        (
            "By Chen Qingqing and Liu Xin Published: Jul 04, 2023 10:18 PM",
            ["Chen Qingqing", "Liu Xin"],
            None,
            datetime(2023, 7, 4, 22, 18),
        ),
        ("Published June 4, 2024 Updated about 3 hours ago", [], None, date(2024, 6, 4)),
        ("Baqir Sajjad Syed Published June 4, 2024", ["Baqir Sajjad Syed"], None, date(2024, 6, 4)),
        ("By Aibarshyn Akhmetkali in Nation on 4 July 2024", ["Aibarshyn Akhmetkali"], None, date(2024, 7, 4)),
        ("July 05, 2024", [], None, date(2024, 7, 5)),
        ("Monday, June 10, 2024", [], None, date(2024, 6, 10)),
        ("By Staff Reporter", [], None, None),
        ("By Global Times Published: Jul 04, 2024 09:44 PM", [], "Global Times", datetime(2024, 7, 4, 21, 44)),
        ("By Reuters", [], "Reuters", None),
        ("Source: Xinhua| 2021-09-17 21:14:05|Editor: huaxia", [], "Xinhua", datetime(2021, 9, 17, 21, 14)),
        ("Updated 14:05, 10-Jun-2024", [], None, date(2024, 6, 10)),
        ("Last Updated: Tuesday, 11 June 2024, 09:15 GMT+5", [], None, datetime(2024, 6, 11, 9, 15)),
        ("来源：新华网 2021-09-17", [], "新华网", date(2021, 9, 17)),
        ("Reporter: Li Ming | Editor: Wang Lin", ["Li Ming"], None, None),
        ("Published", [], None, None),  # a header printed one piece per line
        ("3 weeks ago", [], None, None),
    ],
)
def test_header_lines(line, authors, source, published):
    header = parse_header_line(line)
    assert header is not None
    assert (header.authors, header.source, header.published) == (authors, source, published)


@pytest.mark.parametrize(
    "line",
    [
        "Civil diplomacy empowers Shanghai Cooperation Organization",
        "Xi Jinping arrives in Astana for SCO summit",
        "By the end of 2024, trade between the two countries is expected to reach 50 billion U.S. dollars.",
        "The summit was held in Astana on July 4, 2024, and was attended by the leaders of ten member states "
        "and of several observer states and dialogue partners.",
        "By Thursday evening",
        "By the end of the year",
        "Source of growth",
        "Published reports say the deal is done",
        "x" * 400 + " 2020-01-01",
    ],
)
def test_not_header_lines(line):
    assert parse_header_line(line) is None


# find_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-08-28", date(2020, 8, 28)),
        ("2020/8/28", date(2020, 8, 28)),
        ("2021-09-17 21:14:05", datetime(2021, 9, 17, 21, 14)),
        ("2024-06-10T15:32:00+05:00", datetime(2024, 6, 10, 15, 32)),
        ("Jul 04, 2023 10:18 PM", datetime(2023, 7, 4, 22, 18)),
        ("12:30 am, Jul 04, 2023 12:30 AM", datetime(2023, 7, 4, 0, 30)),
        ("Updated: Nov. 13, 2013", date(2013, 11, 13)),
        ("Sept. 17, 2021", date(2021, 9, 17)),
        ("Mon Jun 21 , 2021", date(2021, 6, 21)),
        ("4th June 2024", date(2024, 6, 4)),
        ("June 4th, 2024", date(2024, 6, 4)),
        ("17.09.2021 14:05", datetime(2021, 9, 17, 14, 5)),
        ("2020年8月28日", date(2020, 8, 28)),
        ("2021-09-17 25:14", date(2021, 9, 17)),  # no such time: the date alone
        ("first 2021-02-30 then 2021-03-01", date(2021, 3, 1)),  # no such day: the next date
    ],
)
def test_find_date(text, expected):
    assert find_date(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    ["June 10", "BEIJING, June 10 (Xinhua)", "1 2 3 >", "10:09", "in 2020", "3,258 people", "09/17/2021", ""],
)
def test_no_date(text):
    assert find_date(text) == (None, None)


def test_find_date_gives_the_span_of_the_date_and_time():
    text = "Updated: 2019-06-14 07:42 | China Daily"
    _, (start, end) = find_date(text)
    assert text[start:end] == "2019-06-14 07:42"


# Title and header


@pytest.mark.parametrize(
    "paragraph",
    ["SCO to boost mutual trust and benefit", "Cooperation more vital than ever, diplomat says"],
)
def test_titles(paragraph):
    assert looks_like_title(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    ["World", "20 years old, high spirited.", "(This is a photo caption)", "2020-11-12 10:09", "中国社会科学网 中文"],
)
def test_not_titles(paragraph):
    assert not looks_like_title(paragraph)


def test_split_header_takes_the_title_nearest_above_the_byline():
    title, header, body = split_header(["The Diplomat", "Real title here", "By Catherine Putz", "Body text."])
    assert (title, header.authors, body) == ("Real title here", ["Catherine Putz"], ["Body text."])


def test_split_header_without_byline_takes_the_last_headline_before_the_text():
    paragraphs = ["World News", "Lavrov calls for closer ties in Astana", "MOSCOW, June 10. /TASS/. Lavrov said so."]
    title, header, body = split_header(paragraphs)
    assert title == "Lavrov calls for closer ties in Astana"
    assert header.source == "TASS"  # the agency in the dateline
    assert body == paragraphs[2:]


def test_split_header_summary_between_title_and_byline_is_the_standfirst():
    paragraphs = ["A title for it", "A summary of the story.", "By Li Ming", "2024-01-02", "Body."]
    title, header, body = split_header(paragraphs)
    assert isinstance(body, Body)
    assert (body.standfirst, header.authors, header.published, list(body)) == (
        "A summary of the story.",
        ["Li Ming"],
        date(2024, 1, 2),
        ["Body."],
    )


def test_split_header_a_date_far_from_the_title_is_not_the_publication_date():
    paragraphs = ["A title for it", "The summit opened on Monday in the capital of Kazakhstan.", "2021-06-21"]
    _, header, body = split_header(paragraphs)
    assert header.published is None
    assert body == paragraphs[1:]


@pytest.mark.parametrize(
    ("line", "source", "published"),
    [
        ("Source: Xinhua", "Xinhua", None),
        ("(Xinhua)", "Xinhua", None),
        ("Published in Dawn, June 4th, 2024", "Dawn", date(2024, 6, 4)),
    ],
)
def test_split_header_takes_a_trailing_source_line(line, source, published):
    _, header, body = split_header(["A title for it", "Text of the article.", line])
    assert (header.source, header.published, list(body)) == (source, published, ["Text of the article."])


def test_a_headline_ending_with_a_full_stop_is_still_the_title():
    paragraphs = ["Xi arrives in Astana for SCO summit.", "Xi Jinping arrived in Astana on Tuesday, Xinhua reported."]
    title, _, body = split_header(paragraphs)
    assert (title, list(body)) == ("Xi arrives in Astana for SCO summit", paragraphs[1:])


def test_a_text_without_a_headline_has_no_title_and_keeps_its_first_paragraph():
    paragraphs = ["(a caption)", "This is a sentence of the article, long enough to be prose in any case."]
    title, _, body = split_header(paragraphs)
    assert (title, list(body)) == (None, paragraphs[1:])


# Captions


@pytest.mark.parametrize(
    ("paragraph", "caption", "credit"),
    [
        (
            "(The Qingdao center (photographed on June 12, 2019). Photo by Xinhua News Agency reporter Li Ziheng)",
            "The Qingdao center (photographed on June 12, 2019)",
            "Xinhua News Agency reporter Li Ziheng",
        ),
        ("Xi Jinping meets Tokayev in Astana. [Photo/Xinhua]", "Xi Jinping meets Tokayev in Astana", "Xinhua"),
        (
            "Delegates at the forum. [Photo by Feng Yongbin/China Daily]",
            "Delegates at the forum",
            "Feng Yongbin/China Daily",
        ),
        (
            "The venue in Astana, July 3, 2024. (Xinhua/Kalizhan Ospanov)",
            "The venue in Astana, July 3, 2024",
            "Xinhua/Kalizhan Ospanov",
        ),
        ("A view of the venue Photo: VCG", "A view of the venue", "VCG"),
        ("Photo: Xinhua", "", "Xinhua"),
    ],
)
def test_captions(paragraph, caption, credit):
    assert is_caption(paragraph)
    assert split_caption(paragraph) == (caption, credit)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Photos of the summit were widely shared on social media, officials said.",
        "(The meeting was held behind closed doors.)",
        "He showed reporters a photo of the new railway station in Tashkent.",
        "Trade grew by 20 percent (Xinhua reported).",
        "The ministry confirmed the figures on Monday. (Xinhua)",
        "The exhibition, titled “Silk Road in Pictures”, opens on Monday.",
    ],
)
def test_not_captions(paragraph):
    assert not is_caption(paragraph)


# Author bio


def test_bio_the_author_is():
    body = ["Text.", "More text.", "The author is a research fellow at the Institute.", "The views don't matter."]
    assert author_bio_index(body, []) == 2


def test_bio_of_a_byline_author():
    assert author_bio_index(["Text.", "Sun Linjiang is Director-General of the Department."], ["Sun Linjiang"]) == 1


def test_bio_without_byline_names_someone_not_otherwise_in_the_text():
    body = ["The SCO met.", "Trade grew.", "Temur Umarov is a fellow at the Carnegie Russia Eurasia Center."]
    assert author_bio_index(body, []) == 2


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        (["Putin spoke.", "Tokayev is expected to attend the summit in Astana next week."], []),
        (["Zhang Ming said so.", "Zhang Ming is the secretary-general of the SCO."], []),  # named in the text
        (["The SCO met.", "The SCO is an important member of the international community."], []),
        (["Text.", "Li Ming is a scholar at Lanzhou University."], ["Wang Hui"]),  # not the byline author
        (["The author is " + "very " * 100 + "long."], []),
    ],
)
def test_not_bios(body, authors):
    assert author_bio_index(body, authors) is None


def test_clean_bio_drops_brackets_label_and_disclaimer():
    assert clean_bio("(The author is a fellow. The views don't necessarily reflect those of China Daily.)") == (
        "The author is a fellow."
    )
    assert clean_bio("About the author: Li Ming is a scholar.") == "Li Ming is a scholar."


# Datelines


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("SHANGHAI—Scholars proposed …", "SHANGHAI", "Scholars proposed …"),
        ("BEIJING, June 10 (Xinhua) -- China is ready …", "BEIJING, June 10 (Xinhua)", "China is ready …"),
        ("MOSCOW, June 10. /TASS/. Lavrov said …", "MOSCOW, June 10. /TASS/", "Lavrov said …"),
        ("ISLAMABAD: Pakistan on Monday urged …", "ISLAMABAD", "Pakistan on Monday urged …"),
        ("ASTANA – Kazakhstan and China signed …", "ASTANA", "Kazakhstan and China signed …"),
        ("BISHKEK, Kyrgyzstan — Leaders of …", "BISHKEK, Kyrgyzstan", "Leaders of …"),
        ("NEW DELHI (Reuters) - India will …", "NEW DELHI (Reuters)", "India will …"),
        ("UNITED NATIONS, Sept. 17 (Xinhua) -- The UN …", "UNITED NATIONS, Sept. 17 (Xinhua)", "The UN …"),
    ],
)
def test_datelines(paragraph, dateline, rest):
    assert split_dateline(paragraph) == (dateline, rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "COVID-19 cases rose in the region.",
        "SCO: twenty years on, the organization is still growing.",
        "US-China trade fell.",
        "BRICS — and the SCO — are growing.",
        "The SCO met in SHANGHAI—again.",
        "A Xinhua report said so.",
        "UPDATE: The summit was postponed by a day.",
        "EXCLUSIVE — Tokayev speaks to the press.",
    ],
)
def test_not_datelines(paragraph):
    assert split_dateline(paragraph) == ("", paragraph)


def test_dateline_agency():
    assert dateline_agency("BEIJING, June 10 (Xinhua) -- China …") == "Xinhua"
    assert dateline_agency("MOSCOW, June 10. /TASS/. Lavrov …") == "TASS"
    assert dateline_agency("ALMATY (Reuters) - Kazakhstan …") == "Reuters"
    assert dateline_agency("SHANGHAI—Scholars …") is None
    assert dateline_agency("ASTANA (Kazakhstan) - Trade …") is None  # not an agency
    assert dateline_agency("ASTANA. KAZINFORM – President Tokayev …") == "Kazinform"


# split_body_furniture


def test_body_furniture_is_taken_out_of_the_body():
    body = [
        "A title for it",
        "Editor's note: Three experts share their views.",
        "(Delegates at the summit. Photo by Li Xin)",
        "BEIJING, June 10 (Xinhua) -- The summit opened.",
        "Mon Jun 21 , 2021",
        "It ended on Friday.",
        "The author is a fellow at the institute.",
    ]
    found, kept = split_body_furniture("A title for it", [], body)
    assert found == {
        "standfirst": "Three experts share their views.",
        "photo_caption": "Delegates at the summit",
        "photo_credit": "Li Xin",
        "dateline": "BEIJING, June 10 (Xinhua)",
        "author_bio": "The author is a fellow at the institute.",
    }
    assert kept == ["The summit opened.", "It ended on Friday."]


def test_an_editors_note_label_on_its_own_line_takes_the_next_paragraph():
    found, kept = split_body_furniture("T", [], ["Editor's Note", "Three experts share their views.", "Text."])
    assert (found["standfirst"], kept) == ("Three experts share their views.", ["Text."])


def test_an_editors_note_deep_in_the_text_is_left_alone():
    body = ["One.", "Two.", "Three.", "Four.", "Editor's note: this part was added later."]
    found, kept = split_body_furniture("T", [], body)
    assert (found["standfirst"], kept) == ("", body)
