"""Each table's constraints hold in the database itself, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from service.models import (
    ApiToken,
    AvailabilityWindow,
    Blackout,
    Case,
    Certification,
    Hearing,
    HearingKind,
    InboundMessage,
    Message,
    Neighborhood,
    Obligation,
    Party,
    Payment,
    Person,
    Program,
    SeatAssignment,
    SeatRequirement,
    ServiceLog,
    SmsSuppression,
    User,
    Venue,
    VenueWindow,
    Volunteer,
    VolunteerLanguage,
)

NOW = datetime(2026, 12, 8, 2, 30, tzinfo=UTC)


@pytest.fixture
def base(session: Session) -> dict:
    """One program, kind, venue, case, person, volunteer and hearing."""
    program = Program(code="NJP", name="NJP")
    session.add(program)
    session.flush()
    kind = HearingKind(program_id=program.id, code="panel", name="Panel")
    venue = Venue(name="Library", address="1 Main St", lat=34.1, lon=-118.3)
    person = Person(full_name="P")
    vol = Volunteer(full_name="V", mobile="+13235550100")
    session.add_all([kind, venue, person, vol])
    session.flush()
    case = Case(program_id=program.id, external_ref="R1", referred_on=date(2026, 11, 1))
    session.add(case)
    session.flush()
    hearing = Hearing(
        case_id=case.id,
        kind_id=kind.id,
        venue_id=venue.id,
        start_at=NOW,
        end_at=NOW + timedelta(minutes=90),
        ical_uid="u1@x",
    )
    session.add(hearing)
    session.commit()
    return {
        "program": program,
        "kind": kind,
        "venue": venue,
        "person": person,
        "vol": vol,
        "case": case,
        "hearing": hearing,
    }


def _refused(session: Session, *rows) -> None:
    session.add_all(rows)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_unique_constraints(session, base):
    _refused(session, Program(code="NJP", name="again"))
    _refused(
        session,
        Case(program_id=base["program"].id, external_ref="R1", referred_on=date(2026, 11, 2)),
    )
    _refused(session, Volunteer(full_name="W", mobile="+13235550100"))
    _refused(session, HearingKind(program_id=base["program"].id, code="panel", name="dup"))
    _refused(session, Neighborhood(name="A", lat=1, lon=1), Neighborhood(name="A", lat=2, lon=2))
    _refused(
        session,
        InboundMessage(provider_id="SM1", from_number="+1"),
        InboundMessage(provider_id="SM1", from_number="+2"),
    )
    _refused(
        session,
        Message(to_address="+1", body="a", dedupe_key="k"),
        Message(to_address="+1", body="b", dedupe_key="k"),
    )
    _refused(session, SmsSuppression(phone="+1"), SmsSuppression(phone="+1"))
    _refused(
        session,
        User(email="a@x", full_name="A", password_hash="h", role="admin"),
        User(email="a@x", full_name="B", password_hash="h", role="viewer"),
    )
    _refused(
        session,
        SeatAssignment(hearing_id=base["hearing"].id, volunteer_id=base["vol"].id, role="panelist"),
        SeatAssignment(
            hearing_id=base["hearing"].id, volunteer_id=base["vol"].id, role="facilitator"
        ),
    )
    _refused(
        session,
        Hearing(
            case_id=base["case"].id,
            kind_id=base["kind"].id,
            venue_id=base["venue"].id,
            start_at=NOW,
            end_at=NOW + timedelta(hours=1),
            ical_uid="u1@x",
        ),
    )


def test_check_constraints(session, base):
    h = base["hearing"]
    _refused(session, SeatRequirement(hearing_kind_id=base["kind"].id, role="x", count=0))
    _refused(
        session,
        Hearing(
            case_id=base["case"].id,
            kind_id=base["kind"].id,
            venue_id=base["venue"].id,
            start_at=NOW,
            end_at=NOW - timedelta(minutes=1),
            ical_uid="u2@x",
        ),
    )
    _refused(
        session,
        Case(
            program_id=base["program"].id,
            external_ref="R9",
            referred_on=date(2026, 1, 1),
            status="lost",
        ),
    )
    _refused(session, Party(case_id=base["case"].id, person_id=base["person"].id, role="judge"))
    _refused(session, Neighborhood(name="Nowhere", lat=95, lon=0))
    _refused(
        session,
        AvailabilityWindow(
            volunteer_id=base["vol"].id, day="xyz", start_time=time(18), end_time=time(21)
        ),
    )
    _refused(
        session,
        AvailabilityWindow(
            volunteer_id=base["vol"].id, day="tue", start_time=time(21), end_time=time(18)
        ),
    )
    _refused(
        session,
        VenueWindow(venue_id=base["venue"].id, day="sat", start_time=time(13), end_time=time(9)),
    )
    _refused(session, Blackout(volunteer_id=base["vol"].id, start_at=NOW, end_at=NOW))
    _refused(
        session,
        Certification(
            volunteer_id=base["vol"].id,
            name="njp_panelist",
            completed_on=date(2026, 1, 2),
            expires_on=date(2026, 1, 1),
        ),
    )
    _refused(
        session,
        Certification(
            volunteer_id=base["vol"].id, name="x", completed_on=date(2026, 1, 2), training_hours=-1
        ),
    )
    _refused(
        session,
        SeatAssignment(hearing_id=h.id, volunteer_id=base["vol"].id, role="p", status="maybe"),
    )
    _refused(session, Message(to_address="+1", body="a", status="lost"))
    _refused(session, Message(to_address="+1", body="a", channel="fax"))
    _refused(session, User(email="b@x", full_name="B", password_hash="h", role="superuser"))
    _refused(session, ApiToken(name="t", user_id=1, token_hash="h", prefix="p", scope="all"))
    _refused(session, Volunteer(full_name="Cap", max_assignments_per_month=-1))
    _refused(
        session,
        Obligation(
            case_id=base["case"].id, kind="community_service", due_date=date(2027, 1, 1), target=0
        ),
    )
    _refused(
        session, Obligation(case_id=base["case"].id, kind="juggling", due_date=date(2027, 1, 1))
    )


def test_service_hours_and_payments_are_bounded(session, base):
    ob = Obligation(
        case_id=base["case"].id, kind="community_service", due_date=date(2027, 1, 1), target=20
    )
    session.add(ob)
    session.commit()
    for hours in (0, -2, 24.5):
        _refused(session, ServiceLog(obligation_id=ob.id, worked_on=date(2026, 12, 1), hours=hours))
    _refused(session, Payment(obligation_id=ob.id, amount=0, paid_on=date(2026, 12, 1)))
    session.add(ServiceLog(obligation_id=ob.id, worked_on=date(2026, 12, 1), hours=24))
    session.commit()


def test_foreign_keys_are_enforced(session, base):
    _refused(
        session,
        Hearing(
            case_id=99999,
            kind_id=base["kind"].id,
            venue_id=base["venue"].id,
            start_at=NOW,
            end_at=NOW + timedelta(hours=1),
            ical_uid="u3@x",
        ),
    )
    _refused(session, Party(case_id=base["case"].id, person_id=424242, role="victim"))
    _refused(session, VolunteerLanguage(volunteer_id=31337, language="es"))


def test_deleting_a_volunteer_cascades_to_their_details(session, base):
    vol = Volunteer(full_name="Short-lived")
    session.add(vol)
    session.flush()
    session.add_all(
        [
            VolunteerLanguage(volunteer_id=vol.id, language="es"),
            AvailabilityWindow(
                volunteer_id=vol.id, day="tue", start_time=time(18), end_time=time(21)
            ),
        ]
    )
    session.commit()
    session.delete(vol)
    session.commit()
    assert (
        session.exec(
            select(VolunteerLanguage).where(VolunteerLanguage.volunteer_id == vol.id)
        ).all()
        == []
    )


def test_a_case_in_use_cannot_lose_its_program(session, base):
    session.delete(base["program"])
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_timestamps_are_utc_and_aware(session, base):
    hearing = session.get(Hearing, base["hearing"].id)
    session.expire_all()
    hearing = session.exec(select(Hearing).where(Hearing.id == base["hearing"].id)).one()
    assert hearing.start_at.tzinfo is not None and hearing.start_at.utcoffset() == timedelta(0)
    assert hearing.start_at == NOW
    session.add(
        Blackout(volunteer_id=base["vol"].id, start_at=datetime(2026, 12, 1, 0, 0), end_at=NOW)
    )
    with pytest.raises(StatementError, match="naive"):
        session.flush()
    session.rollback()
