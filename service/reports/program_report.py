"""The program report: every figure for a period, program(s) and neighborhood, and CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from service.reports import queries as q
from service.reports import series as monthly_series
from service.reports.scope import Scope
from service.schemas.reports import MonthFigures, ProgramReport

# Connections one report may use at once on PostgreSQL (the engine's pool holds 10 + 20).
PARALLEL_QUERIES = 4


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def run_queries(session: Session, s: Scope, tasks: dict[str, Callable]) -> dict[str, Any]:
    """Run independent report queries: side by side on PostgreSQL, one after another on SQLite."""
    bind = session.get_bind()
    if s.dialect != "postgresql" or not isinstance(bind, Engine):
        return {name: fn(session, s) for name, fn in tasks.items()}

    # Each query gets its own connection, so PostgreSQL runs them on several cores at once.
    def one(fn: Callable) -> Any:
        with Session(bind) as own:
            return fn(own, s)

    with ThreadPoolExecutor(max_workers=PARALLEL_QUERIES) as pool:
        futures = {name: pool.submit(one, fn) for name, fn in tasks.items()}
        return {name: f.result() for name, f in futures.items()}


def _totals(r: dict[str, Any], series: dict[str, dict[str, float]] | None) -> dict:
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
    referred, eligible, _ = r["referrals"]
    return {
        "referred": referred,
        "eligible": eligible,
        "held": r["hearings"]["held"],
        "no_show": r["hearings"]["no_show"],
        "agreements": r["agreements"],
        "hours": round(r["service_hours"], 2),
        "paid": r["restitution"],
    }


# Which neighborhood each figure is filtered by, when the report is for one (README).
NEIGHBORHOOD_BASIS = (
    "Case figures (referred to re-referral, hearings, hours, restitution, volunteers active, "
    "the survey's answers) "
    "count the cases in this neighborhood; volunteers trained and renewed count the volunteers "
    "who live in it."
)


def program_report(session: Session, s: Scope, *, with_series: bool = True) -> ProgramReport:
    """Compute the report; every figure is an SQL aggregate."""
    tasks: dict[str, Callable] = {
        "initiated": lambda session, s: q.referrals(session, s)[2],
        "closings": q.closings,
        "confirmations": q.confirmations,
        "re_referrals": q.re_referrals,
        "to_hearing": q.days_to_hearing,
        "to_completion": q.days_to_completion,
        "trained": q.volunteers_trained,
        "active": q.volunteers_active,
        "surveys": q.surveys,
    }
    if with_series:
        tasks |= {part.__name__: part for part in monthly_series.SERIES_PARTS}
    else:
        tasks |= {
            fn.__name__: fn
            for fn in (q.referrals, q.hearings, q.agreements, q.service_hours, q.restitution)
        }
    r = run_queries(session, s, tasks)
    series = (
        monthly_series.by_month(t for p in monthly_series.SERIES_PARTS for t in r[p.__name__])
        if with_series
        else None
    )
    t = _totals(r, series)
    closed = r["closings"]
    asked, confirmed = r["confirmations"]
    completers, followed_up, again = r["re_referrals"]
    trained, renewed = r["trained"]
    heard, to_hearing = r["to_hearing"]
    said = r["surveys"]
    texted = sum(v["texted"] for v in said.values())
    answered = sum(v["answered"] for v in said.values())
    role = lambda name: said.get(name, {"rated": 0, "fair": 0})  # noqa: E731
    return ProgramReport(
        program_ids=list(s.program_ids),
        neighborhood_id=s.neighborhood_id,
        period_from=s.start,
        period_to=s.end,
        time_zone=s.zone.key,
        neighborhood_basis=NEIGHBORHOOD_BASIS if s.neighborhood_id is not None else None,
        cases_referred=t["referred"],
        cases_ineligible=t["referred"] - t["eligible"],
        cases_eligible=t["eligible"],
        cases_initiated=r["initiated"],
        cases_heard=heard,
        cases_with_agreement=t["agreements"],
        cases_completed=closed["completed"],
        cases_completed_without_agreement=closed["completed_without_agreement"],
        cases_returned=closed["returned"],
        cases_withdrawn=closed["withdrawn"],
        cases_resolved=closed["resolved"],
        cases_initiated_closed=closed["initiated_closed"],
        completion_rate=_rate(closed["initiated_completed"], closed["initiated_closed"]),
        service_hours_completed=t["hours"],
        restitution_paid=t["paid"],
        volunteers_trained=trained,
        volunteers_renewed=renewed,
        volunteers_active=r["active"],
        hearings_held=t["held"],
        hearings_no_show=t["no_show"],
        participant_confirmation_rate=_rate(confirmed, asked),
        no_show_rate=_rate(t["no_show"], t["held"] + t["no_show"]),
        median_days_referral_to_hearing=to_hearing,
        median_days_hearing_to_completion=r["to_completion"][1],
        participants_completed=completers,
        participants_followed_up=followed_up,
        re_referred_within_12_months=again,
        re_referral_rate=_rate(again, followed_up),
        surveys_texted=texted,
        surveys_answered=answered,
        survey_response_rate=_rate(answered, texted),
        participants_rated_fairness=role("participant")["rated"],
        participants_rated_fair=role("participant")["fair"],
        participant_fair_share=_rate(role("participant")["fair"], role("participant")["rated"]),
        victims_rated_fairness=role("victim")["rated"],
        victims_rated_fair=role("victim")["fair"],
        victim_fair_share=_rate(role("victim")["fair"], role("victim")["rated"]),
        monthly=[
            MonthFigures(
                month=m, **{k: v for k, v in (series or {}).get(m, {}).items() if k != "eligible"}
            )
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
