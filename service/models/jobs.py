"""The periodic jobs' ledger: one row per job, holding its lease and its last run."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utc_field


class JobRun(SQLModel, table=True):
    """A job's current period (claimed by one worker at a time) and how its last run went."""

    __tablename__ = "job_run"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'succeeded', 'failed')", name="ck_job_run_status"),
    )

    job: str = Field(primary_key=True, max_length=40)
    # The start of the period last claimed: a worker runs the job only for a later period.
    period_start: datetime | None = utc_field(nullable=True)
    status: str | None = Field(default=None, max_length=10)
    owner: str | None = Field(default=None, max_length=120)
    # A run whose worker died before finishing may be taken over once this has passed.
    lease_until: datetime | None = utc_field(nullable=True)
    started_at: datetime | None = utc_field(nullable=True)
    finished_at: datetime | None = utc_field(nullable=True)
    duration_seconds: float | None = None
    count: int | None = None
    detail: str | None = Field(default=None, max_length=500)
    error: str | None = Field(default=None, max_length=500)
    runs: int = 0
    failures: int = 0
