"""Correcting a recorded outcome: attendance, the note, the agreement's terms and obligations.

Every correction is audited (who, what changed) and told on the case's timeline. Progress
already logged is never lost: an obligation with hours, payments or check-ins is not removed,
and a met obligation keeps its target and due date.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from service import audit
from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.db import local_today
from service.errors import Conflict, Invalid
from service.models import Agreement, Case, Hearing, Obligation, Party, PartyConfirmation, Program
from service.models.base import HearingStatus, ObligationStatus
from service.outcomes import closing, deadlines, obligations, progress, queries
from service.outcomes.hearing_outcome import participant_rule
from service.outcomes.wording import HOURS_KINDS, PROOF_KINDS, due_text
from service.programs import program_zone
from service.schemas.outcomes import ObligationChange, OutcomeCorrection

RECORDED = (HearingStatus.held, HearingStatus.no_show, HearingStatus.rescheduled)
# The result a recorded hearing stands for, for the attendance rule.
RESULT_OF = {"held": "agreement", "no_show": "no_show", "rescheduled": "rescheduled"}


def _attendance(
    session: Session, hearing: Hearing, case: Case, data: OutcomeCorrection
) -> list[str]:
    parties = {p.id: p for p in session.exec(select(Party).where(Party.case_id == case.id)).all()}
    changes = []
    for i, row in enumerate(data.attendance):
        party = parties.get(row.party_id)
        if party is None:
            raise Invalid(
                f"party {row.party_id} is not a party to this case",
                field=f"attendance.{i}.party_id",
            )
        why = participant_rule(RESULT_OF[hearing.status], party.role, row.attendance)
        if why:
            raise Invalid(why, field=f"attendance.{i}.attendance")
        conf = session.exec(
            select(PartyConfirmation).where(
                PartyConfirmation.hearing_id == hearing.id,
                PartyConfirmation.party_id == party.id,
            )
        ).first() or PartyConfirmation(hearing_id=hearing.id, party_id=party.id)
        if conf.attendance != row.attendance.value:
            changes.append(
                f"{party.role.replace('_', ' ')}: "
                f"{conf.attendance or 'not recorded'} -> {row.attendance.value}"
            )
            conf.attendance = row.attendance.value
            conf.attended = row.attended
            session.add(conf)
    return changes


def _volunteers(session: Session, hearing: Hearing, data: OutcomeCorrection) -> list[str]:
    seats = {s.volunteer_id: (s, v) for s, v in queries.seated_volunteers(session, hearing)}
    changes = []
    for i, row in enumerate(data.volunteers):
        seat, volunteer = seats.get(row.volunteer_id) or (None, None)
        if seat is None:
            raise Invalid(
                f"volunteer {row.volunteer_id} had no seat on this hearing",
                field=f"volunteers.{i}.volunteer_id",
            )
        if seat.attendance != row.attendance.value:
            changes.append(
                f"{seat.role.replace('_', ' ')} {volunteer.full_name}: "
                f"{seat.attendance or 'not recorded'} -> {row.attendance.value}"
            )
            seat.attendance = row.attendance.value
            session.add(seat)
    return changes


def _change_obligation(
    session: Session,
    case: Case,
    agreement: Agreement,
    change: ObligationChange,
    start: date,
    field: str,
) -> tuple[list[str], bool]:
    """One obligation's corrections; returns what changed and whether its due date moved."""
    obligation = session.get(Obligation, change.id)
    if obligation is None or obligation.agreement_id != agreement.id:
        raise Invalid(f"obligation {change.id} is not part of this agreement", field=f"{field}.id")
    name = f"obligation {obligation.id} ({obligation.label})"
    if change.remove:
        if queries.has_progress(session, obligation) or obligation.status in progress.MET:
            raise Conflict(
                f"{name} already has progress recorded; waive it instead of removing it",
                field=f"{field}.remove",
            )
        session.delete(obligation)
        return [f"{name} removed"], True
    changes = []
    if change.label is not None and change.label != obligation.label:
        changes.append(f"{name} renamed {change.label!r}")
        obligation.label = change.label
    moved = False
    wants = {"target": change.target, "due_date": change.due_date}
    changed = {k: v for k, v in wants.items() if v is not None and v != getattr(obligation, k)}
    if changed and obligation.status in progress.MET:
        raise Invalid(
            f"{name} is already {obligation.status}; its target and due date stay as they were",
            field=f"{field}.{next(iter(changed))}",
        )
    if "target" in changed:
        if obligation.kind in PROOF_KINDS:
            raise Invalid(f"{name} has no target to change", field=f"{field}.target")
        target = round(change.target, 2) if obligation.kind == "restitution" else change.target
        unit = " hours" if obligation.kind in HOURS_KINDS else ""
        changes.append(f"{name} target {obligation.target:g}{unit} -> {target:g}{unit}")
        obligation.target = target
    if "due_date" in changed:
        if change.due_date < start:
            raise Invalid(
                f"the due date {due_text(change.due_date, 'en')} is before the hearing on "
                f"{due_text(start, 'en')}",
                field=f"{field}.due_date",
            )
        old, new = due_text(obligation.due_date, "en"), due_text(change.due_date, "en")
        changes.append(f"{name} due {old} -> {new}")
        obligation.due_date = change.due_date
        zone = program_zone(session.get(Program, case.program_id))
        if obligation.status == ObligationStatus.overdue and change.due_date >= local_today(zone):
            obligation.status = ObligationStatus.open.value
        moved = True
    session.add(obligation)
    return changes, moved


