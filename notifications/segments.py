"""SMS segment counting for GSM 03.38 (GSM-7) and UCS-2 encodings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# GSM 03.38 default alphabet, without ESC (0x1B), which only introduces the extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each of these is sent as ESC + char, so it costs two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_LIMIT = {"GSM-7": 160, "UCS-2": 70}
# A concatenated message spends 6 octets of each segment on the UDH: 153 septets / 67 UCS-2 units.
MULTI_LIMIT = {"GSM-7": 153, "UCS-2": 67}


@dataclass(frozen=True)
class SegmentInfo:
    """How a text will travel: its encoding, length in encoding units and number of segments."""

    encoding: Literal["GSM-7", "UCS-2"]
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """True when every character of text is in the GSM-7 default or extension table."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _char_units(text: str, encoding: str) -> list[int]:
    if encoding == "GSM-7":
        return [2 if c in GSM7_EXTENSION else 1 for c in text]
    # UTF-16 code units: characters outside the BMP (most emoji) take a surrogate pair.
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def count_segments(text: str) -> SegmentInfo:
    """Count encoding units and segments the way a handset / Twilio will for this text."""
    encoding: Literal["GSM-7", "UCS-2"] = "GSM-7" if is_gsm7(text) else "UCS-2"
    units = _char_units(text, encoding)
    total = sum(units)
    if total == 0:
        return SegmentInfo(encoding, 0, 0)
    if total <= SINGLE_LIMIT[encoding]:
        return SegmentInfo(encoding, total, 1)
    # Pack greedily: an escape pair or a surrogate pair is never split across two segments,
    # so a segment can end one unit short of the limit.
    limit = MULTI_LIMIT[encoding]
    segments, used = 1, 0
    for u in units:
        if used + u > limit:
            segments += 1
            used = 0
        used += u
    return SegmentInfo(encoding, total, segments)
