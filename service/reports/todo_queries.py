"""The queries behind Today's to-do list: one per list, scoped to the caller's programs.

Each function returns the rows of one list, oldest first, at most `limit` of them, and how many
there are in all (a second, counting query); `todo.py` turns the rows into words and links.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.models import (
    Agreement,
    Case,
    Certification,
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
    SeatRequirement,
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

CLOSED = (
    CaseStatus.completed.value,
    CaseStatus.returned.value,
    CaseStatus.withdrawn.value,
    CaseStatus.ineligible.value,
)
OPEN_OBLIGATION = (ObligationStatus.open.value, ObligationStatus.overdue.value)


def _scoped(stmt, principal: Principal, *, loose_case: bool = False):
    """Keep the caller's programs; with `loose_case`, rows tied to no case stay (texts)."""
    if principal.program_scope is None:
        return stmt
    condition = principal.in_programs(Case.program_id)
    return stmt.where((Case.id.is_(None)) | condition if loose_case else condition)


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


def _page(session: Session, stmt, limit: int) -> tuple[list, int]:
    """The first `limit` rows of a list and how many rows it has in all."""
    rows = list(session.exec(stmt.limit(limit)).all())
    if len(rows) < limit:
        return rows, len(rows)
    count = select(func.count()).select_from(stmt.order_by(None).subquery())
    return rows, session.exec(count).one()