def _agreement(
    session: Session, hearing: Hearing, case: Case, data: OutcomeCorrection, actor: str
) -> list[str]:
    wants_change = data.terms is not None or data.obligations or data.add_obligations
    if not wants_change:
        return []
    agreement = queries.agreement_of(session, case)
    if agreement is None or agreement.hearing_id != hearing.id:
        raise Invalid("this hearing produced no agreement to correct", field="agreement")
    progress.require_open_case(case, "a correction of the agreement")
    changes = []
    if data.terms is not None and data.terms != agreement.terms:
        changes.append("agreement terms rewritten")
        agreement.terms = data.terms
        session.add(agreement)
    start = obligations.hearing_day(session, case)
    reminders = False
    for i, change in enumerate(data.obligations):
        done, moved = _change_obligation(
            session, case, agreement, change, start, f"obligations.{i}"
        )
        changes += done
        reminders |= moved
    session.flush()
    for i, item in enumerate(data.add_obligations):
        added = obligations.add_obligation(
            session, case, agreement, item, start, actor=actor, field=f"add_obligations.{i}"
        )
        changes.append(
            f"obligation {added.id} ({added.label}) added, due {due_text(added.due_date, 'en')}"
        )
    if reminders:
        deadlines.cancel_reminders(session, case)
    session.flush()
    for o in progress.case_obligations(session, case.id):
        obligations.complete_if_target_met(session, case, o, actor=actor)
    closing.complete_if_all_met(session, case, actor=actor)
    return changes


def correct_outcome(
    session: Session, hearing: Hearing, data: OutcomeCorrection, principal: Principal
) -> list[str]:
    """Apply a correction to a recorded outcome; returns what changed, in words (empty: nothing)."""
    case = session.exec(select(Case).where(Case.id == hearing.case_id).with_for_update()).one()
    principal.require_program(case.program_id, write=True)
    if hearing.status not in RECORDED:
        raise Conflict(
            "this hearing's outcome is not recorded yet; record it before correcting it",
            field="hearing",
        )
    changes = _attendance(session, hearing, case, data) + _volunteers(session, hearing, data)
    if data.note is not None and data.note != hearing.outcome_note:
        changes.append("outcome note rewritten")
        hearing.outcome_note = data.note
        session.add(hearing)
    changes += _agreement(session, hearing, case, data, principal.actor)
    if not changes:
        return []
    summary = "; ".join(changes)
    audit.by(session, principal, "correct", "hearing_outcome", hearing.id, detail=summary)
    case_uc.add_event(
        session,
        case,
        "outcome_corrected",
        actor=principal.actor,
        detail=f"hearing {hearing.id} outcome corrected: {summary}",
    )
    session.flush()
    return changes
