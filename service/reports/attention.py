"""The coordinator's dashboard: upcoming hearings and everything waiting for a person."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.config import get_settings
from service.db import UtcDateTime, local_today, utcnow
from service.errors import NotFound
from service.messaging.wording import when
from service.models import (
    Case,
    Hearing,
    InboundMessage,
    Message,
    Obligation,
    Party,
    PartyConfirmation,
    Person,
    Program,
    SeatAssignment,
    Venue,
    Volunteer,
)
from service.models.base import (
    HOLDING_SEAT,
    CaseStatus,
    HearingStatus,
    ObligationStatus,
    SeatStatus,
)
from service.outcomes.progress import is_overdue
from service.programs import program_zone, seats_of_kinds
from service.repo import hot

UNANSWERED_AFTER = timedelta(hours=48)


def _program_filter(scoped: bool):
    # None for an administrator: the lists below then skip the join to cases altogether.
    return Principal.in_bound_programs(Case.program_id) if scoped else None


def _at(name: str):
    return bindparam(name, type_=UtcDateTime())


@hot
def _upcoming(scoped: bool):
    stmt = (
        select(Hearing, Case, Venue, Program)
        .join(Case, Case.id == Hearing.case_id)
        .join(Venue, Venue.id == Hearing.venue_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at >= _at("since"),
            Hearing.start_at < _at("until"),
        )
        .order_by(Hearing.start_at)
    )
    scope = _program_filter(scoped)
    return stmt if scope is None else stmt.where(scope)


_UPCOMING_SEATS = (
    select(SeatAssignment, Volunteer)
    .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
    .where(SeatAssignment.hearing_id.in_(bindparam("ids", expanding=True)))
    .order_by(SeatAssignment.id)
)
_UPCOMING_CONFIRMATIONS = (
    select(PartyConfirmation, Party, Person)
    .join(Party, Party.id == PartyConfirmation.party_id)
    .join(Person, Person.id == Party.person_id)
    .where(PartyConfirmation.hearing_id.in_(bindparam("ids", expanding=True)))
)


def upcoming(session: Session, principal: Principal, days: int = 7) -> list[dict]:
    """Hearings of the next days with their seats, parties' confirmations and local time."""
    now = utcnow()
    params = {"since": now - timedelta(hours=3), "until": now + timedelta(days=days)}
    rows = session.exec(_upcoming(principal.scoped), params=params | principal.scope_params).all()
    ids = [h.id for h, _, _, _ in rows]
    seats, confs = defaultdict(list), defaultdict(list)
    if ids:
        for seat, vol in session.exec(_UPCOMING_SEATS, params={"ids": ids}).all():
            seats[seat.hearing_id].append((seat, vol))
        for conf, party, person in session.exec(_UPCOMING_CONFIRMATIONS, params={"ids": ids}):
            confs[conf.hearing_id].append((conf, party, person))
    # a handful of kinds across many hearings, their seats read in one query
    needed_by_kind = {
        kind_id: sum(r.count for r in reqs if not r.staff_only)
        for kind_id, reqs in seats_of_kinds(session, {h.kind_id for h, _, _, _ in rows}).items()
    }
    out = []
    for hearing, case, venue, program in rows:
        needed = needed_by_kind.get(hearing.kind_id, 0)
        holding = [s for s, _ in seats[hearing.id] if s.status in HOLDING_SEAT]
        out.append(
            {
                "hearing": hearing,
                "case": case,
                "venue": venue,
                "seats": seats[hearing.id],
                "confirmations": confs[hearing.id],
                "empty": max(0, needed - len(holding)),
                "when": when(hearing.start_at, "en", program_zone(program)),
            }
        )
    return out


