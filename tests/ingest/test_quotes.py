"""Who said what: the people quoted in the test documents (tests/ingest/documents/) with their stated roles,
the attribution shapes one by one, and the things that must not become a quoted person."""

import time

import pytest

from articles.ingest.pipeline import parse_document
from articles.ingest.quotes import (
    Subject,
    clean_statement,
    extract_quotes,
    find_attribution,
    is_quotation,
    parse_subject,
    split_role,
)
from tests.ingest.sample_documents import document


def people(article):
    return {p.name: (p.role, p.organization) for p in article.people}


def quotes(paragraphs, excluded=()):
    """(person, text, direct) of each quote extracted from the paragraphs."""
    _, found = extract_quotes(paragraphs, excluded)
    return [(q.person, q.text, q.direct) for q in found]


def texts_by(article, name):
    return [q.text for q in article.quotes if q.person == name]


# The test documents: exactly these people, with the role and organisation the text states. A country
# or an organisation's initials written before a title are the organisation: "Chinese President" is
# ("President", "China"), "SCO Secretary-General" ("Secretary-General", "SCO").

EXPECTED_PEOPLE = {
    "xinhua_dushanbe.txt": {
        "Wang Yi": ("Foreign Minister", "China"),
        "Emomali Rahmon": ("President", "Tajikistan"),
        "Zhao Hua": ("research fellow", "China Institute of International Studies"),
    },
    "xinhua_beijing_briefing.txt": {
        "Mao Ning": ("Foreign Ministry spokesperson", "China"),
        "Shakhrat Nuryshev": ("Kazakh Ambassador to China", ""),
        "Gulnara Baimukhanova": ("economist", "Astana-based Institute of World Economy and Politics"),
    },
    "chinadaily_bishkek.txt": {
        "Vladimir Putin": ("President", "Russia"),
        "Shavkat Mirziyoyev": ("President", "Uzbekistan"),
        "Kuban Abdymen": ("director", "Institute of Economic Research of Kyrgyzstan"),
        "Kassym-Jomart Tokayev": ("President", "Kazakhstan"),
        "Li Ming": ("scholar of Central Asian studies", "Lanzhou University"),
    },
    "chinadaily_opinion.txt": {"Xi Jinping": ("President", "")},
    "tass_lavrov.txt": {
        "Sergei Lavrov": ("Foreign Minister", "Russia"),
        "Dmitry Peskov": ("Kremlin Spokesman", ""),
        "Bakhtiyor Khakimov": ("Permanent Representative to the SCO", "Russia"),
    },
    "globaltimes_experts.txt": {
        "Xi Jinping": ("President", "China"),
        "Li Haidong": ("professor", "Institute of International Relations of China Foreign Affairs University"),
        "Wang Wenwen": ("deputy director", "Center for Eurasian Studies at Fudan University"),
        "Narendra Modi": ("Prime Minister", "India"),
        "Cui Heng": (
            "assistant research fellow",
            "China National Institute for SCO International Exchange and Judicial Cooperation",
        ),
    },
    "dawn_islamabad.txt": {
        "Mumtaz Zahra Baloch": ("Foreign Office spokesperson", ""),
        "Shehbaz Sharif": ("Prime Minister", ""),
        "Ayesha Siddiqa": ("senior fellow", "Islamabad Policy Research Institute"),
    },
    "diplomat_tokayev.txt": {
        "Kassym-Jomart Tokayev": ("President", "Kazakhstan"),
        "Temur Umarov": ("fellow", "Carnegie Russia Eurasia Center"),
        "Shavkat Mirziyoyev": ("President", "Uzbekistan"),
        "Aigerim Bekova": ("analyst", "Almaty-based Eurasian Research Institute"),
    },
    "astanatimes_zhanibek.txt": {
        "Kassym-Jomart Tokayev": ("President", ""),
        "Xi Jinping": ("President", "China"),
        "Zhanibek Saurbek": (
            "head",
            "Center for Chinese Studies at the Kazakhstan Institute for Strategic Studies under the President",
        ),
        "Roman Vassilenko": ("Deputy Foreign Minister", ""),
    },
    "daryo_tashkent.html": {
        "Bakhtiyor Saidov": ("Foreign Minister", "Uzbekistan"),
        "Sherzod Kodirov": ("Transport analyst", ""),
    },
    "cgtn_glued.txt": {
        "Zhang Ming": ("secretary-general", "Shanghai Cooperation Organization"),
        "Ruslan Mirzayev": ("director", "SCO Regional Anti-Terrorist Structure"),
    },
    "reuters_astana.txt": {
        "Xi Jinping": ("President", "China"),
        "Vladimir Putin": ("President", "Russia"),
        "Yuri Ushakov": ("Kremlin aide", ""),
        "S. Jaishankar": ("External Affairs Minister", "India"),
    },
    "moderndiplomacy_analysis.txt": {
        "Nargiza Muratalieva": ("analyst", "Kyrgyzstan"),
        "Emil Dzhuraev": ("", ""),
        "Wang Yi": ("Foreign Minister", "China"),
        "Zhang Ming": ("Secretary-General", "SCO"),
        "Alexander Gabuev": ("director", "Carnegie Russia Eurasia Center"),
    },
    "csst_uppercase.txt": {
        "Sun Zhuangzhi": (
            "director",
            "Institute of Russian, Eastern European and Central Asian Studies "
            "at the Chinese Academy of Social Sciences",
        ),
        "Sergei Luzyanin": ("professor", "MGIMO University"),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED_PEOPLE))
