"""Service hours, restitution payments and check-ins recorded against obligations."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from service.cases import referrals as case_uc
from service.db import local_today, utcnow
from service.errors import Conflict, Invalid
from service.models import Case, Obligation, Party, Payment, Person, Program, ServiceLog
from service.models.base import PartyRole, ServiceLogStatus
from service.models.outcomes import CheckIn
from service.outcomes import obligations as ob
from service.outcomes import progress
from service.outcomes.wording import HOURS_KINDS
from service.programs import program_zone
from service.schemas.outcomes import CheckInCreate, PaymentCreate, ServiceLogCreate

MAX_HOURS_PER_DAY = 24.0


def _check_day(session: Session, case: Case, day: date, field: str) -> None:
    zone = program_zone(session.get(Program, case.program_id))
    if day > local_today(zone):
        raise Invalid(f"{day} is in the future", field=field)
    start = ob.hearing_day(session, case)
    if day < start:
        raise Invalid(f"{day} is before the hearing on {start}; it does not count", field=field)


def _hours_that_day(session: Session, case: Case, obligation: Obligation, day: date) -> float:
    """Hours already logged (not rejected) on a day by the case's participant, across every
    obligation of every case they are the participant of: the 24-hour cap is per person and day.
    """
    people = select(Party.person_id).where(
        Party.case_id == case.id, Party.role == PartyRole.participant.value
    )
    person_ids = list(session.exec(people).all())
    if person_ids:
        # Lock the participants (PostgreSQL) so two logs for the same day cannot both pass the cap.
        session.exec(select(Person.id).where(Person.id.in_(person_ids)).with_for_update()).all()
        their_cases = select(Party.case_id).where(
            Party.person_id.in_(person_ids), Party.role == PartyRole.participant.value
        )
        which = Obligation.case_id.in_(their_cases)
    else:
        session.exec(select(Obligation.id).where(Obligation.id == obligation.id).with_for_update())
        which = Obligation.id == obligation.id
    total = session.exec(
        select(func.coalesce(func.sum(ServiceLog.hours), 0.0))
        .join(Obligation, Obligation.id == ServiceLog.obligation_id)
        .where(
            which,
            ServiceLog.worked_on == day,
            ServiceLog.status != ServiceLogStatus.rejected.value,
        )
    ).one()
    return float(total)


def log_hours(
    session: Session, case: Case, obligation: Obligation, data: ServiceLogCreate, *, actor: str
) -> ServiceLog:
    """Log hours worked; credited now if the coordinator verified them, else kept as reported."""
    progress.require_open_case(case, "a service log")
    if obligation.kind not in HOURS_KINDS:
        raise Invalid(f"a {obligation.kind} obligation takes no hours", field="obligation")
    _check_day(session, case, data.worked_on, "worked_on")
    that_day = _hours_that_day(session, case, obligation, data.worked_on)
    if that_day + data.hours > MAX_HOURS_PER_DAY + progress.EPSILON:
        raise Invalid(
            f"{that_day:g} hours are already logged for this participant on {data.worked_on} "
            f"(all their obligations together); {data.hours:g} more would pass "
            f"{MAX_HOURS_PER_DAY:g} in one day",
            field="hours",
        )
    log = ServiceLog(
        obligation_id=obligation.id,
        worked_on=data.worked_on,
        hours=data.hours,
        site=data.site,
        reported_by=actor,
    )
    if data.verified:
        log.status, log.verified_by, log.verified_at = "verified", actor, utcnow()
    session.add(log)
    session.flush()
    case_uc.add_event(
        session, case, "hours_logged", actor=actor,
        detail=f"{data.hours:g} h on {data.worked_on} for obligation {obligation.id} ({log.status})",
    )  # fmt: skip
    if data.verified:
        ob.complete_if_target_met(session, case, obligation, actor=actor)
    return log


def verify_hours(
    session: Session, case: Case, obligation: Obligation, logs: list[ServiceLog], *, verifier: str
) -> list[ServiceLog]:
    """Credit reported hours; the verifier's name is kept on each entry."""
    progress.require_open_case(case, "verification")
    for log in logs:
        if log.obligation_id != obligation.id:
            raise Invalid(f"service log {log.id} belongs to another obligation", field="log_ids")
        if log.status != ServiceLogStatus.reported:
            raise Conflict(f"service log {log.id} is already {log.status}", field="log_ids")
    for log in logs:
        log.status, log.verified_by, log.verified_at = "verified", verifier, utcnow()
        session.add(log)
    session.flush()
    if logs:
        hours = sum(log.hours for log in logs)
        case_uc.add_event(
            session, case, "hours_verified", actor=verifier,
            detail=f"{hours:g} h verified for obligation {obligation.id}",
        )  # fmt: skip
        ob.complete_if_target_met(session, case, obligation, actor=verifier)
    return logs


