"""The API's JSON parser: DRF's, with a limit on how deeply a body nests.

``json.loads`` recurses once per level of nesting, so 3,000 ``[`` raise
``RecursionError`` (a 500). The nesting is measured first, without recursing:
strings are skipped with a regular expression (their brackets are text), and
the brackets left are counted. The size of a body is limited before this, by
``api.http.ApiBodySizeMiddleware`` (a 413 over ``API_MAX_BODY_BYTES``).
"""

import codecs
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json

MAX_DEPTH = 32  # the write endpoints take two levels; a little room for future fields

STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # unrolled, so linear on an unterminated string
BRACKET = re.compile(r"[\[\]{}]")


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
    """JSON bodies nested up to ``MAX_DEPTH`` levels; deeper is a 400 saying so."""

    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        raw = stream.read() if stream is not None else b""
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
