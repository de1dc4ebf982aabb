"""The queries behind Today's to-do list: one per list, scoped to the caller's programs.

Each function returns the rows of one list, oldest first, at most `limit` of them, and how many
there are in all (a second, counting query); `todo.py` turns the rows into words and links.
Today is read all day by every coordinator: each statement is built once per shape
(`service.repo.hot`: scoped to programs or not), its values bound at execution.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, exists, func
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.db import UtcDateTime
from service.models import (
    Agreement,
    Case,
    Hearing,
    HearingKind,
    InboundMessage,
    Message,
    Obligation,
    Party,
    PartyConfirmation,
    Person,
    Program,
    SeatAssignment,
    ServiceLog,
    Volunteer,
)
from service.models.base import (
    CaseStatus,
    ConfirmationStatus,
    HearingStatus,
    ObligationStatus,
    PartyRole,
    ServiceLogStatus,
)
from service.repo import hot

CLOSED = (
    CaseStatus.completed.value,
    CaseStatus.returned.value,
    CaseStatus.withdrawn.value,
    CaseStatus.ineligible.value,
)
OPEN_OBLIGATION = (ObligationStatus.open.value, ObligationStatus.overdue.value)


def _scoped(stmt, scoped: bool, *, loose_case: bool = False):
    """Keep the caller's programs (bound as `programs`); with `loose_case`, rows tied to no case
    stay (texts)."""
    if not scoped:
        return stmt
    condition = Principal.in_bound_programs(Case.program_id)
    return stmt.where((Case.id.is_(None)) | condition if loose_case else condition)


def _now():
    return bindparam("now", type_=UtcDateTime())


def _participant_name():
    """The case's first participant's name, as a column of the case's row (no query per row)."""
    return (
        select(Person.full_name)
        .join(Party, Party.person_id == Person.id)
        .where(Party.case_id == Case.id, Party.role == PartyRole.participant.value)
        .order_by(Party.id)
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


def _listed(stmt):
    """A list's statements: its first `:limit` rows and the count of all its rows."""
    count = select(func.count()).select_from(stmt.order_by(None).subquery())
    return stmt.limit(bindparam("limit")), count


def _page(session: Session, statements, principal: Principal, limit: int, **values):
    """The first `limit` rows of a list and how many rows it has in all."""
    rows_stmt, count = statements
    params = values | principal.scope_params
    rows = list(session.exec(rows_stmt, params=params | {"limit": limit}).all())
    if len(rows) < limit:
        return rows, len(rows)
    return rows, session.exec(count, params=params).one()


@hot
def _referrals_waiting(scoped: bool):
    booked = exists().where(
        Hearing.case_id == Case.id, Hearing.status == HearingStatus.scheduled.value
    )
    # the case's few columns the list shows: every referral taken waits here until booked
    stmt = (
        select(
            Case.id,
            Case.external_ref,
            Case.referred_on,
            Program,
            _participant_name().label("participant"),
        )
        .join(Program, Program.id == Case.program_id)
        .where(Case.status == CaseStatus.referred.value, ~booked)
        .order_by(Case.referred_on, Case.id)
    )
    return _listed(_scoped(stmt, scoped))


def referrals_waiting(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Referred cases with no scheduled hearing: rows of the case's id, external_ref and
    referred_on, its Program and its participant's name (`participant`)."""
    return _page(session, _referrals_waiting(principal.scoped), principal, limit)


@hot
def _outcomes_missing(scoped: bool):
    stmt = (
        select(Hearing, Case, Program, _participant_name())
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(Hearing.status == HearingStatus.scheduled.value, Hearing.start_at < _now())
        .order_by(Hearing.start_at, Hearing.id)
    )
    return _listed(_scoped(stmt, scoped))


def outcomes_missing(
    session: Session, principal: Principal, now: datetime, limit: int
) -> tuple[list, int]:
    """Hearings whose start has passed and still 'scheduled': (hearing, case, program,
    participant's name)."""
    return _page(session, _outcomes_missing(principal.scoped), principal, limit, now=now)


@hot
def _heard_without_agreement(scoped: bool):
    last = (
        select(Hearing.case_id, func.max(Hearing.start_at).label("at"))
        .where(Hearing.status == HearingStatus.held.value)
        .group_by(Hearing.case_id)
        .subquery()
    )
    agreed = exists().where(Agreement.case_id == Case.id)
    stmt = (
        select(Case, Program, Hearing, _participant_name())
        .join(Program, Program.id == Case.program_id)
        .outerjoin(last, last.c.case_id == Case.id)
        .outerjoin(
            Hearing,
            (Hearing.case_id == Case.id)
            & (Hearing.start_at == last.c.at)
            & (Hearing.status == HearingStatus.held.value),
        )
        .where(Case.status == CaseStatus.heard.value, ~agreed)
        .order_by(func.coalesce(last.c.at, Case.updated_at), Case.id)
    )
    return _listed(_scoped(stmt, scoped))


def heard_without_agreement(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Heard cases with no agreement: (case, program, last held hearing or None, participant's
    name)."""
    return _page(session, _heard_without_agreement(principal.scoped), principal, limit)


@hot
def _hearings_ahead(scoped: bool):
    stmt = (
        select(Hearing, Case, Program, HearingKind)
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .join(HearingKind, HearingKind.id == Hearing.kind_id)
        .where(
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at >= _now(),
            Hearing.start_at < bindparam("until", type_=UtcDateTime()),
        )
        .order_by(Hearing.start_at, Hearing.id)
    )
    return _scoped(stmt, scoped)


def hearings_ahead(
    session: Session, principal: Principal, now: datetime, days: int
) -> list[tuple[Hearing, Case, Program, HearingKind]]:
    """Scheduled hearings from now to `days` ahead, soonest first."""
    params = {"now": now, "until": now + timedelta(days=days)} | principal.scope_params
    return list(session.exec(_hearings_ahead(principal.scoped), params=params).all())


# Only what the list says of a seat (no ORM instances: Today reads every seat of four weeks).
_SEATS_OF = (
    select(
        SeatAssignment.hearing_id,
        SeatAssignment.role,
        SeatAssignment.status,
        SeatAssignment.invited_at,
        Volunteer.full_name,
    )
    .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
    .where(SeatAssignment.hearing_id.in_(bindparam("hearing_ids", expanding=True)))
    .order_by(SeatAssignment.id)
)


def seats_of(session: Session, hearing_ids: list[int]) -> list:
    """The seats of these hearings, in the order they were filled: rows of the seat's
    `hearing_id`, `role`, `status` and `invited_at` and its volunteer's `full_name`."""
    if not hearing_ids:
        return []
    return list(session.exec(_SEATS_OF, params={"hearing_ids": hearing_ids}).all())


@hot
def _reschedule_requests(scoped: bool):
    stmt = (
        select(PartyConfirmation, Party, Person, Hearing, Case, Program)
        .join(Party, Party.id == PartyConfirmation.party_id)
        .join(Person, Person.id == Party.person_id)
        .join(Hearing, Hearing.id == PartyConfirmation.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            PartyConfirmation.status == ConfirmationStatus.reschedule_requested.value,
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at >= _now(),
        )
        .order_by(
            func.coalesce(PartyConfirmation.responded_at, Hearing.start_at), PartyConfirmation.id
        )
    )
    return _listed(_scoped(stmt, scoped))


def reschedule_requests(
    session: Session, principal: Principal, now: datetime, limit: int
) -> tuple[list, int]:
    """Parties asking for another time for an upcoming hearing: (conf, party, person, hearing,
    case, program)."""
    return _page(session, _reschedule_requests(principal.scoped), principal, limit, now=now)


@hot
def _hearings_flagged(scoped: bool):
    stmt = (
        select(Hearing, Case, Program)
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Hearing.needs_attention.is_not(None),
            Hearing.status == HearingStatus.scheduled.value,
        )
        .order_by(Hearing.start_at, Hearing.id)
    )
    return _listed(_scoped(stmt, scoped))


def hearings_flagged(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Scheduled hearings that need a decision: (hearing, case, program)."""
    return _page(session, _hearings_flagged(principal.scoped), principal, limit)


# Who a text is from or to, as columns of its row (texts carry bodies, mails and invites: the
# lists read only what they show).
_WHO = (
    Person.id.label("person_id"),
    Person.full_name.label("person_name"),
    Volunteer.id.label("volunteer_id"),
    Volunteer.full_name.label("volunteer_name"),
)


@hot
def _replies_to_read(scoped: bool):
    m = InboundMessage
    stmt = (
        select(m.id, m.from_number, m.body, m.intent, m.case_id, m.received_at, *_WHO)
        .outerjoin(Person, Person.id == m.person_id)
        .outerjoin(Volunteer, Volunteer.id == m.volunteer_id)
        .outerjoin(Case, Case.id == m.case_id)
        .where(m.needs_attention)
        .order_by(m.received_at, m.id)
    )
    return _listed(_scoped(stmt, scoped, loose_case=True))


def replies_to_read(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Inbound texts needing a person: rows of the text's id, from_number, body, intent,
    case_id and received_at, and who sent it (person_id, person_name, volunteer_id,
    volunteer_name; None when unknown)."""
    return _page(session, _replies_to_read(principal.scoped), principal, limit)


@hot
def _texts_not_delivered(scoped: bool):
    m = Message
    stmt = (
        select(m.id, m.to_address, m.case_id, m.error_code, m.kind, m.template, *_WHO)
        .outerjoin(Person, Person.id == m.person_id)
        .outerjoin(Volunteer, Volunteer.id == m.volunteer_id)
        .outerjoin(Case, Case.id == m.case_id)
        .where(m.needs_attention)
        .order_by(m.created_at, m.id)
    )
    return _listed(_scoped(stmt, scoped, loose_case=True))


def texts_not_delivered(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Outbound messages that failed or could not be sent: rows of the message's id,
    to_address, case_id, error_code, kind and template, and who it was for (as above)."""
    return _page(session, _texts_not_delivered(principal.scoped), principal, limit)


@hot
def _hours_to_verify(scoped: bool):
    stmt = (
        select(ServiceLog, Obligation, Case, Program)
        .join(Obligation, Obligation.id == ServiceLog.obligation_id)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(ServiceLog.status == ServiceLogStatus.reported.value)
        .order_by(ServiceLog.created_at, ServiceLog.id)
    )
    return _listed(_scoped(stmt, scoped))


def hours_to_verify(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Hours reported and not yet verified: (log, obligation, case, program)."""
    return _page(session, _hours_to_verify(principal.scoped), principal, limit)


@hot
def _obligations_due(scoped: bool):
    stmt = (
        select(Obligation, Case, Program)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Obligation.status.in_(OPEN_OBLIGATION),
            Obligation.due_date < bindparam("before", type_=Obligation.due_date.type),
            Case.status.not_in(CLOSED),
        )
        .order_by(Obligation.due_date, Obligation.id)
    )
    return _scoped(stmt, scoped)


def obligations_due(session: Session, principal: Principal, before) -> list:
    """Open obligations of open cases due before `before` (a UTC date bound the caller narrows
    with each program's own date): (obligation, case, program)."""
    params = {"before": before} | principal.scope_params
    return list(session.exec(_obligations_due(principal.scoped), params=params).all())
