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
