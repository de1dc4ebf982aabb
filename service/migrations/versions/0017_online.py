"""online hearings: online venues with a meeting-link template, each hearing's own link, and a
preference for online or in person on programs and hearing kinds

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-02 05:00:00

`venue.online` (false for every existing venue) and `venue.meeting_template`
(`https://meet.jit.si/convene-{token}`, or NULL: the link is pasted per hearing);
`hearing.meeting_url`, the link of a hearing at an online venue; `program.prefers_mode` and
`hearing_kind.prefers_mode` (in_person, online or NULL), which the booking page proposes first.

Portability as in 0012: on SQLite a table CHECK would need batch mode, which recreates the table
(and drops 0010's triggers on `hearing`), so each CHECK is a column CHECK of ADD COLUMN there and
DROP COLUMN takes it away; PostgreSQL gets plain ADD COLUMN and ADD CONSTRAINT.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0017'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MODES = "('in_person', 'online')"  # service.models.base.MeetingMode
PREFERS = (("program", "ck_program_prefers_mode"), ("hearing_kind", "ck_hearing_kind_prefers_mode"))


def _text(length: int) -> sqlmodel.sql.sqltypes.AutoString:
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column(
        "venue", sa.Column("online", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("venue", sa.Column("meeting_template", _text(300), nullable=True))
    op.add_column("hearing", sa.Column("meeting_url", _text(500), nullable=True))
    for table, check in PREFERS:
        if postgres:
            op.add_column(table, sa.Column("prefers_mode", _text(16), nullable=True))
            op.create_check_constraint(check, table, f"prefers_mode IN {MODES}")
        else:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN prefers_mode VARCHAR(16) "
                f"CONSTRAINT {check} CHECK (prefers_mode IN {MODES})"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, check in PREFERS:
        if postgres:
            op.drop_constraint(check, table, type_="check")
        op.drop_column(table, "prefers_mode")
    op.drop_column("hearing", "meeting_url")
    op.drop_column("venue", "meeting_template")
    op.drop_column("venue", "online")