def test_people_quoted_in_the_document(name):
    article = document(name)
    assert people(article) == EXPECTED_PEOPLE[name]
    assert {q.person for q in article.quotes} == set(EXPECTED_PEOPLE[name])
    assert not set(article.authors) & set(people(article))


# Named, listed, credited or organisations: never a quoted person
NOT_PEOPLE = {
    "xinhua_dushanbe.txt": ["Sergei Lavrov", "Mukhtar Tileuberdi", "Abdulaziz Kamilov", "Zhang Long", "Xinhua"],
    "xinhua_beijing_briefing.txt": ["Liu Xin"],
    "chinadaily_bishkek.txt": ["Sooronbay Jeenbekov", "Xi Jinping", "Zhang Yi"],
    "chinadaily_opinion.txt": ["Wang Hui"],
    "tass_lavrov.txt": ["Vladimir Putin", "Xi Jinping", "Kassym-Jomart Tokayev"],
    "globaltimes_experts.txt": ["Shehbaz Sharif", "Vladimir Putin", "Chen Qingqing", "Liu Xin"],
    "dawn_islamabad.txt": [
        "Xi Jinping",
        "Vladimir Putin",
        "Ebrahim Raisi",
        "Kassym-Jomart Tokayev",
        "Baqir Sajjad Syed",
    ],
    "diplomat_tokayev.txt": ["Alexander Lukashenko", "Ukhnaagiin Khurelsukh", "Recep Tayyip Erdogan", "Catherine Putz"],
    "astanatimes_zhanibek.txt": ["Aibarshyn Akhmetkali"],
    "daryo_tashkent.html": ["Malika Yusupova"],
    "cgtn_glued.txt": ["Regional Anti-Terrorist Structure"],
    "csst_uppercase.txt": ["Zhao Huasheng", "Feng Yujun", "Andrei Kortunov", "Li Ming", "Aleksei Petrov"],
    "reuters_astana.txt": ["Narendra Modi", "Olzhas Auyezov", "Guy Faulconbridge", "Mark Trevelyan", "Andrew Osborn"],
    "moderndiplomacy_analysis.txt": ["Rustam Khaydarov"],
}


@pytest.mark.parametrize("name", sorted(NOT_PEOPLE))
def test_listed_credited_and_byline_people_are_not_quoted(name):
    assert not set(NOT_PEOPLE[name]) & set(people(document(name)))


def test_title_before_name_and_a_direct_quote_of_several_sentences():
    article = document("xinhua_dushanbe.txt")
    wang = texts_by(article, "Wang Yi")
    assert wang[0].startswith("the Shanghai Cooperation Organization (SCO) should stay committed to openness")
    assert wang[1] == (
        "The SCO was born in the spirit of mutual trust. It has grown because it never closed its door to anyone. "
        "We must keep it that way."
    )
    assert wang[2].startswith("member states to oppose unilateral sanctions")  # "He called on …"
    assert [q.direct for q in article.quotes if q.person == "Wang Yi"] == [False, True, False]


def test_she_said_resolves_to_the_woman_just_named():
    assert texts_by(document("xinhua_dushanbe.txt"), "Zhao Hua")[-1].startswith("Iran's accession will change")
    dawn = document("dawn_islamabad.txt")
    assert "the prime minister would lead the Pakistani delegation to the summit." in texts_by(
        dawn, "Mumtaz Zahra Baloch"
    )  # "She added that …"


