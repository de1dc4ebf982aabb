"""Schemas for confidential case notes."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field
from sqlmodel import SQLModel

from service.models.notes import NOTE_MAX, NoteKind


class CaseNoteBase(SQLModel):
    """What a note says, and whether the case's mediators read it too."""

    kind: NoteKind = NoteKind.mediation
    body: str = Field(min_length=1, max_length=NOTE_MAX)


class CaseNoteCreate(CaseNoteBase):
    """A new note."""

    model_config = {
        "json_schema_extra": {
            "examples": [{"kind": "mediation", "body": "Both parties prefer evening sessions."}]
        }
    }


class CaseNotePublic(CaseNoteBase):
    """A note as stored, with its author."""

    id: int
    case_id: int
    author: str | None
    created_at: datetime
