"""After a hearing: attendance per party and the outcome (agreement, none, or a no-show)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.db import utcnow
from service.errors import Conflict, Invalid
from service.integrations import events
from service.models import Agreement, Case, Hearing, Party, PartyConfirmation, Program
from service.models.base import AttendanceMark, CaseStatus, HearingStatus, PartyRole
from service.outcomes import closing, queries
from service.outcomes import obligations as ob
from service.outcomes.wording import hearing_words
from service.programs import program_zone
from service.schemas.outcomes import (
    Attendance,
    NoShowAction,
    OutcomeCreate,
    OutcomeResult,
    VolunteerAttendance,
)
from service.surveys import asking


def participant_rule(result: str, role: str, mark: str) -> str | None:
    """Why a party's attendance contradicts the result (None when it does not): a hearing goes
    ahead only with the participant there, and a no-show is one the participant missed."""
    if role != PartyRole.participant:
        return None
    if result == OutcomeResult.no_show and mark == AttendanceMark.present:
        return "the participant was there, so the hearing was not a no-show"
    if result in (OutcomeResult.agreement, OutcomeResult.no_agreement) and mark != "present":
        return (
            f"the participant was {mark}: the hearing was a no-show or did not take place, "
            "so it cannot end with an agreement or without one"
        )
    return None


def _record_attendance(
    session: Session, hearing: Hearing, case: Case, rows: list[Attendance], result: str
) -> None:
    parties = {p.id: p for p in session.exec(select(Party).where(Party.case_id == case.id)).all()}
    seen: set[int] = set()
    for i, row in enumerate(rows):
        party = parties.get(row.party_id)
        if party is None:
            raise Invalid(
                f"party {row.party_id} is not a party to this case",
                field=f"attendance.{i}.party_id",
            )
        if row.party_id in seen:
            raise Invalid(f"party {row.party_id} is listed twice", field=f"attendance.{i}.party_id")
        seen.add(row.party_id)
        why = participant_rule(result, party.role, row.attendance)
        if why:
            raise Invalid(why, field=f"attendance.{i}.attendance")
        conf = session.exec(
            select(PartyConfirmation).where(
                PartyConfirmation.hearing_id == hearing.id,
                PartyConfirmation.party_id == party.id,
            )
        ).first() or PartyConfirmation(hearing_id=hearing.id, party_id=party.id)
        conf.attendance = row.attendance.value
        conf.attended = row.attendance == AttendanceMark.present
        session.add(conf)


def record_volunteers(session: Session, hearing: Hearing, rows: list[VolunteerAttendance]) -> None:
    """Whether each volunteer who had accepted a seat sat the hearing."""
    seats = {s.volunteer_id: s for s in queries.seated(session, hearing)}
    seen: set[int] = set()
    for i, row in enumerate(rows):
        seat = seats.get(row.volunteer_id)
        if seat is None or row.volunteer_id in seen:
            raise Invalid(
                f"volunteer {row.volunteer_id} had no seat on this hearing"
                if seat is None
                else f"volunteer {row.volunteer_id} is listed twice",
                field=f"volunteers.{i}.volunteer_id",
            )
        seen.add(row.volunteer_id)
        seat.attendance = row.attendance.value
        session.add(seat)


def _other_scheduled(session: Session, hearing: Hearing) -> int:
    return session.exec(
        select(func.count())
        .select_from(Hearing)
        .where(
            Hearing.case_id == hearing.case_id,
            Hearing.id != hearing.id,
            Hearing.status == HearingStatus.scheduled.value,
        )
    ).one()


def _awaiting_outcome(session: Session, hearing: Hearing, case: Case, data: OutcomeCreate) -> bool:
    """A hearing marked held or missed by a plain status change still takes its outcome once."""
    if hearing.status == HearingStatus.held:
        # Held (by PATCH, or with no agreement yet): an agreement can still be recorded.
        return (
            data.result != OutcomeResult.no_show
            and case.status == CaseStatus.heard
            and session.exec(select(Agreement).where(Agreement.case_id == case.id)).first() is None
        )
    if hearing.status == HearingStatus.no_show:
        # Marked missed by PATCH: the case still waits for "rebook or return".
        return data.result == OutcomeResult.no_show and case.status == CaseStatus.scheduled
    return False


def _did_not_take_place(
    session: Session, hearing: Hearing, case: Case, note: str, *, actor: str
) -> None:
    """The hearing did not go ahead as planned: it is marked rescheduled and the case goes back
    to be booked again (unless another hearing is already booked). Nobody is texted: the time
    has passed, and the new booking sends its own texts and invites."""
    hearing.status = HearingStatus.rescheduled.value
    session.add(hearing)
    detail = f"hearing {hearing.id} did not take place; to be booked again" + (
        f": {note}" if note else ""
    )
    if case.status == CaseStatus.scheduled and not _other_scheduled(session, hearing):
        case_uc.set_status(session, case, "referred", actor=actor, detail=detail)
    else:
        case_uc.add_event(session, case, "outcome", actor=actor, detail=detail)
    session.flush()


def record_outcome(
    session: Session, hearing: Hearing, data: OutcomeCreate, principal: Principal
) -> Agreement | None:
    """Record who came and what was decided; the hearing and the case move on accordingly."""
    agreement = _record(session, hearing, data, principal)
    events.outcome_event(session, hearing, agreement)
    return agreement


def _record(
    session: Session, hearing: Hearing, data: OutcomeCreate, principal: Principal
) -> Agreement | None:
    case = session.exec(select(Case).where(Case.id == hearing.case_id).with_for_update()).one()
    principal.require_program(case.program_id, write=True)
    actor = principal.actor
    if hearing.status != HearingStatus.scheduled and not _awaiting_outcome(
        session, hearing, case, data
    ):
        raise Conflict(
            f"this hearing is {hearing.status}; its outcome is already recorded", field="hearing"
        )
    if hearing.start_at > utcnow():
        raise Invalid(
            "the hearing has not started yet; record its outcome afterwards", field="hearing"
        )
    if case.status in case_uc.CLOSED:
        raise Invalid(f"the case is {case.status}", field="case")
    if (
        data.result == OutcomeResult.agreement
        and session.exec(select(Agreement).where(Agreement.case_id == case.id)).first()
    ):
        raise Conflict("this case already has an agreement", field="agreement")
    if data.result == OutcomeResult.rescheduled and hearing.status != HearingStatus.scheduled:
        raise Invalid(
            f"this hearing is already {hearing_words(hearing.status)};"
            " it cannot be marked as not having taken place",
            field="result",
        )
    _record_attendance(session, hearing, case, data.attendance, data.result)
    record_volunteers(session, hearing, data.volunteers)
    hearing.outcome_note = data.note
    hearing.updated_at = utcnow()
    agreement = None
    if data.result == OutcomeResult.rescheduled:
        _did_not_take_place(session, hearing, case, data.note, actor=actor)
        return None
    if data.result == OutcomeResult.no_show:
        hearing.status = HearingStatus.no_show.value
        session.add(hearing)
        case_uc.add_event(
            session, case, "outcome", actor=actor, detail=f"hearing {hearing.id}: no-show"
        )
        if data.no_show_action == NoShowAction.return_to_agency:
            closing.return_case(session, case, data.return_reason, actor=actor)
        elif case.status == CaseStatus.scheduled and not _other_scheduled(session, hearing):
            case_uc.set_status(
                session, case, "referred", actor=actor, detail="no-show; to be rebooked"
            )
        session.flush()
        return None
    hearing.status = HearingStatus.held.value
    session.add(hearing)
    # Those who were there are asked, by text and at a decent hour, what they made of it.
    asking.start_after_hearing(session, hearing)
    if case.status in (CaseStatus.referred, CaseStatus.scheduled):
        if case.status == CaseStatus.referred:
            case_uc.set_status(session, case, "scheduled", actor=actor)
        case_uc.set_status(session, case, "heard", actor=actor, detail=f"hearing {hearing.id} held")
    if data.result == OutcomeResult.no_agreement:
        case_uc.add_event(
            session, case, "outcome", actor=actor, detail=f"hearing {hearing.id}: no agreement"
        )
        if data.return_reason:
            closing.return_case(session, case, data.return_reason, actor=actor)
        session.flush()
        return None
    agreement = Agreement(case_id=case.id, hearing_id=hearing.id, terms=data.agreement.terms)
    session.add(agreement)
    session.flush()
    day = hearing.start_at.astimezone(program_zone(session.get(Program, case.program_id))).date()
    for i, item in enumerate(data.agreement.obligations):
        ob.add_obligation(
            session, case, agreement, item, day, actor=actor, field=f"agreement.obligations.{i}"
        )
    case_uc.set_status(
        session, case, "agreement", actor=actor,
        detail=f"hearing {hearing.id}: agreement with {len(data.agreement.obligations)} obligation(s)",
    )  # fmt: skip
    session.flush()
    # An agreement with nothing left to do (a mediation settled on the spot) is complete now.
    closing.complete_if_all_met(session, case, actor=actor)
    return agreement
