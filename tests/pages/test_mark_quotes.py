"""mark_quotes: each attributed statement in the body is marked and linked to its speaker, text escaped first."""

import re

import pytest
from django.utils.safestring import SafeString

from articles.quote_marks import mark_quotes, quotes_by_person
from people.models import Person, Quote

NOROV = Person(pk=1, name="Vladimir Norov", slug="vladimir-norov")
JIANG = Person(pk=2, name="Jiang Feng", slug="jiang-feng")


def quote(pk, text, person=NOROV, **fields):
    return Quote(pk=pk, person=person, text=text, **fields)


def test_a_statement_found_whole_is_marked_and_links_to_the_person():
    paragraphs = ["Vladimir Norov said that we must prevent attempts to divide the community. Then he left."]
    [html] = mark_quotes(paragraphs, [quote(7, "we must prevent attempts to divide the community.", role="secretary")])
    assert html == (
        'Vladimir Norov said that <mark class="quote" id="quote-7"><a href="/people/vladimir-norov/" '
        'title="Vladimir Norov, secretary">we must prevent attempts to divide the community</a></mark>. Then he left.'
    )
    assert isinstance(html, SafeString)


def test_text_is_escaped_inside_and_outside_the_marked_statement():
    paragraphs = ["<script>alert(1)</script> Norov said: a <b>bold</b> & fair plan for the region."]
    [html] = mark_quotes(paragraphs, [quote(1, "a <b>bold</b> & fair plan for the region")])
    assert "<script>" not in html and "<b>" not in html
    assert html.startswith("&lt;script&gt;alert(1)&lt;/script&gt; Norov said: ")
    assert ">a &lt;b&gt;bold&lt;/b&gt; &amp; fair plan for the region</a></mark>." in html


def test_role_and_organization_in_the_title_are_escaped():
    [html] = mark_quotes(
        ["He said cooperation is more vital than ever."],
        [quote(1, "cooperation is more vital than ever", role='"Envoy"', organization="<Org>")],
    )
    assert 'title="Vladimir Norov, &quot;Envoy&quot;, &lt;Org&gt;"' in html


def test_reported_speech_split_by_the_attribution_is_marked_in_both_parts():
    paragraphs = [
        "Civil diplomacy is of great significance to global efforts, said Cui Li, vice chairman of the "
        "committee. After the outbreak, member countries made many useful attempts."
    ]
    text = (
        "Civil diplomacy is of great significance to global efforts. "
        "After the outbreak, member countries made many useful attempts."
    )
    [html] = mark_quotes(paragraphs, [quote(3, text)])
    assert html.count('<mark class="quote"') == 2
    assert html.count('id="quote-3"') == 1  # the anchor is on the first part only
    assert ">Civil diplomacy is of great significance to global efforts</a></mark>, said Cui Li" in html
    assert ">After the outbreak, member countries made many useful attempts</a></mark>." in html


def test_a_long_statement_is_found_by_its_first_words():
    paragraphs = ["One two three four five six seven eight nine ten eleven twelve, he said, thirteen fourteen"]
    [html] = mark_quotes(
        paragraphs, [quote(5, "One two three four five six seven eight nine ten eleven twelve thirteen")]
    )
    assert ">One two three four five six seven eight nine ten eleven twelve</a></mark>, he said" in html


def test_quotation_marks_and_spacing_may_differ_from_the_stored_text():
    paragraphs = [
        '“I believe that through sincere dialogue\nall parties can build a "health" community,” Jiang concluded.'
    ]
    [html] = mark_quotes(
        paragraphs,
        [quote(2, "I believe that through sincere dialogue all parties can build a “health” community.", person=JIANG)],
    )
    assert 'href="/people/jiang-feng/"' in html
    assert (
        ">I believe that through sincere dialogue\nall parties can build a &quot;health&quot; community</a></mark>"
        in html
    )


def test_a_statement_that_cannot_be_located_is_not_marked():
    paragraphs = ["Nothing here <matches>.", "Nor here."]
    marked = mark_quotes(paragraphs, [quote(1, "Words that were never printed in this article.")])
    assert marked == ["Nothing here &lt;matches&gt;.", "Nor here."]
    assert marked.marked == set()


def test_the_same_words_said_twice_are_marked_at_each_place_in_order():
    paragraphs = ["First: we will deepen our cooperation.", "Later: we will deepen our cooperation."]
    marked = mark_quotes(
        paragraphs,
        [quote(1, "We will deepen our cooperation."), quote(2, "We will deepen our cooperation.", person=JIANG)],
    )
    assert 'id="quote-1"' in marked[0] and "/people/vladimir-norov/" in marked[0]
    assert 'id="quote-2"' in marked[1] and "/people/jiang-feng/" in marked[1]
    assert marked.marked == {1, 2}


