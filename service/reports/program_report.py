"""The program report: every figure for a period, program(s) and neighborhood, and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlmodel import Session

from service.reports import queries as q
from service.reports.scope import Scope
from service.schemas.reports import MonthFigures, ProgramReport


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _totals(session: Session, s: Scope, series: dict[str, dict[str, float]] | None) -> dict:
    """Period totals: summed from the monthly series when it was computed, else queried."""
    if series is not None:
        total = lambda k: sum(m.get(k, 0.0) for m in series.values())  # noqa: E731
        return {
            "referred": int(total("referred")),
            "eligible": int(total("eligible")),
            "held": int(total("held")),
            "no_show": int(total("no_show")),
            "agreements": int(total("agreements")),
            "hours": round(total("service_hours"), 2),
            "paid": round(total("restitution_paid"), 2),
        }
    referred, eligible = q.referrals(session, s)
    hearings = q.hearings(session, s)
    return {
        "referred": referred,
        "eligible": eligible,
        "held": hearings["held"],
        "no_show": hearings["no_show"],
        "agreements": q.agreements(session, s),
        "hours": round(q.service_hours(session, s), 2),
        "paid": q.restitution(session, s),
    }


def program_report(session: Session, s: Scope, *, with_series: bool = True) -> ProgramReport:
    """Compute the report (each figure one SQL aggregate)."""
    series = q.monthly(session, s) if with_series else None
    t = _totals(session, s, series)
    closed = q.closings(session, s)
    asked, confirmed = q.confirmations(session, s)
    completers, again = q.re_referrals(session, s)
    heard, to_hearing = q.days_to_hearing(session, s)
    return ProgramReport(
        program_ids=list(s.program_ids),
        neighborhood_id=s.neighborhood_id,
        period_from=s.start,
        period_to=s.end,
        time_zone=s.zone.key,
        cases_referred=t["referred"],
        cases_eligible=t["eligible"],
        cases_heard=heard,
        cases_with_agreement=t["agreements"],
        cases_completed=closed["completed"],
        cases_returned=closed["returned"],
        completion_rate=_rate(closed["completed"], closed["closed_with_agreement"]),
        service_hours_completed=t["hours"],
        restitution_paid=t["paid"],
        volunteers_trained=q.volunteers_trained(session, s),
        volunteers_active=q.volunteers_active(session, s),
        hearings_held=t["held"],
        hearings_no_show=t["no_show"],
        participant_confirmation_rate=_rate(confirmed, asked),
        no_show_rate=_rate(t["no_show"], t["held"] + t["no_show"]),
        median_days_referral_to_hearing=to_hearing,
        median_days_hearing_to_completion=q.days_to_completion(session, s)[1],
        participants_completed=completers,
        re_referred_within_12_months=again,
        re_referral_rate=_rate(again, completers),
        monthly=[
            MonthFigures(month=m, **{k: v for k, v in (series or {}).get(m, {}).items() if k != "eligible"})
            for m in _months(s.start, s.end)
        ]
        if with_series
        else [],
    )


def report_csv(report: ProgramReport) -> str:
    """The period's figures as two-column CSV: metric, value."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["metric", "value"])
    for key, value in report.model_dump(exclude={"monthly"}).items():
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        w.writerow([key, "" if value is None else value])
    return out.getvalue()


def monthly_csv(report: ProgramReport) -> str:
    """The monthly series as a CSV table, one row a month."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    cols = list(MonthFigures.model_fields)
    w.writerow(cols)
    for row in report.monthly:
        w.writerow([getattr(row, c) for c in cols])
    return out.getvalue()
