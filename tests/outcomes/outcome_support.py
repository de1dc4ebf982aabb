"""Helpers for the outcome tests: hearings moved into the past, outcomes, messages."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from service.models import Hearing, Message, Obligation
from support import next_local

LA = ZoneInfo("America/Los_Angeles")
TUE = 1


def past_hearing(world, case_id: int, days_ago: int = 3, hour: int = 18) -> dict:
    """Book a hearing, then move it into the past (hearings can only be booked ahead)."""
    hearing = world.hearing(case_id, next_local(TUE, 18, 30))
    day = datetime.now(LA).date() - timedelta(days=days_ago)
    start = datetime(day.year, day.month, day.day, hour, 30, tzinfo=LA)
    set_hearing_time(world.engine, hearing["id"], start)
    hearing["start"] = start.astimezone(UTC).isoformat()
    hearing["day"] = day
    return hearing


def set_hearing_time(engine, hearing_id: int, start: datetime, minutes: int = 90) -> None:
    """Move a hearing directly in the database."""
    with Session(engine) as s:
        h = s.get(Hearing, hearing_id)
        h.start_at, h.end_at = start, start + timedelta(minutes=minutes)
        s.add(h)
        s.commit()


def case_with_hearing(world, ref: str = "CA-1", days_ago: int = 3, **extra) -> tuple[dict, dict]:
    """A referred case and a hearing held `days_ago` days ago (its outcome not yet recorded)."""
    case = world.case(ref, **extra)
    return case, past_hearing(world, case["id"], days_ago)


def parties(case: dict) -> dict[str, int]:
    """Party ids by role."""
    return {p["role"]: p["id"] for p in case["parties"]}


def agree(world, case: dict, hearing: dict, obligations: list[dict], terms: str = "terms") -> dict:
    """Record an agreement with obligations; returns the response body."""
    body = {
        "result": "agreement",
        "attendance": [{"party_id": parties(case)["participant"], "attended": True}],
        "agreement": {"terms": terms, "obligations": obligations},
    }
    r = world.client.post(
        f"/api/v1/hearings/{hearing['id']}/outcome", json=body, headers=world.coordinator
    )
    assert r.status_code == 201, r.text
    return r.json()


def messages(engine, **where) -> list[Message]:
    """Outbox rows matching column values, in order."""
    with Session(engine) as s:
        stmt = select(Message).order_by(Message.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Message, key) == value)
        return list(s.exec(stmt).all())


def obligation_row(engine, obligation_id: int) -> Obligation:
    """The stored obligation."""
    with Session(engine) as s:
        return s.get(Obligation, obligation_id)


def today_la() -> date:
    """Today in Los Angeles."""
    return datetime.now(LA).date()
