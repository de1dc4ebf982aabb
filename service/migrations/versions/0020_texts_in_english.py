"""texts in English by a coordinator's choice: person and volunteer texts_in_english_ok_at

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 05:50:00

Someone whose language has no complete set of texts is no longer texted in English silently
(service/messaging/languages.py): they are not texted until a coordinator chooses English, and
this column records when (who chose is in the audit trail). Existing rows start NULL, so people
already in the database who read Korean or Armenian stop getting English texts until chosen.
"""

from collections.abc import Sequence

import sqlalchemy as sa

import service.db
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("person", "volunteer")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(
            table, sa.Column("texts_in_english_ok_at", service.db.UtcDateTime(), nullable=True)
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "texts_in_english_ok_at")