def test_he_told_xinhua_and_the_spokesperson_said():
    article = document("xinhua_beijing_briefing.txt")
    assert texts_by(article, "Shakhrat Nuryshev")[-1].startswith(
        "Over the past 23 years, the SCO has proved its value."
    )
    assert any(t.startswith("the SCO had become a constructive force") for t in texts_by(article, "Mao Ning"))
    assert texts_by(article, "Mao Ning")[1].startswith("China supports Kazakhstan")  # "…," said Mao at a briefing.


def test_according_to_x_role_of_z():
    article = document("chinadaily_bishkek.txt")
    abdymen = texts_by(article, "Kuban Abdymen")
    assert abdymen[0] == "trade between China and Kyrgyzstan grew by nearly 20 percent last year."
    assert abdymen[1] == "Trade is only part of the picture."  # "…, he told China Daily."
    assert texts_by(document("diplomat_tokayev.txt"), "Temur Umarov")[0].startswith("Kazakhstan is trying to use")
    assert texts_by(document("globaltimes_experts.txt"), "Wang Wenwen")[0].startswith("Some Western media outlets")


def test_quote_then_said_name_with_a_relative_clause_keeps_the_role_from_the_title():
    article = document("chinadaily_bishkek.txt")
    assert texts_by(article, "Shavkat Mirziyoyev") == [
        "setting up a regional transport council.",  # "… Mirziyoyev proposed setting up …": a proposal is a view
        "Our region is landlocked, and connectivity is a matter of survival for us. We cannot afford to wait.",
    ]


def test_the_diplomat_and_the_ambassador_are_the_people_named_before():
    article = document("tass_lavrov.txt")
    assert texts_by(article, "Sergei Lavrov")[-1].startswith("trade in rubles and yuan")  # The Russian diplomat noted
    assert texts_by(article, "Bakhtiyor Khakimov")[-1].startswith("the SCO had received applications")  # The ambassador
    assert texts_by(article, "Dmitry Peskov")[-1] == (
        "The president's schedule for the visit is being finalized. There will be a number of bilateral meetings."
    )


def test_the_head_of_state_and_a_surname_with_a_possessive_before_it():
    article = document("astanatimes_zhanibek.txt")
    assert texts_by(article, "Kassym-Jomart Tokayev")[0].startswith("China is our eternal comprehensive strategic")
    assert texts_by(article, "Xi Jinping") == [
        "China was ready to import more agricultural products from Kazakhstan and to expand flights between the "
        "two countries."
    ]  # "Xi said", after "Chinese President Xi Jinping's state visit"


def test_mr_and_a_surname_after_a_quotation():
    article = document("reuters_astana.txt")
    assert texts_by(article, "S. Jaishankar") == [
        "terrorism remained the biggest threat to the region.",  # "… S. Jaishankar on Thursday said that …"
        "Terrorism cannot be justified in any form.",  # "“…,” Mr. Jaishankar said, reading out …"
    ]
    assert texts_by(article, "Vladimir Putin") == [
        "the bloc was a pillar of a fairer multipolar world.",  # "Putin, speaking at the same event, said …"
        "Moscow would host a number of SCO events next year.",  # "He added that …"
    ]
    assert not any("watching the summit" in q.text for q in article.quotes)  # an unnamed spokesperson


def test_as_x_put_it_a_colon_quote_he_wrote_and_an_interrupting_he_said():
    article = document("moderndiplomacy_analysis.txt")
    assert texts_by(article, "Nargiza Muratalieva") == [
        "the more voices there are at the table, the harder it becomes to hear any of them."
    ]
    assert texts_by(article, "Emil Dzhuraev") == [
        "The SCO risks becoming a forum for speeches rather than for decisions."
    ]
    assert texts_by(article, "Zhang Ming")[0] == "the organization needs a permanent development bank."  # has argued
    assert texts_by(article, "Zhang Ming")[1].startswith("without its own financial instruments")  # he wrote that
    assert texts_by(article, "Alexander Gabuev") == [
        "Moscow has long been wary of Chinese dominance in Central Asia.",
        "Russian officials prefer to keep the organization focused on security.",  # "Russian officials, he said, …"
    ]


def test_an_anonymous_official_is_nobody():
    article = document("diplomat_tokayev.txt")
    assert not any("few binding commitments" in q.text for q in article.quotes)


