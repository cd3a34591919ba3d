"""Speakers read from spaCy's parse: the sentence shapes of real news that word patterns miss.

Every document here is written for these tests; the names are invented.
"""

import pytest

from articles.ingest import nlp
from articles.ingest.quotes import extract_quotes
from articles.ingest.speech import find_spoken, may_attribute


def speakers(*paragraphs):
    """{name: (role, organization)} of the people quoted in the paragraphs."""
    people, _ = extract_quotes(list(paragraphs))
    return {p.name: (p.role, p.organization) for p in people}


def quotes(*paragraphs):
    _, found = extract_quotes(list(paragraphs))
    return [(q.person, q.text, q.direct) for q in found]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (  # a title before the name, the quotation after a comma
            ['Prime Minister Arslan Qadri stated, "We will face these threats together with our neighbours."'],
            {"Arslan Qadri": ("Prime Minister", "")},
        ),
        (  # the passive: the speaker is the agent
            ["This was stated by Prof. Wen Lizhong, a visiting professor at Harbin University."],
            {"Wen Lizhong": ("visiting professor", "Harbin University")},
        ),
        (  # a participle takes the subject of the verb it hangs on
            [
                "Tajik President Davron Saidov highlighted the results of the year, emphasizing that the "
                "organisation must stay united."
            ],
            {"Davron Saidov": ("President", "Tajikistan")},
        ),
        (  # a view shared, with an initial before the surname
            ["B. Temirkhanov shared his view on the new transport corridor and its cost."],
            {"B. Temirkhanov": ("", "")},
        ),
        (  # a long title before the name
            ["Minister of Energy and Water Resources Farrukh Nazarov said the plant would open next year."],
            {"Farrukh Nazarov": ("Minister of Energy and Water Resources", "")},
        ),
        (  # "Mr" and a surname, after the full name was given
            [
                "Deputy Secretary-General Ilyas Karimov opened the forum in Bishkek.",
                "Mr Karimov said the forum would meet again in the spring.",
            ],
            {"Ilyas Karimov": ("Deputy Secretary-General", "")},
        ),
        (  # wrote on a social network
            ["Foreign Minister Lina Varga wrote on X that the talks in Astana had been frank and useful."],
            {"Lina Varga": ("Foreign Minister", "")},
        ),
        (  # a name, then the organisation after "of"
            [
                "“The moment was ripe for a compromise. It is a different story today,” Daniel Hartley of the "
                "Meridian Institute says."
            ],
            {"Daniel Hartley": ("", "Meridian Institute")},
        ),
        (  # a passive with a list of titled people: each of them spoke
            [
                "Progress on the new airport was reported by Governor of the region Ilya Sorin, Transport "
                "Minister Oleg Vasin and Minister of Health, Labour and Welfare Irina Pak."
            ],
            {
                "Ilya Sorin": ("Governor of the region", ""),
                "Oleg Vasin": ("Transport Minister", ""),
                "Irina Pak": ("Minister of Health, Labour and Welfare", ""),
            },
        ),
        (  # a country's possessive before a post is its organisation
            ["“The talks were useful,” Iran's Ambassador to China Reza Karimi told reporters."],
            {"Reza Karimi": ("Ambassador to China", "Iran")},
        ),
        (  # the title given earlier between commas: "the Minister of X of Country, Name,"
            [
                "A new road was opened by the Minister of Transport of Mongolia, Bat Dorj, and two governors.",
                "Bat Dorj stressed that Mongolia would build three more roads by 2030.",
            ],
            {"Bat Dorj": ("Minister of Transport", "Mongolia")},
        ),
        (  # a news agency's reporter: the agency is the organisation
            ["“The border will reopen in June,” Xinhua correspondent in Almaty Liu Bo wrote."],
            {"Liu Bo": ("correspondent in Almaty", "Xinhua")},
        ),
        (  # the description between commas comes first, the name after it
            ["The head of the Ministry of Transport, Aibek Omarov, noted that the railway would carry freight."],
            {"Aibek Omarov": ("head", "Ministry of Transport")},
        ),
    ],
)
def test_speakers_of_real_news_shapes(paragraphs, expected):
    assert speakers(*paragraphs) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry said the talks were constructive and would continue in March.",
        "Kazakhstan said it would host the next meeting of the council in Astana.",
        "The secretariat stressed that the new members would join in July.",
        "Officials said the agreement would be signed by the end of the year.",
        "The leaders emphasized that the organisation must remain open to new partners.",
    ],
)
def test_organisations_countries_and_groups_that_speak_are_nobody(sentence):
    assert quotes(sentence) == []