def referrals_waiting(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Referred cases with no scheduled hearing: (case, program, participant's name)."""
    booked = exists().where(
        Hearing.case_id == Case.id, Hearing.status == HearingStatus.scheduled.value
    )
    stmt = (
        select(Case, Program, _participant_name())
        .join(Program, Program.id == Case.program_id)
        .where(Case.status == CaseStatus.referred.value, ~booked)
        .order_by(Case.referred_on, Case.id)
    )
    return _page(session, _scoped(stmt, principal), limit)


def outcomes_missing(
    session: Session, principal: Principal, now: datetime, limit: int
) -> tuple[list, int]:
    """Hearings whose start has passed and still 'scheduled': (hearing, case, program,
    participant's name)."""
    stmt = (
        select(Hearing, Case, Program, _participant_name())
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(Hearing.status == HearingStatus.scheduled.value, Hearing.start_at < now)
        .order_by(Hearing.start_at, Hearing.id)
    )
    return _page(session, _scoped(stmt, principal), limit)


def heard_without_agreement(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Heard cases with no agreement: (case, program, last held hearing or None, participant's
    name)."""
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
    return _page(session, _scoped(stmt, principal), limit)


def hearings_ahead(
    session: Session, principal: Principal, now: datetime, days: int
) -> list[tuple[Hearing, Case, Program, HearingKind]]:
    """Scheduled hearings from now to `days` ahead, soonest first."""
    stmt = (
        select(Hearing, Case, Program, HearingKind)
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .join(HearingKind, HearingKind.id == Hearing.kind_id)
        .where(
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at >= now,
            Hearing.start_at < now + timedelta(days=days),
        )
        .order_by(Hearing.start_at, Hearing.id)
    )
    return list(session.exec(_scoped(stmt, principal)).all())


def seats_of(session: Session, hearing_ids: list[int]) -> list[tuple[SeatAssignment, Volunteer]]:
    """The seats of these hearings with their volunteers, in the order they were filled."""
    if not hearing_ids:
        return []
    return list(
        session.exec(
            select(SeatAssignment, Volunteer)
            .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
            .where(SeatAssignment.hearing_id.in_(hearing_ids))
            .order_by(SeatAssignment.id)
        ).all()
    )


def reschedule_requests(
    session: Session, principal: Principal, now: datetime, limit: int
) -> tuple[list, int]:
    """Parties asking for another time for an upcoming hearing: (conf, party, person, hearing,
    case, program)."""
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
            Hearing.start_at >= now,
        )
        .order_by(
            func.coalesce(PartyConfirmation.responded_at, Hearing.start_at), PartyConfirmation.id
        )
    )
    return _page(session, _scoped(stmt, principal), limit)


def hearings_flagged(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Scheduled hearings that need a decision: (hearing, case, program)."""
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
    return _page(session, _scoped(stmt, principal), limit)


def replies_to_read(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Inbound texts needing a person: (inbound, person or None, volunteer or None)."""
    stmt = (
        select(InboundMessage, Person, Volunteer)
        .outerjoin(Person, Person.id == InboundMessage.person_id)
        .outerjoin(Volunteer, Volunteer.id == InboundMessage.volunteer_id)
        .outerjoin(Case, Case.id == InboundMessage.case_id)
        .where(InboundMessage.needs_attention)
        .order_by(InboundMessage.received_at, InboundMessage.id)
    )
    return _page(session, _scoped(stmt, principal, loose_case=True), limit)


def texts_not_delivered(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Outbound messages that failed or could not be sent: (message, person, volunteer)."""
    stmt = (
        select(Message, Person, Volunteer)
        .outerjoin(Person, Person.id == Message.person_id)
        .outerjoin(Volunteer, Volunteer.id == Message.volunteer_id)
        .outerjoin(Case, Case.id == Message.case_id)
        .where(Message.needs_attention)
        .order_by(Message.created_at, Message.id)
    )
    return _page(session, _scoped(stmt, principal, loose_case=True), limit)


def hours_to_verify(session: Session, principal: Principal, limit: int) -> tuple[list, int]:
    """Hours reported and not yet verified: (log, obligation, case, program)."""
    stmt = (
        select(ServiceLog, Obligation, Case, Program)
        .join(Obligation, Obligation.id == ServiceLog.obligation_id)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(ServiceLog.status == ServiceLogStatus.reported.value)
        .order_by(ServiceLog.created_at, ServiceLog.id)
    )
    return _page(session, _scoped(stmt, principal), limit)


def obligations_due(session: Session, principal: Principal, before) -> list:
    """Open obligations of open cases due before `before` (a UTC date bound the caller narrows
    with each program's own date): (obligation, case, program)."""
    stmt = (
        select(Obligation, Case, Program)
        .join(Case, Case.id == Obligation.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Obligation.status.in_(OPEN_OBLIGATION),
            Obligation.due_date < before,
            Case.status.not_in(CLOSED),
        )
        .order_by(Obligation.due_date, Obligation.id)
    )
    return list(session.exec(_scoped(stmt, principal)).all())


def texts_waiting_for_language(
    session: Session, principal: Principal, languages: frozenset[str], limit: int
) -> tuple[list, int]:
    """Parties of open cases who take texts but read a language Convene cannot text, with no
    coordinator's choice yet (service/messaging/languages.py): (person, case, program)."""
    textable = _in_languages(Person.language, languages)
    stmt = (
        select(Person, Case, Program)
        .join(Party, Party.person_id == Person.id)
        .join(Case, Case.id == Party.case_id)
        .join(Program, Program.id == Case.program_id)
        .where(
            Case.status.not_in(CLOSED),
            Person.mobile.is_not(None),
            Person.sms_consent.is_(True),
            Person.texts_in_english_ok_at.is_(None),
            ~textable,
        )
        .order_by(Case.referred_on, Party.id)
    )
    return _page(session, _scoped(stmt, principal), limit)


def _in_languages(column, languages: frozenset[str]):
    """Whether a language code column is one of `languages` ('es' or 'es-MX' for 'es')."""
    lang = func.lower(column)
    return or_(*[(lang == code) | lang.like(f"{code}-%") for code in languages])


def _certifications_wanted(session: Session, principal: Principal) -> set[str] | None:
    """The certifications the volunteer seats of the caller's programs ask for; None when a
    seat there takes anyone (or the caller sees every program)."""
    if principal.program_scope is None:
        return None
    stmt = (
        select(SeatRequirement.requires)
        .join(HearingKind, HearingKind.id == SeatRequirement.hearing_kind_id)
        .where(principal.in_programs(HearingKind.program_id), SeatRequirement.staff_only.is_(False))
    )
    wanted: set[str] = set()
    for requires in session.exec(stmt).all():
        if not requires:
            return None
        wanted.update(requires)
    return wanted


def volunteers_waiting_for_language(
    session: Session, principal: Principal, languages: frozenset[str], limit: int
) -> tuple[list, int]:
    """Active volunteers Convene would text or email (a mobile taking texts, or an email) who
    read a language it cannot text, with no coordinator's choice yet (languages.py): matching
    leaves them out and no invitation reaches them. Volunteers serve every program; a caller
    of some programs sees those certified for a volunteer seat of theirs."""
    stmt = (
        select(Volunteer)
        .where(
            Volunteer.active.is_(True),
            Volunteer.texts_in_english_ok_at.is_(None),
            or_(
                Volunteer.mobile.is_not(None) & Volunteer.sms_consent.is_(True),
                Volunteer.email.is_not(None),
            ),
            ~_in_languages(Volunteer.preferred_language, languages),
        )
        .order_by(Volunteer.full_name, Volunteer.id)
    )
    wanted = _certifications_wanted(session, principal)
    if wanted is not None:
        certified = exists().where(
            Certification.volunteer_id == Volunteer.id,
            Certification.name.in_(wanted or {""}),
        )
        stmt = stmt.where(certified)
    return _page(session, stmt, limit)
