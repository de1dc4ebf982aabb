"""What the outcome form shows for a hearing: who was there, the program's obligation types with
their defaults, and what is already recorded (for a correction)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from service.cases import referrals as case_uc
from service.db import utcnow
from service.messaging.wording import role_label, when
from service.models import (
    Agreement,
    Case,
    Hearing,
    HearingKind,
    Obligation,
    ObligationType,
    Program,
    Venue,
)
from service.models.base import CaseStatus, HearingStatus, ObligationKind
from service.outcomes import queries
from service.outcomes.wording import (
    HOURS_KINDS,
    PROOF_KINDS,
    RESULT_WORDS,
    hearing_words,
    kind_label,
)
from service.programs import program_zone

UNITS = {"restitution": "dollars", "check_in": "check-ins"} | {k: "hours" for k in HOURS_KINDS}
STATUS_WORDS = {"open": "open", "overdue": "overdue", "completed": "done", "waived": "waived"}


def unit_of(kind: str) -> str:
    """What an obligation's target counts: 'hours', 'dollars', 'check-ins', or '' (a task)."""
    return UNITS.get(kind, "")


@dataclass
class PartyRow:
    party_id: int
    role: str  # in words
    name: str
    attendance: str | None


@dataclass
class VolunteerRow:
    volunteer_id: int
    role: str  # in words
    name: str
    attendance: str | None


@dataclass
class TypeOption:
    value: str  # "type:<code>" for a program type, "kind:<kind>" for a generic kind
    name: str
    kind: str
    unit: str
    default_target: float | None


@dataclass
class ObligationRow:
    id: int
    label: str
    kind: str  # in words
    unit: str
    target: float | None
    due_date: date
    status: str  # in words
    met: bool
    has_progress: bool


@dataclass
class OutcomeSheet:
    hearing: Hearing
    case: Case
    program: Program
    kind_name: str
    venue_name: str
    when: str
    day: date
    default_due: date
    window_days: int
    mode: str  # record, correct, early (not started yet) or none (cancelled: nothing to record)
    results: list[str]
    status_words: str
    parties: list[PartyRow] = field(default_factory=list)
    volunteers: list[VolunteerRow] = field(default_factory=list)
    types: list[TypeOption] = field(default_factory=list)
    agreement: Agreement | None = None
    obligations: list[ObligationRow] = field(default_factory=list)

    def version(self) -> str:
        """A short digest of what is recorded: a form sent back with another version was filled
        in before someone (or a second click) saved, and is not applied twice."""
        state = (
            self.hearing.status,
            self.hearing.outcome_note,
            self.agreement.terms if self.agreement else None,
            [(o.id, o.label, o.target, o.due_date, o.status) for o in self.obligations],
            [(p.party_id, p.attendance) for p in self.parties],
            [(v.volunteer_id, v.attendance) for v in self.volunteers],
        )
        return hashlib.sha256(repr(state).encode()).hexdigest()[:16]


@dataclass
class Recorded:
    parties: list[tuple[int, str]]
    volunteers: list[tuple[int, str]]


def attendance_of(session: Session, hearing: Hearing) -> Recorded:
    """The attendance recorded for a hearing: (party id, answer) and (volunteer id, answer)."""
    return Recorded(
        parties=[
            (p.id, c.attendance)
            for p, _, c in queries.parties_at(session, hearing)
            if c is not None and c.attendance
        ],
        volunteers=[
            (s.volunteer_id, s.attendance)
            for s in queries.seated(session, hearing)
            if s.attendance is not None
        ],
    )