def test_she_wrote_and_the_statement_before_said_name_calling_for():
    article = document("diplomat_tokayev.txt")
    assert texts_by(article, "Aigerim Bekova")[-1] == "The bigger the club, the less it can agree on."
    assert texts_by(article, "Shavkat Mirziyoyev") == [
        "Trade among SCO members should be freed of unnecessary barriers."
    ]


def test_documents_and_organisations_as_subjects_give_no_quote():
    for name, phrase in [
        ("xinhua_dushanbe.txt", "China would provide another batch"),  # the Foreign Ministry said
        ("xinhua_dushanbe.txt", "joint anti-terrorism exercises"),  # the declaration adopted by the ministers said
        ("xinhua_dushanbe.txt", "digital economy cooperation"),  # China said
        ("xinhua_dushanbe.txt", "approved the agenda"),  # Xinhua reported
        ("globaltimes_experts.txt", "Charter of the United Nations"),  # the New Delhi Declaration said
        ("dawn_islamabad.txt", "looked forward to working"),  # the FO statement said
        ("dawn_islamabad.txt", "railway line from Uzbekistan"),  # Officials said
        ("cgtn_glued.txt", "cyber security"),  # The report said
        ("daryo_tashkent.html", "plan of action"),  # The ministry said in a statement
        ("tass_lavrov.txt", "Belarus's bid"),  # Moscow said
    ]:
        assert not any(phrase in q.text for q in document(name).quotes), (name, phrase)


def test_glued_page_quotes_with_adding_that():
    zhang = texts_by(document("cgtn_glued.txt"), "Zhang Ming")
    assert "Member states have shared information on terrorist groups and held regular joint exercises." in zhang
    assert "the threat from Afghanistan remained serious." in zhang  # ", adding that …"


# parse_subject


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Chinese Foreign Minister Wang Yi", Subject("name", "Wang Yi", "Chinese Foreign Minister")),
        ("Russian President Vladimir Putin", Subject("name", "Vladimir Putin", "Russian President")),
        ("Kazakh President Kassym-Jomart Tokayev", Subject("name", "Kassym-Jomart Tokayev", "Kazakh President")),
        ("Uzbek President Shavkat Mirziyoyev", Subject("name", "Shavkat Mirziyoyev", "Uzbek President")),
        ("Zhanibek Saurbek", Subject("name", "Zhanibek Saurbek")),
        ("T.C.A. Raghavan", Subject("name", "T.C.A. Raghavan")),
        ("S. Jaishankar", Subject("name", "S. Jaishankar")),
        ("Ursula von der Leyen", Subject("name", "Ursula von der Leyen")),
        ("Russia's top diplomat Sergei Lavrov", Subject("name", "Sergei Lavrov", "Russia's top diplomat")),
        (
            "Kazakh political scientist Daniyar Ashimbayev",
            Subject("name", "Daniyar Ashimbayev", "Kazakh political scientist"),
        ),
        ("Xinhua News Agency reporter Li Ziheng", Subject("name", "Li Ziheng", "Xinhua News Agency reporter")),
        ("Xinhua/Li Ziheng", Subject("name", "Li Ziheng")),
        ("Dr Ayesha Siddiqa", Subject("name", "Ayesha Siddiqa")),
        ("Ms Baloch", Subject("name", "Baloch", gender="she")),
        ("At the meeting President Xi", Subject("name", "Xi", "President")),
        ("Meanwhile Putin", Subject("name", "Putin")),
        ("Separately Lavrov", Subject("name", "Lavrov")),
        ("Lavrov also", Subject("name", "Lavrov")),
        ("Tokayev has repeatedly", Subject("name", "Tokayev")),
        ("he", Subject("pronoun", gender="he")),
        ("She", Subject("pronoun", gender="she")),
        ("the ambassador", Subject("role", role="ambassador")),
        ("The Russian diplomat", Subject("role", role="diplomat")),
        ("the head of state", Subject("role", role="head of state")),
        ("the 76-year-old president", Subject("role", role="president")),
    ],
)
def test_parse_subject(phrase, expected):
    assert parse_subject(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "the blue book",
        "the Foreign Ministry",
        "the ministry",
        "The declaration adopted by the ministers",
        "Xinhua",
        "China",
        "the Kremlin",
        "Moscow",
        "Kazakhstan's Ministry of Trade and Integration",
        "The Regional Anti-Terrorist Structure",
        "Shanghai Cooperation Organization",
        "The New Delhi Declaration",
        "Wang Yi and Sergei Lavrov",
        "Both Wang and Lavrov",
        "a meeting with Sergei Lavrov",
        "the agreement signed by Prime Minister Shehbaz Sharif",
        "A senior Kazakh official",
        "Chinese experts",
        "Officials",
        "the Russian side",
        "It",
        "They",
        "",
    ],
)
def test_not_a_person(phrase):
    assert parse_subject(phrase) is None