def verify_chosen(
    session: Session, case: Case, obligation: Obligation, log_ids: list[int], *, verifier: str
) -> list[ServiceLog]:
    """Verify the chosen reported entries of one obligation in one step (the case page's list)."""
    if not log_ids:
        raise Invalid("tick at least one reported entry to verify", field="log_ids")
    wanted = set(log_ids)
    logs = list(
        session.exec(
            select(ServiceLog)
            .where(ServiceLog.obligation_id == obligation.id, ServiceLog.id.in_(wanted))
            .order_by(ServiceLog.worked_on, ServiceLog.id)
        ).all()
    )
    missing = wanted - {log.id for log in logs}
    if missing:
        raise Invalid(
            f"entries {', '.join(map(str, sorted(missing)))} are not hours of this obligation",
            field="log_ids",
        )
    return verify_hours(session, case, obligation, logs, verifier=verifier)


def pending_logs(session: Session, obligation_id: int) -> list[ServiceLog]:
    """Hours reported for an obligation and not yet verified."""
    return list(
        session.exec(
            select(ServiceLog)
            .where(
                ServiceLog.obligation_id == obligation_id,
                ServiceLog.status == ServiceLogStatus.reported.value,
            )
            .order_by(ServiceLog.worked_on, ServiceLog.id)
        ).all()
    )


def record_payment(
    session: Session, case: Case, obligation: Obligation, data: PaymentCreate, *, actor: str
) -> Payment:
    """Record restitution paid, refusing more than is still owed."""
    progress.require_open_case(case, "a payment")
    if obligation.kind != "restitution":
        raise Invalid(f"a {obligation.kind} obligation takes no payments", field="obligation")
    _check_day(session, case, data.paid_on, "paid_on")
    session.exec(select(Obligation.id).where(Obligation.id == obligation.id).with_for_update())
    paid, _ = progress.credited(session, obligation)
    owed = round(obligation.target - paid, 2)
    amount = round(data.amount, 2)
    if amount > owed + 0.001:
        raise Invalid(
            f"a payment of ${amount:,.2f} is more than the ${owed:,.2f} still owed", field="amount"
        )
    payment = Payment(
        obligation_id=obligation.id,
        amount=amount,
        paid_on=data.paid_on,
        method=data.method,
        recorded_by=actor,
    )
    session.add(payment)
    session.flush()
    case_uc.add_event(
        session, case, "payment", actor=actor,
        detail=f"${amount:,.2f} paid on {data.paid_on} toward obligation {obligation.id}",
    )  # fmt: skip
    ob.complete_if_target_met(session, case, obligation, actor=actor)
    return payment


def record_check_in(
    session: Session, case: Case, obligation: Obligation, data: CheckInCreate, *, actor: str
) -> CheckIn:
    """Record a check-in; one a day."""
    progress.require_open_case(case, "a check-in")
    if obligation.kind != "check_in":
        raise Invalid(f"a {obligation.kind} obligation takes no check-ins", field="obligation")
    _check_day(session, case, data.checked_in_on, "checked_in_on")
    exists = session.exec(
        select(CheckIn).where(
            CheckIn.obligation_id == obligation.id, CheckIn.checked_in_on == data.checked_in_on
        )
    ).first()
    if exists is not None:
        raise Conflict(
            f"a check-in on {data.checked_in_on} is already recorded", field="checked_in_on"
        )
    row = CheckIn(
        obligation_id=obligation.id,
        checked_in_on=data.checked_in_on,
        note=data.note,
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    case_uc.add_event(
        session, case, "check_in", actor=actor,
        detail=f"check-in on {data.checked_in_on} for obligation {obligation.id}",
    )  # fmt: skip
    ob.complete_if_target_met(session, case, obligation, actor=actor)
    return row
