"""Bytes to document text: encodings with a stated fallback, binary refusal.

A document's text is decoded as UTF-8 (a BOM dropped); bytes that are not valid
UTF-8 are decoded as CP1252, else Latin-1, with a note saying so; a UTF-16 BOM
selects UTF-16. Data with NUL bytes or mostly control bytes is refused as binary.
"""
from __future__ import annotations

import re

BINARY_SAMPLE = 65536
# Bytes that never occur in text: C0 controls except tab, LF, VT, FF, CR, ESC.
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
MAX_CONTROL_SHARE = 0.10
# JSON escapes can encode lone surrogates, which spaCy's string store refuses.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ValueError):
    """Input bytes that cannot become a document text."""


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode file bytes to text, refusing binary data.

    data (bytes): the raw bytes.
    RETURNS (tuple): (text, notes) where notes name any fallback encoding used.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["encoding: decoded as UTF-16 (BOM)"]
        except UnicodeDecodeError as err:
            raise InputError(f"bad UTF-16 data ({err.reason})") from None
    _refuse_binary(data)
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        where = f"byte {err.start}"
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [f"encoding: not valid UTF-8 at {where}; decoded as {encoding}"]
    raise InputError("undecodable bytes")  # pragma: no cover - latin-1 decodes all


def _refuse_binary(data: bytes) -> None:
    sample = data[:BINARY_SAMPLE]
    if b"\x00" in sample:
        raise InputError(f"binary data (NUL byte at offset {sample.index(0)}), not text")
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if sample and controls / len(sample) > MAX_CONTROL_SHARE:
        raise InputError(f"binary data ({controls} control bytes in {len(sample)}), not text")


def replace_surrogates(text: str) -> tuple[str, list[str]]:
    """Replace lone surrogates by U+FFFD, one for one, so offsets do not move.

    text (str): a text decoded from JSON.
    RETURNS (tuple): (text, notes saying how many were replaced).
    """
    cleaned, count = LONE_SURROGATE.subn("\ufffd", text)
    return cleaned, [f"text: {count} lone surrogate(s) replaced by U+FFFD"] if count else []
