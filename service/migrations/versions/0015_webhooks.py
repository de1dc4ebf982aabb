"""webhooks: subscriptions, their delivery outbox, and updated_at on obligations

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 05:00:00

`updated_since` on the case, hearing and obligation lists filters on `updated_at`: obligations
get the column (filled from `created_at` for the rows already there, so none is left out of a
first sync), and the three columns an index each. `webhook_subscription` holds an API client's
endpoint, events and signing secret; `webhook_delivery` is the webhook channel of the outbox:
one row per event and subscription, written in the transaction of the change, then sent and
retried by the worker, with its last answer kept as the delivery log. New tables and a plain
ADD COLUMN: nothing is recreated on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa

import service.db
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = service.db.UtcDateTime


def upgrade() -> None:
    op.add_column("obligation", sa.Column("updated_at", UTC(), nullable=True))
    op.execute("UPDATE obligation SET updated_at = created_at")
    for table in ("case_record", "hearing", "obligation"):
        op.create_index(f"ix_{table}_updated_at", table, ["updated_at"])
    op.create_table(
        "webhook_subscription",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(),
                  sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("updated_at", UTC(), nullable=True),
    )  # fmt: skip
    op.create_index("ix_webhook_subscription_user_id", "webhook_subscription", ["user_id"])
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subscription_id", sa.Integer(),
                  sa.ForeignKey("webhook_subscription.id", ondelete="CASCADE"), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("event_type", sa.String(length=40), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", UTC(), nullable=False),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", UTC(), nullable=False),
        sa.Column("claimed_at", UTC(), nullable=True),
        sa.Column("delivered_at", UTC(), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'sending', 'delivered', 'failed')",
                           name="ck_webhook_delivery_status"),
        sa.CheckConstraint("attempts >= 0", name="ck_webhook_delivery_attempts"),
        sa.UniqueConstraint("subscription_id", "event_id", name="uq_webhook_delivery_event"),
    )  # fmt: skip
    op.create_index("ix_webhook_delivery_due", "webhook_delivery", ["status", "not_before"])
    op.create_index(
        "ix_webhook_delivery_subscription", "webhook_delivery", ["subscription_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_subscription")
    for table in ("case_record", "hearing", "obligation"):
        op.drop_index(f"ix_{table}_updated_at", table_name=table)
    op.drop_column("obligation", "updated_at")