def _mode(session: Session, hearing: Hearing, case: Case) -> tuple[str, list[str]]:
    """Whether the form records an outcome (and which results it offers) or corrects one."""
    everything = ["agreement", "no_agreement", "no_show", "rescheduled"]
    if hearing.status == HearingStatus.scheduled:
        return ("record", everything) if hearing.start_at <= utcnow() else ("early", [])
    if hearing.status == HearingStatus.cancelled:
        return "none", []
    open_case = case.status not in case_uc.CLOSED
    if (
        hearing.status == HearingStatus.held
        and case.status == CaseStatus.heard
        and queries.agreement_of(session, case) is None
    ):
        return "record", ["agreement", "no_agreement"]  # held, nothing agreed yet
    if (
        hearing.status == HearingStatus.no_show
        and case.status == CaseStatus.scheduled
        and open_case
    ):
        return "record", ["no_show"]  # marked missed: book again or return
    return "correct", []


def _types(session: Session, program: Program) -> list[TypeOption]:
    rows = session.exec(
        select(ObligationType)
        .where(ObligationType.program_id == program.id)
        .order_by(ObligationType.id)
    ).all()
    options = [
        TypeOption(f"type:{t.code}", t.name, t.kind, unit_of(t.kind), t.default_target)
        for t in rows
    ]
    covered = {t.kind for t in rows}
    for kind in ObligationKind:
        if kind.value not in covered:  # the program's types first, then any other kind
            label = kind_label(kind.value, "en")
            options.append(
                TypeOption(f"kind:{kind.value}", label[:1].upper() + label[1:], kind.value,
                           unit_of(kind.value), None)
            )  # fmt: skip
    return options


def _obligation_rows(session: Session, agreement: Agreement | None) -> list[ObligationRow]:
    if agreement is None:
        return []
    rows = session.exec(
        select(Obligation).where(Obligation.agreement_id == agreement.id).order_by(Obligation.id)
    ).all()
    return [
        ObligationRow(
            id=o.id,
            label=o.label,
            kind=kind_label(o.kind, "en"),
            unit=unit_of(o.kind) if o.kind not in PROOF_KINDS else "",
            target=o.target,
            due_date=o.due_date,
            status=STATUS_WORDS.get(o.status, o.status),
            met=o.status in ("completed", "waived"),
            has_progress=queries.has_progress(session, o),
        )
        for o in rows
    ]


def _recorded_words(hearing: Hearing, agreement: Agreement | None) -> str:
    """The recorded result in words: 'Agreement reached', 'No agreement', 'No-show: ...'."""
    if hearing.status == HearingStatus.held:
        return RESULT_WORDS["agreement" if agreement else "no_agreement"]
    if hearing.status in RESULT_WORDS:
        return RESULT_WORDS[hearing.status]
    return hearing_words(hearing.status)


def outcome_sheet(session: Session, hearing: Hearing) -> OutcomeSheet:
    """Everything the outcome form of a hearing shows (the caller has already loaded it)."""
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    zone = program_zone(program)
    day = hearing.start_at.astimezone(zone).date()
    mode, results = _mode(session, hearing, case)
    agreement = queries.agreement_of(session, case)
    if agreement is not None and agreement.hearing_id != hearing.id:
        agreement = None
    return OutcomeSheet(
        hearing=hearing,
        case=case,
        program=program,
        kind_name=session.get(HearingKind, hearing.kind_id).name,
        venue_name=session.get(Venue, hearing.venue_id).name,
        when=when(hearing.start_at, "en", zone),
        day=day,
        default_due=case_uc.default_due_date(program, day),
        window_days=program.completion_window_days,
        mode=mode,
        results=results,
        status_words=_recorded_words(hearing, agreement),
        parties=[
            PartyRow(p.id, p.role.replace("_", " "), person.full_name, c.attendance if c else None)
            for p, person, c in queries.parties_at(session, hearing)
        ],
        volunteers=[
            VolunteerRow(v.id, role_label(s.role, "en"), v.full_name, s.attendance)
            for s, v in queries.seated_volunteers(session, hearing)
        ],
        types=_types(session, program),
        agreement=agreement,
        obligations=_obligation_rows(session, agreement),
    )


def weeks(days: int) -> str:
    """'8 weeks' for 56 days, '30 days' otherwise."""
    return f"{days // 7} weeks" if days % 7 == 0 else f"{days} days"
