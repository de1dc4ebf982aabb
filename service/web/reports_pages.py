"""Reports: the figures programs publish, with readable charts, their tables, pickers and CSV."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service import programs as programs_uc
from service.db import local_today
from service.deps import SessionDep
from service.errors import ConveneError
from service.reports import scope
from service.reports.program_report import program_report
from service.web.base import PageUser, render
from service.web.report_charts import bar_chart

router = APIRouter(include_in_schema=False)

# The report's fields (API names) as the form names them.
FORM_FIELDS = {"from": "start", "to": "end", "program_id": "program_id"}
FORM_FIELDS |= {"neighborhood_id": "neighborhood_id"}


def _number(raw: str, label: str, errors: dict[str, str], name: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if (raw.isascii() and raw.isdigit()) and len(raw) < 10:
        return int(raw)
    errors[name] = f"{label}: “{raw}” is not one of the choices; pick one from the list"
    return None


def _day(raw: str, label: str, errors: dict[str, str], name: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = f"{label}: “{raw}” is not a date; expected a day such as 2026-01-31"
        return None


def charts_of(report, period: str) -> list[dict]:
    """The page's two charts, each with its figures as a table."""
    return [
        bar_chart(
            "cases",
            "Cases referred, heard and completed",
            report.monthly,
            [
                ("referred", "Referred", "c1"),
                ("held", "Heard", "c2"),
                ("completed", "Completed", "c3"),
            ],
            period=period,
        ),
        bar_chart(
            "hours",
            "Community service hours worked",
            report.monthly,
            [("service_hours", "Hours", "c2")],
            period=period,
        ),
    ]


@router.get("/reports", response_class=HTMLResponse)
def reports(
    request: Request,
    session: SessionDep,
    principal: PageUser,
    program_id: str = "",
    neighborhood_id: str = "",
    start: str = "",
    end: str = "",
) -> HTMLResponse:
    """A program's figures for a period and neighborhood, with charts and a CSV download.

    The period's days are the program's (the service's when several programs are shown); a
    refused period is shown again as typed, with the reason, and a 422."""
    typed = {"program_id": program_id, "neighborhood_id": neighborhood_id}
    typed |= {"start": start, "end": end}
    errors: dict[str, str] = {}
    program = _number(program_id, "Program", errors, "program_id")
    hood = _number(neighborhood_id, "Neighborhood", errors, "neighborhood_id")
    first = _day(start, "From", errors, "start")
    last = _day(end, "To", errors, "end")
    programs = programs_uc.visible_programs(session, principal)
    chosen = [p for p in programs if p.id == program]
    zone = scope.report_zone(chosen or programs)
    if not errors:
        last = last or local_today(zone)
        first = first or (last - timedelta(days=365))
        typed |= {"start": first.isoformat(), "end": last.isoformat()}
    report = None
    status = 422 if errors else 200
    if not errors:
        try:
            report = program_report(
                session, scope.scope_for(session, principal, program, first, last, hood)
            )
        except ConveneError as exc:
            status = exc.status_code if exc.status_code != 400 else 422
            for d in exc.details or [{"field": None, "reason": exc.message}]:
                errors[FORM_FIELDS.get(d.get("field") or "", "form")] = d["reason"]
    period = ""
    charts: list[dict] = []
    query: dict[str, str | int] = {}
    if report is not None:
        period = (
            f"{scope.day_words(report.period_from)} to {scope.day_words(report.period_to)}"
            f", days in {scope.zone_words(ZoneInfo(report.time_zone))}"
        )
        charts = charts_of(report, period) if report.monthly else []
        query = {"from": report.period_from.isoformat(), "to": report.period_to.isoformat()}
        query |= {"program_id": program} if program else {}
        query |= {"neighborhood_id": hood} if hood else {}
    return render(
        request,
        "reports.html",
        principal,
        status_code=status,
        programs=programs,
        hoods=programs_uc.neighborhoods(session),
        report=report,
        errors=errors,
        typed=typed,
        period=period,
        zone=zone,
        charts=charts,
        csv_url="/api/v1/reports/program.csv?" + urlencode(query),
        monthly_csv_url="/api/v1/reports/program.csv?" + urlencode(query | {"monthly": "true"}),
    )
