"""The five seed documents, field by field, through the whole pipeline (parse_document on the file's bytes)."""

from datetime import date
from functools import cache
from pathlib import Path

import pytest

from articles.ingest.pipeline import as_json, parse_document, published_date

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@cache
def seed(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_document(path.read_bytes())


def people(article):
    return {p.name: (p.role, p.organization) for p in article.people}


def quotes_by(article, name):
    return [q for q in article.quotes if q.person == name]


# 000: Chinese Social Sciences Today, a webinar on civil diplomacy


def test_000_header():
    article = seed("000")
    assert article.title == "Civil diplomacy empowers Shanghai Cooperation Organization"
    assert article.authors == ["Zha Jianguo", "Xia Li", "Chen Lian"]
    assert article.source == "Chinese Social Sciences Today"
    assert article.published == date(2020, 8, 28)
    assert article.dateline == "SHANGHAI"
    assert article.paragraphs[0].startswith("Scholars proposed innovating with civil diplomacy")


def test_000_quotes_exactly_seven_people_with_their_stated_roles():
    assert people(seed("000")) == {
        "Vladimir Norov": ("SCO secretary general", ""),
        "Jiang Feng": ("Party secretary", "Shanghai International Studies University"),
        "Cui Li": ("vice chairman", "SCO’s Chinese Committee on Good Neighborliness, Friendship and Cooperation"),
        "T.C.A. Raghavan": ("director general", "Indian Council of World Affairs"),
        "Sergei Sanakoyev": ("deputy chairman", "Russian-Chinese Friendship Society"),
        "Sun Zhuangzhi": (
            "director",
            "Institute of Russian, Eastern European and Central Asian Studies "
            "at the Chinese Academy of Social Sciences",
        ),
        "Hamayoun Khan": ("chairman", "Pakistan Council on China"),
    }


def test_000_later_mentions_attach_to_the_person_named_before():
    article = seed("000")
    jiang = quotes_by(article, "Jiang Feng")
    assert [q.direct for q in jiang] == [False, True]
    assert jiang[1].text.startswith("I believe that through sincere dialogue")  # "…,” Jiang concluded.
    cui = quotes_by(article, "Cui Li")
    assert cui[-1].text.startswith("2021 marks the 20th anniversary")  # "Cui noted that …"
    assert quotes_by(article, "Sergei Sanakoyev")[-1].text.startswith("In addition, economic and trade cooperation")
    assert [q.person for q in article.quotes][0] == "Vladimir Norov"


def test_000_navigation_is_not_in_the_body():
    body = seed("000").body
    for furniture in ["CONTACT US", "View All", "Editor: Yu Hui", "Hong Joungsun", "Français", "WORLD", "Author"]:
        assert furniture not in body
    assert body.endswith("and achieve common development.")


def test_000_authors_are_not_quoted_people():
    assert not {"Zha Jianguo", "Xia Li", "Chen Lian"} & set(people(seed("000")))


# 001: an analysis by Sun Linjiang


def test_001_byline_bio_and_no_date():
    article = seed("001")
    assert article.title.startswith("Shanghai Cooperation Organization: A Pioneer of Practicing Multilateralism")
    assert article.authors == ["Sun Linjiang"]
    assert article.published is None
    assert article.source is None
    assert article.author_bio.startswith("Sun Linjiang is Director-General")
    assert "Director-General" not in article.body
    assert "no publication date found" in article.warnings


def test_001_xi_jinping_is_quoted_as_president():
    article = seed("001")
    assert people(article) == {"Xi Jinping": ("President", "")}
    texts = [q.text for q in article.quotes]
    assert any(t.startswith("SCO countries to support the crucial leadership role") for t in texts)  # called on
    assert any(t.startswith("each civilization is distinct") for t in texts)  # observed that


# 002: a translated feature with a photo caption and a "Next Post" teaser


def test_002_has_no_date_of_its_own_and_the_teaser_is_gone():
    article = seed("002")
    assert article.title == "Shanghai Cooperation Organization: 20 Years Old, High Spirited"
    assert article.published is None
    assert article.authors == []
    for teaser in ["Next Post", "KATHMANDU", "Health Tips", "2021-06-21", "Jun 21", "20 killed in floods"]:
        assert teaser not in article.body
    assert article.body.endswith("a professor at the Russian Higher University of Economics.")


def test_002_photo_caption_and_credit():
    article = seed("002")
    assert article.photo_caption.startswith("This is the Qingdao Multimodal Transport Center")
    assert article.photo_credit == "Xinhua News Agency reporter Li Ziheng"
    assert "Li Ziheng" not in article.body
    assert article.paragraphs[0] == "20 years old, high spirited."


def test_002_people_and_not_the_photographer():
    article = seed("002")
    assert set(people(article)) == {
        "Deng Hao",
        "Ruan Zongze",
        "Vladimir Norov",
        "Li Yongquan",
        "Xi Jinping",
        "Sergey Lujanin",
    }
    assert people(article)["Deng Hao"] == (
        "Secretary-General",
        "China Shanghai Cooperation Organization Research Center",
    )
    assert people(article)["Sergey Lujanin"] == ("professor", "Russian Higher University of Economics")
    xi = quotes_by(article, "Xi Jinping")
    assert xi and xi[0].direct and xi[0].text.startswith("We must uphold the concept of openness")  # after a colon


# 003: a China Daily opinion piece


def test_003_header_standfirst_and_bio():
    article = seed("003")
    assert article.title == "SCO to boost mutual trust and benefit"
    assert article.source == "China Daily"
    assert article.published == date(2018, 6, 9)
    assert article.authors == []
    assert article.standfirst == (
        "Three experts share their views on the Shanghai Cooperation Organization Summit in Qingdao "
        "on Saturday and Sunday."
    )
    assert article.author_bio.startswith("The author is a research fellow at the National Academy of Development")


def test_003_furniture_is_gone_and_the_title_is_not_repeated():
    article = seed("003")
    for furniture in ["Print Print", "1 2 3 >", "Editor's note", "Updated", "The author is"]:
        assert furniture not in article.body
    assert article.title not in article.paragraphs
    assert article.paragraphs[0].startswith("Ever since the founding of the Shanghai Cooperation Organization")


def test_003_xi_jinping_is_quoted():
    article = seed("003")
    assert set(people(article)) == {"Xi Jinping"}
    assert len(quotes_by(article, "Xi Jinping")) >= 3


# 004: an interview with a Chinese ambassador, sentences glued together


def test_004_date_and_glued_sentences():
    article = seed("004")
    assert article.title == "Cooperation more vital than ever, diplomat says"
    assert published_date(article.published) == "2020-11-12"
    assert "said.As" not in article.body
    assert "Zhang said.The" not in article.body
    assert len(article.paragraphs) >= 5
    assert article.paragraphs[1].startswith("As a regional cooperation organization")


def test_004_ambassador_quoted_and_the_blue_book_is_not_a_person():
    article = seed("004")
    assert people(article)["Zhang Hanhui"] == ("Chinese Ambassador to Russia", "")
    assert set(people(article)) == {"Zhang Hanhui", "Xi Jinping"}
    assert not any(q.text.startswith("The COVID pandemic underscores") for q in article.quotes)
    zhang = [q.text for q in quotes_by(article, "Zhang Hanhui")]
    assert any(t.startswith("the Shanghai Spirit championed by Xi") for t in zhang)  # "The Chinese ambassador said"
    assert any(t.startswith("This year, the SCO members have helped each other") for t in zhang)  # "he said"


# All five


def test_thirteen_distinct_people_two_of_them_in_more_than_one_article():
    articles = [seed(prefix) for prefix in ["000", "001", "002", "003", "004"]]
    names = [set(people(article)) for article in articles]
    assert len(set().union(*names)) == 13
    for name in ["Vladimir Norov", "Xi Jinping"]:
        assert sum(name in found for found in names) > 1


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_quote_belongs_to_a_listed_person_and_positions_follow_the_text(prefix):
    article = seed(prefix)
    assert {q.person for q in article.quotes} == set(people(article))
    assert [q.position for q in article.quotes] == list(range(len(article.quotes)))
    assert all(len(q.text.split()) >= 3 for q in article.quotes)
    report = as_json(article, f"{prefix}.txt")
    assert report["body"] == "\n\n".join(article.paragraphs)
