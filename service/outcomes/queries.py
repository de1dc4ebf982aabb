"""Reading outcomes: a case's agreement, obligations across the caller's programs, ledgers."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.cases import referrals
from service.errors import NotFound
from service.models import (
    Agreement,
    Case,
    Hearing,
    Obligation,
    Party,
    PartyConfirmation,
    Payment,
    Person,
    SeatAssignment,
    ServiceLog,
    Volunteer,
)
from service.models.base import SeatStatus
from service.models.outcomes import CheckIn
from service.repo import changed_since, paginate


def agreement_of(session: Session, case: Case) -> Agreement | None:
    """The case's agreement, if one was recorded."""
    return session.exec(select(Agreement).where(Agreement.case_id == case.id)).first()


def list_obligations(
    session: Session,
    principal: Principal,
    *,
    limit: int,
    offset: int,
    program_id: int | None = None,
    status: str | None = None,
    due_before: date | None = None,
    updated_since: datetime | None = None,
) -> tuple[list[Obligation], int]:
    """A page of the obligations in the caller's programs, soonest due first (or, with
    `updated_since`, those changed since then, oldest change first)."""
    stmt = (
        select(Obligation)
        .join(Case, Case.id == Obligation.case_id)
        .where(principal.in_programs(Case.program_id))
        .order_by(Obligation.due_date, Obligation.id)
    )
    if program_id is not None:
        stmt = stmt.where(Case.program_id == program_id)
    if status is not None:
        stmt = stmt.where(Obligation.status == status)
    if due_before is not None:
        stmt = stmt.where(Obligation.due_date < due_before)
    if updated_since is not None:
        stmt = changed_since(stmt, Obligation, updated_since)
    return paginate(session, stmt, limit=limit, offset=offset)


def service_logs(session: Session, obligation: Obligation) -> list[ServiceLog]:
    """Hours logged toward an obligation, by the day worked."""
    stmt = (
        select(ServiceLog)
        .where(ServiceLog.obligation_id == obligation.id)
        .order_by(ServiceLog.worked_on, ServiceLog.id)
    )
    return list(session.exec(stmt).all())


def payments(session: Session, obligation: Obligation) -> list[Payment]:
    """The restitution ledger of an obligation, by the day paid."""
    stmt = (
        select(Payment)
        .where(Payment.obligation_id == obligation.id)
        .order_by(Payment.paid_on, Payment.id)
    )
    return list(session.exec(stmt).all())


def check_ins(session: Session, obligation: Obligation) -> list[CheckIn]:
    """Check-ins made toward an obligation, by day."""
    stmt = (
        select(CheckIn)
        .where(CheckIn.obligation_id == obligation.id)
        .order_by(CheckIn.checked_in_on)
    )
    return list(session.exec(stmt).all())


def load_obligation(
    session: Session,
    obligation_id: int,
    principal: Principal,
    *,
    write: bool = False,
) -> tuple[Obligation, Case]:
    """An obligation and its case, if the caller may see the case."""
    obligation = session.get(Obligation, obligation_id)
    if obligation is None:
        raise NotFound(f"obligation {obligation_id} not found")
    return obligation, referrals.load_case(session, obligation.case_id, principal, write=write)


def seated(session: Session, hearing: Hearing) -> list[SeatAssignment]:
    """The seats of volunteers who had accepted to sit the hearing, in seat order."""
    stmt = (
        select(SeatAssignment)
        .where(
            SeatAssignment.hearing_id == hearing.id,
            SeatAssignment.status == SeatStatus.accepted.value,
        )
        .order_by(SeatAssignment.id)
    )
    return list(session.exec(stmt).all())


def seated_volunteers(session: Session, hearing: Hearing) -> list[tuple[SeatAssignment, Volunteer]]:
    """Accepted seats with their volunteers, in seat order."""
    stmt = (
        select(SeatAssignment, Volunteer)
        .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
        .where(
            SeatAssignment.hearing_id == hearing.id,
            SeatAssignment.status == SeatStatus.accepted.value,
        )
        .order_by(SeatAssignment.id)
    )
    return list(session.exec(stmt).all())


def parties_at(
    session: Session, hearing: Hearing
) -> list[tuple[Party, Person, PartyConfirmation | None]]:
    """The case's parties with their people and their confirmation of this hearing, if any."""
    stmt = (
        select(Party, Person, PartyConfirmation)
        .join(Person, Person.id == Party.person_id)
        .join(
            PartyConfirmation,
            (PartyConfirmation.party_id == Party.id) & (PartyConfirmation.hearing_id == hearing.id),
            isouter=True,
        )
        .where(Party.case_id == hearing.case_id)
        .order_by(Party.id)
    )
    return list(session.exec(stmt).all())


def has_progress(session: Session, obligation: Obligation) -> bool:
    """Whether anything was logged toward an obligation: hours, a payment, a check-in."""
    for model in (ServiceLog, Payment, CheckIn):
        row = session.exec(select(model.id).where(model.obligation_id == obligation.id)).first()
        if row is not None:
            return True
    return False
