"""Paragraph splitting and the removal of site furniture (navigation, share buttons, pagers, teasers)."""

import time

import pytest

from articles.ingest.boilerplate import (
    is_boilerplate,
    is_end_marker,
    prose_words,
    split_paragraphs,
    strip_boilerplate,
)

PROSE = [
    "Leaders of the member states met in Astana on Thursday to discuss security and trade in the region.",
    "The declaration they adopted calls for closer cooperation against terrorism and drug trafficking.",
    "Officials said the next summit would be held in China, which takes over the rotating chair.",
]


# split_paragraphs


def test_lines_and_blank_lines_both_end_a_paragraph():
    assert split_paragraphs("Title\n\nFirst paragraph.\nSecond paragraph.\n\n\nThird.") == [
        "Title",
        "First paragraph.",
        "Second paragraph.",
        "Third.",
    ]


def test_a_hard_wrapped_line_is_joined_to_the_next_when_it_continues_in_lower_case():
    assert split_paragraphs("The summit opened in\nAstana on Thursday and\nended on Friday.") == [
        "The summit opened in",
        "Astana on Thursday and ended on Friday.",
    ]


def test_a_line_ending_a_sentence_is_not_joined_even_if_the_next_starts_in_lower_case():
    assert split_paragraphs("It ended.\niPhone sales rose.") == ["It ended.", "iPhone sales rose."]


# is_boilerplate: what must go


@pytest.mark.parametrize(
    "line",
    [
        "Print Print",
        "Print Email Facebook Twitter",
        "Share: Facebook Twitter WeChat Weibo",
        "Share on Facebook Share on X Share on WhatsApp",
        "Facebook Twitter Linkedin Reddit Email",
        "Share this article",
        "Comments (12)",
        "1 2 3 >",
        "« Prev 1 2 3 Next »",
        "[1] [2] [3]",
        "Page 1 of 3",
        "2/5",
        ".  >  WORLD",
        "Home > World > Asia-Pacific",
        "Home | World | China | Business | Opinion",
        "Opinion / Op-Ed Contributors",
        "CONTACT US Wed Nov. 13, 2013",
        "About us | Contact us | Privacy policy | Terms of use",
        "Copyright 2024 Xinhua. All rights reserved.",
        "Dawn Media Group © 2024",
        "CASS 中国社会科学网(中文) Français",
        "English | Русский | O'zbekcha",
        ">> View All",
        "Related articles",
        "Read more: Pakistan, China agree to upgrade CPEC",
        "Also read: Xi arrives in Astana",
        "The views don't necessarily reflect those of China Daily.",
        "(Reporting by Olzhas Auyezov; Editing by Mark Heinrich)",
        "Tweet KATHMANDU, June 21: At least 20 people died due […]",
        "A A A",
        "Listen to this article",
        "5 min read",
        "Advertisement",
        "Follow us on Telegram",
        "Editor: Yu Hui",
        "[Responsible editor: Wang Lin]",
        "Tags: China, Kazakhstan, SCO",
        "Next Post",
        "Previous article: SCO foreign ministers meet in Dushanbe",
        "You may also like",
        "Most Viewed",
        "Leave a Reply",
        "—",
        "- Advertisement -",
        "Read next: Orlovo hosts the summit of the bloc",
        "Watch more: The summit in pictures",
        "Breaking News",
        "Accessibility links",
        "We use cookies to give you the best experience. By using this site you agree to it.",
    ],
)
def test_furniture_is_boilerplate(line):
    assert is_boilerplate(line)


# is_boilerplate: what must stay


@pytest.mark.parametrize(
    "paragraph",
    [
        "SCO to boost mutual trust and benefit",
        "China, Russia vow closer ties",
        "Xi said the SCO must share the benefits of development with all its members.",
        '"They care about us," he said.',
        "Copyright protection was on the agenda of the ministers' meeting in Tashkent.",
        "Home to 40 percent of the world's population, the region is vital to global growth.",
        "Print media in the region have covered the summit extensively.",
        "More than 30 agreements were signed during the visit.",
        "The next post of the ambassador will be in Astana.",
        "Related talks are expected next week in Beijing.",
        "Editor's note: Three experts share their views on the summit.",
        "The Russian-language edition is called Русский Мир and sells well across the region.",
        "Page after page of the declaration is devoted to security.",
        "1,200 delegates attended the forum.",
        "Video conferencing became the norm during the pandemic.",
        "Most viewed the summit as a success.",
        "Share prices in Shanghai rose on Monday.",
        "Breaking news of the agreement reached the capital on Monday.",
        "Advertisement revenue of the state broadcaster fell last year.",
        "Read next to the minister's statement, the declaration looks cautious.",
    ],
)
def test_article_text_is_not_boilerplate(paragraph):
    assert not is_boilerplate(paragraph)


def test_a_long_paragraph_is_never_furniture():
    paragraph = "Home " + "and the region grows " * 100
    assert not is_boilerplate(paragraph)
    assert not is_end_marker("Next Post " + "x " * 400)


def test_prose_words_counts_only_sentences():
    assert prose_words(PROSE[0]) == len(PROSE[0].split())
    assert prose_words("Leaders pledge closer ties at SCO summit in Bishkek") == 0  # a headline
    assert prose_words("It ended.") == 0  # too short to tell


# strip_boilerplate


def test_the_article_stops_at_an_end_marker_with_its_teaser_and_date():
    paragraphs = [
        "Title of the article",
        *PROSE,
        "Next Post",
        "20 killed in floods, landslides in past nine days",
        "Mon Jun 21 , 2021",
        "Tweet KATHMANDU, June 21: At least 20 people died due […]",
    ]
    assert strip_boilerplate(paragraphs) == ["Title of the article", *PROSE]


def test_an_end_marker_above_the_article_is_dropped_without_cutting_it():
    paragraphs = ["Title of the article", "Source: Xinhua | 2021-09-17", "Editor: Zhang Long", *PROSE, "Editor: Wang"]
    assert strip_boilerplate(paragraphs) == ["Title of the article", "Source: Xinhua | 2021-09-17", *PROSE]


def test_related_heading_at_the_top_does_not_swallow_the_article():
    paragraphs = ["Related Stories", "Title of the article", *PROSE]
    assert strip_boilerplate(paragraphs) == ["Title of the article", *PROSE]


def test_a_link_line_in_the_middle_is_dropped_and_the_article_goes_on():
    paragraphs = ["Title", PROSE[0], "Read more: Xi arrives in Astana", PROSE[1], "Share on Facebook", PROSE[2]]
    assert strip_boilerplate(paragraphs) == ["Title", *PROSE]


def test_everything_after_comments_or_tags_is_dropped():
    paragraphs = ["Title", *PROSE, "Tags: SCO, China", "Comments (3)", "Great article!"]
    assert strip_boilerplate(paragraphs) == ["Title", *PROSE]


# Speed on pathological input


@pytest.mark.parametrize(
    "line",
    [
        "> " * 5000,
        "a, " * 50000,
        ", " * 50000,
        "Home " + "> World " * 3000,
        "1 " * 20000 + ">",
        "Share " * 10000 + "now",
        "x" * 100_000,
        "the views " * 10000,
        ". " * 50000,
    ],
)
def test_pathological_lines_are_handled_quickly(line):
    started = time.perf_counter()
    strip_boilerplate(split_paragraphs(f"Title here\n\n{line}\n\n{line[:500]}\n\n{line[:60]}"))
    assert time.perf_counter() - started < 0.5
