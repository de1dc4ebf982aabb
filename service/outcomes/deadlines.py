"""Deadlines: reminders before due dates with progress, and flagging what is overdue.

Reminders are queued by a periodic job on the day they are due rather than when the obligation
is made, so the progress they report ("12 of 20 hours done") is the progress of that day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

from service.cases import referrals as case_uc
from service.messaging.recipients import texted_participants
from service.messaging.wording import lang_of
from service.models import Case, Message, Obligation, Program
from service.models.base import CaseStatus, MessageStatus, ObligationStatus
from service.outbox import queue
from service.outcomes.progress import credited
from service.outcomes.wording import due_text, kind_label, progress_text
from service.programs import program_zone
from service.surveys import asking

REMINDER_CLOCK = time(10, 0)  # mid-morning local time, never at night
KIND = "obligation_reminder"
MAX_REQUEUES = 5


def cancel_reminders(session: Session, case: Case, obligation: Obligation | None = None) -> int:
    """Cancel the queued, unsent obligation reminders of the case's participants."""
    # The outbox cancels by recipient and kind; a reminder of another obligation caught here is
    # queued again by the next job run under a fresh key (see _queue_once).
    return sum(
        queue.cancel_pending(session, to=person.mobile, kinds=(KIND,))
        for person in texted_participants(session, case.id)
    )


def _queue_once(session: Session, key: str, **kwargs) -> bool:
    """Queue under `key`; a row cancelled by cancel_reminders is replaced under key:2, :3..."""
    for attempt in range(MAX_REQUEUES):
        candidate = key if attempt == 0 else f"{key}:{attempt + 1}"
        existing = session.exec(select(Message).where(Message.dedupe_key == candidate)).first()
        if existing is None:
            queue.queue_sms(session, dedupe_key=candidate, **kwargs)
            return True
        if not (existing.status == MessageStatus.cancelled and existing.error_code == "cancelled"):
            return False
    return False


def reminder_slot(program: Program, due: date, now: datetime) -> int | None:
    """The days-before of the latest reminder instant that has come, or None."""
    zone = program_zone(program)
    if due < now.astimezone(zone).date():
        return None
    passed = [
        d
        for d in program.obligation_reminder_days
        if datetime.combine(due - timedelta(days=d), REMINDER_CLOCK, zone) <= now
    ]
    return min(passed) if passed else None


def queue_due_reminders(session: Session, now: datetime) -> int:
    """Queue each reminder whose time has come, with today's progress; returns how many."""
    horizon = max(
        (max(p.obligation_reminder_days or [0]) for p in session.exec(select(Program)).all()),
        default=0,
    )
    today = now.date()
    rows = session.exec(
        select(Obligation, Case, Program)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Obligation.status == ObligationStatus.open.value,
            Case.status == CaseStatus.agreement.value,
            Obligation.due_date >= today - timedelta(days=1),
            Obligation.due_date <= today + timedelta(days=horizon + 1),
        )
        .order_by(Obligation.id)
    ).all()
    queued = 0
    for obligation, case, program in rows:
        days = reminder_slot(program, obligation.due_date, now)
        if days is None:
            continue
        done, _ = credited(session, obligation)
        for person in texted_participants(session, case.id):
            lang = lang_of(person.language)
            queued += _queue_once(
                session,
                f"obligation-reminder:o{obligation.id}:{obligation.due_date}:{days}d:p{person.id}",
                to=person.mobile,
                template=KIND,
                language=lang,
                context={
                    "person_name": person.full_name,
                    "program_name": program.name,
                    "obligation_label": kind_label(obligation.kind, lang),
                    "due_date_text": due_text(obligation.due_date, lang),
                    "progress_text": progress_text(obligation.kind, done, obligation.target, lang),
                },
                audience="participant",
                kind=KIND,
                case_id=case.id,
                person_id=person.id,
                not_before=now,
                expires_at=datetime.combine(
                    obligation.due_date + timedelta(days=1), time(0), program_zone(program)
                ),
                zone=program_zone(program),
            )
    return queued


def flag_overdue(session: Session, now: datetime) -> int:
    """Mark open obligations past their due date overdue and note it on the case; returns how many."""
    stmt = (
        select(Obligation, Case, Program)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Obligation.status == ObligationStatus.open.value,
            Obligation.due_date < now.date() + timedelta(days=1),
        )
        .order_by(Obligation.id)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Two job runs at once each take different rows, so no obligation is flagged twice.
        stmt = stmt.with_for_update(skip_locked=True, of=Obligation)
    rows = session.exec(stmt).all()
    flagged = 0
    for obligation, case, program in rows:
        if case.status in case_uc.CLOSED:
            continue
        if obligation.due_date >= now.astimezone(program_zone(program)).date():
            continue
        obligation.status = ObligationStatus.overdue.value
        session.add(obligation)
        case_uc.add_event(
            session, case, "overdue",
            detail=f"obligation {obligation.id} ({obligation.label}) was due {obligation.due_date}",
        )  # fmt: skip
        flagged += 1
    session.flush()
    return flagged


def run_jobs(session: Session, now: datetime) -> dict[str, int]:
    """The periodic work of outcomes: flag what is overdue, queue the reminders that are due,
    close the surveys nobody answered in time."""
    return {
        "overdue": flag_overdue(session, now),
        "reminders": queue_due_reminders(session, now),
        "surveys_closed": asking.close_expired(session, now),
    }
