"""The report's SQL: one aggregate per figure, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import and_, case, distinct, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from service.models import (
    Agreement,
    Case,
    Certification,
    Hearing,
    HearingKind,
    Party,
    PartyConfirmation,
    Payment,
    SeatAssignment,
    SeatRequirement,
    ServiceLog,
    Volunteer,
)
from service.models.base import (
    CaseStatus,
    ConfirmationStatus,
    HearingStatus,
    SeatStatus,
    ServiceLogStatus,
)
from service.outcomes import sqlfn
from service.reports.scope import Scope

VERIFIED = ServiceLogStatus.verified.value


def _one(session: Session, stmt) -> float:
    value = session.exec(stmt).one()
    value = value[0] if isinstance(value, tuple) else value
    return float(value or 0)


def referrals(session: Session, s: Scope) -> tuple[int, int]:
    """Cases referred in the period, and how many of them consented (eligible)."""
    referred, eligible = session.exec(
        select(func.count(Case.id), func.count(Case.consent_at)).where(
            *s.cases(), *s.on_days(Case.referred_on)
        )
    ).one()
    return int(referred), int(eligible)


def hearings(session: Session, s: Scope) -> dict[str, int]:
    """Held and no-show hearings in the period, and the distinct cases heard."""
    stmt = select(
        func.count(case((Hearing.status == HearingStatus.held.value, 1))),
        func.count(case((Hearing.status == HearingStatus.no_show.value, 1))),
        func.count(distinct(case((Hearing.status == HearingStatus.held.value, Hearing.case_id)))),
    ).where(
        Hearing.status.in_((HearingStatus.held.value, HearingStatus.no_show.value)),
        *s.during(Hearing.start_at),
    )
    held, no_show, heard = session.exec(s.of_cases(stmt, Hearing.case_id)).one()
    return {"held": int(held), "no_show": int(no_show), "heard": int(heard)}


def agreements(session: Session, s: Scope) -> int:
    """Agreements reached at hearings held in the period."""
    return int(
        _one(
            session,
            s.of_cases(
                select(func.count(Agreement.id))
                .join(Hearing, Hearing.id == Agreement.hearing_id)
                .where(*s.during(Hearing.start_at)),
                Agreement.case_id,
            ),
        )
    )


def closings(session: Session, s: Scope) -> dict[str, int]:
    """Cases closed in the period by status, and those that had an agreement."""
    has_agreement = exists().where(Agreement.case_id == Case.id)
    rows = session.exec(
        select(Case.status, has_agreement.label("agreed"), func.count(Case.id))
        .where(
            Case.status.in_(
                (CaseStatus.completed.value, CaseStatus.returned.value, CaseStatus.withdrawn.value)
            ),
            *s.during(Case.closed_at),
            *s.cases(),
        )
        .group_by(Case.status, has_agreement)
    ).all()
    out = {"completed": 0, "returned": 0, "withdrawn": 0, "closed_with_agreement": 0}
    for status, agreed, n in rows:
        out[status] += int(n)
        if agreed:
            out["closed_with_agreement"] += int(n)
    return out


def service_hours(session: Session, s: Scope) -> float:
    """Verified service hours worked in the period."""
    return _one(
        session,
        s.of_obligations(
            select(func.coalesce(func.sum(ServiceLog.hours), 0.0)).where(
                ServiceLog.status == ServiceLogStatus.verified.value,
                *s.on_days(ServiceLog.worked_on),
            ),
            ServiceLog.obligation_id,
        ),
    )


def restitution(session: Session, s: Scope) -> float:
    """Restitution paid in the period."""
    return round(
        _one(
            session,
            s.of_obligations(
                select(func.coalesce(func.sum(Payment.amount), 0.0)).where(
                    *s.on_days(Payment.paid_on)
                ),
                Payment.obligation_id,
            ),
        ),
        2,
    )


def program_certifications(session: Session, s: Scope) -> set[str]:
    """The certifications the programs' seats require (what 'trained' means for them)."""
    rows = session.exec(
        select(SeatRequirement.requires)
        .join(HearingKind, HearingKind.id == SeatRequirement.hearing_kind_id)
        .where(HearingKind.program_id.in_(s.program_ids))
    ).all()
    return {name for requires in rows for name in (requires or [])}


def volunteers_trained(session: Session, s: Scope) -> int:
    """Volunteers who completed a certification the programs require, in the period."""
    names = program_certifications(session, s)
    if not names:
        return 0
    stmt = select(func.count(distinct(Certification.volunteer_id))).where(
        Certification.name.in_(sorted(names)), *s.on_days(Certification.completed_on)
    )
    if s.neighborhood_id is not None:
        stmt = stmt.join(Volunteer, Volunteer.id == Certification.volunteer_id).where(
            Volunteer.neighborhood_id == s.neighborhood_id
        )
    return int(_one(session, stmt))