@pytest.mark.parametrize("word", ["Officials", "Experts", "Analysts", "Sources", "Xinhua", "TASS", "Moscow", "It"])
def test_single_words_that_are_not_names_are_rejected(word):
    assert parse_subject(word) is None


# split_role


@pytest.mark.parametrize(
    ("appositive", "expected"),
    [
        ("Party secretary of Shanghai Studies University", ("Party secretary", "Shanghai Studies University")),
        (
            "director general of the Indian Council of World Affairs",
            ("director general", "Indian Council of World Affairs"),
        ),
        ("a senior fellow at the Islamabad Policy Institute", ("senior fellow", "Islamabad Policy Institute")),
        (
            "a scholar of Central Asian studies at Lanzhou University",
            ("scholar of Central Asian studies", "Lanzhou University"),
        ),
        ("an expert on Central Asia at the Carnegie Endowment", ("expert on Central Asia", "Carnegie Endowment")),
        ("director of studies at the Institute", ("director of studies", "Institute")),
        ("Russia's foreign minister", ("Russia's foreign minister", "")),
        ("SCO secretary general", ("SCO secretary general", "")),
        ("Chinese Ambassador to Russia", ("Chinese Ambassador to Russia", "")),
        ("spokeswoman for the ministry", ("spokeswoman for the ministry", "")),
    ],
)
def test_split_role(appositive, expected):
    assert split_role(appositive) == expected


# find_attribution: the shapes


def attribution_of(sentence):
    found = find_attribution(sentence)
    assert found is not None, sentence
    return found.subject, found.appositive, clean_statement(found.statement)[0], found.extra


def test_subject_appositive_said_that():
    subject, appositive, statement, _ = attribution_of(
        "Vladimir Norov, SCO secretary general, said that we must prevent attempts to divide the community."
    )
    assert (subject.name, appositive, statement) == (
        "Vladimir Norov",
        "SCO secretary general",
        "we must prevent attempts to divide the community.",
    )


def test_statement_said_name_role():
    subject, appositive, statement, _ = attribution_of(
        "The SCO should be a model, said Jiang Feng, Party secretary of Shanghai International Studies University."
    )
    assert (subject.name, appositive, statement) == (
        "Jiang Feng",
        "Party secretary of Shanghai International Studies University",
        "The SCO should be a model.",
    )


def test_quote_said_name_role_at_a_press_conference():
    subject, appositive, statement, _ = attribution_of(
        "“Trade is growing fast,” said Zhang Ming, secretary-general of the SCO, at a press conference in Beijing."
    )
    assert (subject.name, appositive, statement) == (
        "Zhang Ming",
        "secretary-general of the SCO",
        "Trade is growing fast.",
    )


def test_title_name_told_xinhua_in_an_interview_that():
    subject, _, statement, _ = attribution_of(
        "Kazakh Ambassador to China Shakhrat Nuryshev told Xinhua in a recent interview that trade would grow."
    )
    assert (subject.name, subject.role, statement) == (
        "Shakhrat Nuryshev",
        "Kazakh Ambassador to China",
        "trade would grow.",
    )


def test_quote_he_told_xinhua():
    subject, _, statement, _ = attribution_of("“Over 23 years, the SCO has proved its value,” he told Xinhua.")
    assert (subject.kind, statement) == ("pronoun", "Over 23 years, the SCO has proved its value.")


def test_statement_then_name_said_adding_that():
    subject, _, statement, extra = attribution_of(
        "Member states have shared information, Zhang said, adding that the threat remained serious."
    )
    assert (subject.name, statement, extra) == (
        "Zhang",
        "Member states have shared information.",
        "the threat remained serious",
    )


def test_a_quotation_split_by_its_attribution():
    subject, _, statement, extra = attribution_of("“We are ready,” Tokayev said, “to work with every partner.”")
    assert (subject.name, statement, extra) == ("Tokayev", "We are ready.", "“to work with every partner.”")


