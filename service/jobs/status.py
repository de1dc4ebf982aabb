"""The jobs' board for an administrator: each job, how often it runs, its last run, the next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from service.jobs.lease import last_runs
from service.jobs.schedule import JOBS, period_start
from service.models import JobRun


@dataclass(frozen=True)
class JobLine:
    """One job on the board."""

    name: str
    every: str
    last: JobRun | None
    next_period: datetime


def _every(period: timedelta) -> str:
    hours = period.total_seconds() / 3600
    return "every hour" if hours == 1 else "every day" if hours == 24 else f"every {hours:g} hours"


def job_board(session: Session, now: datetime) -> list[JobLine]:
    """Every job with its last run (None before the first) and when its next period starts."""
    rows = {name: row for name, row in last_runs(session).items() if row.runs}
    return [
        JobLine(
            name=job.name,
            every=_every(job.period),
            last=rows.get(job.name),
            next_period=period_start(now, job.period) + job.period,
        )
        for job in JOBS
    ]
