"""The inlines of the article form: byline, topics, places, and "who said what" with each quote in its sentence.

The quote inline is stacked, one block a quote, so that the statement, the role and the
organization get the width to be read whole, and each quote shows the sentence of the
body it was read from (``quote_in_context``), to check against without scrolling.
"""

import re

from django import forms
from django.contrib import admin
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.text import capfirst

from articles.forms import PlainTextField
from articles.ingest.sentences import split_sentences
from articles.models import PARAGRAPH_BREAK, ArticleAuthor, TaggedPlace, TaggedTopic
from people.models import Quote

# --- a quote in its sentence -------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_NON_WORDS = re.compile(r"\W*")
LEAD_WORDS = 12  # a statement split by its attribution ("…, said Cui Li. …") is found by its first words
MIN_SENTENCE_WORDS = 4  # a shorter first sentence ("Yes.") is too common a phrase to find the statement by
CONTEXT_CHARS = 400  # at most this much of its sentence either side of a statement


def _patterns(text):
    """The statement's words, then those of its first sentence, then its first words, as patterns allowing
    any punctuation or spacing between them: the body may hold the attribution inside a statement."""
    words = _WORD.findall(text)
    first_sentence = _WORD.findall(next(iter(split_sentences(text.strip())), ""))
    choices = [words]
    if MIN_SENTENCE_WORDS <= len(first_sentence) < len(words):
        choices.append(first_sentence)
    if len(words) > LEAD_WORDS:
        choices.append(words[:LEAD_WORDS])
    return [re.compile(r"\W+".join(map(re.escape, choice)), re.IGNORECASE) for choice in choices if choice]


def statement_span(body, quote):
    """(start, end) of the quote's words in the body, or None when they are not there (any longer).

    Where the importer read them (the quote's stored span) while they are still
    there, else their first occurrence: an editor may have changed either text.
    """
    patterns = _patterns(quote.text or "")
    if quote.body_start is not None and quote.body_start < len(body):
        at = _NON_WORDS.match(body, quote.body_start).end()
        for pattern in patterns:
            if match := pattern.match(body, at):
                return match.span()
    for pattern in patterns:
        if match := pattern.search(body):
            return match.span()
    return None


def sentence_spans(body, first, last):
    """(start, end) of each sentence of ``body[first:last]``, as the importer splits them (initials,
    abbreviations and quoted passages kept whole: ``articles.ingest.sentences.split_sentences``)."""
    position = first
    for sentence in split_sentences(body[first:last]):
        start = body.index(sentence, position, last)  # each is a stripped piece of the text, in order
        position = start + len(sentence)
        yield start, position


def sentence_bounds(body, start, end):
    """(start, end) of the sentences holding ``body[start:end]``, within its paragraph."""
    first = max([0, *(match.end() for match in PARAGRAPH_BREAK.finditer(body, 0, start))])
    following = PARAGRAPH_BREAK.search(body, end)
    last = following.start() if following else len(body)
    spans = list(sentence_spans(body, first, last))
    first = max((begins for begins, _ in spans if begins <= start), default=first)
    last = min((ends for _, ends in spans if ends >= end), default=last)
    return max(first, start - CONTEXT_CHARS), min(last, end + CONTEXT_CHARS)


def quote_in_context(body, quote):
    """The sentence of the body holding the quote, the statement marked (escaped HTML); None if it is not found."""
    span = statement_span(body or "", quote)
    if span is None:
        return None
    start, end = span
    first, last = sentence_bounds(body, start, end)
    return format_html(
        '<span class="quote-context">{}<mark>{}</mark>{}</span>',
        body[first:start].lstrip(),
        body[start:end],
        body[end:last].rstrip(),
    )


# --- formsets ----------------------------------------------------------------------------------


class NamedInputsFormSet(BaseInlineFormSet):
    """A tabular inline's inputs named after their column ("Position", "Delete"): a column heading is no label."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", capfirst(field.label))


class QuoteFormSet(BaseInlineFormSet):
    """Each quote's form holds the article being edited, so its context is read from that body, not a query."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.instance.article = self.instance


# --- inlines -----------------------------------------------------------------------------------


class BylineInline(admin.TabularInline):
    model = ArticleAuthor
    formset = NamedInputsFormSet
    extra = 0
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "byline (in order)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")  # each row's label names its author


class TagLinkInline(admin.TabularInline):
    formset = NamedInputsFormSet
    extra = 0
    autocomplete_fields = ["tag"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("tag")  # each row is labelled with its tag


class TopicInline(TagLinkInline):
    model = TaggedTopic
    verbose_name = "topic"
    verbose_name_plural = "topics"


class PlaceInline(TagLinkInline):
    model = TaggedPlace
    verbose_name = "place"
    verbose_name_plural = "places"


NOT_FOUND = "Not found in the text as it stands: the statement or the text was changed since the import."


class QuoteInline(admin.StackedInline):
    """One block a quote: who, as what, the statement, and the sentence of the text it stands in."""

    model = Quote
    formset = QuoteFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fieldsets = [
        (None, {"fields": ["person", "role", "organization", ("position", "is_direct"), "text", "in_context"]})
    ]
    readonly_fields = ["in_context"]
    formfield_overrides = {
        # A box as tall as its statement where the browser sizes fields to their content (admin.css).
        models.TextField: {"form_class": PlainTextField, "widget": forms.Textarea(attrs={"rows": 4})},
    }
    verbose_name = "quote"
    verbose_name_plural = "who said what"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    @admin.display(description="In the text")
    def in_context(self, quote):
        if not quote.pk or not Quote.article.is_cached(quote):  # never a query per row
            return "Shown once the quote is saved."
        return quote_in_context(quote.article.body, quote) or NOT_FOUND
