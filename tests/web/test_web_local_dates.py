"""Form default dates are the program's date, not the server's UTC date (after 16:00 in LA)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from web_support import page, sign_in

LA = ZoneInfo("America/Los_Angeles")
# A Tuesday evening in Los Angeles; in UTC it is already Wednesday 6 January.
EVENING = datetime(2027, 1, 5, 17, 30, tzinfo=LA)
TODAY = date(2027, 1, 5)
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


@pytest.fixture
def la_evening():
    """The clock at EVENING (ticking) for the whole test, fixtures included."""
    # In UTC, as the server runs: a zoned destination would set the process's zone to LA.
    with time_machine.travel(EVENING.astimezone(UTC), tick=True):
        yield


def _date_values(html: str) -> dict[str, str]:
    found = re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="(\d{4}-\d{2}-\d{2})"', html)
    found += [
        (n, v)
        for v, n in re.findall(r'<input[^>]*value="(\d{4}-\d{2}-\d{2})"[^>]*name="([a-z_]+)"', html)
    ]
    return dict(found)


def test_form_default_dates_are_the_local_date(la_evening, world, client, engine):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    intake = page(client, "/cases/new")
    assert _date_values(intake).get("referred_on") == TODAY.isoformat(), _date_values(intake)
    matching = page(client, "/matching")
    assert _date_values(matching).get("start") == TODAY.isoformat(), _date_values(matching)
    reports = page(client, "/reports")
    assert _date_values(reports).get("end") == TODAY.isoformat(), _date_values(reports)
    for html in (intake, matching, reports):
        assert TOMORROW not in html
