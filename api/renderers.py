"""The API's renderers: CSV for the article and quote lists, the browsable API's pages.

CSV: ``?format=csv`` or ``Accept: text/csv``.

One row per article (or quote) of the current page, nested fields flattened
(several values joined with ``"; "``). Pagination stays: the next and previous
pages are in a ``Link`` header. Cells a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a
leading single quote. An error (400, 404…) is a CSV of ``field,error`` rows.

HTML: ``PartnerBrowsableAPIRenderer`` is DRF's browsable API in api/templates/api/browsable.html
(the root's landing page for a browser is ``api.landing.LandingRenderer``).
"""

import csv
import io

from django.utils.translation import get_language
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "; "


def safe_cell(value):
    """The text of one cell: booleans as true/false, None as empty, formula-looking text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def joined(values):
    return SEPARATOR.join(str(value) for value in values if value not in (None, ""))


def pick(*path):
    """A column getter: the value at ``path`` in a row (``None`` when missing)."""

    def get(row):
        for key in path:
            if not isinstance(row, dict):
                return None
            row = row.get(key)
        return row

    return get


class Column:
    def __init__(self, header, field, get=None):
        self.header = header
        self.field = field  # the serializer field it reads, to follow ?fields=
        self.get = get or pick(field)


class CSVRenderer(BaseRenderer):
    """Renders the page's ``results`` with ``columns``; subclasses name the columns and the file."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    filename = "export.csv"
    columns = ()

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        view = renderer_context.get("view")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        if response is not None and response.status_code >= 400:
            writer.writerow(["field", "error"])
            writer.writerows([safe_cell(field), safe_cell(message)] for field, message in errors(data))
            return buffer.getvalue().encode(self.charset)
        if response is not None:
            response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
            links = page_links(data)
            if links:
                response["Link"] = links
        rows = data.get("results", [data]) if isinstance(data, dict) else data or []  # a page, or one object
        columns = self.active_columns(view)
        writer.writerow([column.header for column in columns])
        for row in rows:
            writer.writerow([safe_cell(column.get(row)) for column in columns])
        return buffer.getvalue().encode(self.charset)

    def active_columns(self, view):
        """The columns whose serializer field the request kept (``?fields=``)."""
        fields = None
        if view is not None and hasattr(view, "get_serializer"):
            try:
                fields = set(view.get_serializer().fields)
            except Exception:  # an invalid ?fields= was already reported as the response itself
                fields = None
        return [column for column in self.columns if fields is None or column.field in fields]


def page_links(data):
    if not isinstance(data, dict):
        return ""
    return ", ".join(f'<{data[rel]}>; rel="{rel}"' for rel in ("next", "previous") if data.get(rel))


def errors(data):
    """(field, message) pairs from a DRF error body."""
    if isinstance(data, dict):
        for field, messages in data.items():
            for message in messages if isinstance(messages, list) else [messages]:
                yield field, message
    elif isinstance(data, list):
        for message in data:
            yield "", message
    else:
        yield "", data


def names(field, key="name"):
    def get(row):
        return joined(item.get(key) for item in (row.get(field) or []))

    return get


def tag_names(kind):
    def get(row):
        return joined(tag.get("name") for tag in ((row.get("tags") or {}).get(kind) or []))

    return get


class ArticleCSVRenderer(CSVRenderer):
    filename = "articles.csv"
    columns = (
        Column("title", "title"),
        Column("slug", "slug"),
        Column("url", "url"),
        Column("published_at", "published_at"),
        Column("source", "source", pick("source", "name")),
        Column("authors", "authors", names("authors")),
        Column("topics", "tags", tag_names("topics")),
        Column("places", "tags", tag_names("places")),
        Column("quoted_people", "quoted", names("quoted")),
        Column("dateline", "dateline"),
        Column("standfirst", "standfirst"),
        Column("original_url", "original_url"),
        Column("updated_at", "updated_at"),
    )


class QuoteCSVRenderer(CSVRenderer):
    filename = "quotes.csv"
    columns = (
        Column("person", "person", pick("person", "name")),
        Column("person_slug", "person", pick("person", "slug")),
        Column("role", "role"),
        Column("organization", "organization"),
        Column("text", "text"),
        Column("direct", "direct"),
        Column("article_slug", "article", pick("article", "slug")),
        Column("article_title", "article", pick("article", "title")),
        Column("article_published_at", "article", pick("article", "published_at")),
        Column("article_source", "article", pick("article", "source")),
        Column("article_url", "article", pick("article", "url")),
    )


class PartnerBrowsableAPIRenderer(BrowsableAPIRenderer):
    """DRF's browsable API with a viewport, readable contrast, named buttons and the page's language.

    DRF's base template writes a bare ``<html>`` outside any block, so the ``lang`` is added here.
    """

    template = "api/browsable.html"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        page = super().render(data, accepted_media_type, renderer_context)
        return page.replace("<html>", f'<html lang="{get_language()}">', 1)
