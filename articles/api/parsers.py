"""The API's JSON parser: DRF's, with a limit on the size of a body and on how deeply it nests.

``json.loads`` recurses once per level of nesting, so 3,000 ``[`` raise
``RecursionError`` (a 500). The nesting is measured first, without recursing:
strings are skipped with a regular expression (their brackets are text), and
the brackets left are counted. DRF reads the body from the request stream, past
Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``, so the size is limited here too.
"""

import codecs
import re

from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

from articles.ingest.decode import MAX_BYTES

MAX_DEPTH = 32  # the write endpoints take two levels; a little room for future fields
# A document at the importer's limit still fits with every byte escaped as \u00XX.
MAX_BODY_BYTES = 6 * MAX_BYTES + 64 * 1024

STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled, so linear on an unterminated string
BRACKET = re.compile(r"[\[\]{}]")


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"The request body is too large (at most {MAX_BODY_BYTES:,} bytes)."
    default_code = "too_large"


def nesting_depth(text, limit):
    """How deeply ``text`` nests arrays and objects, counted up to ``limit + 1`` (a loop, not recursion)."""
    depth = deepest = 0
    for bracket in BRACKET.finditer(STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


class LimitedJSONParser(JSONParser):
    """JSON bodies up to ``MAX_BODY_BYTES`` (413 beyond) and ``MAX_DEPTH`` levels (400 beyond)."""

    max_body_bytes = MAX_BODY_BYTES
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        raw = stream.read(self.max_body_bytes + 1) if stream is not None else b""
        if len(raw) > self.max_body_bytes:
            raise BodyTooLarge()
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(f"JSON parse error - the body is not {encoding} text.") from error
        if nesting_depth(text, self.max_depth) > self.max_depth:
            raise ParseError(f"JSON parse error - nested more than {self.max_depth} levels deep.")
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:  # cannot happen within the depth limit; never a 500 if it did
            raise ParseError(f"JSON parse error - nested more than {self.max_depth} levels deep.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from error
