"""Reading a case: its history of events."""

from __future__ import annotations

from sqlmodel import Session, select

from service.models import Case, CaseEvent


def case_events(session: Session, case: Case) -> list[CaseEvent]:
    """The case's history, oldest first."""
    stmt = (
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    )
    return list(session.exec(stmt).all())


def case_ref_taken(session: Session, program_id: int, external_ref: str) -> bool:
    """Whether the program already has a case with this reference."""
    stmt = select(Case.id).where(Case.program_id == program_id, Case.external_ref == external_ref)
    return session.exec(stmt).first() is not None