def test_statements_in_one_paragraph_are_marked_without_overlapping():
    paragraphs = ["Norov said that trade will grow next year, and Jiang said that security comes first for all."]
    [html] = mark_quotes(
        paragraphs,
        [quote(1, "trade will grow next year"), quote(2, "security comes first for all", person=JIANG)],
    )
    assert html.index('id="quote-1"') < html.index('id="quote-2"')
    assert html.count("</mark>") == 2


@pytest.mark.parametrize("text", ["", "   ", "...", "“”"])
def test_empty_statements_are_ignored(text):
    assert mark_quotes(["Some text here for the reader."], [quote(1, text)]) == ["Some text here for the reader."]


# Stored spans: offsets into the body as imported, the paragraphs joined by a blank line.


def spanned(pk, text, paragraphs, words, *, last=True, person=NOROV, **fields):
    """A quote whose stored span is the last (or first) place ``words`` stand in the body."""
    body = "\n\n".join(paragraphs)
    start = body.rfind(words) if last else body.find(words)
    assert start >= 0
    return quote(pk, text, person=person, body_start=start, body_end=start + len(words), **fields)


def marked_in(marked):
    """For each paragraph, the pks of the quotes anchored in it."""
    return [[int(pk) for pk in re.findall(r'id="quote-(\d+)"', html)] for html in marked]


def test_a_quote_is_marked_at_its_span_even_when_the_same_words_come_earlier():
    paragraphs = [
        "Analysts expect that trade will grow next year in the region.",
        "Norov said that trade will grow next year in the region, and left.",
    ]
    text = "Trade will grow next year in the region."
    marked = mark_quotes(paragraphs, [spanned(1, text, paragraphs, "trade will grow next year in the region")])
    assert marked[0] == "Analysts expect that trade will grow next year in the region."
    assert marked[1] == (
        'Norov said that <mark class="quote" id="quote-1"><a href="/people/vladimir-norov/" '
        'title="Vladimir Norov">trade will grow next year in the region</a></mark>, and left.'
    )


def test_a_quote_searched_for_does_not_take_the_place_another_was_read_from():
    paragraphs = ["First: we will deepen our cooperation.", "Later: we will deepen our cooperation."]
    text = "We will deepen our cooperation."
    quotes = [
        quote(1, text, person=JIANG),  # no span: said in the second paragraph
        spanned(2, text, paragraphs, "we will deepen our cooperation.", last=False),
    ]
    marked = mark_quotes(paragraphs, quotes)
    assert marked_in(marked) == [[2], [1]]
    assert "/people/jiang-feng/" in marked[1]


def test_a_span_of_the_first_sentence_marks_the_rest_of_a_statement_split_by_the_attribution():
    paragraphs = [
        "Our plans are ready for the whole region.",
        "Our plans are ready for the whole region, said Norov. They will bring jobs to every member state.",
    ]
    text = "Our plans are ready for the whole region. They will bring jobs to every member state."
    [_, html] = mark_quotes(paragraphs, [spanned(1, text, paragraphs, "Our plans are ready for the whole region")])
    assert html.count("<mark") == 2
    assert ">Our plans are ready for the whole region</a></mark>, said Norov." in html
    assert ">They will bring jobs to every member state</a></mark>." in html


def test_a_span_of_the_first_words_is_marked_when_no_longer_phrase_fits():
    paragraphs = ["Earlier: security comes first for us.", "Security comes first for us, he said, and for all of them."]
    text = "Security comes first for us and for all of them."
    [_, html] = mark_quotes(paragraphs, [spanned(1, text, paragraphs, "Security comes first for us")])
    assert html.startswith('<mark class="quote" id="quote-1">')
    assert ">Security comes first for us</a></mark>, he said" in html


def test_a_stale_span_after_the_body_was_edited_falls_back_to_the_search():
    imported = ["Norov said that the summit will open on Monday in Astana."]
    stale = spanned(
        1, "The summit will open on Monday in Astana.", imported, "the summit will open on Monday in Astana"
    )
    edited = ["Norov said on Friday that the summit will open on Monday in Astana."]  # the words after moved
    [html] = mark_quotes(edited, [stale])
    assert html == (
        'Norov said on Friday that <mark class="quote" id="quote-1"><a href="/people/vladimir-norov/" '
        'title="Vladimir Norov">the summit will open on Monday in Astana</a></mark>.'
    )


