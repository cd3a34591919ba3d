"""Keyset ("cursor") pagination for the API: stable under inserts, with nullable sort keys.

DRF's ``CursorPagination`` positions on the first ordering field only and
breaks on NULLs (an article published with no date is public), so this one
encodes the whole sort key of the last (or first) row in an opaque cursor and
asks for the rows strictly after (or before) it: no offsets, no counts, and a
page never repeats or skips a row when articles are added meanwhile.
"""

import base64
import binascii
import datetime
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import is_naive
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class Key:
    """One sort key: a lookup (``published_at``, ``article__published_at``), its direction, NULLs last."""

    lookup: str
    descending: bool = False
    nullable: bool = False

    def expression(self, reverse=False):
        descending = self.descending != reverse
        field = F(self.lookup)
        # NULLs sort last going forward, so first when walking backwards.
        nulls = {"nulls_last": True} if not reverse else {"nulls_first": True}
        if not self.nullable:
            nulls = {}
        return field.desc(**nulls) if descending else field.asc(**nulls)

    def value(self, instance):
        for part in self.lookup.split("__"):
            instance = getattr(instance, part)
        return instance

    def after(self, value, reverse=False):
        """Rows strictly after ``value`` on this key, in the (possibly reversed) walking order; None if none."""
        descending = self.descending != reverse
        if value is None:  # NULLs are last forward (nothing after them), first backward (every non-NULL)
            return Q(**{f"{self.lookup}__isnull": False}) if reverse else None
        condition = Q(**{f"{self.lookup}__{'lt' if descending else 'gt'}": value})
        if self.nullable and not reverse:
            condition |= Q(**{f"{self.lookup}__isnull": True})
        return condition

    def equal(self, value):
        return Q(**{f"{self.lookup}__isnull": True}) if value is None else Q(**{self.lookup: value})


def _field(model, lookup):
    *path, last = lookup.split("__")
    for part in path:
        model = model._meta.get_field(part).related_model
    return model._meta.pk if last == "pk" else model._meta.get_field(last)


# Above any cursor written here: a name of 200 characters, each escaped as \uXXXX, an id, a date (about 1,700).
MAX_CURSOR_LENGTH = 4096


def cursor_value(field, key, value):
    """One value of a cursor as its field's Python value, checked as strictly as the database would.

    Refused (``ValueError``, ``ValidationError``): a type the cursor never holds,
    a NULL for a key that cannot be NULL, text with a NUL byte or a lone
    surrogate (PostgreSQL text cannot hold either: a DataError), text longer than
    its column, a number outside the column's range, a date without a time zone.
    """
    if value is None:
        if not key.nullable:
            raise ValueError
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError
        value.encode("utf-8")  # UnicodeEncodeError, a ValueError, on a lone surrogate
    python = field.to_python(value)
    if isinstance(field, models.IntegerField | models.AutoField) and not isinstance(value, int):
        raise ValueError  # "1.5" or "12" for an id: never written by encode_cursor
    if isinstance(field, models.DateTimeField) and (not isinstance(python, datetime.datetime) or is_naive(python)):
        raise ValueError
    field.run_validators(python)  # max_length; the integer range of the database in use
    return python


class KeysetPagination(BasePagination):
    """``?cursor=`` (opaque) and ``?page_size=`` (1 to 100, default 20). The view gives ``pagination_keys``."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    invalid_cursor_message = "Invalid cursor."

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            from rest_framework.exceptions import ValidationError as ApiValidationError

            raise ApiValidationError({self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]})
        return min(size, self.max_page_size)

    def keys(self, view):
        return view.get_pagination_keys() if hasattr(view, "get_pagination_keys") else view.pagination_keys

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keys_ = self.keys(view)
        self.page_size_ = self.get_page_size(request)
        reverse, position = self.decode_cursor(request, queryset.model)
        queryset = queryset.order_by(*(key.expression(reverse) for key in self.keys_))
        if position is not None:
            queryset = queryset.filter(self.after(position, reverse))
        rows = list(queryset[: self.page_size_ + 1])
        more = len(rows) > self.page_size_
        rows = rows[: self.page_size_]
        if reverse:
            rows.reverse()
        self.has_next = more if not reverse else position is not None
        self.has_previous = (position is not None) if not reverse else more
        self.rows = rows
        return rows

    def after(self, position, reverse):
        """Lexicographic "strictly after": (k1 after) or (k1 equal and k2 after) or …"""
        terms = []
        for i, key in enumerate(self.keys_):
            after = key.after(position[i], reverse)
            if after is not None:
                equal = [k.equal(v) for k, v in zip(self.keys_[:i], position[:i], strict=True)]
                terms.append(reduce(lambda a, b: a & b, [*equal, after]))
        return reduce(or_, terms) if terms else Q(pk__in=[])

    # cursors

    def encode_cursor(self, instance, reverse):
        values = []
        for key in self.keys_:
            value = key.value(instance)
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        raw = json.dumps({"r": int(reverse), "p": values}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode_cursor(self, request, model):
        """(walking backwards, the sort key to start after), or a 404 for any cursor this class did not write."""
        token = request.query_params.get(self.cursor_query_param)
        if not token:
            return False, None
        try:
            if len(token) > MAX_CURSOR_LENGTH:
                raise ValueError
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(data, dict) or data.get("r") not in (0, 1) or isinstance(data["r"], bool):
                raise ValueError
            values = data["p"]
            if not isinstance(values, list) or len(values) != len(self.keys_):
                raise ValueError
            reverse = bool(data["r"])
            fields = [_field(model, key.lookup) for key in self.keys_]
            position = [cursor_value(*row) for row in zip(fields, self.keys_, values, strict=True)]
        except (ValueError, TypeError, KeyError, OverflowError, RecursionError, binascii.Error, ValidationError):
            raise NotFound(self.invalid_cursor_message) from None
        return reverse, position

    def link(self, instance, reverse):
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.encode_cursor(instance, reverse))

    def get_next_link(self):
        return self.link(self.rows[-1], False) if self.has_next and self.rows else None

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.rows:  # walked past the end: the first page is the way back
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return self.link(self.rows[0], True)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor of a page, from a `next` or `previous` link; an invalid one is a 404.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Results per page, default {self.page_size}; above {self.max_page_size} gives "
                f"{self.max_page_size}, below 1 is a 400.",
                "schema": {"type": "integer"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
