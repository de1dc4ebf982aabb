"""How far an obligation has got: what counts toward its target, and whether it is still open.

Below obligations, deadlines and closing, which all read progress, so none of them imports
another to learn it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from service.cases import referrals as case_uc
from service.errors import Invalid
from service.models import Case, Obligation, Payment, ServiceLog
from service.models.base import ObligationStatus
from service.models.outcomes import CheckIn
from service.outcomes.wording import HOURS_KINDS

OPEN = ("open", "overdue")  # still to be met; an overdue obligation can still be completed
MET = ("completed", "waived")
EPSILON = 1e-6  # float hours and dollars: 19.999999 credited is 20


def credited(session: Session, obligation: Obligation) -> tuple[float, float]:
    """What counts toward the target so far, and hours reported but not yet verified."""
    if obligation.kind in HOURS_KINDS:
        rows = session.exec(
            select(ServiceLog.status, func.coalesce(func.sum(ServiceLog.hours), 0.0))
            .where(ServiceLog.obligation_id == obligation.id)
            .group_by(ServiceLog.status)
        ).all()
        sums = {status: float(total) for status, total in rows}
        return sums.get("verified", 0.0), sums.get("reported", 0.0)
    if obligation.kind == "restitution":
        paid = session.exec(
            select(func.coalesce(func.sum(Payment.amount), 0.0)).where(
                Payment.obligation_id == obligation.id
            )
        ).one()
        return round(float(paid), 2), 0.0
    if obligation.kind == "check_in":
        n = session.exec(
            select(func.count()).select_from(CheckIn).where(CheckIn.obligation_id == obligation.id)
        ).one()
        return float(n), 0.0
    return (1.0 if obligation.status == ObligationStatus.completed else 0.0), 0.0


def is_overdue(obligation: Obligation, today: date) -> bool:
    """Still to be met and past its due date, where the program is (Today and the case page agree)."""
    return obligation.status in OPEN and obligation.due_date < today


def case_obligations(session: Session, case_id: int) -> list[Obligation]:
    """A case's obligations in the order they were agreed."""
    return list(
        session.exec(
            select(Obligation).where(Obligation.case_id == case_id).order_by(Obligation.id)
        ).all()
    )


def require_open_case(case: Case, what: str) -> None:
    """Refuse a change to the obligations of a closed case."""
    if case.status in case_uc.CLOSED:
        raise Invalid(f"the case is {case.status}; {what} is no longer accepted", field="case")
