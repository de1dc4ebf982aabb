"""Reading matching runs: a program's runs, and the ranked candidates for one proposed seat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

import scheduling
from service.errors import Invalid
from service.models import (
    Blackout,
    Case,
    Hearing,
    HearingKind,
    MatchingRun,
    Program,
    SeatAssignment,
    Venue,
    Volunteer,
)
from service.models.base import HOLDING_SEAT, HearingStatus, SeatStatus
from service.panels.problem import db_id, hearing_problem, hid, vid
from service.panels.runs import volunteer_names
from service.repo import paginate

# The case event that records an unanswered invitation was escalated (panels/no_reply).
NO_REPLY_EVENT = "seat_unanswered"


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
    assignments = [scheduling.Assignment(**a) for a in run.solution["assignments"]]
    return ranked(session, problem, assignments, hearing_id, role, k)


def ranked(
    session: Session,
    problem: scheduling.Problem,
    assignments: list[scheduling.Assignment],
    hearing_id: int,
    role: str,
    k: int,
) -> list[Candidate]:
    """The engine's ranking of volunteers for one seat (the one ranking runs and hearings share)."""
    try:
        found = scheduling.candidates(problem, assignments, hid(hearing_id), role, k=k)
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


def hearing_candidates(
    session: Session, hearing: Hearing, role: str, leaving: int | None = None
) -> tuple[scheduling.Problem, list[Candidate]]:
    """Every volunteer the engine would seat in one role of a booked hearing, best first.

    The hearing's panel in force is the solution the ranking starts from; with `leaving`, that
    volunteer's seat is taken out first (and they are not offered it back).
    """
    problem, in_force = hearing_problem(session, hearing)
    if not problem.hearings:
        raise Invalid(f"a {hearing.status} hearing takes no new seats", field="hearing_id")
    kept = [a for a in in_force if leaving is None or a.volunteer != vid(leaving)]
    found = ranked(session, problem, kept, hearing.id, role, k=len(problem.volunteers))
    return problem, [c for c in found if c.volunteer_id != leaving]


def month_seats(session: Session, volunteer_ids: set[int], start, end) -> dict[int, int]:
    """How many hearings (scheduled or held) each volunteer sits on in [start, end)."""
    if not volunteer_ids:
        return {}
    rows = session.exec(
        select(SeatAssignment.volunteer_id, func.count())
        .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
        .where(
            SeatAssignment.volunteer_id.in_(volunteer_ids),
            SeatAssignment.status.in_(HOLDING_SEAT),
            Hearing.status.in_((HearingStatus.scheduled.value, HearingStatus.held.value)),
            Hearing.start_at >= start,
            Hearing.start_at < end,
        )
        .group_by(SeatAssignment.volunteer_id)
    ).all()
    return dict(rows)


def volunteers_by_id(session: Session, ids: set[int]) -> dict[int, Volunteer]:
    """Volunteers by id."""
    if not ids:
        return {}
    return {v.id: v for v in session.exec(select(Volunteer).where(Volunteer.id.in_(ids))).all()}


def active_volunteers(session: Session) -> list[Volunteer]:
    """Every active volunteer, by name."""
    return list(
        session.exec(select(Volunteer).where(Volunteer.active).order_by(Volunteer.full_name)).all()
    )


def blackouts_between(session: Session, volunteer_ids: set[int], start, end) -> set[int]:
    """The volunteers with a blackout of their own overlapping [start, end)."""
    if not volunteer_ids:
        return set()
    return set(
        session.exec(
            select(Blackout.volunteer_id).where(
                Blackout.volunteer_id.in_(volunteer_ids),
                Blackout.start_at < end,
                Blackout.end_at > start,
            )
        ).all()
    )


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


def seats_of_hearing(session: Session, hearing_id: int) -> list[SeatAssignment]:
    """Every seat record of a hearing (held, declined or replaced), oldest first."""
    return list(
        session.exec(
            select(SeatAssignment)
            .where(SeatAssignment.hearing_id == hearing_id)
            .order_by(SeatAssignment.id)
        ).all()
    )


def holding_seats(session: Session, hearing_id: int, role: str) -> list[SeatAssignment]:
    """The seats of one role a volunteer holds (proposed, invited or accepted) on a hearing."""
    return [
        s
        for s in seats_of_hearing(session, hearing_id)
        if s.role == role and s.status in HOLDING_SEAT
    ]


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


def unanswered_seats(
    session: Session, invited_before: datetime, now: datetime
) -> list[tuple[SeatAssignment, Hearing, Case, Volunteer]]:
    """Invitations still unanswered since before `invited_before`, for hearings yet to come,
    that no earlier escalation has told the coordinator about."""
    return list(
        session.exec(
            select(SeatAssignment, Hearing, Case, Volunteer)
            .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
            .join(Case, Case.id == Hearing.case_id)
            .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
            .where(
                SeatAssignment.status == SeatStatus.invited.value,
                SeatAssignment.invited_at < invited_before,
                SeatAssignment.escalated_at.is_(None),
                Hearing.status == HearingStatus.scheduled.value,
                Hearing.start_at > now,
            )
            .order_by(SeatAssignment.id)
        ).all()
    )
