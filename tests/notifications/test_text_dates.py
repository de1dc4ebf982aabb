"""Dates and times in texts come from CLDR (Babel) in the reader's language and the program's
time zone, across the daylight-saving changes, and cost no extra SMS segment."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from notifications.segments import count_segments
from notifications.templates import fold_to_gsm7
from service.messaging.wording import short_date, when
from service.outcomes.wording import due_text, progress_text

LA = ZoneInfo("America/Los_Angeles")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("moment", "en", "es"),
    [
        # The evening before the spring change: still PST (UTC-8).
        (datetime(2026, 3, 8, 2, 30, tzinfo=UTC), "Sat, Mar 7, 6:30 PM", "sáb, 7 mar, 18:30"),
        # The night of the change: 1:30 AM PST, and an hour later 3:30 AM PDT (2 AM never was).
        (datetime(2026, 3, 8, 9, 30, tzinfo=UTC), "Sun, Mar 8, 1:30 AM", "dom, 8 mar, 1:30"),
        (datetime(2026, 3, 8, 10, 30, tzinfo=UTC), "Sun, Mar 8, 3:30 AM", "dom, 8 mar, 3:30"),
        # The evening of the change: PDT (UTC-7).
        (datetime(2026, 3, 9, 1, 30, tzinfo=UTC), "Sun, Mar 8, 6:30 PM", "dom, 8 mar, 18:30"),
        # The autumn change: 1:30 AM comes twice, first in PDT, then in PST.
        (datetime(2026, 11, 1, 8, 30, tzinfo=UTC), "Sun, Nov 1, 1:30 AM", "dom, 1 nov, 1:30"),
        (datetime(2026, 11, 1, 9, 30, tzinfo=UTC), "Sun, Nov 1, 1:30 AM", "dom, 1 nov, 1:30"),
        (datetime(2026, 11, 2, 2, 30, tzinfo=UTC), "Sun, Nov 1, 6:30 PM", "dom, 1 nov, 18:30"),
        # Late evening in Los Angeles is already the next day in UTC.
        (datetime(2026, 12, 9, 6, 45, tzinfo=UTC), "Tue, Dec 8, 10:45 PM", "mar, 8 dic, 22:45"),
        (datetime(2026, 9, 16, 16, 5, tzinfo=UTC), "Wed, Sep 16, 9:05 AM", "mié, 16 sept, 9:05"),
    ],
)
def test_when_in_the_programs_zone_across_daylight_saving(moment, en, es):
    assert when(moment, "en", LA) == en
    assert when(moment, "es", LA) == es
    assert when(moment, "es-MX", LA) == es  # a regional tag reads its language's catalog
    assert when(moment, "ko", LA) == en  # no complete Korean catalog: the English text's date


def test_the_programs_zone_not_the_servers():
    moment = datetime(2026, 12, 9, 2, 30, tzinfo=UTC)
    assert when(moment, "en", NEW_YORK) == "Tue, Dec 8, 9:30 PM"
    assert when(moment, "en", LA) == "Tue, Dec 8, 6:30 PM"


def test_dates_and_times_use_no_space_outside_gsm7():
    """CLDR writes '6:30\u202fPM' and 'p.\u00a0m.'; either would make a whole text UCS-2. (A
    letter such as the á of 'sáb' is the language's own; a long text folds it.)"""
    for month in range(1, 13):
        for lang in ("en", "es"):
            text = when(datetime(2026, month, 3, 1, 30, tzinfo=UTC), lang, LA)
            assert count_segments(fold_to_gsm7(text)).encoding == "GSM-7", text
            assert "\u202f" not in text and "\u00a0" not in text


def test_short_dates_and_obligation_words():
    assert short_date(date(2027, 1, 15), "en") == "Fri, Jan 15"
    assert short_date(date(2027, 1, 15), "es") == "vie, 15 ene"
    assert due_text(date(2027, 9, 15), "es") == "mié, 15 sept"
    assert progress_text("community_service", 1, 1, "en") == "1 of 1 hour done"
    assert progress_text("community_service", 12, 20, "es") == "12 de 20 horas hechas"
    assert progress_text("check_in", 1, 1, "es") == "1 de 1 reporte"
    assert progress_text("restitution", 50, 200, "en") == "$50.00 of $200.00 paid"
