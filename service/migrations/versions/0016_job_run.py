"""job_run: the periodic jobs' lease and last run

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02 05:10:00

`convene worker` (and the in-server thread) runs deadline reminders, overdue flags, the
volunteer no-reply escalation and retention on their schedules. However many workers run, each
job runs once per period: a worker claims the job's row for the period with one conditional
UPDATE (row locks on PostgreSQL, the single writer on SQLite), and the row keeps the last run's
outcome, duration and count for the admin page and /metrics. A new table: nothing else changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa

import service.db
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_run",
        sa.Column("job", sa.String(length=40), primary_key=True),
        sa.Column("period_start", service.db.UtcDateTime(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=True),
        sa.Column("owner", sa.String(length=120), nullable=True),
        sa.Column("lease_until", service.db.UtcDateTime(), nullable=True),
        sa.Column("started_at", service.db.UtcDateTime(), nullable=True),
        sa.Column("finished_at", service.db.UtcDateTime(), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("runs", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.CheckConstraint(
            "status IN ('running', 'succeeded', 'failed')", name="ck_job_run_status"
        ),
    )


def downgrade() -> None:
    op.drop_table("job_run")
