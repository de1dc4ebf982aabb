"""The report's monthly series: each part groups one table by day, months summed in Python."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlmodel import Session, select

from service.models import Agreement, Case, Hearing, Payment, ServiceLog
from service.models.base import CaseStatus, HearingStatus
from service.reports.queries import HAS_AGREEMENT, PASSED, VERIFIED
from service.reports.scope import Scope

# The monthly series: each part groups one table by day (cheap, and indexes help); months are
# summed in Python, which keeps per-row month formatting out of the database and works the same
# on SQLite and PostgreSQL. Each part returns (metric, day, value) triples.


def _series_referrals(session: Session, s: Scope) -> list[tuple]:
    day = Case.referred_on
    rows = session.exec(
        select(day, func.count(Case.id), func.count(PASSED))
        .where(*s.cases(), *s.on_days(day)).group_by(day)
    ).all()  # fmt: skip
    return [("referred", d, n) for d, n, _ in rows] + [("eligible", d, e) for d, _, e in rows]


def _series_hearings(session: Session, s: Scope) -> list[tuple]:
    day = s.local_day(Hearing.start_at)
    rows = session.exec(s.of_cases(
        select(day, Hearing.status, func.count(Hearing.id))
        .where(Hearing.status.in_((HearingStatus.held.value, HearingStatus.no_show.value)), *s.during(Hearing.start_at))
        .group_by(day, Hearing.status), Hearing.case_id,
    )).all()  # fmt: skip
    return [(status, d, n) for d, status, n in rows]


def _series_agreements(session: Session, s: Scope) -> list[tuple]:
    day = s.local_day(Hearing.start_at)
    rows = session.exec(s.of_cases(
        select(day, func.count(Agreement.id)).join(Hearing, Hearing.id == Agreement.hearing_id)
        .where(*s.during(Hearing.start_at)).group_by(day), Agreement.case_id,
    )).all()  # fmt: skip
    return [("agreements", d, n) for d, n in rows]


def _series_closings(session: Session, s: Scope) -> list[tuple]:
    day = s.local_day(Case.closed_at)
    closed = (CaseStatus.completed.value, CaseStatus.returned.value)
    # "completed" as the period's figure counts it: completed with an agreement.
    counted = or_(Case.status != CaseStatus.completed.value, HAS_AGREEMENT)
    rows = session.exec(
        select(day, Case.status, func.count(Case.id))
        .where(Case.status.in_(closed), counted, *s.during(Case.closed_at), *s.cases())
        .group_by(day, Case.status)
    ).all()
    return [(status, d, n) for d, status, n in rows]


def _series_hours(session: Session, s: Scope) -> list[tuple]:
    day = ServiceLog.worked_on
    rows = session.exec(s.of_obligations(
        select(day, func.sum(ServiceLog.hours))
        .where(ServiceLog.status == VERIFIED, *s.on_days(day)).group_by(day), ServiceLog.obligation_id,
    )).all()  # fmt: skip
    return [("service_hours", d, v) for d, v in rows]


def _series_payments(session: Session, s: Scope) -> list[tuple]:
    day = Payment.paid_on
    rows = session.exec(s.of_obligations(
        select(day, func.sum(Payment.amount)).where(*s.on_days(day)).group_by(day), Payment.obligation_id,
    )).all()  # fmt: skip
    return [("restitution_paid", d, v) for d, v in rows]


SERIES_PARTS = (
    _series_referrals,
    _series_hearings,
    _series_agreements,
    _series_closings,
    _series_hours,
    _series_payments,
)


def by_month(triples) -> dict[str, dict[str, float]]:
    """Sum (metric, day, value) triples into {YYYY-MM: {metric: total}}."""
    series: dict[str, dict[str, float]] = {}
    for metric, day, value in triples:
        bucket = series.setdefault(str(day)[:7], {})
        bucket[metric] = bucket.get(metric, 0.0) + float(value or 0)
    return series


def monthly(session: Session, s: Scope) -> dict[str, dict[str, float]]:
    """Per month: referred, eligible, held, no-shows, agreements, completed, returned, hours, dollars."""
    return by_month(t for part in SERIES_PARTS for t in part(session, s))
