"""The tagging stage: topics and places found in text, on the real seed documents and on small cases."""

import time
from pathlib import Path

import pytest

from articles.ingest.tags import _Matcher, find_places, find_topics, place_status, topic_names

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed(prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


# The seed documents


def test_seed_000_webinar_topics_and_places():
    text = seed("000")
    topics = find_topics("", text)
    assert "COVID-19" in topics
    # "the Belt and Road initiative" is one passing mention in the body: noise, not a topic
    assert "Belt and Road Initiative" not in topics
    places = find_places(text)
    # "Indian Council of World Affairs", "Russian-Chinese Friendship Society", "Pakistan Council on China"
    assert {"China", "Russia", "India", "Pakistan"} <= set(places)
    assert places[0] == "China"


def test_seed_000_title_adds_its_topic():
    title = "Civil diplomacy empowers Shanghai Cooperation Organization"
    assert find_topics(title, seed("000"))[0] == "culture and people-to-people exchange"


def test_seed_001_capital_is_not_a_country():
    places = find_places(seed("001"))
    # the "Moscow Declaration" names a city, not Russia
    assert "Russia" not in places
    assert {"China", "Afghanistan"} <= set(places)


def test_seed_002_anniversary_feature():
    text = seed("002")
    places = find_places(text)
    founders_and_2017_members = {"China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"}
    assert founders_and_2017_members | {"India", "Pakistan", "Afghanistan"} <= set(places)
    # the "Next Post" teaser is datelined KATHMANDU: a capital, not Nepal
    assert "Nepal" not in places
    topics = find_topics("", text)
    assert {"counter-terrorism", "Afghanistan"} <= set(topics)


def test_seed_003_turkmenistan_is_not_turkey():
    places = find_places(seed("003"))
    assert {"China", "Russia", "Pakistan", "India", "Kazakhstan", "Uzbekistan", "Kyrgyzstan"} <= set(places)
    assert "Turkey" not in places


def test_seed_004_glued_interview():
    text = seed("004")
    title, body = text.split("\n", 1)
    topics = find_topics(title, body)
    assert {"COVID-19", "Belt and Road Initiative"} <= set(topics)
    assert find_places(body) == ["China", "Russia"]


# Short texts


def test_a_short_text_counts_each_topic_it_names_once():
    body = (
        "Ministers of the member states met in Bishkek on Tuesday and agreed to widen their work on "
        "counter-terrorism, energy and transport connectivity before the next summit."
    )
    assert set(find_topics("Ministers meet in Bishkek", body)) >= {"counter-terrorism", "energy"}


def test_a_passing_mention_in_a_long_text_is_not_a_topic():
    filler = "The delegations discussed the agenda of the meeting and the schedule of the visits. " * 25
    body = filler + "One speaker also mentioned energy. " + filler
    assert "energy" not in find_topics("Delegations meet", body)
    assert "energy" in find_topics("Delegations meet", body, min_body_mentions=1)


# Places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks with the Kyrgyz Republic resumed.", ["Kyrgyzstan"]),
        ("Türkiye applied; Turkiye and the Turkish side agreed.", ["Turkey"]),
        ("the Lao People’s Democratic Republic", ["Laos"]),
        ("the Lao People's Democratic Republic", ["Laos"]),
        ("the Islamic Republic of Iran", ["Iran"]),
        ("China-Russia relations", ["China", "Russia"]),
        ("Sino-Indian border talks", ["India"]),
        ("Kazakhs and Uzbeks", ["Kazakhstan", "Uzbekistan"]),
        ("Chinas approach", ["China"]),
        ("CHINA AND INDIA SIGN DEAL", ["China", "India"]),
        ("the Russian federation", ["Russia"]),
    ],
)
def test_places_variants(text, expected):
    assert find_places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Shipping in the Indian Ocean",
        "A West Indian cricketer",
        "Turkmenistan and Georgia",
        "Hohhot, Inner Mongolia",
        "Meetings in Moscow, Beijing and Tashkent",
        "fine china and a roast turkey",
        "Indiana",
    ],
)
def test_places_not_named(text):
    assert find_places(text) == []


def test_indian_ocean_does_not_hide_other_mentions():
    assert find_places("Indian Ocean security and the Indian navy") == ["India"]


def test_places_ordered_by_mentions_then_first_mention():
    text = "Pakistan and India met. Later, India and Indian officials hosted Pakistani and Iranian guests."
    assert find_places(text) == ["India", "Pakistan", "Iran"]
    assert find_places("Iran, then Egypt") == ["Iran", "Egypt"]
    assert find_places("Egypt, then Iran") == ["Egypt", "Iran"]


