"""The job_run row lease: one conditional UPDATE claims a job's period for one worker.

Two workers racing for the same period both send the UPDATE; PostgreSQL makes the second wait
for the first's row lock and then re-checks its WHERE against the committed row, SQLite lets one
writer at a time in: either way exactly one sees a row change. A worker that dies mid-run leaves
its row `running` with a lease that runs out, and the next worker may take the period over (the
dead run's own transaction never committed, so nothing is done twice).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from service.models import JobRun

RUNNING, SUCCEEDED, FAILED = "running", "succeeded", "failed"


def ensure_rows(engine: Engine, names: list[str]) -> None:
    """Give every job its row (once; concurrent workers may both try)."""
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    with engine.begin() as conn:
        for name in names:
            conn.execute(insert(JobRun.__table__).values(job=name).on_conflict_do_nothing())


def claim(
    engine: Engine, job: str, period_start: datetime, now: datetime, owner: str, lease: timedelta
) -> bool:
    """Take `job` for the period starting at `period_start`; False when another worker has it
    (or it already ran, or failed, in this period: a failure is retried the next period)."""
    t = JobRun.__table__.c
    with engine.begin() as conn:
        changed = conn.execute(
            update(JobRun)
            .where(
                t.job == job,
                or_(
                    t.period_start.is_(None),
                    t.period_start < period_start,
                    and_(
                        t.period_start == period_start,
                        t.status == RUNNING,
                        t.lease_until < now,
                    ),
                ),
            )
            .values(
                period_start=period_start,
                status=RUNNING,
                owner=owner,
                started_at=now,
                lease_until=now + lease,
            )
        ).rowcount
    return changed == 1


def finish(
    engine: Engine,
    job: str,
    owner: str,
    *,
    finished_at: datetime,
    seconds: float,
    count: int | None,
    detail: str | None,
    error: str | None,
) -> None:
    """Record how the run went (only the worker holding the lease may)."""
    t = JobRun.__table__.c
    with engine.begin() as conn:
        conn.execute(
            update(JobRun)
            .where(t.job == job, t.owner == owner, t.status == RUNNING)
            .values(
                status=FAILED if error else SUCCEEDED,
                finished_at=finished_at,
                lease_until=None,
                duration_seconds=seconds,
                count=count,
                detail=detail,
                error=error,
                runs=t.runs + 1,
                failures=t.failures + (1 if error else 0),
            )
        )


def last_runs(session: Session) -> dict[str, JobRun]:
    """Each job's row, by name."""
    return {row.job: row for row in session.exec(select(JobRun)).all()}
