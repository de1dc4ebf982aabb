"""Closing a case: completion when every obligation is met, or return to the referring agency."""

from __future__ import annotations

from sqlmodel import Session

from service.cases import referrals as case_uc
from service.messaging.recipients import texted_participants
from service.messaging.wording import lang_of
from service.models import Case, Program
from service.models.base import CaseStatus
from service.outbox import queue
from service.outcomes import progress
from service.outcomes.deadlines import cancel_reminders
from service.programs import program_zone


def complete_if_all_met(session: Session, case: Case, *, actor: str) -> bool:
    """Complete a case whose obligations are all met and text the participant; True if it was."""
    if case.status != CaseStatus.agreement:
        return False
    if any(o.status not in progress.MET for o in progress.case_obligations(session, case.id)):
        return False
    case_uc.set_status(session, case, "completed", actor=actor, detail="every obligation met")
    cancel_reminders(session, case)
    program = session.get(Program, case.program_id)
    for person in texted_participants(session, case.id):
        queue.queue_sms(
            session,
            to=person.mobile,
            template="case_completed",
            language=lang_of(person.language),
            context={"person_name": person.full_name, "program_name": program.name},
            audience="participant",
            kind="case_completed",
            case_id=case.id,
            person_id=person.id,
            dedupe_key=f"case-completed:c{case.id}:p{person.id}",
            zone=program_zone(program),
        )
    return True


def return_case(session: Session, case: Case, reason: str, *, actor: str) -> Case:
    """Send a case back to the referring agency with the reason; its reminders stop."""
    progress.require_open_case(case, "a return")
    case_uc.set_status(session, case, "returned", actor=actor, detail=reason)
    case.close_reason = reason
    session.add(case)
    cancel_reminders(session, case)
    session.flush()
    return case