def test_an_attribution_inside_the_statement():
    subject, _, statement, _ = attribution_of("The SCO, he said, is a platform for dialogue among equals.")
    assert (subject.kind, statement) == ("pronoun", "The SCO is a platform for dialogue among equals.")


def test_a_parenthetical_after_the_name_is_not_a_role():
    for sentence in [
        "Wang Yi, for his part, said the two sides should deepen trust.",
        "Wang Yi, speaking at the forum, said the two sides should deepen trust.",
        "Wang Yi, who arrived on Monday, said the two sides should deepen trust.",
    ]:
        subject, appositive, statement, _ = attribution_of(sentence)
        assert (subject.name, appositive, statement) == ("Wang Yi", "", "the two sides should deepen trust.")


def test_role_then_name_in_commas():
    subject, appositive, statement, _ = attribution_of(
        "The Russian foreign minister, Sergei Lavrov, said the talks were constructive."
    )
    assert (subject.name, split_role(appositive), statement) == (
        "Sergei Lavrov",
        ("Russian foreign minister", ""),
        "the talks were constructive.",
    )


def test_leading_clause_before_the_subject():
    subject, _, statement, _ = attribution_of(
        "In his speech, President Shavkat Mirziyoyev said that the region needed more investment."
    )
    assert (subject.name, subject.role, statement) == (
        "Shavkat Mirziyoyev",
        "President",
        "the region needed more investment.",
    )


def test_according_to_first_and_last():
    subject, appositive, statement, _ = attribution_of(
        "According to Temur Umarov, a fellow at the Carnegie Center, Kazakhstan is balancing its partners."
    )
    assert (subject.name, appositive, statement) == (
        "Temur Umarov",
        "a fellow at the Carnegie Center",
        "Kazakhstan is balancing its partners.",
    )
    subject, appositive, statement, _ = attribution_of(
        "Trade grew by 20 percent last year, according to Li Wei, an economist at Peking University."
    )
    assert (subject.name, appositive, statement) == (
        "Li Wei",
        "an economist at Peking University",
        "Trade grew by 20 percent last year.",
    )


def test_weak_verbs_need_a_that_clause():
    assert find_attribution("Putin announced a new programme for the region.") is None
    assert find_attribution("Putin welcomed the delegations.") is None
    subject, _, statement, _ = attribution_of("Putin announced that Russia would host the next summit.")
    assert (subject.name, statement) == ("Putin", "Russia would host the next summit.")
    subject, _, statement, _ = attribution_of("Xi was quoted as saying that China would open its market wider.")
    assert (subject.name, statement) == ("Xi", "China would open its market wider.")


def test_called_on_makes_its_object_the_statement():
    subject, _, statement, _ = attribution_of("President Xi Jinping called on all parties to uphold multilateralism.")
    assert (subject.name, statement) == ("Xi Jinping", "all parties to uphold multilateralism.")


@pytest.mark.parametrize(
    "sentence",
    [
        "The declaration said the members would hold joint exercises next year.",
        "Xinhua reported that the ministers also approved the agenda.",
        "It should be noted that the SCO is not a military alliance.",
        "As noted above, the SCO is growing.",
        "The Foreign Ministry said in a statement that China would provide vaccines.",
        "China said it would host a forum.",
        "The blue book said cooperation should become a priority.",
        "Trade grew by 20 percent last year, according to the ministry.",
        "Tokayev's office said the president would travel to Beijing.",
        "A statement issued after the talks said the sides agreed to cooperate.",
        "The meeting was attended by Wang Yi, Sergei Lavrov and Mukhtar Tileuberdi.",
        "The said agreement was signed in 2001.",
    ],
)
def test_no_attribution(sentence):
    assert find_attribution(sentence) is None
    assert quotes(["Wang Yi spoke first.", sentence]) == []


def test_a_joint_statement_is_each_named_persons():
    assert quotes(["Wang Yi and Sergei Lavrov said the two countries would coordinate closely."]) == [
        ("Wang Yi", "the two countries would coordinate closely.", False),
        ("Sergei Lavrov", "the two countries would coordinate closely.", False),
    ]


def test_a_verb_inside_a_quotation_does_not_attribute():
    found = find_attribution("“We said we would help, and we will,” Lavrov told reporters.")
    assert (found.subject.name, clean_statement(found.statement)[0]) == (
        "Lavrov",
        "We said we would help, and we will.",
    )
    found = find_attribution("“Putin said we are friends,” he recalled.")
    assert (found.subject.kind, clean_statement(found.statement)[0]) == ("pronoun", "Putin said we are friends.")


