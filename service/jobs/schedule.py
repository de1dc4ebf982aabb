"""What runs on its own and how often, and one pass over the jobs that are due."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from service.cases.retention import anonymise_closed_cases
from service.config import get_settings
from service.db import utcnow
from service.jobs import lease
from service.outcomes.deadlines import run_jobs as run_deadlines
from service.panels.no_reply import escalate_unanswered
from service.wording import counted

logger = logging.getLogger("convene.jobs")

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# A run still `running` this long after its claim belonged to a worker that died.
LEASE = timedelta(minutes=30)


@dataclass(frozen=True)
class Job:
    """A periodic job: its name (words in wording.py's "job"), period and work."""

    name: str
    period: timedelta
    work: Callable[[Session, datetime], tuple[int, str]]


def _deadlines(session: Session, now: datetime) -> tuple[int, str]:
    done = run_deadlines(session, now)
    return (
        done["overdue"] + done["reminders"],
        f"{counted(done['overdue'], 'agreement task')} flagged overdue, "
        f"{counted(done['reminders'], 'reminder')} queued",
    )


def _no_reply(session: Session, now: datetime) -> tuple[int, str]:
    n = escalate_unanswered(session, now)
    return n, f"{counted(n, 'unanswered invitation')} passed to the coordinator"


def _retention(session: Session, now: datetime) -> tuple[int, str]:
    days = get_settings().retention_days
    counts = anonymise_closed_cases(session, older_than_days=days, now=now)
    return counts["cases"], (
        f"{counted(counts['cases'], 'case')} closed over {days} days ago anonymised "
        f"({counted(counts['persons'], 'person')}, {counted(counts['messages'], 'message')})"
    )


# Reminders are queued for mid-morning in each program's zone (outcomes.deadlines), so the
# deadline job runs hourly; retention needs no more than a day's precision.
JOBS: tuple[Job, ...] = (
    Job("deadlines", timedelta(hours=1), _deadlines),
    Job("no_reply", timedelta(hours=1), _no_reply),
    Job("retention", timedelta(days=1), _retention),
)


def period_start(now: datetime, period: timedelta) -> datetime:
    """The start of the period `now` falls in (periods are counted from a fixed UTC instant)."""
    return EPOCH + ((now - EPOCH) // period) * period


@dataclass(frozen=True)
class Ran:
    """One job run by this worker in this pass."""

    job: str
    count: int | None
    error: str | None


def run_due(
    engine: Engine,
    owner: str,
    now: datetime | None = None,
    jobs: tuple[Job, ...] = JOBS,
) -> list[Ran]:
    """Run each job whose current period no worker has claimed yet; returns what this one ran."""
    now = now or utcnow()
    lease.ensure_rows(engine, [job.name for job in jobs])
    ran = []
    for job in jobs:
        if not lease.claim(engine, job.name, period_start(now, job.period), now, owner, LEASE):
            continue
        started = time.perf_counter()
        count, detail, error = None, None, None
        try:
            with Session(engine) as session:
                count, detail = job.work(session, now)
                session.commit()
        except Exception as exc:  # recorded on the row, shown to the admin, retried next period
            logger.exception("job %s failed", job.name)
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:500]
        lease.finish(
            engine,
            job.name,
            owner,
            finished_at=utcnow(),
            seconds=time.perf_counter() - started,
            count=count,
            detail=detail,
            error=error,
        )
        ran.append(Ran(job.name, count, error))
    return ran
