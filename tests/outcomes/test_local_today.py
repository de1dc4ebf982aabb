"""After 16:00 in Los Angeles the UTC date is already tomorrow: "today" is the program's date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from outcome_support import LA, agree, case_with_hearing
from sqlmodel import Session

from service.models import Obligation

# A Tuesday evening in Los Angeles; in UTC it is already Wednesday 6 January.
EVENING = datetime(2027, 1, 5, 17, 30, tzinfo=LA)
TODAY = date(2027, 1, 5)


@pytest.fixture
def la_evening():
    """The clock at EVENING (ticking) for the whole test, fixtures included."""
    # In UTC, as the server runs: a zoned destination would set the process's zone to LA.
    with time_machine.travel(EVENING.astimezone(UTC), tick=True):
        yield


def _due(engine, obligation_id: int, day: date) -> None:
    with Session(engine) as s:
        ob = s.get(Obligation, obligation_id)
        ob.due_date = day
        s.add(ob)
        s.commit()


def test_an_obligation_due_today_is_not_overdue_in_the_evening(la_evening, ow, engine):
    case, hearing = case_with_hearing(ow, days_ago=3)
    out = agree(ow, case, hearing, [{"kind": "essay"}, {"kind": "apology_letter"}])
    due_today, due_yesterday = (o["id"] for o in out["agreement"]["obligations"])
    _due(engine, due_today, TODAY)
    _due(engine, due_yesterday, TODAY - timedelta(days=1))
    r = ow.client.get("/api/v1/attention", headers=ow.coordinator)
    assert r.status_code == 200, r.text
    overdue = [o["obligation_id"] for o in r.json()["overdue_obligations"]]
    assert overdue == [due_yesterday]
