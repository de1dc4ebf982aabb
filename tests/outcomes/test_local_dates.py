"""Report dates are the program's calendar dates, exactly, on both databases and across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import DateTime, literal, select
from sqlmodel import Session

from service.db import UtcDateTime
from service.outcomes.sqlfn import local_date

LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # 00:30 PDT on 1 July: a standard-offset shift would call it 30 June.
        (datetime(2026, 7, 1, 7, 30, tzinfo=UTC), date(2026, 7, 1)),
        # 23:30 PDT on 30 June.
        (datetime(2026, 7, 1, 6, 30, tzinfo=UTC), date(2026, 6, 30)),
        # 00:30 PST on 1 December.
        (datetime(2026, 12, 1, 8, 30, tzinfo=UTC), date(2026, 12, 1)),
        # The night clocks go back (1 Nov 2026, 01:30 happens twice): both are 1 November.
        (datetime(2026, 11, 1, 8, 30, tzinfo=UTC), date(2026, 11, 1)),
        (datetime(2026, 11, 1, 9, 30, tzinfo=UTC), date(2026, 11, 1)),
        # The night clocks go forward (8 Mar 2026): 00:30 PST, then 03:30 PDT.
        (datetime(2026, 3, 8, 8, 30, tzinfo=UTC), date(2026, 3, 8)),
        (datetime(2026, 3, 8, 10, 30, tzinfo=UTC), date(2026, 3, 8)),
    ],
)
def test_local_date_is_exact_across_daylight_saving(engine, utc, expected):
    ts = literal(utc, type_=UtcDateTime() if engine.dialect.name == "sqlite" else DateTime(True))
    with Session(engine) as s:
        got = s.execute(select(local_date(engine.dialect.name, ts, LA))).scalar_one()
    assert got == expected
