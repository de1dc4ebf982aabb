"""survey_question, survey and survey_answer: the participants' own verdict by text

Revision ID: 0018
Revises: 0014
Create Date: 2026-12-02 04:50:00

After a hearing is held, each party who was there and takes texts is asked two or three short
questions (a program's own, or the defaults), one at a time. `survey` keeps the questions as
they were when it began (so editing them later changes no survey under way), how far it got
and when it closes; `survey_answer` one row an answer. New tables only.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

import service.db
from alembic import op

revision: str = '0018'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "kind IN ('scale', 'yes_no')"
STATUSES = "status IN ('open', 'completed', 'stopped', 'unanswered', 'not_texted')"


def upgrade() -> None:
    op.create_table('survey_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('text_en', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('text_es', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('fairness', sa.Boolean(), nullable=False),
    sa.Column('updated_at', service.db.UtcDateTime(), nullable=False),
    sa.CheckConstraint(KINDS, name='ck_survey_question_kind'),
    sa.ForeignKeyConstraint(['program_id'], ['program.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('program_id', 'position', name='uq_survey_question_position')
    )
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_question_program_id'), ['program_id'], unique=False)

    op.create_table('survey',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hearing_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('asked_at', service.db.UtcDateTime(), nullable=True),
    sa.Column('closes_at', service.db.UtcDateTime(), nullable=True),
    sa.Column('created_at', service.db.UtcDateTime(), nullable=False),
    sa.Column('closed_at', service.db.UtcDateTime(), nullable=True),
    sa.CheckConstraint(STATUSES, name='ck_survey_status'),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hearing_id'], ['hearing.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hearing_id', 'party_id', name='uq_survey_hearing_party')
    )
    with op.batch_alter_table('survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_hearing_id'), ['hearing_id'], unique=False)
        batch_op.create_index('ix_survey_phone_status', ['phone', 'status'], unique=False)

    op.create_table('survey_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('fairness', sa.Boolean(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('reply', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('answered_at', service.db.UtcDateTime(), nullable=False),
    sa.CheckConstraint(KINDS, name='ck_survey_answer_kind'),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('survey_id', 'position', name='uq_survey_answer_position')
    )
    with op.batch_alter_table('survey_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_answer_survey_id'), ['survey_id'], unique=False)


def downgrade() -> None:
    op.drop_table('survey_answer')
    op.drop_table('survey')
    op.drop_table('survey_question')