# clean_statement, is_quotation


def test_clean_statement():
    assert clean_statement("that trade grew") == ("trade grew.", False)
    assert clean_statement("“We must act,” ") == ("We must act.", True)
    assert clean_statement('"Is it over?" ') == ("Is it over?", True)
    assert clean_statement("“Health” is a word, ") == ("“Health” is a word.", False)
    assert clean_statement(": “We must uphold openness.”") == ("We must uphold openness.", True)
    assert clean_statement('that "turning declarations into projects".') == (
        "turning declarations into projects.",
        True,
    )


def test_is_quotation():
    assert is_quotation("“We act. We win.”")
    assert is_quotation("“And the quote goes on into the next paragraph.")
    assert not is_quotation("“Health” is a word.")
    assert not is_quotation("He said “yes”.")


# extract_quotes over paragraphs


def test_pronouns_follow_the_person_just_named():
    paragraphs = [
        "Kazakh Foreign Minister Murat Nurtleu met his Chinese counterpart on Monday.",
        "“We agreed on a road map,” he said.",
        "Aigerim Seitova, a spokeswoman for the ministry, said the talks lasted three hours.",
        "“They were frank and useful,” she told Kazinform.",
    ]
    assert quotes(paragraphs) == [
        ("Murat Nurtleu", "We agreed on a road map.", True),
        ("Aigerim Seitova", "the talks lasted three hours.", False),
        ("Aigerim Seitova", "They were frank and useful.", True),
    ]


def test_a_pronoun_skips_a_person_known_to_be_of_the_other_gender():
    paragraphs = [
        "Ms Aigerim Seitova, a spokeswoman for the ministry, said the talks lasted three hours.",
        "Mr Daniyar Ashimbayev, a political scientist, said they had been expected.",
        "“They were frank and useful,” she said.",
    ]
    assert quotes(paragraphs)[-1] == ("Aigerim Seitova", "They were frank and useful.", True)


def test_people_merely_listed_are_not_quoted():
    paragraphs = [
        "The summit was attended by Kazakh President Kassym-Jomart Tokayev, Uzbek President Shavkat Mirziyoyev "
        "and Kyrgyz President Sadyr Japarov.",
        "The leaders adopted a declaration on regional security.",
    ]
    assert extract_quotes(paragraphs) == ([], [])


def test_a_surname_resolves_to_a_full_name_named_before_without_a_title():
    paragraphs = ["Sergei Lavrov met Wang Yi in Moscow.", "Lavrov said the talks had been useful."]
    assert quotes(paragraphs) == [("Sergei Lavrov", "the talks had been useful.", False)]


def test_a_surname_alone_is_the_speaker_when_it_names_a_person():
    # "…," Ivanov said: no fuller name anywhere, and the entity recogniser reads a person
    assert quotes(["Ivanov said the talks had been useful and constructive."]) == [
        ("Ivanov", "the talks had been useful and constructive.", False)
    ]


@pytest.mark.parametrize("speaker", ["Xinhua", "Moscow", "Kazakhstan", "Beijing"])
def test_a_place_or_an_agency_that_speaks_is_nobody(speaker):
    assert quotes([f"{speaker} said the talks had been useful and constructive."]) == []


def test_a_surname_met_first_joins_the_full_name_given_later():
    paragraphs = [
        "The summit must build consensus, Petrov says.",
        "Russian Deputy Foreign Minister Oleg Petrov told reporters that the talks went well.",
    ]
    assert {q[0] for q in quotes(paragraphs)} == {"Oleg Petrov"}


def test_the_president_resolves_through_a_title_met_before():
    paragraphs = [
        "President Xi Jinping arrived in Astana on Tuesday.",
        "The Chinese president said China was ready to work with Kazakhstan.",
    ]
    people_found, found = extract_quotes(paragraphs)
    assert [(p.name, p.role) for p in people_found] == [("Xi Jinping", "President")]
    assert found[0].text == "China was ready to work with Kazakhstan."


def test_a_quotation_paragraph_after_a_quote_continues_it_and_the_next_one_does_not():
    paragraphs = [
        "“First paragraph of a long quote goes here,” Kassym-Jomart Tokayev said.",
        "“And this paragraph continues the same quote without attribution.”",
        "The summit ended on Thursday with the adoption of the declaration.",
    ]
    assert quotes(paragraphs) == [
        ("Kassym-Jomart Tokayev", "First paragraph of a long quote goes here.", True),
        ("Kassym-Jomart Tokayev", "And this paragraph continues the same quote without attribution.", True),
    ]