def test_places_when_lowercasing_changes_the_length():
    # "İ" lower-cases to two characters; the slower case-insensitive path must give the same answer
    text = "İstanbul: the KYRGYZ REPUBLIC and the Kyrgyz Republic; the kyrgyz republic is not a name"
    assert find_places(text) == ["Kyrgyzstan"]
    assert find_topics("İ", "RATS and rats and RATS") == ["counter-terrorism"]


def test_place_status():
    assert place_status("India") == "member"
    assert place_status("Belarus") == "member"
    assert place_status("Mongolia") == "observer"
    assert place_status("Turkey") == "dialogue partner"
    assert place_status("Japan") is None


# Topics


def test_title_mention_counts_single_body_mention_does_not():
    """As in a long text (twice needed); test_a_short_text_counts_each_topic_it_names_once is the short case."""
    twice = {"min_body_mentions": 2}
    assert find_topics("Drug trafficking on the rise", "Officials met on Monday.", **twice) == ["drug trafficking"]
    assert find_topics("Officials met", "They discussed drug trafficking.", **twice) == []
    assert find_topics("Officials met", "Drug trafficking and heroin smuggling were discussed.", **twice) == [
        "drug trafficking"
    ]


def test_min_body_mentions_can_be_changed():
    assert find_topics("", "They discussed drug trafficking.", min_body_mentions=1) == ["drug trafficking"]
    assert find_topics("", "Heroin and opium.", min_body_mentions=3) == []


def test_topics_ordered_by_mentions():
    body = "Oil and gas pipelines. Trade grew. Energy prices and trade. Coal exports."
    assert find_topics("", body) == ["energy", "economy and trade"]


def test_topic_ties_go_to_first_mention_title_before_body():
    assert find_topics("Oil and trade", "") == ["energy", "economy and trade"]
    assert find_topics("Trade and oil", "") == ["economy and trade", "energy"]
    # one in the title plus one in the body is two mentions, ahead of a topic mentioned once in the title
    assert find_topics("Oil and trade", "More trade.") == ["economy and trade", "energy"]
    # two mentions each: the one mentioned in the title comes first, wherever the other starts in the body
    assert find_topics("A report on trade", "Oil, oil and trade.") == ["economy and trade", "energy"]


def test_curly_and_straight_apostrophes_and_separators():
    expected = ["culture and people-to-people exchange"]
    assert find_topics("Boosting people’s diplomacy", "") == expected
    assert find_topics("Boosting people's diplomacy", "") == expected
    assert find_topics("Peoples diplomacy", "") == expected
    for spelling in ("anti-terrorism", "antiterrorism", "anti terrorism", "Anti-\nTerrorism"):
        assert find_topics(spelling, "") == ["counter-terrorism"]


def test_acronyms_are_case_sensitive():
    assert find_topics("", "RATS met in Tashkent. RATS reported.") == ["counter-terrorism"]
    assert find_topics("", "Rats in the granary, rats everywhere.") == []
    assert find_topics("", "Kim Jong Un spoke. Un said so.") == []
    assert find_topics("", "The UN and the UN Charter") == ["global governance"]


def test_longest_pattern_wins_and_excluded_phrases_are_ignored():
    # "digital economy" is one mention of its topic, not also a mention of "economy and trade"
    assert find_topics("", "The digital economy and the digital economy.") == ["digital economy"]
    # "positive energy" is a figure of speech; "trade-offs" are not trade
    assert find_topics("", "Positive energy, positive energy, trade-offs and trade-offs.") == []
    # accession to the WTO is trade, not SCO expansion; NATO membership is neither
    assert find_topics("Accession to the WTO", "") == ["economy and trade"]
    assert find_topics("NATO membership debated", "") == []
    assert find_topics("Iran completes accession", "") == ["SCO expansion"]


def test_required_topics_exist():
    required = {
        "COVID-19",
        "Belt and Road Initiative",
        "counter-terrorism",
        "economy and trade",
        "energy",
        "culture and people-to-people exchange",
        "global governance",
        "Afghanistan",
        "digital economy",
    }
    assert required <= set(topic_names())


def test_a_pattern_in_two_entries_is_refused():
    with pytest.raises(ValueError, match="belongs to both"):
        _Matcher([("A", ["e-commerce"], [], []), ("B", [], ["Ecommerce"], [])], "test")
    with pytest.raises(ValueError, match="belongs to both"):
        _Matcher([("A", ["oil"], [], []), ("B", [], [], ["OIL"])], "test")


def test_tagging_is_fast():
    text = "\n\n".join(seed(prefix) for prefix in ("000", "001", "002", "003", "004"))
    text = (text * 3)[:100_000]
    find_topics("", "")  # compile the vocabularies first
    find_places("")
    started = time.perf_counter()
    find_topics("", text)
    find_places(text)
    # about 5 ms on a laptop for 100 kB; a generous bound keeps slow CI machines green
    assert time.perf_counter() - started < 0.2
