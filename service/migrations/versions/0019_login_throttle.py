"""Indexes for sign-in throttling: recent login events by actor and by address

Revision ID: 0019
Revises: 0014
Create Date: 2026-12-02 05:10:00

Failed sign-ins now slow the address they come from instead of locking the account
(service/accounts/lockout.py), counted from the audit trail: every attempt looks up the recent
events of its email and of its address. Without these indexes each lookup scanned every audit
event of the last hour, so a burst of guesses would have made every sign-in slower.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_actor_at", "audit_event", ["actor", "at"])
    op.create_index("ix_audit_ip_at", "audit_event", ["ip", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_ip_at", table_name="audit_event")
    op.drop_index("ix_audit_actor_at", table_name="audit_event")