def test_reported_speech_goes_on_to_the_end_of_its_paragraph():
    paragraphs = ["Li Wei, an economist, said trade grew fast. Exports doubled in two years. Imports rose too."]
    assert quotes(paragraphs) == [("Li Wei", "trade grew fast. Exports doubled in two years. Imports rose too.", False)]


def test_a_quote_after_said_continues_and_a_new_person_stops_the_quote():
    paragraphs = [
        "“Connectivity matters a lot,” said Gulnara Baimukhanova, an economist. “It decides our future.” "
        "Zhang Wei, a banker, disagreed with her about everything."
    ]
    assert quotes(paragraphs) == [("Gulnara Baimukhanova", "Connectivity matters a lot. It decides our future.", True)]


def test_excluded_names_are_never_quoted():
    paragraphs = ["Photographer Li Ziheng said the photo was taken in June last year."]
    assert quotes(paragraphs, excluded=["Li Ziheng"]) == []
    assert quotes(paragraphs) == [("Li Ziheng", "the photo was taken in June last year.", False)]


def test_single_quotation_marks():
    paragraphs = [
        "‘We are ready to work with every partner,’ said Wang Yi, China's foreign minister.",
        "‘It is a good day for the SCO,’ he told reporters.",
    ]
    assert quotes(paragraphs) == [
        ("Wang Yi", "We are ready to work with every partner.", True),
        ("Wang Yi", "It is a good day for the SCO.", True),
    ]


def test_a_quotation_introduced_by_a_colon():
    paragraphs = ["In 2018, President Xi Jinping issued an appeal at the Qingdao summit: “We must uphold openness.”"]
    assert quotes(paragraphs) == [("Xi Jinping", "We must uphold openness.", True)]


def test_according_to_him_and_a_role_written_before_the_name():
    paragraphs = [
        "Secretary-General of the SCO Zhang Ming said the organization was growing fast.",
        "According to him, more than 150 events were held this year, Kazinform correspondent reports.",
    ]
    people_found, found = extract_quotes(paragraphs)
    assert [(p.name, p.role, p.organization) for p in people_found] == [("Zhang Ming", "Secretary-General", "SCO")]
    assert [q.text for q in found] == [
        "the organization was growing fast.",
        "more than 150 events were held this year.",
    ]


def test_the_same_statement_is_not_recorded_twice():
    paragraphs = ["Zhang Ming said that the SCO is open to all.", "Zhang Ming said that the SCO is open to all."]
    assert len(quotes(paragraphs)) == 1


# Speed on pathological input


@pytest.mark.parametrize(
    "paragraph",
    [
        "Zhang Wei, director of the institute, said that trade grew, " * 2000,  # 20,000 words, one sentence
        "“Trade grew,” said Zhang Wei, director. " * 2000,
        "He said, " * 5000,
        "a, " * 50000,
        ", said " * 10000,
        "President Xi Jinping Vladimir Putin Shavkat Mirziyoyev " * 3000 + "said that it rained.",
        "According to " * 5000 + "X.",
    ],
)
def test_a_pathological_paragraph_is_handled_quickly(paragraph):
    started = time.perf_counter()
    extract_quotes([paragraph])
    assert time.perf_counter() - started < 2


# The whole pipeline on pathological documents (its speed on real ones is `make bench-import`'s to measure)

SENTENCE = "“Trade grew fast,” said Zhang Wei, director of the institute, adding that the SCO, he said, had grown. "


@pytest.mark.parametrize(
    "body",
    [
        SENTENCE * 1000,  # about 20,000 words in a single paragraph
        SENTENCE.replace(". ", " ") * 1000,  # the same with no sentence boundary at all
        "a, " * 50000,  # a long line of commas
        "said, " * 20000,
        "“" * 20000 + " said Li Wei.",
        "Zhang said.As a result " * 4000,  # glued everywhere
    ],
)
def test_the_pipeline_finishes_quickly_on_a_pathological_document(body):
    started = time.perf_counter()
    article = parse_document(f"A title for the document\n\nBy Li Ming\n\n{body}\n")
    assert time.perf_counter() - started < 3
    assert article.title == "A title for the document"
