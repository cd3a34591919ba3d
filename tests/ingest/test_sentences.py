"""Restoring sentence boundaries lost in scraping, and splitting paragraphs into sentences."""

import time

import pytest

from articles.ingest.sentences import repair_glued_paragraph, repair_glued_sentences, split_sentences

# repair_glued_paragraph


def test_one_glued_spot_gets_its_space_back():
    assert repair_glued_paragraph("Zhang said.As a regional body, the SCO matters.") == [
        "Zhang said. As a regional body, the SCO matters."
    ]


def test_a_glued_closing_quote_gets_its_space_back():
    assert repair_glued_paragraph("It is “a shared future”.He put forward proposals.") == [
        "It is “a shared future”. He put forward proposals."
    ]
    assert repair_glued_paragraph("“We are ready,” he said.“We will act.”") == [
        "“We are ready,” he said. “We will act.”"
    ]


def test_a_paragraph_glued_in_many_places_is_split_into_paragraphs():
    glued = (
        "Trade grew fast, Zhang said.As a regional body, the SCO has withstood tests.The video conference was "
        "hosted on Tuesday.On Monday, the SCO released a blue book.Fourpoint proposalZhang made a proposal."
    )
    assert repair_glued_paragraph(glued) == [
        "Trade grew fast, Zhang said.",
        "As a regional body, the SCO has withstood tests.",
        "The video conference was hosted on Tuesday.",
        "On Monday, the SCO released a blue book.",
        "Fourpoint proposal",
        "Zhang made a proposal.",
    ]


def test_glue_inside_a_quotation_or_after_an_abbreviation_is_not_a_paragraph_break():
    glued = "It grew.It changed.“We act.We win,” Mr.Zhang said.It ended."
    assert repair_glued_paragraph(glued) == [
        "It grew.",
        "It changed.",
        "“We act. We win,” Mr. Zhang said.",
        "It ended.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "T.C.A. Raghavan spoke first.",
        "The U.S. delegation and the U.K. delegation arrived.",
        "Trade grew by 3.5 percent in 2020.",
        "See e.g.The report.",
        "Visit www.xinhuanet.com for more.",
        "PetroChina and CNPC signed a deal.",
        "He met the members of the SCO.",
        "It ended...Then it began.",
    ],
)
def test_abbreviations_initials_numbers_and_names_are_left_alone(text):
    assert repair_glued_paragraph(text) == [text]


def test_brand_names_are_only_split_in_visibly_glued_text():
    assert repair_glued_paragraph("PetroChina and YouTube grew.It rose.") == ["PetroChina and YouTube grew. It rose."]


def test_repair_glued_sentences_keeps_paragraph_order():
    glued = ["It rose.It fell.It rose again.It held.", "Plain."]
    assert repair_glued_sentences(glued) == ["It rose.", "It fell.", "It rose again.", "It held.", "Plain."]


# split_sentences


def test_sentences_are_split_at_full_stops_question_and_exclamation_marks():
    assert split_sentences("The SCO met. Did it succeed? Yes! It did.") == [
        "The SCO met.",
        "Did it succeed?",
        "Yes!",
        "It did.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Zhang and Dr. Li met Prof. Ivanov.",
        "T.C.A. Raghavan, director general of the council, spoke.",
        "The U.S. Secretary of State did not attend.",
        "It was signed on Jan. 5 in Astana.",
        "Indian External Affairs Minister S. Jaishankar arrived.",
        "It grew 5 percent. in part because of trade.",
        "“The SCO is open. It targets no one,” Wang said.",
        '"The SCO is open. It targets no one," Wang said.',
        "He said “the region is stable. Very stable” and left.",
    ],
)
def test_no_split_after_abbreviations_initials_or_inside_quotations(text):
    assert split_sentences(text) == [text]


def test_a_closing_quote_stays_with_its_sentence():
    assert split_sentences("“We agree.” Lavrov said so. “Good.” It ended.") == [
        "“We agree.”",
        "Lavrov said so.",
        "“Good.”",
        "It ended.",
    ]


def test_sentences_after_numbers_and_brackets():
    assert split_sentences("Trade rose in 2019. The SCO (founded in 2001.) Grew.") == [
        "Trade rose in 2019.",
        "The SCO (founded in 2001.)",
        "Grew.",
    ]


def test_an_unclosed_quotation_keeps_the_rest_of_the_paragraph_together():
    assert split_sentences("Lavrov said: “We will. We must. We can.") == ["Lavrov said: “We will. We must. We can."]


def test_an_empty_paragraph_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("   ") == []


# Speed on pathological input


def _timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize(
    "paragraph",
    [
        "The SCO met in Astana and agreed to act. " * 2500,  # 20,000 words, 2,500 sentences
        "“" + "The SCO met in Astana and agreed to act. " * 2500,  # all inside an unclosed quotation
        "Zhang said.As a result the SCO grew " * 2500,  # 2,500 glue points
        "word " * 20000,  # no boundary at all
        "a, " * 50000,
        "Mr. " * 20000 + "Zhang.",
        "A." * 30000,
    ],
)
def test_a_huge_paragraph_is_handled_quickly(paragraph):
    assert _timed(split_sentences, paragraph) < 1
    assert _timed(repair_glued_paragraph, paragraph) < 1
