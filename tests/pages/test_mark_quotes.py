"""mark_quotes: each attributed statement in the body is marked and linked to its speaker, text escaped first."""

import pytest
from django.utils.safestring import SafeString

from articles.templatetags.portal import mark_quotes, quotes_by_person
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
