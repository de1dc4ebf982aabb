"""Seats held by hand and the rules no seat may break: one hearing at a time, qualifications,
language, conflicts of interest and blackouts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.db import utcnow
from service.errors import Conflict, Invalid
from service.messaging import hearing_texts
from service.models import (
    Blackout,
    Case,
    Certification,
    Hearing,
    Party,
    Program,
    SeatAssignment,
    Volunteer,
    VolunteerLanguage,
)
from service.models import Conflict as ConflictRow
from service.models.base import HOLDING_SEAT, HearingStatus, SeatStatus
from service.programs import program_zone, seats_of_kind
from service.schemas.hearings import SeatCreate


def overlapping_seat(
    session: Session, volunteer_id: int, start: datetime, end: datetime, exclude_hearing: int | None
) -> Hearing | None:
    """Another scheduled hearing the volunteer holds a seat on at an overlapping time, if any.

    Callers look it up as seats.overlapping_seat, so a test can take the check out and show what
    the database alone refuses (tests/unchecked_app.py).
    """
    stmt = (
        select(Hearing)
        .join(SeatAssignment, SeatAssignment.hearing_id == Hearing.id)
        .where(
            SeatAssignment.volunteer_id == volunteer_id,
            SeatAssignment.status.in_(HOLDING_SEAT),
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at < end,
            Hearing.end_at > start,
        )
    )
    if exclude_hearing is not None:
        stmt = stmt.where(Hearing.id != exclude_hearing)
    return session.exec(stmt).first()


def check_panel_still_free(
    session: Session,
    hearing: Hearing,
    start: datetime | None = None,
    end: datetime | None = None,
) -> None:
    """Refuse a new time (the hearing's own unless given) at which someone on the panel
    already sits elsewhere."""
    start, end = start or hearing.start_at, end or hearing.end_at
    seats = session.exec(
        select(SeatAssignment).where(
            SeatAssignment.hearing_id == hearing.id, SeatAssignment.status.in_(HOLDING_SEAT)
        )
    ).all()
    for seat in seats:
        if overlapping_seat(session, seat.volunteer_id, start, end, hearing.id):
            raise Conflict(
                f"volunteer {seat.volunteer_id} on this panel sits elsewhere at the new time",
                field="start",
            )


def assign_seat(
    session: Session, hearing: Hearing, data: SeatCreate, principal: Principal
) -> SeatAssignment:
    """Put a volunteer on a seat by hand, refusing anything that breaks a hard rule."""
    case = session.get(Case, hearing.case_id)
    principal.require_program(case.program_id, write=True)
    if hearing.status != HearingStatus.scheduled:
        raise Invalid(f"a {hearing.status} hearing takes no new seats", field="hearing_id")
    # Lock the volunteer row (PostgreSQL) so two requests cannot both see the volunteer free.
    volunteer = session.exec(
        select(Volunteer).where(Volunteer.id == data.volunteer_id).with_for_update()
    ).first()
    if volunteer is None:
        raise Invalid(f"volunteer {data.volunteer_id} does not exist", field="volunteer_id")
    if not volunteer.active:
        raise Invalid(f"{volunteer.full_name} is not active", field="volunteer_id")
    reqs = {r.role: r for r in seats_of_kind(session, hearing.kind_id)}
    req = reqs.get(data.role)
    if req is None:
        raise Invalid(
            f"this hearing has no {data.role!r} seat (roles: {', '.join(reqs)})", field="role"
        )
    existing = session.exec(
        select(SeatAssignment).where(
            SeatAssignment.hearing_id == hearing.id, SeatAssignment.volunteer_id == volunteer.id
        )
    ).first()
    if existing is not None:
        raise Conflict(
            f"{volunteer.full_name} already has a seat record on this hearing ({existing.status})",
            field="volunteer_id",
        )
    taken = session.exec(
        select(func.count())
        .select_from(SeatAssignment)
        .where(
            SeatAssignment.hearing_id == hearing.id,
            SeatAssignment.role == data.role,
            SeatAssignment.status.in_(HOLDING_SEAT),
        )
    ).one()
    if taken >= req.count:
        raise Conflict(f"all {req.count} {data.role} seats are taken", field="role")
    _check_qualified(session, hearing, volunteer, req, case)
    if overlapping_seat(session, volunteer.id, hearing.start_at, hearing.end_at, hearing.id):
        raise Conflict(
            f"{volunteer.full_name} already sits on another hearing at that time",
            field="volunteer_id",
        )
    seat = SeatAssignment(
        hearing_id=hearing.id,
        volunteer_id=volunteer.id,
        role=data.role,
        status=SeatStatus.invited.value,
        invited_at=utcnow(),
    )
    session.add(seat)
    session.flush()
    case_uc.add_event(
        session, case, "seat_assigned", actor=principal.actor, detail=f"{data.role} seat filled"
    )

    hearing_texts.invite_volunteer(session, seat)
    return seat


def _check_qualified(
    session: Session, hearing: Hearing, volunteer: Volunteer, req, case: Case
) -> None:
    program = session.get(Program, case.program_id)
    local_day = hearing.start_at.astimezone(program_zone(program)).date()
    for name in req.requires:
        ok = session.exec(
            select(Certification).where(
                Certification.volunteer_id == volunteer.id,
                Certification.name == name,
                (Certification.expires_on.is_(None)) | (Certification.expires_on >= local_day),
            )
        ).first()
        if ok is None:
            raise Invalid(
                f"{volunteer.full_name} holds no current {name} certification", field="volunteer_id"
            )
    lead_role = seats_of_kind(session, hearing.kind_id)[0].role
    if hearing.language and hearing.language != "en" and req.role == lead_role:
        speaks = session.exec(
            select(VolunteerLanguage).where(
                VolunteerLanguage.volunteer_id == volunteer.id,
                VolunteerLanguage.language == hearing.language,
            )
        ).first()
        if speaks is None:
            raise Invalid(f"the {req.role} must speak {hearing.language}", field="volunteer_id")
    conflict = session.exec(
        select(ConflictRow)
        .join(Party, Party.person_id == ConflictRow.person_id)
        .where(ConflictRow.volunteer_id == volunteer.id, Party.case_id == case.id)
    ).first()
    if conflict is not None:
        raise Invalid(
            f"{volunteer.full_name} is recused from a party to this case", field="volunteer_id"
        )
    blackout = session.exec(
        select(Blackout).where(
            Blackout.volunteer_id == volunteer.id,
            Blackout.start_at < hearing.end_at,
            Blackout.end_at > hearing.start_at,
        )
    ).first()
    if blackout is not None:
        raise Invalid(f"{volunteer.full_name} is unavailable then (blackout)", field="volunteer_id")
