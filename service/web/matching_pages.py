"""Matching: pick a program and horizon, see the proposed panels and why, swap a seat, publish."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service import programs as programs_uc
from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.models import Program
from service.panels import proposal as proposal_uc
from service.panels import queries as panel_queries
from service.panels import runs
from service.panels import swap as swap_uc
from service.programs import get_program, program_zone
from service.web.base import (
    Csrf,
    PageUser,
    PageWriter,
    form_errors,
    last_program,
    redirect,
    remember_program,
    render,
)

router = APIRouter(include_in_schema=False)


def _program(session, program_id: int, principal, *, write: bool = False) -> Program:
    program = get_program(session, program_id)
    principal.require_program(program.id, write=write)
    return program


def _number(form, field: str, *, optional: bool = False) -> int | None:
    """A whole number from the form, or a 422 naming the field and what was sent."""
    raw = (form.get(field) or "").strip()
    if not raw and optional:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Invalid(f"{field} must be a whole number, not {raw!r}", field=field) from None


def _home(request, session, principal, *, values=None, errors=None, status_code=200):
    programs = programs_uc.visible_programs(session, principal, active_only=True)
    recent, _ = panel_queries.list_runs(session, [p.id for p in programs], limit=10)
    chosen = programs_uc.default_program(session, programs, last_program(request))
    start, end = proposal_uc.default_horizon(chosen) if chosen else ("", "")
    return render(
        request,
        "matching/home.html",
        principal,
        status_code=status_code,
        programs=programs,
        recent=proposal_uc.recent_runs(recent, programs),
        values={"start": start, "end": end, "program_id": str(chosen.id) if chosen else ""}
        | (values or {}),
        errors=errors or {},
    )


@router.get("/matching", response_class=HTMLResponse)
def matching_home(request: Request, session: SessionDep, principal: PageUser) -> HTMLResponse:
    """Choose a program and horizon (its local today and four weeks on); recent runs."""
    return _home(request, session, principal)


@router.post("/matching/run")
async def run(request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf):
    """Solve the horizon's incomplete panels and show the proposal."""
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in ("program_id", "start", "end")}
    try:
        program = _program(session, _number(form, "program_id"), principal, write=True)
        zone = program_zone(program)
        days = {}
        for field in ("start", "end"):
            try:
                days[field] = date.fromisoformat(values[field])
            except ValueError:
                raise Invalid(
                    f"give a date like 2026-12-16, not {values[field]!r}", field=field
                ) from None
        start = datetime.combine(days["start"], time(0), zone)
        end = datetime.combine(days["end"], time(0), zone) + timedelta(days=1)
        if end <= start:
            raise Invalid("the last day must be on or after the first day", field="end")
        result = runs.run_matching(session, program, start, end, principal, time_limit=10)
    except Invalid as exc:
        return _home(
            request, session, principal, values=values, errors=form_errors(exc), status_code=422
        )
    response = redirect(f"/matching/{program.id}/runs/{result.id}")
    remember_program(response, program.id)
    return response


@router.get("/matching/{program_id}/runs/{run_id}", response_class=HTMLResponse)
def proposal(
    program_id: int, run_id: int, request: Request, session: SessionDep, principal: PageUser
) -> HTMLResponse:
    """Proposed panels: each hearing by case, venue and local time; each seat's reason in words."""
    program = _program(session, program_id, principal)
    result = runs.get_run(session, program_id, run_id)
    return render(
        request,
        "matching/run.html",
        principal,
        zone=program_zone(program),
        program=program,
        run=proposal_uc.proposal(session, result, program),
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
    replaces: int | None = None,
) -> HTMLResponse:
    """Ranked volunteers for the seat clicked (the one `replaces` holds, or an empty place)."""
    program = _program(session, program_id, principal)
    result = runs.get_run(session, program_id, run_id)
    return render(
        request,
        "matching/candidates.html",
        principal,
        zone=program_zone(program),
        run=result,
        seat=proposal_uc.candidates(session, result, program, hearing_id, role, replaces),
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
    """Put a ranked candidate on the seat clicked: the one `replaces` holds, or an empty place."""
    _program(session, program_id, principal, write=True)
    form = await request.form()
    result = runs.get_run(session, program_id, run_id)
    hearing_id = _number(form, "hearing_id")
    volunteer_id = _number(form, "volunteer_id")
    replaces = _number(form, "replaces", optional=True)
    swap_uc.swap(
        session,
        result,
        hearing_id,
        form.get("role") or "",
        volunteer_id,
        replaces,
        principal,
    )
    names = runs.volunteer_names(session, {volunteer_id, replaces} - {None})
    said = f"{names.get(volunteer_id, 'The volunteer')} " + (
        f"now sits in place of {names.get(replaces, 'the volunteer before')}"
        if replaces
        else "fills the empty place"
    )
    return redirect(
        f"/matching/{program_id}/runs/{run_id}", said, anchor=f"seat-{hearing_id}-{volunteer_id}"
    )


@router.post("/matching/{program_id}/runs/{run_id}/publish")
def publish(
    program_id: int,
    run_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Invite the proposed volunteers by text and email; say which seats stay empty."""
    program = _program(session, program_id, principal, write=True)
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
        f"/matching/{program_id}/runs/{run_id}",
        proposal_uc.publish_message(session, result, program, len(seats)),
        anchor="left-empty" if runs.empty_seats(result) else "",
    )