def volunteers_active(session: Session, s: Scope) -> int:
    """Volunteers who sat (accepted seat) on a hearing held in the period."""
    return int(
        _one(
            session,
            s.of_cases(
                select(func.count(distinct(SeatAssignment.volunteer_id)))
                .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
                .where(
                    SeatAssignment.status == SeatStatus.accepted.value,
                    Hearing.status == HearingStatus.held.value,
                    *s.during(Hearing.start_at),
                ),
                Hearing.case_id,
            ),
        )
    )


def confirmations(session: Session, s: Scope) -> tuple[int, int]:
    """Participants asked to confirm hearings that took place in the period, and who confirmed."""
    stmt = (
        select(
            func.count(PartyConfirmation.id),
            func.count(case((PartyConfirmation.status == ConfirmationStatus.confirmed.value, 1))),
        )
        .join(Party, Party.id == PartyConfirmation.party_id)
        .join(Hearing, Hearing.id == PartyConfirmation.hearing_id)
        .where(
            Party.role == "participant",
            Hearing.status.in_((HearingStatus.held.value, HearingStatus.no_show.value)),
            *s.during(Hearing.start_at),
        )
    )
    total, confirmed = session.exec(s.of_cases(stmt, Hearing.case_id)).one()
    return int(total), int(confirmed)


def median(session: Session, values) -> tuple[int, float | None]:
    """How many rows, and the median of their `d`, ranked in SQL (no whole-column fetch)."""
    ranked = select(
        values.c.d.label("d"),
        func.row_number().over(order_by=values.c.d).label("rn"),
        func.count().over().label("n"),
    ).subquery()
    rows = session.exec(
        select(ranked.c.d, ranked.c.n).where(
            ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
        )
    ).all()
    if not rows:
        return 0, None
    picked = [float(d) for d, _n in rows]
    return int(rows[0][1]), round(sum(picked) / len(picked), 1)


def days_to_hearing(session: Session, s: Scope) -> tuple[int, float | None]:
    """Cases heard in the period, and the median days from referral to their first hearing then."""
    first = (
        select(Hearing.case_id.label("case_id"), func.min(Hearing.start_at).label("first_at"))
        .where(Hearing.status == HearingStatus.held.value, *s.during(Hearing.start_at))
        .group_by(Hearing.case_id)
    )
    first = s.of_cases(first, Hearing.case_id).subquery()
    diff = sqlfn.days_between(s.dialect, Case.referred_on, s.local_day(first.c.first_at))
    values = select(diff.label("d")).join(first, first.c.case_id == Case.id).subquery()
    return median(session, values)


def days_to_completion(session: Session, s: Scope) -> tuple[int, float | None]:
    """Median days from the agreement's hearing to completion, for cases completed in the period."""
    diff = sqlfn.days_between(s.dialect, s.local_day(Hearing.start_at), s.local_day(Case.closed_at))
    values = (
        select(diff.label("d"))
        .join(Agreement, Agreement.case_id == Case.id)
        .join(Hearing, Hearing.id == Agreement.hearing_id)
        .where(Case.status == CaseStatus.completed.value, *s.during(Case.closed_at), *s.cases())
        .subquery()
    )
    return median(session, values)


def re_referrals(session: Session, s: Scope, days: int = 365) -> tuple[int, int]:
    """Participants who completed in the period, and how many were referred again within a year."""
    done = (
        select(
            Party.person_id.label("pid"),
            Case.id.label("cid"),
            s.local_day(Case.closed_at).label("done_on"),
        )
        .join(Case, Case.id == Party.case_id)
        .where(
            Party.role == "participant",
            Case.status == CaseStatus.completed.value,
            *s.during(Case.closed_at),
            *s.cases(),
        )
        .subquery()
    )
    p2, c2 = aliased(Party), aliased(Case)
    later = (
        select(p2.person_id.label("pid"), c2.id.label("cid"), c2.referred_on.label("on"))
        .join(c2, c2.id == p2.case_id)
        .where(p2.role == "participant")
        .subquery()
    )
    # A join on the person (hashable), not a subquery per completer: one pass over each side.
    match = and_(
        later.c.pid == done.c.pid,
        later.c.cid != done.c.cid,
        later.c.on > done.c.done_on,
        later.c.on <= s.plus_days(done.c.done_on, days),
    )
    total, again = session.exec(
        select(func.count(distinct(done.c.pid)), func.count(distinct(later.c.pid))).select_from(
            done.outerjoin(later, match)
        )
    ).one()
    return int(total), int(again)


# The monthly series: each part groups one table by day (cheap, and indexes help); months are
# summed in Python, which keeps per-row month formatting out of the database and works the same
# on SQLite and PostgreSQL. Each part returns (metric, day, value) triples.


def _series_referrals(session: Session, s: Scope) -> list[tuple]:
    day = Case.referred_on
    rows = session.exec(
        select(day, func.count(Case.id), func.count(Case.consent_at))
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
    rows = session.exec(
        select(day, Case.status, func.count(Case.id))
        .where(Case.status.in_(closed), *s.during(Case.closed_at), *s.cases())
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
