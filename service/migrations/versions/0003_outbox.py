"""outbox: message kind, audience, zone, html, ics method, claim time; longer error codes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:16:04.564394
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import service.db

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('time_zone', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('html', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('ics_method', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', service.db.UtcDateTime(), nullable=True))
        # "unknown_after_crash" and similar codes do not fit in 16 characters.
        batch_op.alter_column('error_code',
               existing_type=sa.VARCHAR(length=16),
               type_=sqlmodel.sql.sqltypes.AutoString(length=32),
               existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('error_code',
               existing_type=sqlmodel.sql.sqltypes.AutoString(length=32),
               type_=sa.VARCHAR(length=16),
               existing_nullable=True)
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('ics_method')
        batch_op.drop_column('html')
        batch_op.drop_column('time_zone')
        batch_op.drop_column('audience')
        batch_op.drop_column('kind')
