"""Every page that shows a program's hearing shows it in that program's zone, not in
CONVENE_TIMEZONE: a New York program's 18:30 Los Angeles hearing reads 9:30 PM everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlmodel import Session, select
from web.web_support import page, web_login

from service.models import Hearing, MatchingRun, SeatAssignment
from support import NJP, horizon, make_user, next_local

NEW_YORK = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
ALL_DAY = [
    {"day": d, "start": "00:00", "end": "23:59"}
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


def _new_york_world(client, world, engine, admin) -> dict:
    """A New York program with a case, a hearing at 18:30 Los Angeles (21:30 New York) with a
    published panel, and a second case whose hearing was three days ago."""
    r = client.post(
        "/api/v1/programs",
        json=NJP | {"code": "NJPNY", "name": "Justice in New York", "timezone": "America/New_York"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    program = r.json()
    coordinator = make_user(engine, "coordinator", [program["id"]])
    vols = [
        world.volunteer(f"Zone{i} Tester", mobile=f"323-555-02{i:02d}", availability=ALL_DAY)
        for i in range(4)
    ]

    def refer(ref: str) -> dict:
        r = client.post(
            "/api/v1/cases",
            json={
                "program_id": program["id"],
                "external_ref": ref,
                "zip": "90028",
                "consent": True,
                "parties": [
                    {
                        "role": "participant",
                        "person": {
                            "full_name": "Avery Stone",
                            "mobile": "323-555-0142",
                            "sms_consent": True,
                        },
                    }
                ],
            },
            headers=admin,
        )
        assert r.status_code == 201, r.text
        return r.json()

    def book(case: dict, start: str) -> dict:
        r = client.post(
            "/api/v1/hearings",
            json={
                "case_id": case["id"],
                "kind": "panel",
                "venue_id": world.venue["id"],
                "start": start,
                "allow_outside_venue_hours": True,  # the venue keeps Los Angeles hours
            },
            headers=admin,
        )
        assert r.status_code == 201, r.text
        return r.json()

    case = refer("NY-1")
    hearing = book(case, next_local(2, 18, 30, weeks_ahead=1))
    base = f"/api/v1/programs/{program['id']}/matching-runs"
    r = client.post(base, json=horizon(hearing["start"]), headers=admin)
    assert r.status_code == 201, r.text
    run = r.json()
    assert client.post(f"{base}/{run['id']}/publish", headers=admin).status_code == 200
    past_case = refer("NY-2")
    past = book(past_case, next_local(2, 18, 30, weeks_ahead=2))
    day = datetime.now(LA).date() - timedelta(days=3)
    start = datetime(day.year, day.month, day.day, 18, 30, tzinfo=LA)
    with Session(engine) as s:
        h = s.get(Hearing, past["id"])
        h.start_at = start.astimezone(UTC)
        h.end_at = (start + timedelta(minutes=90)).astimezone(UTC)
        s.add(h)
        s.commit()
        seat = s.exec(
            select(SeatAssignment).where(SeatAssignment.hearing_id == hearing["id"])
        ).first()
        run_row = s.exec(select(MatchingRun).where(MatchingRun.program_id == program["id"])).one()
    assert seat is not None, "the run seated nobody"
    web_login(client, coordinator, "/today")
    return {
        "program": program,
        "case": case,
        "hearing": hearing,
        "past": past,
        "past_case": past_case,
        "seat": seat,
        "run_id": run_row.id,
        "volunteers": vols,
    }


def test_every_page_shows_a_new_york_programs_times_in_new_york(client, world, engine, admin):
    ny = _new_york_world(client, world, engine, admin)
    start = datetime.fromisoformat(ny["hearing"]["start"]).astimezone(NEW_YORK)
    assert start.hour == 21 and start.minute == 30
    monday = start.date() - timedelta(days=start.weekday())
    pid, hid = ny["program"]["id"], ny["hearing"]["id"]
    pages = {
        "case": f"/cases/{ny['case']['id']}",
        "hearing": f"/hearings/{hid}",
        "hearings week": f"/hearings?week={monday.isoformat()}",
        "today": "/today",
        "volunteer profile": f"/volunteers/{ny['seat'].volunteer_id}",
        "find a volunteer": f"/hearings/{hid}/seats/find?replace={ny['seat'].id}",
        "matching run": f"/matching/{pid}/runs/{ny['run_id']}",
        "outbox": "/dev/outbox",
        "outcome form": f"/hearings/{ny['past']['id']}/outcome",
        "past case": f"/cases/{ny['past_case']['id']}",
    }
    wrong = []
    for name, url in pages.items():
        html = page(client, url)
        if "9:30 PM" not in html or "6:30 PM" in html:
            wrong.append(name)
    assert wrong == [], f"pages showing Los Angeles times or no New York time: {wrong}"
    reports = page(client, f"/reports?program_id={pid}")
    assert "6:30 PM" not in reports


@pytest.fixture
def la_late_evening():
    """22:30 in Los Angeles (ticking), when it is already tomorrow in New York."""
    evening = datetime(2027, 1, 5, 22, 30, tzinfo=LA)  # Wed Jan 6, 01:30 in New York
    with time_machine.travel(evening.astimezone(UTC), tick=True):
        yield


def test_default_dates_are_the_new_york_programs_today(la_late_evening, client, engine, admin):
    """Forms of a New York program start on New York's date, not Los Angeles's or UTC's."""
    r = client.post(
        "/api/v1/programs",
        json=NJP | {"code": "NJPNY", "name": "Justice in New York", "timezone": "America/New_York"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    web_login(client, make_user(engine, "coordinator", [r.json()["id"]]), "/today")
    intake = page(client, "/cases/new")
    assert 'name="referred_on" type="date" value="2027-01-06"' in intake
    matching = page(client, "/matching")
    assert 'value="2027-01-06"' in matching and 'value="2027-01-05"' not in matching
