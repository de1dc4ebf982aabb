"""updated_at on venue, volunteer, program and seat_assignment: when each row last changed

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 02:30:00

A volunteer's calendar feed shows a venue's name and address, the volunteer's name, the
program's name and phone and each seat's answer. Its Last-Modified must move whenever any of
them does, so each of these rows now records its last change (the ORM sets it on every update;
NULL until the first, a row's creation shows in the hearing or seat that refers to it). Rows
from before this migration keep NULL until they next change: their earlier changes are already
behind any Last-Modified a client holds. Plain nullable ADD COLUMNs: no
table is recreated on SQLite (migration 0010's triggers on `seat_assignment` stay).
"""

from collections.abc import Sequence

import sqlalchemy as sa

import service.db
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("venue", "volunteer", "program", "seat_assignment")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("updated_at", service.db.UtcDateTime(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "updated_at")
