"""Stage 1: the uploaded bytes become text, or the file is refused with a reason."""

import codecs
import math
from dataclasses import dataclass

from charset_normalizer import CharsetMatch, from_bytes

from .parsed import ImportFailure

MAX_BYTES = 5 * 1024 * 1024
_MB = 1024 * 1024

_BINARY_SIGNATURES = {
    b"%PDF-": "PDF",
    b"PK\x03\x04": "ZIP or Word document",
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"\x1f\x8b": "gzip archive",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "old Word or Excel document",
}
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# C0 controls and DEL, except the ones plain text uses: tab, line feed, form feed, carriage return.
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\f\r") + b"\x7f"
_MAX_CONTROL_SHARE = 0.05
# "UTF-8 but for a few invalid sequences": at most one per this many bytes, one at least (_decode_mostly_utf8).
BYTES_PER_INVALID_SEQUENCE = 1000


@dataclass(frozen=True)
class Decoded:
    """The text of a document, and what the editor should know about how it was read."""

    text: str
    notes: tuple[str, ...] = ()


def decode_document(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """The text of an uploaded document (see ``decode_with_notes``)."""
    return decode_with_notes(data, max_bytes).text


def decode_with_notes(data: bytes, max_bytes: int = MAX_BYTES) -> Decoded:
    """Decode an uploaded document to text, with a note if bytes had to be replaced.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM are decoded directly, and so is
    UTF-8 with a few invalid bytes (``_decode_mostly_utf8``); anything else goes to
    charset_normalizer. Raises ImportFailure for empty, oversized, binary or
    undecodable input.
    """
    if len(data) > max_bytes:
        raise ImportFailure(f"file is {_megabytes(len(data)):.1f} MB; the limit is {max_bytes / _MB:g} MB")
    if data.startswith(_UTF16_BOMS):
        decoded = Decoded(_decode_utf16(data))
    else:
        _refuse_binary(data)
        try:
            decoded = Decoded(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            decoded = _decode_mostly_utf8(data) or Decoded(_decode_detected(data))
    if not decoded.text.strip():
        raise ImportFailure("empty file")
    return decoded


def _megabytes(size: int) -> float:
    """The size in MB, rounded up so that a file just over the limit never shows as equal to it."""
    return math.ceil(size * 10 / _MB) / 10


def _refuse_binary(data: bytes) -> None:
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFailure(f"binary file ({kind}, not text)")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if b"\x00" in data or controls > len(data) * _MAX_CONTROL_SHARE:
        raise ImportFailure("binary file (not text)")


def _decode_utf16(data: bytes) -> str:
    try:
        return data.decode("utf-16")  # reads the BOM and drops it
    except UnicodeDecodeError:
        raise ImportFailure("file starts with a UTF-16 byte-order mark but is not valid UTF-16") from None


def _decode_mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with each invalid sequence replaced by U+FFFD, if the file is UTF-8 but for a few; else None.

    A few: at most one invalid sequence per ``BYTES_PER_INVALID_SEQUENCE`` bytes, and
    no more of them than valid multi-byte characters, so that the file shows itself
    to be UTF-8. A legacy file fails one or the other: cp1251 or GB18030 text is
    invalid at nearly every non-ASCII byte, and English in cp1252 with one curly
    apostrophe has no valid UTF-8 character; those go to detection as before.
    """
    allowed = max(1, len(data) // BYTES_PER_INVALID_SEQUENCE)
    invalid = _count_invalid_utf8(data, stop_after=allowed)
    if invalid > allowed:
        return None
    text = data.decode("utf-8-sig", errors="replace")
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - invalid
    if multibyte < invalid:
        return None
    sequences = "sequence was" if invalid == 1 else "sequences were"
    note = f"{invalid} invalid UTF-8 byte {sequences} replaced with \ufffd (search the text for it and correct it)"
    return Decoded(text, (note,))


def _count_invalid_utf8(data: bytes, stop_after: int) -> int:
    """The invalid sequences in ``data`` as UTF-8 (as ``errors="replace"`` counts them), up to ``stop_after`` + 1.

    Decodes from each error to the next on a memoryview, so the work is one pass
    over the bytes however many errors there are.
    """
    view, position, count = memoryview(data), 0, 0
    while count <= stop_after:
        try:
            codecs.utf_8_decode(view[position:], "strict", True)
        except UnicodeDecodeError as error:
            count += 1
            position += error.end
        else:
            break
    return count


def _decode_detected(data: bytes) -> str:
    """Decode with the encoding charset_normalizer finds, unless it is unsure."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None or any(_ties_with(best, match) for match in matches):
        raise ImportFailure("not UTF-8 and the encoding could not be detected")
    return str(best)


def _ties_with(best: CharsetMatch, other: CharsetMatch) -> bool:
    """True when another candidate scores exactly as well as the best but reads differently.

    Typical of short inputs: a few Cyrillic or Chinese bytes read equally well as
    Japanese or Korean, and charset_normalizer then just picks one.
    """
    return (
        other is not best and (other.chaos, other.coherence) == (best.chaos, best.coherence) and str(other) != str(best)
    )
