"""Read-only serializers for quoted people and their quotes (published articles only, see people/api/views.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import FieldsMixin, SiteUrlField
from people.models import Person, Quote

# How many of a person's quotes their detail carries; the rest are a page of quotes_url away.
LATEST_QUOTES = 5


class QuoteArticleSerializer(serializers.Serializer):
    """The article a quote comes from, as a quote lists it."""

    title = serializers.CharField()
    slug = serializers.CharField()
    url = SiteUrlField()
    published_at = serializers.DateTimeField(allow_null=True)
    source = serializers.SerializerMethodField(help_text="The slug of the article's source.")

    def get_source(self, article) -> str | None:
        return article.source.slug if article.source else None


class PersonSummarySerializer(serializers.ModelSerializer):
    url = SiteUrlField()

    class Meta:
        model = Person
        fields = ["name", "slug", "url"]


class QuoteSerializer(FieldsMixin, serializers.ModelSerializer):
    direct = serializers.BooleanField(source="is_direct", read_only=True)
    person = PersonSummarySerializer(read_only=True)
    article = QuoteArticleSerializer(read_only=True)

    class Meta:
        model = Quote
        fields = ["text", "direct", "role", "organization", "position", "person", "article"]


class PersonQuoteSerializer(serializers.ModelSerializer):
    """A quote inside a person's page: no need to repeat the person."""

    direct = serializers.BooleanField(source="is_direct", read_only=True)
    article = QuoteArticleSerializer(read_only=True)

    class Meta:
        model = Quote
        fields = ["text", "direct", "role", "organization", "article"]


class PersonSerializer(FieldsMixin, serializers.ModelSerializer):
    url = SiteUrlField()
    quote_count = serializers.IntegerField(read_only=True, help_text="Quotes in published articles.")
    role = serializers.CharField(source="latest_role", read_only=True, allow_null=True)
    organization = serializers.CharField(source="latest_organization", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["name", "slug", "url", "description", "role", "organization", "quote_count"]


class PersonDetailSerializer(PersonSerializer):
    """A person quoted in published articles: aliases, quote count, the latest quotes and where to read them all."""

    aliases = serializers.SerializerMethodField()
    quotes_url = serializers.SerializerMethodField(
        help_text="Every quote of the person in published articles, paged: `/api/v1/quotes/?person=<slug>`."
    )
    latest_quotes = PersonQuoteSerializer(
        many=True,
        read_only=True,
        help_text=f"Their {LATEST_QUOTES} latest quotes at most, newest article first (the first of `quotes_url`).",
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "aliases", "quotes_url", "latest_quotes"]

    def get_aliases(self, person) -> list[str]:
        return [alias.name for alias in person.aliases.all()]

    @extend_schema_field(OpenApiTypes.URI)
    def get_quotes_url(self, person):
        url = f"{reverse('v1:quote-list')}?{urlencode({'person': person.slug})}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
