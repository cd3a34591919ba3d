"""The partner API for quoted people and their quotes: only quotes from published articles.

Every queryset starts from ``Article.objects.published()`` through
``people.queries`` (``public_quotes``, ``people_with_quote_counts``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from api.pagination import OrderedCursorPagination
from api.renderers import QuoteCSVRenderer
from api.viewsets import SLUG_PATTERN, FilterSetBackend
from articles.facet_totals import current_state
from people.api.filters import QuoteFilterSet
from people.api.serializers import LATEST_QUOTES, PersonDetailSerializer, PersonSerializer, QuoteSerializer
from people.models import Person, Quote
from people.queries import (
    MAX_PEOPLE_QUERY_LENGTH,
    latest_role,
    people_with_quote_counts,
    person_quotes,
    public_quote_count,
    public_quotes,
    quoted_people,
    with_articles,
    with_latest_roles,
)

# Newest article first, then the order of the statements in the article (``article_date``: see ``get_queryset``).
QUOTE_ORDER = ("-article_date", "-article_id", "position", "pk")


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description=f"Names and aliases containing this text (the first {MAX_PEOPLE_QUERY_LENGTH} characters).",
            )
        ]
    )
)
class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People quoted in published articles, by name, with ``quote_count`` and their latest stated role.

    ``q`` matches names and aliases as on the site. The detail adds the aliases,
    ``quotes_url`` (the quotes endpoint filtered by the person: every published
    quote, paged) and ``latest_quotes`` (the five latest, newest article
    first); it does not list every quote. A person quoted only in unpublished
    articles is a 404.
    """

    pagination_class = OrderedCursorPagination
    cursor_ordering = ("name", "pk")
    filter_backends = []
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    queryset = Person.objects.none()  # for the permission class; get_queryset reads

    @cached_property
    def totals_state(self):
        """``current_state()``, read once a request (the permission class calls ``get_queryset`` too)."""
        return current_state()

    def get_serializer_class(self):
        return PersonDetailSerializer if self.action == "retrieve" else PersonSerializer

    def get_queryset(self):
        query = (self.request.query_params.get("q") or "")[:MAX_PEOPLE_QUERY_LENGTH] if self.action == "list" else ""
        try:
            ProhibitNullCharactersValidator()(query)  # as the people page's search form
        except DjangoValidationError as error:
            raise ValidationError({"q": error.messages}) from None
        return people_with_quote_counts(query, self.totals_state)  # precomputed while current

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_latest_roles(page) if page is not None else None

    def get_object(self):
        """The person with their count, latest role and latest quotes: five queries however many quotes they have.

        Four while the precomputed figures are current (the state, the person with
        their figures, aliases, latest quotes). Every quote is a page of
        ``/api/v1/quotes/?person=<slug>`` away (``quotes_url``): the detail stays
        small for the most quoted.
        """
        state = self.totals_state
        people = quoted_people(state).prefetch_related("aliases")  # drafts only: a 404, as an unknown slug
        if state is None:
            people = people.filter(Exists(public_quotes().filter(person=OuterRef("pk"))))
        person = get_object_or_404(people, slug=self.kwargs["slug"])
        self.check_object_permissions(self.request, person)
        if state is not None:
            figures = person.total
            person.quote_count = figures.quote_count
            person.latest_role, person.latest_organization = figures.latest_role, figures.latest_organization
        else:
            person.quote_count = public_quote_count(person)
            person.latest_role, person.latest_organization = latest_role(person)
        person.latest_quotes = list(person_quotes(person)[:LATEST_QUOTES])
        return person


class QuoteViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Quotes from published articles, newest article first, then in article order.

    Filters: ``person``, ``article``, ``source``, ``topic``, ``place`` (slugs),
    ``published_after`` / ``published_before`` (dates, the article's), ``direct``.
    """

    serializer_class = QuoteSerializer
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, QuoteCSVRenderer]  # ?format=csv, Accept: text/csv
    filterset_class = QuoteFilterSet
    filter_backends = [FilterSetBackend]
    pagination_class = OrderedCursorPagination
    cursor_ordering = QUOTE_ORDER
    queryset = Quote.objects.none()  # for the permission class; get_queryset reads

    def get_queryset(self):
        return with_articles(public_quotes()).select_related("person").annotate(article_date=F("article__sort_date"))
