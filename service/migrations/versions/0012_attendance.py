"""attendance: present, absent or excused, for each party and each seated volunteer

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:40:00

A hearing's outcome records who came in three answers (present, absent, excused), for the
parties (`party_confirmation.attendance`) and now for the volunteers who sat it
(`seat_assignment.attendance`). `party_confirmation.attended` stays, kept equal to
attendance = 'present' by the use case, for the readers that predate the three answers; the
existing yes/no answers are copied over here.

Portability. Each column carries a named CHECK. On PostgreSQL that is a plain ADD COLUMN and
ADD CONSTRAINT. On SQLite a table CHECK would need Alembic's batch mode, which recreates the
table and so drops migration 0010's triggers on `seat_assignment`; SQLite accepts a column
CHECK in ALTER TABLE ADD COLUMN instead, so the tables are never recreated, and DROP COLUMN
(SQLite 3.35+) removes a column together with its own CHECK.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VALUES = "('present', 'absent', 'excused')"  # service.models.base.AttendanceMark
COLUMNS = (
    ("party_confirmation", "ck_confirmation_attendance"),
    ("seat_assignment", "ck_seat_attendance"),
)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, check in COLUMNS:
        if postgres:
            op.add_column(
                table,
                sa.Column("attendance", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
            )
            op.create_check_constraint(check, table, f"attendance IN {VALUES}")
        else:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN attendance VARCHAR(8) "
                f"CONSTRAINT {check} CHECK (attendance IN {VALUES})"
            )
    op.execute(
        "UPDATE party_confirmation SET attendance = "
        "CASE WHEN attended THEN 'present' ELSE 'absent' END WHERE attended IS NOT NULL"
    )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, check in COLUMNS:
        if postgres:
            op.drop_constraint(check, table, type_="check")
            op.drop_column(table, "attendance")
        else:
            op.execute(f"ALTER TABLE {table} DROP COLUMN attendance")
