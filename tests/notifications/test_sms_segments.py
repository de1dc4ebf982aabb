"""Known segment counts for GSM-7 and UCS-2 texts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.segments import GSM7_BASIC, GSM7_EXTENSION, SegmentInfo, count_segments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", SegmentInfo("GSM-7", 0, 0)),
        ("a", SegmentInfo("GSM-7", 1, 1)),
        ("a" * 160, SegmentInfo("GSM-7", 160, 1)),
        ("a" * 161, SegmentInfo("GSM-7", 161, 2)),
        ("a" * 306, SegmentInfo("GSM-7", 306, 2)),
        ("a" * 307, SegmentInfo("GSM-7", 307, 3)),
        ("a" * 459, SegmentInfo("GSM-7", 459, 3)),
        # Extension characters are ESC + char: two septets each.
        ("€", SegmentInfo("GSM-7", 2, 1)),
        ("[]{}^~\\|", SegmentInfo("GSM-7", 16, 1)),
        ("€" * 80, SegmentInfo("GSM-7", 160, 1)),
        ("€" * 81, SegmentInfo("GSM-7", 162, 2)),
        # An escape pair is never split: 152 'a' + '€' does not fit the first 153-septet part.
        ("a" * 152 + "€" + "a" * 10, SegmentInfo("GSM-7", 164, 2)),
        ("a" * 152 + "€" + "a" * 152, SegmentInfo("GSM-7", 306, 3)),
        # é, ñ, ü, à, ¿ and ¡ are in the GSM-7 default alphabet...
        ("é", SegmentInfo("GSM-7", 1, 1)),
        ("¿Qué? ¡Año! ü à", SegmentInfo("GSM-7", 15, 1)),
        # ...but á, í, ó, ú are not: one of them makes the whole text UCS-2.
        ("á", SegmentInfo("UCS-2", 1, 1)),
        ("í", SegmentInfo("UCS-2", 1, 1)),
        ("a" * 69 + "á", SegmentInfo("UCS-2", 70, 1)),
        ("a" * 70 + "á", SegmentInfo("UCS-2", 71, 2)),
        ("a" * 133 + "á", SegmentInfo("UCS-2", 134, 2)),
        ("a" * 134 + "á", SegmentInfo("UCS-2", 135, 3)),
        # UCS-2 counts UTF-16 code units: an emoji outside the BMP is a surrogate pair.
        ("😀", SegmentInfo("UCS-2", 2, 1)),
        ("😀" * 35, SegmentInfo("UCS-2", 70, 1)),
        ("😀" * 36, SegmentInfo("UCS-2", 72, 2)),
        # 66 units + an emoji: the pair moves whole into the second segment.
        ("a" * 66 + "😀" + "a" * 66, SegmentInfo("UCS-2", 134, 3)),
        ("Ω" * 70, SegmentInfo("GSM-7", 70, 1)),
        ("中文", SegmentInfo("UCS-2", 2, 1)),
        ("line\nbreak\r", SegmentInfo("GSM-7", 11, 1)),
    ],
)
def test_count_segments(text, expected):
    assert count_segments(text) == expected


def test_alphabet_sizes_match_gsm_03_38():
    # 128 code points in the default table, minus ESC (0x1B) which only escapes.
    assert len(GSM7_BASIC) == 127
    assert "\x1b" not in GSM7_BASIC
    assert frozenset("^{}\\[~]|€\f") == GSM7_EXTENSION
    assert not GSM7_BASIC & GSM7_EXTENSION


def test_tab_and_backtick_are_not_gsm7():
    assert count_segments("a\tb").encoding == "UCS-2"
    assert count_segments("`").encoding == "UCS-2"


@given(st.text(max_size=700))
def test_segment_count_is_consistent_with_units(text):
    info = count_segments(text)
    single = 160 if info.encoding == "GSM-7" else 70
    multi = 153 if info.encoding == "GSM-7" else 67
    if info.units == 0:
        assert info.segments == 0
    elif info.units <= single:
        assert info.segments == 1
    else:
        # At least the plain division; at most one unit lost per segment to an unsplit pair.
        assert -(-info.units // multi) <= info.segments <= -(-info.units // (multi - 1))
    assert info.units >= len(text)  # every character costs at least one unit