def test_a_question_and_answer_transcript():
    paragraphs = [
        "The interview was conducted by Kabar correspondent Aizada Tokonova.",
        "Question: What will the chairmanship bring to the region?",
        "Nuriddin Sharipov, SCO Deputy Secretary-General: The chairmanship will focus on transport and trade.",
        "Question: And what about security?",
        "Nuriddin Sharipov: Security remains the first concern of every member state.",
    ]
    found = quotes(*paragraphs)
    assert [(person, direct) for person, _, direct in found] == [
        ("Aizada Tokonova", True),
        ("Nuriddin Sharipov", True),
        ("Aizada Tokonova", True),
        ("Nuriddin Sharipov", True),
    ]
    assert found[1][1] == "The chairmanship will focus on transport and trade."
    assert speakers(*paragraphs)["Nuriddin Sharipov"] == ("Deputy Secretary-General", "SCO")


def test_unlabelled_answers_after_questions_are_the_interviewees():
    paragraphs = [
        "SCO Secretary-General Arman Bekov spoke about the year's results in an interview.",
        "– How did the year change the organisation's work?",
        "It was a difficult year, but it turned challenges into opportunities for all the member states.",
    ]
    found = quotes(*paragraphs)
    assert found[-1][0] == "Arman Bekov"
    assert found[-1][1].startswith("It was a difficult year")


def test_a_dateline_before_a_colon_is_no_label():
    assert quotes("NEW CITY: The ministers of transport met on Tuesday to discuss the railway.") == []


def test_a_scare_quote_is_not_the_statement():
    found = quotes("Secretary-General Arman Bekov spoke about how the SCO fights the “three evils” in the region.")
    assert found and "three evils" in found[0][1] and not found[0][2]


def test_the_parse_reads_only_sentences_that_may_attribute():
    assert may_attribute("The minister said the plan was ready.")
    assert may_attribute("According to Li, trade grew.")
    assert not may_attribute("The railway opened in 2020 and carries freight to the port.")


def test_find_spoken_reads_subject_statement_and_verb():
    (doc,) = nlp.parse(["“The corridor will open next year,” Omarov told reporters in Tashkent."])
    subjects, statement, verb = find_spoken(doc)
    assert [phrase for phrase, _ in subjects] == ["Omarov"]
    assert statement.startswith("“The corridor will open next year")
    assert verb == "told"


def test_each_quote_records_where_it_stands_in_the_body():
    paragraphs = [
        "The forum opened in Dushanbe on Monday.",
        "“Trade between our countries must double,” Deputy Minister Rustam Aliev said at the forum.",
    ]
    _, found = extract_quotes(paragraphs)
    body = "\n\n".join(paragraphs)
    (quote,) = found
    assert body[quote.start : quote.end] == "Trade between our countries must double"


def test_a_text_that_quotes_nobody_imports_with_a_note():
    from articles.ingest.pipeline import parse_document

    article = parse_document(
        "Railway opens in the valley\n\nThe new line carries freight from the mines to the port, and a second "
        "track will follow next year.\n"
    )
    assert article.quotes == []
    assert any("nobody is quoted" in note for note in article.warnings)


def test_narrative_after_one_question_is_not_the_answer():
    paragraphs = [
        "Question: Will the bloc take in new members?",
        "Karim Aliev: That is for the heads of state to decide at the summit.",
        "The summit will be held in the autumn. Two more countries have applied.",
        "Separately, the ministry announced new visa rules for business travellers.",
    ]
    assert quotes(*paragraphs) == [("Karim Aliev", "That is for the heads of state to decide at the summit.", True)]


def test_a_generic_role_stands_for_a_person_of_that_kind_only():
    paragraphs = [
        "Deputy Finance Minister Zhou Ping said on Monday that the consultations would continue.",
        "A senior official from another delegation, who asked not to be named, said the dispute went on.",
        "The official said no date had been set for the next round.",
        "The observer said the bank might never be created.",
    ]
    assert [person for person, _, _ in quotes(*paragraphs)] == ["Zhou Ping"]


def test_the_head_of_state_is_nobody_when_several_leaders_were_named():
    paragraphs = [
        "Those arriving on Monday included President Arman Tulegen, President Viktor Sorin "
        "and Prime Minister Ali Rahimi.",
        "The head of state said the summit would open a new chapter.",
    ]
    assert quotes(*paragraphs) == []


def test_the_head_of_state_is_the_one_president_named():
    paragraphs = [
        "President Arman Tulegen arrived in the capital on Monday.",
        "The head of state said the summit would open a new chapter.",
    ]
    assert [person for person, _, _ in quotes(*paragraphs)] == ["Arman Tulegen"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Deputy Minister Li Wen presented the draft plan on trade cooperation.",
        "Secretary-General Zhou Lin briefed the guests on the organisation's work.",
        "Coach Ivan Petrov outlined a training plan for the junior team.",
    ],
)
def test_an_action_on_an_object_is_not_a_statement(sentence):
    assert quotes(sentence) == []


def test_made_the_remarks_gives_the_sentence_before_to_the_name():
    paragraphs = [
        "Iran is ready to supply gas to the member states, an Iranian official said on Tuesday.",
        "Oil Minister Reza Paknia made the remarks at a meeting with his Uzbek counterpart.",
    ]
    assert quotes(*paragraphs) == [("Reza Paknia", "Iran is ready to supply gas to the member states.", False)]
