"""Matching runs: propose panels for a program's horizon, adjust a seat, publish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service import audit
from service.api.common import PageDep
from service.deps import CurrentUser, SessionDep, Writer
from service.errors import ERROR_RESPONSES, Invalid
from service.panels import problem as problem_uc
from service.panels import queries as panel_queries
from service.panels import runs, swap
from service.programs import get_program
from service.schemas.common import AwareDatetime, Page
from service.schemas.matching import (
    CandidatePublic,
    MatchingRunCreate,
    MatchingRunPublic,
    PublishResult,
    SwapRequest,
)

router = APIRouter(prefix="/programs/{program_id}", tags=["matching"], responses=ERROR_RESPONSES)


def _program(session, program_id: int, principal, *, write: bool = False):
    program = get_program(session, program_id)
    principal.require_program(program.id, write=write)
    return program


@router.get("/matching-problem", summary="Export the convene-match/1 problem for a horizon")
def export_problem(
    program_id: int,
    session: SessionDep,
    principal: CurrentUser,
    start: Annotated[AwareDatetime, Query(alias="from")],
    end: Annotated[AwareDatetime, Query(alias="to")],
    all_hearings: bool = False,
) -> dict:
    """The matching problem in the public FORMAT (for support or benchmarking)."""
    program = _program(session, program_id, principal)
    if end <= start:
        raise Invalid("'to' must be after 'from'", field="to")
    return problem_uc.build_problem(session, program, start, end, incomplete_only=not all_hearings)


@router.post("/matching-runs", response_model=MatchingRunPublic, status_code=201)
def create_run(
    program_id: int, body: MatchingRunCreate, session: SessionDep, principal: Writer
) -> dict:
    """Solve the horizon's incomplete panels and keep the proposal (nothing is sent yet)."""
    program = _program(session, program_id, principal, write=True)
    run = runs.run_matching(
        session,
        program,
        body.start,
        body.end,
        principal,
        hearing_ids=set(body.hearing_ids) if body.hearing_ids else None,
        time_limit=body.time_limit,
    )
    audit.by(session, principal, "create", "matching_run", run.id)
    return runs.run_public(session, run)


@router.get("/matching-runs", response_model=Page[MatchingRunPublic])
def list_runs(program_id: int, session: SessionDep, principal: CurrentUser, page: PageDep) -> Page:
    """The program's runs, newest first."""
    _program(session, program_id, principal)
    rows, total = panel_queries.list_runs(
        session, [program_id], limit=page.limit, offset=page.offset
    )
    return Page(
        items=[runs.run_public(session, r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/matching-runs/{run_id}", response_model=MatchingRunPublic)
def get_run(program_id: int, run_id: int, session: SessionDep, principal: CurrentUser) -> dict:
    """One run with its proposal and explanations."""
    _program(session, program_id, principal)
    return runs.run_public(session, runs.get_run(session, program_id, run_id))


@router.get("/matching-runs/{run_id}/candidates", response_model=list[CandidatePublic])
def run_candidates(
    program_id: int,
    run_id: int,
    hearing_id: int,
    role: Annotated[str, Query(max_length=32)],
    session: SessionDep,
    principal: CurrentUser,
    k: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[CandidatePublic]:
    """The best volunteers for one seat, with the objective change each would cause."""
    _program(session, program_id, principal)
    run = runs.get_run(session, program_id, run_id)
    return [
        CandidatePublic(
            volunteer_id=c.volunteer_id,
            volunteer_name=c.name,
            delta=round(c.found.delta, 4),
            replaces=c.replaces,
            travel_km=round(c.found.travel_km, 2),
        )
        for c in panel_queries.candidates(session, run, hearing_id, role, k=k)
    ]


@router.post("/matching-runs/{run_id}/swap", response_model=MatchingRunPublic)
def swap_seat(
    program_id: int, run_id: int, body: SwapRequest, session: SessionDep, principal: Writer
) -> dict:
    """Put a ranked candidate on a proposed seat before publishing."""
    _program(session, program_id, principal, write=True)
    run = runs.get_run(session, program_id, run_id)
    swap.swap(session, run, body.hearing_id, body.role, body.volunteer_id, body.replaces, principal)
    return runs.run_public(session, run)


@router.post(
    "/matching-runs/{run_id}/publish",
    response_model=PublishResult,
    responses={409: {"description": "panels changed since the run; nothing was published"}},
)
def publish_run(
    program_id: int, run_id: int, session: SessionDep, principal: Writer
) -> PublishResult:
    """Invite the proposed volunteers; refuses (409) rather than double-book anyone."""
    _program(session, program_id, principal, write=True)
    run = runs.get_run(session, program_id, run_id)
    seats = runs.publish(session, run, principal)
    audit.by(
        session, principal, "publish", "matching_run", run.id, detail=f"{len(seats)} invitations"
    )
    return PublishResult(
        run_id=run.id,
        invited=len(seats),
        seat_ids=[s.id for s in seats],
        empty_seats=runs.empty_seats(run),
    )
