"""Cursor pagination for the API: DRF's ``CursorPagination``, with the view choosing the order.

Every order the API walks starts with a non-null key (an article's
``sort_date``, a name), so DRF's cursor (the position on that key, plus an
offset among equal values) is stable while articles are added: a page never
repeats or skips a row. What is added here: the view names its order
(``cursor_ordering``, or ``get_cursor_ordering()`` when a filter chooses it),
a cursor whose position is not a value of that key is a 404 like any other bad
cursor (never a database error), and ``page_size`` below 1 is a 400.
"""

import binascii
import datetime
from base64 import b64decode
from urllib.parse import parse_qsl

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 50  # 50 articles with their text: ~630 KB at 100,000 articles; 100 were 1.2 MB
MAX_CURSOR_LENGTH = 4096  # far above any cursor written here (a name of 200 characters, an offset)


class OrderedCursorPagination(CursorPagination):
    """``?cursor=`` (opaque) and ``?page_size=`` (1 to 50, default 20), in the order the view gives."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = "Invalid cursor."

    def get_ordering(self, request, queryset, view):
        if hasattr(view, "get_cursor_ordering"):
            return tuple(view.get_cursor_ordering())
        return tuple(view.cursor_ordering)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError({self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]})
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.position_field = position_field(queryset, self.get_ordering(request, queryset, view)[0].lstrip("-"))
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is not None and not well_formed(encoded):
            raise NotFound(self.invalid_cursor_message)
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not valid_position(self.position_field, cursor):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view):
        cursor, page_size = super().get_schema_operation_parameters(view)
        cursor["description"] = "The cursor of a page, from a `next` or `previous` link; an invalid one is a 404."
        page_size["description"] = (
            f"Results per page, default {self.page_size}; above {self.max_page_size} gives "
            f"{self.max_page_size}, below 1 is a 400."
        )
        return [cursor, page_size]

    def get_paginated_response_schema(self, schema):
        """DRF's, without its example links (to an ``/accounts/`` endpoint this API does not have)."""
        described = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            described["properties"][link].pop("example", None)
        return described


def well_formed(encoded):
    """Whether ``encoded`` is a cursor as DRF writes one: base64 of ``o=&r=&p=``, each at most once.

    (DRF's own decoding reads anything else as the first page.)
    """
    if len(encoded) > MAX_CURSOR_LENGTH:
        return False
    try:
        query = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True) if query else []
    except (ValueError, binascii.Error):  # UnicodeError is a ValueError
        return False
    keys = [key for key, _ in pairs]
    return set(keys) <= {"o", "r", "p"} and len(keys) == len(set(keys)) and dict(pairs).get("r", "0") in ("0", "1")


def position_field(queryset, name):
    """The model field (or annotation's output field) a cursor's position is a value of."""
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        field = annotation.output_field
    else:
        field = queryset.model._meta.pk if name == "pk" else queryset.model._meta.get_field(name)
    return field.output_field if field.generated else field  # a GeneratedField parses as what it stores


def valid_position(field, cursor):
    """Whether the position can be compared with the field's values (a cursor can be written by anyone)."""
    if "\x00" in cursor.position:
        return False
    try:
        value = field.to_python(cursor.position)
    except (DjangoValidationError, ValueError, OverflowError):
        return False
    if isinstance(value, datetime.datetime):
        return value.tzinfo is not None
    return value is not None
