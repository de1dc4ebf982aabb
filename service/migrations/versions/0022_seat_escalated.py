"""seat_assignment.escalated_at: when the coordinator was told an invitation went unanswered

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 08:00:00

The no-reply escalation (service/panels/no_reply.py) used to find the seats it had already told
the coordinator about by matching "(seat N)" in the case history's text, which also showed a
coordinator that internal number. The seat now records it. Existing escalations carry over from
their case events, whose text loses the number.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa

import service.db
from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEAT = re.compile(r" \(seat (\d+)\)$")


def upgrade() -> None:
    op.add_column(
        "seat_assignment", sa.Column("escalated_at", service.db.UtcDateTime(), nullable=True)
    )
    bind = op.get_bind()
    events = sa.table("case_event", sa.column("id"), sa.column("kind"), sa.column("detail"),
                      sa.column("at", service.db.UtcDateTime()))  # fmt: skip
    seats = sa.table("seat_assignment", sa.column("id"),
                     sa.column("escalated_at", service.db.UtcDateTime()))  # fmt: skip
    rows = bind.execute(
        sa.select(events.c.id, events.c.detail, events.c.at).where(
            events.c.kind == "seat_unanswered"
        )
    ).all()
    for event_id, detail, at in rows:
        found = SEAT.search(detail or "")
        if not found:
            continue
        bind.execute(
            seats.update().where(seats.c.id == int(found.group(1))).values(escalated_at=at)
        )
        bind.execute(
            events.update().where(events.c.id == event_id).values(detail=SEAT.sub("", detail))
        )


def downgrade() -> None:
    op.drop_column("seat_assignment", "escalated_at")
