"""volunteer self-service links: a version signed into each link, raised to revoke them

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 02:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('volunteer') as batch:
        batch.add_column(
            sa.Column('self_service_version', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade() -> None:
    with op.batch_alter_table('volunteer') as batch:
        batch.drop_column('self_service_version')
