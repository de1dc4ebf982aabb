"""survey questions per language: survey_question_text replaces text_en and text_es

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 07:45:00

A program's survey questions were written in two columns, English and Spanish; a program that
serves Korean or Armenian readers could not write them in theirs. Each question's words are now
one row per language in `survey_question_text` (question, language, text). The upgrade copies
every non-empty English and Spanish text there, then drops the two columns; the surveys already
sent keep their questions as they were, rewritten from {"text_en", "text_es"} to {"texts":
{"en", "es"}}. The downgrade puts English and Spanish back (empty where a question had none)
and drops the texts of any other language: the old schema has nowhere to keep them.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("en", "es")
survey = sa.table("survey", sa.column("id", sa.Integer), sa.column("questions", sa.JSON))


def _rewrite_surveys(change) -> None:
    """Apply `change` to each question every stored survey keeps."""
    bind = op.get_bind()
    for sid, questions in bind.execute(sa.select(survey.c.id, survey.c.questions)).all():
        if isinstance(questions, str):  # a driver that hands JSON back as text
            questions = json.loads(questions)
        rewritten = [change(dict(q)) for q in questions or []]
        bind.execute(survey.update().where(survey.c.id == sid).values(questions=rewritten))


def _to_texts(q: dict) -> dict:
    texts = {lang: q.pop(f"text_{lang}", "") for lang in OLD}
    q["texts"] = {lang: text for lang, text in texts.items() if text}
    return q


def _to_columns(q: dict) -> dict:
    texts = q.pop("texts", {}) or {}
    return q | {f"text_{lang}": texts.get(lang, "") for lang in OLD}


def upgrade() -> None:
    bind = op.get_bind()
    old = sa.table(
        "survey_question", sa.column("id", sa.Integer),
        *(sa.column(f"text_{lang}", sa.String) for lang in OLD),
    )  # fmt: skip
    rows = bind.execute(sa.select(old)).all()
    # Columns first, the new table after: on SQLite the batch rebuild drops and recreates
    # survey_question, which would cascade to rows already pointing at it.
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        batch_op.drop_column('text_en')
        batch_op.drop_column('text_es')
    texts = op.create_table(
        'survey_question_text',
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('question_id', 'language'),
    )
    copied = [
        {"question_id": qid, "language": lang, "text": text}
        for qid, *words in rows
        for lang, text in zip(OLD, words, strict=True)
        if text
    ]
    if copied:
        op.bulk_insert(texts, copied)
    _rewrite_surveys(_to_texts)


def downgrade() -> None:
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        for lang in OLD:
            batch_op.add_column(
                sa.Column(
                    f'text_{lang}',
                    sqlmodel.sql.sqltypes.AutoString(length=300),
                    nullable=False,
                    server_default='',
                )
            )
    for lang in OLD:
        op.execute(
            f"UPDATE survey_question SET text_{lang} = COALESCE((SELECT t.text FROM "
            f"survey_question_text t WHERE t.question_id = survey_question.id "
            f"AND t.language = '{lang}'), '')"
        )
    op.drop_table('survey_question_text')
    with op.batch_alter_table('survey_question', schema=None) as batch_op:
        for lang in OLD:
            batch_op.alter_column(f'text_{lang}', server_default=None)
    _rewrite_surveys(_to_columns)
