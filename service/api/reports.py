"""Program reports as JSON and CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from service import programs as programs_uc
from service.accounts.auth import Principal
from service.config import get_settings
from service.deps import CurrentUser, SessionDep
from service.errors import ERROR_RESPONSES, Invalid
from service.models import Neighborhood, Program
from service.programs import program_zone
from service.reports.program_report import monthly_csv, program_report, report_csv
from service.reports.scope import Scope, make_scope
from service.schemas.common import Day
from service.schemas.reports import ProgramReport

router = APIRouter(prefix="/reports", tags=["reports"], responses=ERROR_RESPONSES)
MAX_DAYS = 366 * 20


def _scope(
    session,
    principal: Principal,
    program_id: int | None,
    start: date,
    end: date,
    neighborhood_id: int | None,
) -> Scope:
    if end < start:
        raise Invalid("to must not be before from", field="to")
    if (end - start).days > MAX_DAYS:
        raise Invalid("a report covers at most 20 years", field="to")
    if program_id is not None:
        program = session.get(Program, program_id)
        if program is None:
            raise Invalid(f"program {program_id} does not exist", field="program_id")
        principal.require_program(program_id)
        programs = [program]
    else:
        programs = programs_uc.visible_programs(session, principal)
    if neighborhood_id is not None and session.get(Neighborhood, neighborhood_id) is None:
        raise Invalid(f"neighborhood {neighborhood_id} does not exist", field="neighborhood_id")
    # One program reports in its own zone; several in the service's default zone.
    zone = program_zone(programs[0]) if len(programs) == 1 else get_settings().zone
    return make_scope(session, [p.id for p in programs] or [-1], start, end, neighborhood_id, zone)


FromQ = Annotated[Day, Query(alias="from", description="first day, YYYY-MM-DD")]
ToQ = Annotated[Day, Query(alias="to", description="last day (inclusive), YYYY-MM-DD")]


@router.get("/program", response_model=ProgramReport)
def get_program_report(
    session: SessionDep,
    principal: CurrentUser,
    start: FromQ,
    end: ToQ,
    program_id: int | None = None,
    neighborhood_id: int | None = None,
) -> ProgramReport:
    """The program's figures for a period (and neighborhood) with a monthly series for charts."""
    return program_report(
        session, _scope(session, principal, program_id, start, end, neighborhood_id)
    )


@router.get(
    "/program.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "metric,value rows"}},
)
def get_program_report_csv(
    session: SessionDep,
    principal: CurrentUser,
    start: FromQ,
    end: ToQ,
    program_id: int | None = None,
    neighborhood_id: int | None = None,
    monthly: bool = False,
) -> Response:
    """The same figures as CSV (metric, value); with monthly=true, the monthly series instead."""
    scope = _scope(session, principal, program_id, start, end, neighborhood_id)
    report = program_report(session, scope, with_series=monthly)
    body = monthly_csv(report) if monthly else report_csv(report)
    name = f"convene-report-{start}-{end}{'-monthly' if monthly else ''}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
