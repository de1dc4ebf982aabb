"""Reading hearings: the scoped list, a week's calendar, and a case's hearings with their venues."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.cases import referrals
from service.errors import NotFound
from service.models import Case, Hearing, Venue
from service.repo import paginate


def list_hearings(
    session: Session,
    principal: Principal,
    *,
    limit: int,
    offset: int,
    program_id: int | None = None,
    case_id: int | None = None,
    venue_id: int | None = None,
    status: str | None = None,
    start_from: datetime | None = None,
    start_to: datetime | None = None,
) -> tuple[list[Hearing], int]:
    """A page of the hearings in the caller's programs, by start time."""
    stmt = (
        select(Hearing)
        .join(Case, Case.id == Hearing.case_id)
        .where(principal.in_programs(Case.program_id))
        .order_by(Hearing.start_at, Hearing.id)
    )
    if program_id is not None:
        stmt = stmt.where(Case.program_id == program_id)
    if case_id is not None:
        stmt = stmt.where(Hearing.case_id == case_id)
    if venue_id is not None:
        stmt = stmt.where(Hearing.venue_id == venue_id)
    if status is not None:
        stmt = stmt.where(Hearing.status == status)
    if start_from is not None:
        stmt = stmt.where(Hearing.start_at >= start_from)
    if start_to is not None:
        stmt = stmt.where(Hearing.start_at < start_to)
    return paginate(session, stmt, limit=limit, offset=offset)


def hearings_between(
    session: Session, principal: Principal, start: datetime, end: datetime
) -> list[tuple[Hearing, Case, Venue]]:
    """The caller's hearings starting in [start, end), with their case and venue, by start."""
    stmt = (
        select(Hearing, Case, Venue)
        .join(Case, Case.id == Hearing.case_id)
        .join(Venue, Venue.id == Hearing.venue_id)
        .where(principal.in_programs(Case.program_id))
        .where(Hearing.start_at >= start, Hearing.start_at < end)
        .order_by(Hearing.start_at)
    )
    return list(session.exec(stmt).all())


def hearings_of_case(session: Session, case: Case) -> list[tuple[Hearing, Venue]]:
    """A case's hearings with their venues, by start."""
    stmt = (
        select(Hearing, Venue)
        .join(Venue, Venue.id == Hearing.venue_id)
        .where(Hearing.case_id == case.id)
        .order_by(Hearing.start_at)
    )
    return list(session.exec(stmt).all())


def load_hearing(session: Session, hearing_id: int, principal: Principal) -> Hearing:
    """A hearing the caller may see."""
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        raise NotFound(f"hearing {hearing_id} not found")
    referrals.load_case(session, hearing.case_id, principal)
    return hearing
