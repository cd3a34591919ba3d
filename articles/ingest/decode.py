"""Stage 1: the uploaded bytes become text, or the file is refused with a reason."""

import codecs
import math

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


def decode_document(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Decode an uploaded document to text.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM are decoded directly; anything
    else goes to charset_normalizer. Raises ImportFailure for empty, oversized, binary or
    undecodable input.
    """
    if len(data) > max_bytes:
        raise ImportFailure(f"file is {_megabytes(len(data)):.1f} MB; the limit is {max_bytes / _MB:g} MB")
    if data.startswith(_UTF16_BOMS):
        text = _decode_utf16(data)
    else:
        _refuse_binary(data)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_detected(data)
    if not text.strip():
        raise ImportFailure("empty file")
    return text


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
