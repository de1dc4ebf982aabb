"""Obligations: creation with program defaults, progress, proof of completion, extensions."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from service.cases import referrals as case_uc
from service.db import local_today, utcnow
from service.errors import Conflict, Invalid
from service.models import (
    Agreement,
    Case,
    Hearing,
    Obligation,
    ObligationType,
    Program,
)
from service.models.base import ObligationStatus
from service.outcomes import closing, deadlines
from service.outcomes.progress import (
    EPSILON,
    MET,
    OPEN,
    credited,
    require_open_case,
)
from service.outcomes.wording import (
    HOURS_KINDS,
    PROOF_KINDS,
    due_text,
    kind_label,
    progress_text,
)
from service.programs import program_zone
from service.schemas.outcomes import ObligationCreate, ObligationPublic

DEFAULT_CADENCE_DAYS = 7


def hearing_day(session: Session, case: Case) -> date:
    """The local date of the hearing that produced the case's agreement."""
    program = session.get(Program, case.program_id)
    agreement = session.exec(select(Agreement).where(Agreement.case_id == case.id)).first()
    hearing = None
    if agreement is not None and agreement.hearing_id is not None:
        hearing = session.get(Hearing, agreement.hearing_id)
    if hearing is None:
        return case.referred_on
    return hearing.start_at.astimezone(program_zone(program)).date()


def _from_type(session: Session, program: Program, data: ObligationCreate, field: str) -> dict:
    values = {"kind": data.kind.value if data.kind else None, "label": data.label}
    values |= {"target": data.target, "cadence_days": data.cadence_days}
    if data.type_code is None:
        return values
    ot = session.exec(
        select(ObligationType).where(
            ObligationType.program_id == program.id, ObligationType.code == data.type_code
        )
    ).first()
    if ot is None:
        raise Invalid(
            f"{program.code} has no obligation type {data.type_code!r}", field=f"{field}.type_code"
        )
    if values["kind"] and values["kind"] != ot.kind:
        raise Invalid(
            f"{ot.name} is {kind_label(ot.kind, 'en')}, not {kind_label(values['kind'], 'en')}",
            field=f"{field}.kind",
        )
    return {
        "kind": ot.kind,
        "label": data.label or ot.name,
        "target": data.target or ot.default_target,
        "cadence_days": data.cadence_days or ot.cadence_days,
    }


