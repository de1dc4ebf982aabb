"""Reports: the figures programs publish, with charts (SVG drawn here), pickers and CSV."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service import programs as programs_uc
from service.config import get_settings
from service.db import local_today
from service.deps import SessionDep
from service.errors import ConveneError
from service.programs import program_zone
from service.reports import scope
from service.reports.program_report import program_report
from service.web.base import PageUser, render

router = APIRouter(include_in_schema=False)


def bar_chart(months: list, series: list[tuple[str, str, str]], *, height: int = 180) -> dict:
    """Grouped bars for a few series by month, as plain numbers for the SVG template."""
    width_per = 14 * len(series) + 10
    peak = max([getattr(m, key) for m in months for key, _l, _c in series] + [1])
    bars = []
    for i, m in enumerate(months):
        for j, (key, _label, css) in enumerate(series):
            value = getattr(m, key)
            h = round((height - 30) * value / peak)
            bars.append(
                {
                    "x": 40 + i * width_per + j * 14,
                    "y": height - 20 - h,
                    "h": h,
                    "css": css,
                    "title": f"{m.month}: {value:g}",
                }
            )
    labels = [{"x": 40 + i * width_per, "text": m.month[2:]} for i, m in enumerate(months)]
    return {
        "bars": bars,
        "labels": labels,
        "width": 50 + len(months) * width_per,
        "height": height,
        "peak": peak,
        "legend": [(label, css) for _k, label, css in series],
    }


@router.get("/reports", response_class=HTMLResponse)
def reports(
    request: Request,
    session: SessionDep,
    principal: PageUser,
    program_id: int | None = None,
    neighborhood_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> HTMLResponse:
    """A program's figures for a period and neighborhood, with charts and a CSV download."""
    programs = programs_uc.visible_programs(session, principal)
    hoods = programs_uc.neighborhoods(session)
    chosen = next((p for p in programs if p.id == program_id), None)
    end = end or local_today(program_zone(chosen) if chosen else get_settings().zone)
    start = start or (end - timedelta(days=365))
    error, report = None, None
    try:
        report = program_report(
            session, scope.scope_for(session, principal, program_id, start, end, neighborhood_id)
        )
    except ConveneError as exc:
        error = exc.message
    query = {"from": start.isoformat(), "to": end.isoformat()}
    if program_id:
        query["program_id"] = program_id
    if neighborhood_id:
        query["neighborhood_id"] = neighborhood_id
    charts = None
    if report and report.monthly:
        charts = {
            "cases": bar_chart(
                report.monthly,
                [
                    ("referred", "Referred", "c1"),
                    ("held", "Heard", "c2"),
                    ("completed", "Completed", "c3"),
                ],
            ),
            "hours": bar_chart(report.monthly, [("service_hours", "Service hours", "c2")]),
        }
    return render(
        request,
        "reports.html",
        principal,
        programs=programs,
        hoods=hoods,
        report=report,
        error=error,
        program_id=program_id,
        neighborhood_id=neighborhood_id,
        start=start,
        end=end,
        charts=charts,
        csv_url="/api/v1/reports/program.csv?" + urlencode(query),
        monthly_csv_url="/api/v1/reports/program.csv?" + urlencode(query | {"monthly": "true"}),
    )
