"""Read-only serializers for articles, sources, authors and tags.

Nothing here queries the database on its own: the viewsets prefetch what each
serializer reads (source, byline with authors, topics, places, quotes with
their people), so a page costs the same number of queries whatever its size.
The article serializer reads them as lists (``PREFETCHED``) and writes the
nested summaries as plain dicts: a serializer for each author of each byline
cost more than the rest of the article.
"""

import re

from django.db import models
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import FieldsMixin, SiteUrlField
from articles.models import Article, Author, Source, web_url


class HttpUrlField(serializers.URLField):
    """A model URL field as output: "" for a stored value that is not an http(s) URL, never another scheme."""

    def to_representation(self, value):
        return web_url(super().to_representation(value))


# ModelSerializer's fields for model fields, with HttpUrlField for every URLField.
HTTP_URL_FIELD_MAPPING = {**serializers.ModelSerializer.serializer_field_mapping, models.URLField: HttpUrlField}


class SourceSummarySerializer(serializers.ModelSerializer):
    serializer_field_mapping = HTTP_URL_FIELD_MAPPING
    url = SiteUrlField()

    class Meta:
        model = Source
        fields = ["name", "slug", "kind", "country", "homepage_url", "url"]


class SourceSerializer(FieldsMixin, SourceSummarySerializer):
    article_count = serializers.IntegerField(read_only=True, help_text="Published articles from this source.")

    class Meta(SourceSummarySerializer.Meta):
        fields = [*SourceSummarySerializer.Meta.fields, "article_count"]


class AuthorSummarySerializer(serializers.ModelSerializer):
    url = SiteUrlField()

    class Meta:
        model = Author
        fields = ["name", "slug", "affiliation", "url"]


class AuthorSerializer(FieldsMixin, AuthorSummarySerializer):
    article_count = serializers.IntegerField(read_only=True, help_text="Published articles by this author.")

    class Meta(AuthorSummarySerializer.Meta):
        fields = [*AuthorSummarySerializer.Meta.fields, "bio", "article_count"]


PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what ``reverse`` puts in a URL as it is
SLUG_MARK = "slug-mark"


class PageUrls:
    """The absolute URL of an object's public page, as ``SiteUrlField`` gives it, for the objects of one response.

    Each kind of page is reversed once and the slugs put in its path: ``reverse``
    costs ~25 µs, and a page of 20 articles links some 200 tags, authors and
    people. A slug ``reverse`` would quote, or a page whose URL is not its
    kind's path with the slug, is reversed as before (``get_absolute_url``).
    """

    def __init__(self, request):
        self.request = request
        self.paths = {}

    def __call__(self, obj):
        path = self.path_of(type(obj)) if PLAIN_SLUG.fullmatch(obj.slug) else None
        url = path[0] + obj.slug + path[1] if path else obj.get_absolute_url()
        return self.request.build_absolute_uri(url) if self.request else url

    def path_of(self, model):
        """(before, after) the slug in the model's page URL, or None when the URL is not made from the slug."""
        if model not in self.paths:
            before, mark, after = model(slug=SLUG_MARK).get_absolute_url().partition(SLUG_MARK)
            self.paths[model] = (before, after) if mark and SLUG_MARK not in after else None
        return self.paths[model]


def tag_summary(tag, page_url):
    return {"name": tag.name, "slug": tag.slug, "url": page_url(tag)}


def author_summary(author, page_url):
    """What ``AuthorSummarySerializer`` gives, without a serializer each."""
    return {"name": author.name, "slug": author.slug, "affiliation": author.affiliation, "url": page_url(author)}


# What the article serializer reads, prefetched as lists (``articles.api.views.articles_for_api``).
PREFETCHED = {"byline": "byline_entries", "topics": "topic_list", "places": "place_list", "quotes": "quote_list"}


# The shapes of the method fields below, for the OpenAPI schema only.


class TagSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()


class ArticleTagsSerializer(serializers.Serializer):
    topics = TagSummarySerializer(many=True)
    places = TagSummarySerializer(many=True)


class StatementSerializer(serializers.Serializer):
    text = serializers.CharField()
    direct = serializers.BooleanField(help_text="A direct quote (true) or a paraphrase (false).")
    role = serializers.CharField(help_text="The role the article gives the person here (may be empty).")
    organization = serializers.CharField()


class QuotedPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()
    role = serializers.CharField()
    organization = serializers.CharField()
    quotes = StatementSerializer(many=True)


class ArticleSerializer(FieldsMixin, serializers.ModelSerializer):
    """An article with its source, byline (in order), tags by kind, and the people it quotes with their quotes."""

    serializer_field_mapping = HTTP_URL_FIELD_MAPPING
    url = SiteUrlField()
    source = SourceSummarySerializer(read_only=True, allow_null=True)
    authors = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    quoted = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "title", "slug", "url", "published_at", "dateline", "standfirst", "body", "original_url",
            "source", "authors", "tags", "quoted", "photo_caption", "photo_credit", "author_bio", "updated_at",
        ]  # fmt: skip

    @cached_property
    def page_url(self):
        return PageUrls(self.context.get("request"))  # one for all the articles of a list (``many=True``)

    @extend_schema_field(AuthorSummarySerializer(many=True))
    def get_authors(self, article):
        byline = sorted(article.byline_entries, key=lambda entry: (entry.position, entry.pk))
        return [author_summary(entry.author, self.page_url) for entry in byline]

    @extend_schema_field(ArticleTagsSerializer)
    def get_tags(self, article):
        return {
            "topics": [tag_summary(tag, self.page_url) for tag in sorted(article.topic_list, key=lambda t: t.name)],
            "places": [tag_summary(tag, self.page_url) for tag in sorted(article.place_list, key=lambda t: t.name)],
        }

    @extend_schema_field(QuotedPersonSerializer(many=True))
    def get_quoted(self, article):
        """The people quoted, in order of first appearance, each with their statements in article order."""
        people = {}
        for quote in sorted(article.quote_list, key=lambda q: (q.position, q.pk)):
            person = quote.person
            entry = people.get(person.pk)
            if entry is None:
                entry = people[person.pk] = {
                    "name": person.name,
                    "slug": person.slug,
                    "url": self.page_url(person),
                    "role": quote.role,
                    "organization": quote.organization,
                    "quotes": [],
                }
            entry["role"] = entry["role"] or quote.role
            entry["organization"] = entry["organization"] or quote.organization
            entry["quotes"].append(
                {"text": quote.text, "direct": quote.is_direct, "role": quote.role, "organization": quote.organization}
            )
        return list(people.values())


class TagSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.CharField()
    article_count = serializers.IntegerField(help_text="Published articles with this tag.")