def add_obligation(
    session: Session,
    case: Case,
    agreement: Agreement,
    data: ObligationCreate,
    start: date,
    *,
    actor: str,
    field: str = "obligation",
) -> Obligation:
    """Add one obligation to an agreement, refusing targets and dates that cannot work."""
    program = session.get(Program, case.program_id)
    v = _from_type(session, program, data, field)
    kind = v["kind"]
    due = data.due_date or case_uc.default_due_date(program, start)
    if due < start:
        raise Invalid(
            f"the due date {due_text(due, 'en')} is before the hearing on {due_text(start, 'en')}",
            field=f"{field}.due_date",
        )
    target, cadence = v["target"], v["cadence_days"]
    if kind in HOURS_KINDS and not target:
        raise Invalid(
            f"{kind_label(kind, 'en')} needs the number of hours", field=f"{field}.target"
        )
    if kind == "restitution" and not target:
        raise Invalid("a restitution obligation needs the amount owed", field=f"{field}.target")
    if kind == "check_in":
        cadence = cadence or DEFAULT_CADENCE_DAYS
        # Without a count, one check-in per cadence over the window.
        target = target or max(1, (due - start).days // cadence)
    else:
        cadence = None
    if kind in PROOF_KINDS:
        target = None
    if kind == "restitution":
        target = round(target, 2)
    obligation = Obligation(
        case_id=case.id,
        agreement_id=agreement.id,
        kind=kind,
        label=v["label"] or kind_label(kind, "en"),
        target=target,
        cadence_days=cadence,
        due_date=due,
    )
    session.add(obligation)
    session.flush()
    case_uc.add_event(
        session,
        case,
        "obligation_added",
        actor=actor,
        detail=f"obligation {obligation.id} ({obligation.label}) due {due.isoformat()}",
    )
    return obligation


def obligation_public(
    session: Session, obligation: Obligation, language: str = "en"
) -> ObligationPublic:
    """An obligation with its progress."""
    done, reported = credited(session, obligation)
    return ObligationPublic(
        **obligation.model_dump(exclude={"created_at"}),
        credited=done,
        reported=reported,
        progress_text=progress_text(obligation.kind, done, obligation.target, language),
    )


def mark_completed(
    session: Session, case: Case, obligation: Obligation, *, actor: str, detail: str
) -> None:
    """Mark an obligation met and complete the case when it was the last one."""

    obligation.status = ObligationStatus.completed.value
    obligation.completed_at = utcnow()
    session.add(obligation)
    case_uc.add_event(
        session, case, "obligation_completed", actor=actor,
        detail=f"obligation {obligation.id} ({obligation.label}) completed: {detail}",
    )  # fmt: skip
    session.flush()
    closing.complete_if_all_met(session, case, actor=actor)


def complete_if_target_met(
    session: Session, case: Case, obligation: Obligation, *, actor: str
) -> None:
    """Complete an hours, restitution or check-in obligation whose target is reached."""
    if obligation.status not in OPEN or obligation.target is None:
        return
    done, _ = credited(session, obligation)
    if done + EPSILON >= obligation.target:
        mark_completed(session, case, obligation, actor=actor, detail="target reached")


def complete_with_proof(
    session: Session, case: Case, obligation: Obligation, proof_note: str, *, actor: str
) -> Obligation:
    """Record proof that a letter, essay, class, counselling or other task is done."""
    require_open_case(case, "proof of completion")
    if obligation.status in MET:
        raise Conflict(f"obligation {obligation.id} is already {obligation.status}", field="status")
    if obligation.kind not in PROOF_KINDS:
        raise Invalid(
            f"a {obligation.kind} obligation completes itself when its target is credited",
            field="kind",
        )
    obligation.proof_note = proof_note
    mark_completed(session, case, obligation, actor=actor, detail=proof_note)
    return obligation


def waive(
    session: Session, case: Case, obligation: Obligation, reason: str, *, actor: str
) -> Obligation:
    """Excuse an obligation (the panel or coordinator released it); it counts as met."""

    require_open_case(case, "a waiver")
    if obligation.status in MET:
        raise Conflict(f"obligation {obligation.id} is already {obligation.status}", field="status")
    obligation.status = ObligationStatus.waived.value
    obligation.proof_note = reason
    session.add(obligation)
    case_uc.add_event(
        session, case, "obligation_waived", actor=actor,
        detail=f"obligation {obligation.id} ({obligation.label}) waived: {reason}",
    )  # fmt: skip
    session.flush()
    closing.complete_if_all_met(session, case, actor=actor)
    return obligation


def extend(
    session: Session, case: Case, obligation: Obligation, due: date, reason: str, *, actor: str
) -> Obligation:
    """Move a due date later; the change is kept in the case history and reminders re-keyed."""

    require_open_case(case, "an extension")
    if obligation.status in MET:
        raise Invalid(f"obligation {obligation.id} is already {obligation.status}", field="status")
    if due <= obligation.due_date:
        raise Invalid(
            f"the new due date {due} must be after the current one ({obligation.due_date})",
            field="due_date",
        )
    old = obligation.due_date
    obligation.due_date = due
    zone = program_zone(session.get(Program, case.program_id))
    if obligation.status == ObligationStatus.overdue and due >= local_today(zone):
        obligation.status = (
            ObligationStatus.open.value
        )  # flagged again by the job if the new date passes too
    session.add(obligation)
    case_uc.add_event(
        session, case, "due_date_extended", actor=actor,
        detail=f"obligation {obligation.id} ({obligation.label}) due {old} -> {due}: {reason}",
    )  # fmt: skip
    session.flush()
    deadlines.cancel_reminders(session, case, obligation)
    return obligation
