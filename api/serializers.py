"""Serializer pieces every API endpoint uses: ``?fields=`` and the URL of an object's public page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class FieldsMixin:
    """``?fields=title,slug`` keeps only those fields; an unknown name is a 400 listing the allowed ones.

    Applies to the top-level serializer of a request (list or detail), not to nested ones.
    """

    fields_query_param = "fields"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or self.context.get("fields_applied"):
            return
        wanted = selected_fields(request, self.fields_query_param, list(self.fields))
        if wanted is not None:
            for name in list(self.fields):
                if name not in wanted:
                    self.fields.pop(name)


def selected_fields(request, param, allowed):
    """The field names asked for with ``?fields=``, or None for all; ValidationError naming unknown ones."""
    raw = ",".join(request.query_params.getlist(param))
    names = [name.strip() for name in raw.split(",") if name.strip()]
    if not names:
        return None
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise serializers.ValidationError(
            {param: [f"Unknown field: {', '.join(unknown)}. Allowed fields: {', '.join(allowed)}."]}
        )
    return set(names)


@extend_schema_field(OpenApiTypes.URI)
class SiteUrlField(serializers.Field):
    """The absolute URL of the object's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        url = instance.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url
