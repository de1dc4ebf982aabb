"""case notes: confidential notes for a case's mediators and its program's coordinators

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import service.db

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('case_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('author_user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=8000), nullable=False),
    sa.Column('created_at', service.db.UtcDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('mediation', 'staff')", name='ck_case_note_kind'),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_user_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.create_index('ix_case_note_case_created', ['case_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_note', schema=None) as batch_op:
        batch_op.drop_index('ix_case_note_case_created')

    op.drop_table('case_note')
