"""Matching: pick a program and horizon, see the proposed panels and why, swap a seat, publish."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service import programs as programs_uc
from service.config import get_settings
from service.db import local_today
from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.models import Program
from service.panels import queries as panel_queries
from service.panels import runs
from service.programs import get_program, program_zone
from service.web.base import Csrf, PageUser, PageWriter, redirect, render

router = APIRouter(include_in_schema=False)


def _program(session, program_id: int, principal, *, write: bool = False) -> Program:
    program = get_program(session, program_id)
    principal.require_program(program.id, write=write)
    return program


@router.get("/matching", response_class=HTMLResponse)
def matching_home(request: Request, session: SessionDep, principal: PageUser) -> HTMLResponse:
    """Choose a program and horizon; recent runs."""
    programs = programs_uc.visible_programs(session, principal, active_only=True)
    recent, _ = panel_queries.list_runs(session, [p.id for p in programs], limit=10)
    today = local_today(get_settings().zone)
    return render(
        request,
        "matching/home.html",
        principal,
        programs=programs,
        recent=recent,
        start=today.isoformat(),
        end=(today + timedelta(days=28)).isoformat(),
        names={p.id: p.name for p in programs},
    )


@router.post("/matching/run")
async def run(request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf):
    """Solve the horizon's incomplete panels and show the proposal."""
    form = await request.form()
    program = _program(session, int(form.get("program_id") or 0), principal, write=True)
    zone = program_zone(program)
    try:
        start = datetime.combine(date.fromisoformat(form.get("start") or ""), time(0), zone)
        end = datetime.combine(
            date.fromisoformat(form.get("end") or ""), time(0), zone
        ) + timedelta(days=1)
    except ValueError:
        raise Invalid("give the first and last day of the horizon", field="start") from None
    result = runs.run_matching(session, program, start, end, principal, time_limit=10)
    return redirect(f"/matching/{program.id}/runs/{result.id}")


@router.get("/matching/{program_id}/runs/{run_id}", response_class=HTMLResponse)
def proposal(
    program_id: int, run_id: int, request: Request, session: SessionDep, principal: PageUser
) -> HTMLResponse:
    """Proposed panels with the reason and cost of each seat, and why empty seats stay empty."""
    program = _program(session, program_id, principal)
    result = runs.get_run(session, program_id, run_id)
    return render(
        request,
        "matching/run.html",
        principal,
        program=program,
        run=runs.run_public(session, result),
    )


@router.get("/matching/{program_id}/runs/{run_id}/candidates", response_class=HTMLResponse)
def candidates(
    program_id: int,
    run_id: int,
    hearing_id: int,
    role: str,
    request: Request,
    session: SessionDep,
    principal: PageUser,
) -> HTMLResponse:
    """Ranked alternatives for one seat (an htmx fragment)."""
    _program(session, program_id, principal)
    result = runs.get_run(session, program_id, run_id)
    found = panel_queries.candidates(session, result, hearing_id, role, k=5)
    return render(
        request,
        "matching/candidates.html",
        principal,
        run=result,
        hearing_id=hearing_id,
        role=role,
        found=[(c.found, c.volunteer_id, c.name, c.replaces) for c in found],
    )


@router.post("/matching/{program_id}/runs/{run_id}/swap")
async def swap(
    program_id: int,
    run_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Put a ranked candidate on a proposed seat."""
    _program(session, program_id, principal, write=True)
    form = await request.form()
    result = runs.get_run(session, program_id, run_id)
    replaces = form.get("replaces")
    runs.swap(
        session,
        result,
        int(form.get("hearing_id") or 0),
        form.get("role") or "",
        int(form.get("volunteer_id") or 0),
        int(replaces) if replaces else None,
    )
    return redirect(f"/matching/{program_id}/runs/{run_id}", "Seat swapped")


@router.post("/matching/{program_id}/runs/{run_id}/publish")
def publish(
    program_id: int,
    run_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Invite the proposed volunteers by text and email."""
    _program(session, program_id, principal, write=True)
    result = runs.get_run(session, program_id, run_id)
    try:
        seats = runs.publish(session, result, principal)
    except ConveneError as exc:
        session.rollback()
        reasons = "; ".join(d.get("reason", "") for d in exc.details[:3])
        return redirect(
            f"/matching/{program_id}/runs/{run_id}", f"Not published: {exc.message}. {reasons}"
        )
    return redirect(
        f"/matching/{program_id}/runs/{run_id}", f"Published: {len(seats)} volunteers invited"
    )
