"""Program reports as JSON and CSV."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from service.deps import CurrentUser, SessionDep
from service.errors import ERROR_RESPONSES
from service.reports import scope as report_scope
from service.reports.program_report import monthly_csv, program_report, report_csv
from service.schemas.common import Day
from service.schemas.reports import ProgramReport

router = APIRouter(prefix="/reports", tags=["reports"], responses=ERROR_RESPONSES)


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
        session, report_scope.scope_for(session, principal, program_id, start, end, neighborhood_id)
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
    scope = report_scope.scope_for(session, principal, program_id, start, end, neighborhood_id)
    report = program_report(session, scope, with_series=monthly)
    body = monthly_csv(report) if monthly else report_csv(report)
    name = f"convene-report-{start}-{end}{'-monthly' if monthly else ''}.csv"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
