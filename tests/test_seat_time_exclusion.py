"""No double booking in the database itself: seats copy their hearing's time (both backends) and
PostgreSQL's exclusion constraint refuses one volunteer on overlapping hearings (migration 0010).

The use cases' overlap check is bypassed here on purpose (rows written through a session, or
`seats.overlapping_seat` patched out) to show what the database does when a code path forgets it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import MetaData, Table, insert, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from service.hearings import booking as hearings_uc
from service.hearings import seats
from service.models import Case, Hearing, HearingKind, Program, SeatAssignment, Venue, Volunteer
from support import next_local

START = datetime(2026, 12, 8, 2, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
# PostgreSQL only, and left out when the run leaves PostgreSQL out (CONVENE_TEST_DB=sqlite);
# marked `postgres` so such a run can deselect them (`-m "not postgres"`) instead of skipping.
_ON_POSTGRES = pytest.mark.parametrize(
    "backend",
    [
        b
        for b in os.environ.get("CONVENE_TEST_DB", "sqlite,postgres").split(",")
        if b.strip() == "postgres"
    ],
)


def ON_POSTGRES(test):  # noqa: N802  (reads as the marker it stands for)
    return pytest.mark.postgres(_ON_POSTGRES(test))


@pytest.fixture
def place(session: Session) -> dict:
    """A program, case and two volunteers; `hearing(start, end)` books one in a room of its own."""
    program = Program(code="NJP", name="NJP")
    session.add(program)
    session.flush()
    kind = HearingKind(program_id=program.id, code="panel", name="Panel")
    ana = Volunteer(full_name="Ana", mobile="+13235550100")
    ben = Volunteer(full_name="Ben", mobile="+13235550101")
    session.add_all([kind, ana, ben])
    session.flush()
    case = Case(program_id=program.id, external_ref="R1", referred_on=date(2026, 11, 1))
    session.add(case)
    session.commit()
    made = []

    def hearing(start: datetime, end: datetime, status: str = "scheduled") -> Hearing:
        venue = Venue(name=f"Room {len(made)}", address="1 Main St", lat=34.1, lon=-118.3)
        session.add(venue)
        session.flush()
        h = Hearing(
            case_id=case.id,
            kind_id=kind.id,
            venue_id=venue.id,
            start_at=start,
            end_at=end,
            status=status,
            ical_uid=f"h{len(made)}@x",
        )
        made.append(h)
        session.add(h)
        session.commit()
        return h

    return {"ana": ana, "ben": ben, "hearing": hearing}


def _seat(session: Session, hearing: Hearing, volunteer: Volunteer, status="invited") -> None:
    session.add(
        SeatAssignment(
            hearing_id=hearing.id, volunteer_id=volunteer.id, role="panelist", status=status
        )
    )
    session.commit()


def _refused(session: Session, hearing: Hearing, volunteer: Volunteer, status="invited") -> None:
    with pytest.raises(IntegrityError) as caught:
        _seat(session, hearing, volunteer, status)
    session.rollback()
    _is_exclusion(caught.value)


def _is_exclusion(exc: IntegrityError) -> None:
    assert exc.orig.sqlstate == "23P01", exc
    assert exc.orig.diag.constraint_name == "ex_seat_volunteer_time"


def _copies(session: Session, hearing: Hearing) -> list[tuple]:
    """What the database holds in the seats' copies (never the ORM's stale memory)."""
    rows = session.execute(
        text(
            "SELECT volunteer_id, start_at, end_at, holds_time FROM seat_assignment "
            "WHERE hearing_id = :h ORDER BY volunteer_id"
        ),
        {"h": hearing.id},
    ).all()

    def utc(value):  # SQLite hands back the stored naive-UTC text
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

    return [(v, utc(s), utc(e), bool(held)) for v, s, e, held in rows]


def test_seats_copy_their_hearing_time_and_follow_it(session, place):
    """Both backends: the triggers keep each seat's copy of its hearing's time and status."""
    ana, ben = place["ana"], place["ben"]
    h = place["hearing"](START, START + HOUR)
    _seat(session, h, ana)
    _seat(session, h, ben, status="declined")
    assert _copies(session, h) == [
        (ana.id, START, START + HOUR, True),
        (ben.id, START, START + HOUR, False),  # a declined seat holds no time
    ]
    h.start_at, h.end_at = START + 3 * HOUR, START + 4 * HOUR
    session.add(h)
    session.commit()
    assert [c[1:3] for c in _copies(session, h)] == [(START + 3 * HOUR, START + 4 * HOUR)] * 2
    seat = session.get(
        SeatAssignment,
        session.execute(
            text("SELECT id FROM seat_assignment WHERE volunteer_id = :v"), {"v": ben.id}
        ).scalar_one(),
    )
    seat.status = "accepted"
    session.add(seat)
    session.commit()
    assert [c[3] for c in _copies(session, h)] == [True, True]
    h.status = "cancelled"
    session.add(h)
    session.commit()
    assert [c[3] for c in _copies(session, h)] == [False, False]  # a cancelled hearing frees all


@ON_POSTGRES
def test_database_refuses_an_overlapping_seat_and_allows_the_rest(session, place):
    ana, ben, hearing = place["ana"], place["ben"], place["hearing"]
    first = hearing(START, START + 90 * timedelta(minutes=1))
    _seat(session, first, ana)
    overlapping = hearing(START + HOUR, START + 2 * HOUR)
    _refused(session, overlapping, ana)
    _refused(session, overlapping, ana, status="proposed")  # proposed seats hold time too
    _seat(session, overlapping, ben)  # someone else is fine
    back_to_back = hearing(START + 90 * timedelta(minutes=1), START + 3 * HOUR)
    _seat(session, back_to_back, ana)  # ends 19:30, next starts 19:30: no overlap
    cancelled = hearing(START, START + HOUR, status="cancelled")
    _seat(session, cancelled, ana)  # a cancelled hearing takes nobody's time
    declined_on = hearing(START + 30 * timedelta(minutes=1), START + HOUR)
    _seat(session, declined_on, ana, status="declined")  # nor does a declined seat
    # ...but turning either back into a held time is refused as well.
    cancelled.status = "scheduled"
    session.add(cancelled)
    with pytest.raises(IntegrityError) as caught:
        session.commit()
    session.rollback()
    _is_exclusion(caught.value)
    session.execute(
        text("UPDATE seat_assignment SET status = 'accepted' WHERE hearing_id = :h"),
        {"h": declined_on.id},
    )
    with pytest.raises(IntegrityError) as caught:
        session.commit()
    session.rollback()
    _is_exclusion(caught.value)


@ON_POSTGRES
def test_moving_a_hearing_onto_its_volunteers_other_seat_is_refused(session, place):
    """`reschedule_to` checks the room only; the database still refuses the volunteer's clash."""
    ana, hearing = place["ana"], place["hearing"]
    busy = hearing(START, START + HOUR)
    later = hearing(START + 2 * HOUR, START + 3 * HOUR)
    _seat(session, busy, ana)
    _seat(session, later, ana)
    assert hearings_uc.reschedule_to(
        session,
        later,
        START + 30 * timedelta(minutes=1),
        START + 90 * timedelta(minutes=1),
        actor="test",
    )
    with pytest.raises(IntegrityError) as caught:
        session.commit()
    session.rollback()
    _is_exclusion(caught.value)
    # Checked at commit, not per statement: a move whose panel is repaired in the same
    # transaction (as a participant's text does with refill_after_move) is allowed.
    later = session.get(Hearing, later.id)
    later.start_at, later.end_at = (
        START + 30 * timedelta(minutes=1),
        START + 90 * timedelta(minutes=1),
    )
    session.add(later)
    session.flush()
    session.execute(
        text("UPDATE seat_assignment SET status = 'replaced' WHERE hearing_id = :h"),
        {"h": later.id},
    )
    session.commit()