def test_a_stale_span_after_the_quote_was_edited_falls_back_to_the_search():
    paragraphs = ["Norov said that the old plan works. Jiang said that the new plan is better for members."]
    stale = spanned(1, "The old plan works.", paragraphs, "the old plan works")
    stale.text = "The new plan is better for members."  # the editor gave the statement its right words
    [html] = mark_quotes(paragraphs, [stale])
    assert "the old plan works. " in html
    assert ">the new plan is better for members</a></mark>." in html


UNUSABLE = {  # (start, end) in "Norov said: we welcome every new\n\nmember, and Jiang agreed that …"
    "unset": (None, None),
    "no-end": (12, None),
    "no-start": (None, 40),
    "reversed": (40, 12),
    "empty": (12, 12),
    "across-paragraphs": (12, 40),  # "we welcome every new" is the quote's first words, but the span goes on
    "past-the-end": (64, 200),
    "outside": (1000, 1010),
}


@pytest.mark.parametrize(("start", "end"), UNUSABLE.values(), ids=UNUSABLE.keys())
def test_an_unusable_span_falls_back_to_the_search(start, end):
    paragraphs = ["Norov said: we welcome every new", "member, and Jiang agreed that we welcome every new member."]
    assert "\n\n".join(paragraphs)[12:32] == "we welcome every new"
    marked = mark_quotes(paragraphs, [quote(1, "We welcome every new member.", body_start=start, body_end=end)])
    assert marked_in(marked) == [[], [1]]
    assert marked[1].endswith(">we welcome every new member</a></mark>.")


def test_text_inside_a_marked_span_is_escaped():
    paragraphs = [
        "Norov said a <script>alert(1)</script> plan & more for the region.",
        "Again: a <script>alert(1)</script> plan & more for the region.",
    ]
    text = "A <script>alert(1)</script> plan & more for the region."
    [first, second] = mark_quotes(
        paragraphs, [spanned(1, text, paragraphs, "a <script>alert(1)</script> plan & more for the region")]
    )
    assert "<script>" not in first + second
    assert first == "Norov said a &lt;script&gt;alert(1)&lt;/script&gt; plan &amp; more for the region."
    assert second == (
        'Again: <mark class="quote" id="quote-1"><a href="/people/vladimir-norov/" title="Vladimir Norov">'
        "a &lt;script&gt;alert(1)&lt;/script&gt; plan &amp; more for the region</a></mark>."
    )


def test_overlapping_spans_are_never_nested():
    paragraphs = ["Norov said that all members will trade more, and Jiang said that all members will trade more."]
    words = "all members will trade more"
    quotes = [
        spanned(1, "All members will trade more.", paragraphs, words, last=False),
        spanned(2, "All members will trade more.", paragraphs, words, last=False, person=JIANG),  # the same span
    ]
    [html] = mark_quotes(paragraphs, quotes)
    assert re.findall(r"</?mark", html) == ["<mark", "</mark", "<mark", "</mark"]
    assert re.sub(r"<[^>]+>", "", html) == paragraphs[0]  # each word once
    assert html.index('id="quote-1"') < html.index("and Jiang said") < html.index('id="quote-2"')


def test_quotation_marks_and_punctuation_at_the_ends_of_a_span_are_not_marked():
    paragraphs = ["“We are ready to help all our partners,” Norov said."]
    text = "We are ready to help all our partners."
    [html] = mark_quotes(paragraphs, [spanned(1, text, paragraphs, "“We are ready to help all our partners,”")])
    assert html.startswith('“<mark class="quote" id="quote-1">')
    assert html.endswith(">We are ready to help all our partners</a></mark>,” Norov said.")


def test_quoted_people_are_grouped_in_order_of_appearance_with_their_distinct_roles():
    quotes = [
        quote(1, "a", role="secretary general", organization="SCO"),
        quote(2, "b", person=JIANG, role="Party secretary"),
        quote(3, "c", role="secretary general", organization="SCO"),
        quote(4, "d", role="former ambassador"),
    ]
    grouped = quotes_by_person(quotes, marked={3})
    assert [entry.person.name for entry in grouped] == ["Vladimir Norov", "Jiang Feng"]
    assert grouped[0].roles == ["secretary general, SCO", "former ambassador"]
    assert [q.pk for q in grouped[0].quotes] == [1, 3, 4]
    assert grouped[0].anchor == "quote-3"
    assert grouped[1].anchor == ""