@hot
def _attention_statements(scoped: bool) -> dict:
    """The five lists of `attention`, built once per shape; `now` and `tomorrow` are bound."""
    scope = _program_filter(scoped)
    # only the columns the list gives: texts carry bodies, mails and calendar invites
    i, m = InboundMessage, Message
    inbox = (
        select(i.id, i.from_number, i.body, i.intent, i.case_id, i.received_at)
        .where(i.needs_attention)
        .order_by(i.received_at.desc())
    )
    undelivered = (
        select(m.id, m.to_address, m.kind, m.status, m.error_code, m.case_id)
        .where(m.needs_attention)
        .order_by(m.created_at.desc())
    )
    if scope is not None:
        inbox = inbox.outerjoin(Case, Case.id == InboundMessage.case_id).where(
            (InboundMessage.case_id.is_(None)) | scope
        )
        undelivered = undelivered.outerjoin(Case, Case.id == Message.case_id).where(
            (Message.case_id.is_(None)) | scope
        )
    unanswered = (
        select(SeatAssignment, Volunteer, Hearing)
        .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
        .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .where(
            SeatAssignment.status == SeatStatus.invited.value,
            SeatAssignment.invited_at < _at("invited_before"),
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at > _at("now"),
        )
    )
    flagged = (
        select(Hearing, Case)
        .join(Case, Case.id == Hearing.case_id)
        .where(
            Hearing.needs_attention.is_not(None), Hearing.status == HearingStatus.scheduled.value
        )
    )
    # Overdue means past due where the program is: the UTC date runs a day ahead of Los Angeles
    # every evening. No zone is ahead of UTC by more than a day, so this bound misses nothing.
    overdue = (
        select(Obligation, Case, Program.timezone)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Obligation.status.in_((ObligationStatus.open.value, ObligationStatus.overdue.value)),
            Obligation.due_date < bindparam("tomorrow", type_=Obligation.due_date.type),
            Case.status.not_in(
                (CaseStatus.completed.value, CaseStatus.returned.value, CaseStatus.withdrawn.value)
            ),
        )
        .order_by(Obligation.due_date)
    )
    if scope is not None:
        unanswered, flagged, overdue = (s.where(scope) for s in (unanswered, flagged, overdue))
    return {
        "inbox": inbox.limit(50),
        "undelivered": undelivered.limit(50),
        "unanswered": unanswered,
        "flagged": flagged,
        "overdue": overdue.limit(100),
    }


def waiting(session: Session, principal: Principal) -> dict:
    """Everything waiting for a person: replies, failed texts, unanswered invites, overdue work
    (service/reports/dashboard.py shares it between callers and writes who read it)."""
    stmts = _attention_statements(principal.scoped)
    now = utcnow()
    params = principal.scope_params | {
        "now": now,
        "invited_before": now - UNANSWERED_AFTER,
        "tomorrow": now.date() + timedelta(days=1),
    }
    return {
        "inbox": session.exec(stmts["inbox"], params=params).all(),
        "undelivered": session.exec(stmts["undelivered"], params=params).all(),
        "unanswered": session.exec(stmts["unanswered"], params=params).all(),
        "flagged": session.exec(stmts["flagged"], params=params).all(),
        "overdue": [
            (ob, case)
            for ob, case, zone in session.exec(stmts["overdue"], params=params).all()
            if is_overdue(ob, local_today(ZoneInfo(zone or get_settings().timezone)))
        ][:50],
    }


def _in_scope(session: Session, principal: Principal, case_id: int | None) -> bool:
    # The same rule as the lists above: a text tied to no case waits for every coordinator.
    case = session.get(Case, case_id) if case_id is not None else None
    return case is None or principal.sees_program(case.program_id)


def inbound_for(session: Session, inbound_id: int, principal: Principal) -> InboundMessage:
    """An inbound text the caller may act on (404 hides other programs' texts)."""
    inbound = session.get(InboundMessage, inbound_id)
    if inbound is None or not _in_scope(session, principal, inbound.case_id):
        raise NotFound(f"message {inbound_id} not found")
    return inbound


def message_for(session: Session, message_id: int, principal: Principal) -> Message:
    """An outbound message the caller may act on (404 hides other programs' messages)."""
    message = session.get(Message, message_id)
    if message is None or not _in_scope(session, principal, message.case_id):
        raise NotFound(f"message {message_id} not found")
    return message
