"""Confidential case notes: what a mediator or coordinator wrote down about a case."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from service.models.base import check_in, utc_field

NOTE_MAX = 8000


class NoteKind(StrEnum):
    """Who besides the program's coordinators reads a note."""

    mediation = "mediation"  # also the mediators seated on the case's hearings
    staff = "staff"  # the program's coordinators only


class CaseNote(SQLModel, table=True):
    """A note on a case, readable only by its mediators and its program's coordinators."""

    __tablename__ = "case_note"
    __table_args__ = (
        check_in("kind", NoteKind, "ck_case_note_kind"),
        Index("ix_case_note_case_created", "case_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE")
    author_user_id: int | None = Field(
        default=None, foreign_key="user_account.id", ondelete="SET NULL"
    )
    kind: str = Field(default=NoteKind.mediation.value, max_length=16)
    body: str = Field(max_length=NOTE_MAX)
    created_at: datetime = utc_field(default_now=True)
