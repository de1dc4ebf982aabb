"""Reading matching runs: a program's runs, and the ranked candidates for one proposed seat."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

import scheduling
from service.errors import Invalid
from service.models import (
    Case,
    Hearing,
    HearingKind,
    MatchingRun,
    Program,
    SeatAssignment,
    Venue,
)
from service.panels.problem import db_id, hid
from service.panels.runs import volunteer_names
from service.repo import paginate


def list_runs(
    session: Session, program_ids: list[int], *, limit: int, offset: int = 0
) -> tuple[list[MatchingRun], int]:
    """A page of the runs of these programs, newest first."""
    stmt = (
        select(MatchingRun)
        .where(MatchingRun.program_id.in_(program_ids or [-1]))
        .order_by(MatchingRun.id.desc())
    )
    return paginate(session, stmt, limit=limit, offset=offset)


@dataclass(frozen=True)
class Candidate:
    """A volunteer who could take a proposed seat, and what the change would cost."""

    found: scheduling.Candidate
    volunteer_id: int
    name: str
    replaces: int | None


def candidates(
    session: Session, run: MatchingRun, hearing_id: int, role: str, k: int = 5
) -> list[Candidate]:
    """The k best volunteers for one seat of the run's proposal, cheapest change first."""
    problem = scheduling.load_problem(run.problem)
    try:
        found = scheduling.candidates(
            problem,
            [scheduling.Assignment(**a) for a in run.solution["assignments"]],
            hid(hearing_id),
            role,
            k=k,
        )
    except scheduling.ProblemError as exc:
        raise Invalid(str(exc), field="hearing_id") from exc
    names = volunteer_names(session, {db_id(c.volunteer) for c in found})
    return [
        Candidate(
            found=c,
            volunteer_id=db_id(c.volunteer),
            name=names.get(db_id(c.volunteer), ""),
            replaces=db_id(c.replaces) if c.replaces else None,
        )
        for c in found
    ]


def volunteer_seats(
    session: Session, volunteer_id: int, statuses: tuple[str, ...] | None = None
) -> list[tuple[SeatAssignment, Hearing, Program, HearingKind, Venue, int]]:
    """A volunteer's seats (of these statuses) with their hearing, program, kind, venue and
    case id, by the hearing's start."""
    stmt = (
        select(SeatAssignment, Hearing, Program, HearingKind, Venue, Case.id)
        .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
        .join(Case, Case.id == Hearing.case_id)
        .join(Program, Program.id == Case.program_id)
        .join(HearingKind, HearingKind.id == Hearing.kind_id)
        .join(Venue, Venue.id == Hearing.venue_id)
        .where(SeatAssignment.volunteer_id == volunteer_id)
        .order_by(Hearing.start_at)
    )
    if statuses:
        stmt = stmt.where(SeatAssignment.status.in_(statuses))
    return list(session.exec(stmt).all())


def proposal_hearings(
    session: Session, hearing_ids: set[int]
) -> dict[int, tuple[Hearing, Case, HearingKind, Venue]]:
    """The hearings a run proposes panels for, with their case, kind and venue, by id."""
    if not hearing_ids:
        return {}
    rows = session.exec(
        select(Hearing, Case, HearingKind, Venue)
        .join(Case, Case.id == Hearing.case_id)
        .join(HearingKind, HearingKind.id == Hearing.kind_id)
        .join(Venue, Venue.id == Hearing.venue_id)
        .where(Hearing.id.in_(hearing_ids))
    ).all()
    return {h.id: (h, c, k, v) for h, c, k, v in rows}
