"""OpenAPI 3 schema of the partner API (drf-spectacular): what the views alone cannot tell it.

``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` is ``AutoSchema`` below, a drf-spectacular
``AutoSchema`` that, for every operation, with no change to the views:

- documents the error responses the API can give (``ERROR_RESPONSES``: 400 with the
  field errors, 401 for a bad API key, 404, 429 when throttled; 403 on writes);
- documents ``?fields=`` on serializers using ``FieldsMixin`` and ``?facets=`` plus the
  ``facets`` object of the response on views with a ``facets_query_param``;
- takes each operation's summary and description from ``api.descriptions`` (written for
  partners) rather than from the view's docstring (written for its maintainers).

``doc_excludes`` (the ``GET_LIB_DOC_EXCLUDES`` setting) keeps ``FieldsMixin``'s docstring
out of the serializers' descriptions.

It also holds the extensions for the project's own classes: the ``Api-Key``
authentication and the slug filters (``ModelChoiceFilter(to_field_name="slug")``).
Importing this module (which the schema class setting does) registers them.
"""

import copy

from django import forms
from django_filters import filters
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_lib_doc_excludes
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from api.descriptions import doc_for
from api.serializers import FieldsMixin
from articles.facets import FACETS

ErrorSerializer = inline_serializer(
    name="Error",
    fields={"detail": serializers.CharField(help_text="What went wrong, in English.")},
)

VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "The parameter (or body field) names that were refused, each with its messages, e.g. "
        '`{"topic": ["Unknown topic: foo"]}`; a body that cannot be parsed gives `{"detail": "…"}`.'
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}

ERROR_RESPONSES = {
    400: OpenApiResponse(VALIDATION_ERROR_SCHEMA, description="A query parameter or the body is invalid."),
    401: OpenApiResponse(ErrorSerializer, description="The `Api-Key` header is malformed, unknown or revoked."),
    404: OpenApiResponse(ErrorSerializer, description="No such (published) object, or an invalid `cursor`."),
    429: OpenApiResponse(ErrorSerializer, description="Rate limit reached; `Retry-After` gives the seconds to wait."),
}
WRITE_ERROR_RESPONSES = {
    403: OpenApiResponse(ErrorSerializer, description="Only staff with the model permission may write."),
}

FACET_VALUE_SCHEMA = {
    "type": "object",
    "required": ["value", "label", "count"],
    "properties": {
        "value": {"type": "string", "description": "The filter value that selects it (a slug, a year, a month)."},
        "label": {"type": "string"},
        "count": {"type": "integer", "description": "Articles the list would hold with this value."},
    },
}
FACETS_SCHEMA = {
    "type": "object",
    "description": "Only with `?facets=`: for each facet asked for, its values with their counts (top 10).",
    "properties": {name: {"type": "array", "items": FACET_VALUE_SCHEMA} for name in FACETS},
}


class FacetsPaginator:
    """Wraps a view's paginator so the page schema also has the ``facets`` object."""

    def __init__(self, paginator):
        self.paginator = paginator

    def __getattr__(self, name):
        return getattr(self.paginator, name)

    def get_paginated_response_schema(self, schema):
        page = copy.deepcopy(self.paginator.get_paginated_response_schema(schema))
        page["properties"]["facets"] = FACETS_SCHEMA
        return page


def doc_excludes():
    """drf-spectacular's classes whose docstrings describe no serializer, and ``FieldsMixin``.

    A serializer without a docstring of its own would otherwise be described by the
    mixin's (how ``?fields=`` works inside), which says nothing about its objects.
    """
    return [*get_lib_doc_excludes(), FieldsMixin]


class AutoSchema(SpectacularAutoSchema):
    def _doc(self):
        return doc_for(type(self.view), getattr(self.view, "action", None))

    def get_summary(self):
        doc = self._doc()
        return doc.summary if doc else super().get_summary()

    def get_description(self):
        doc = self._doc()
        return doc.markdown if doc else super().get_description()

    def _is_read(self):
        return self.method in ("GET", "HEAD", "OPTIONS")

    def _facets_param(self):
        return getattr(self.view, "facets_query_param", None) if self._is_list_view() else None

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        serializer = self._get_serializer() if self._is_read() else None
        if isinstance(serializer, FieldsMixin):
            allowed = ", ".join(f"`{name}`" for name in serializer.fields)
            parameters.append(
                OpenApiParameter(
                    serializer.fields_query_param,
                    str,
                    description=f"Comma-separated fields to return (of {allowed}); an unknown one is a 400.",
                )
            )
        facets = self._facets_param()
        if facets:
            parameters.append(
                OpenApiParameter(
                    facets,
                    str,
                    description=(
                        f"Comma-separated facets to count (of {', '.join(f'`{n}`' for n in FACETS)}): "
                        "adds `facets` to the response; an unknown one is a 400."
                    ),
                )
            )
        return parameters

    def _get_paginator(self):
        paginator = super()._get_paginator()
        return FacetsPaginator(paginator) if paginator and self._facets_param() else paginator

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = ERROR_RESPONSES if self._is_read() else {**ERROR_RESPONSES, **WRITE_ERROR_RESPONSES}
        for code, response in sorted(errors.items()):
            responses.setdefault(str(code), self._get_response_for_code(response, str(code), direction=direction))
        return responses


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: a partner's key, for its own (higher) rate limit. Optional.",
        }


class SlugFilterExtension(DjangoFilterExtension):
    """Slug filters (``to_field_name="slug"``) are strings, integer filters (``forms.IntegerField``) integers."""

    target_class = "api.viewsets.FilterSetBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        slug_filter = isinstance(filter_field, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter)
        if slug_filter and filter_field.extra.get("to_field_name") == "slug":
            queryset = filter_field.extra.get("queryset")
            kind = queryset.model._meta.verbose_name if hasattr(queryset, "model") else field_name
            several = isinstance(filter_field, filters.ModelMultipleChoiceFilter)
            description = f"The slug of a {kind}" + ("; repeat it for articles with all of them." if several else ".")
            description += " An unknown slug is a 400."
            filter_field = copy.copy(filter_field)
            filter_field._spectacular_annotation = {
                **getattr(filter_field, "_spectacular_annotation", {}),
                "field": {"type": "string", "description": description},
            }
        elif isinstance(filter_field, filters.NumberFilter) and filter_field.field_class is forms.IntegerField:
            schema = {"type": "integer"}
            for bound, key in (("min_value", "minimum"), ("max_value", "maximum")):
                if filter_field.extra.get(bound) is not None:
                    schema[key] = filter_field.extra[bound]
            filter_field = copy.copy(filter_field)
            filter_field._spectacular_annotation = {
                **getattr(filter_field, "_spectacular_annotation", {}),
                "field": schema,
            }
        return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)


def plain_version(result, generator, request, public):
    """A postprocessing hook: ``info.version`` is the API document's version ("1.0.0"), not "1.0.0 (v1)"."""
    result["info"]["version"] = spectacular_settings.VERSION
    return result