@ON_POSTGRES
def test_a_forgotten_check_still_answers_409_naming_the_clash(world, client, monkeypatch):
    """The API with the use cases' overlap check patched out: the constraint gives the 409."""
    monkeypatch.setattr(seats, "overlapping_seat", lambda *a, **k: None)
    ana = world.volunteer("Ana", mobile="323-555-0101")

    def room(name: str) -> int:
        r = client.post(
            "/api/v1/venues",
            json={
                "name": name,
                "address": "2 B St",
                "lat": 34.1,
                "lon": -118.3,
                "windows": [{"day": "tue", "start": "17:00", "end": "22:00"}],
            },
            headers=world.admin,
        )
        return r.json()["id"]

    h1 = world.hearing(world.case("A")["id"], next_local(1, 18))
    h2 = world.hearing(world.case("B")["id"], next_local(1, 19), venue_id=room("B"))
    seat = lambda h: client.post(  # noqa: E731
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": ana["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert seat(h1).status_code == 201
    r = seat(h2)
    assert r.status_code == 409, r.text
    error = r.json()["error"]
    assert error["code"] == "conflict"
    assert f"volunteer {ana['id']}" in error["message"] and "overlapping" in error["message"]
    assert (
        error["details"] == [{"field": "volunteer_id", "reason": error["details"][0]["reason"]}]
        and "another scheduled hearing" in error["details"][0]["reason"]
    )
    # Moving a hearing onto the volunteer's other seat: refused by the database, same answer.
    h3 = world.hearing(world.case("C")["id"], next_local(1, 20, 30), venue_id=room("C"))
    assert seat(h3).status_code == 201
    r = client.patch(
        f"/api/v1/hearings/{h3['id']}",
        json={"start": next_local(1, 18, 30)},
        headers=world.coordinator,
    )
    assert r.status_code == 409 and r.json()["error"]["details"][0]["field"] == "volunteer_id"
    stored = client.get(f"/api/v1/hearings/{h3['id']}", headers=world.viewer).json()
    assert (stored["start"], stored["sequence"]) == (h3["start"], h3["sequence"])  # not kept


def _old_row(conn, row):
    """Write a model's row into the 0009 schema: only the columns that schema has (later
    migrations added others the model now names); returns the row with its id."""
    table = Table(row.__tablename__, MetaData(), autoload_with=conn)
    values = {c.name: getattr(row, c.name) for c in table.columns if hasattr(row, c.name)}
    values.pop("id", None)
    row.id = conn.execute(insert(table).values(values)).inserted_primary_key[0]
    return row


@pytest.fixture
def at_0009(backend, request, tmp_path):
    """An engine on a database migrated only to 0009, with two overlapping hearings."""
    from service import migrations
    from service.db import make_engine

    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = request.getfixturevalue("pg_server").create(migrated=False)
    engine = make_engine(url)
    migrations.upgrade(engine, "0009")
    with engine.begin() as s:
        program = _old_row(s, Program(code="NJP", name="NJP"))
        kind = _old_row(s, HearingKind(program_id=program.id, code="panel", name="Panel"))
        ana = _old_row(s, Volunteer(full_name="Ana", mobile="+13235550100"))
        rooms = [
            _old_row(s, Venue(name=f"Room {i}", address="1 Main St", lat=34.1, lon=-118.3))
            for i in "AB"
        ]
        case = _old_row(
            s, Case(program_id=program.id, external_ref="R1", referred_on=date(2026, 11, 1))
        )
        found = [
            Hearing(
                case_id=case.id,
                kind_id=kind.id,
                venue_id=room.id,
                start_at=START + i * 30 * timedelta(minutes=1),
                end_at=START + HOUR + i * 30 * timedelta(minutes=1),
                status=status,
                ical_uid=f"h{i}@x",
            )
            for i, (room, status) in enumerate(zip(rooms, ("scheduled", "cancelled"), strict=True))
        ]
        found = [_old_row(s, h) for h in found]
    yield engine, ana, found
    engine.dispose()


def _old_seat(engine, hearing: Hearing, volunteer: Volunteer, status: str) -> None:
    # The 0009 table has no copies yet: written in SQL, as the model now names the new columns.
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO seat_assignment (hearing_id, volunteer_id, role, status, created_at) "
                "VALUES (:h, :v, 'panelist', :s, :now)"
            ),
            {"h": hearing.id, "v": volunteer.id, "s": status, "now": START.replace(tzinfo=None)},
        )


def test_migration_backfills_existing_seats(at_0009):
    from service import migrations

    engine, ana, (held, cancelled) = at_0009
    _old_seat(engine, held, ana, "accepted")
    _old_seat(engine, cancelled, ana, "accepted")  # overlaps, but its hearing was cancelled
    migrations.upgrade(engine)
    with Session(engine) as s:
        assert _copies(s, held) == [(ana.id, held.start_at, held.end_at, True)]
        assert _copies(s, cancelled) == [(ana.id, cancelled.start_at, cancelled.end_at, False)]


@ON_POSTGRES
def test_migration_refuses_existing_double_bookings_by_name(at_0009):
    from service import migrations

    engine, ana, (held, cancelled) = at_0009
    with engine.begin() as conn:
        conn.execute(text("UPDATE hearing SET status = 'scheduled'"))
    _old_seat(engine, held, ana, "accepted")
    _old_seat(engine, cancelled, ana, "invited")
    with pytest.raises(RuntimeError, match=f"volunteer {ana.id}: seat .* and seat"):
        migrations.upgrade(engine)
