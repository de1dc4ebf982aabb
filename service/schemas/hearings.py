"""Schemas for hearings, seats and party confirmations."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, model_validator
from sqlmodel import SQLModel

from service.models.base import ConfirmationStatus, HearingStatus, SeatStatus
from service.schemas.common import AwareDatetime, Language


class HearingCreate(SQLModel):
    """Book a hearing for a case at a venue; the end defaults to start plus the kind's duration."""

    case_id: int
    kind: str = Field(min_length=1, max_length=32, description="hearing kind code, e.g. panel")
    venue_id: int
    start: AwareDatetime
    end: AwareDatetime | None = None
    language: Language | None = None
    allow_outside_venue_hours: bool = False

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "case_id": 1,
                    "kind": "panel",
                    "venue_id": 2,
                    "start": "2026-12-08T18:30:00-08:00",
                    "language": "es",
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _order(self):
        if self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class HearingUpdate(SQLModel):
    """Reschedule, move or change the status of a hearing."""

    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    venue_id: int | None = None
    language: Language | None = None
    status: HearingStatus | None = None
    allow_outside_venue_hours: bool = False

    @model_validator(mode="after")
    def _order(self):
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class SeatCreate(SQLModel):
    """Put a volunteer on a seat of a hearing by hand."""

    volunteer_id: int
    role: str = Field(min_length=1, max_length=32)

    model_config = {"json_schema_extra": {"examples": [{"volunteer_id": 17, "role": "panelist"}]}}


class SeatPublic(SQLModel):
    """A volunteer's seat on a hearing."""

    id: int
    volunteer_id: int
    volunteer_name: str
    role: str
    status: SeatStatus
    responded_at: datetime | None


class ConfirmationPublic(SQLModel):
    """A party's confirmation of a hearing."""

    party_id: int
    role: str
    person_name: str
    status: ConfirmationStatus
    responded_at: datetime | None


class HearingPublic(SQLModel):
    """A hearing as stored, in UTC with the program's local time alongside."""

    id: int
    case_id: int
    program_id: int
    kind: str
    venue_id: int
    start: datetime
    end: datetime
    local_start: str = Field(description="start in the program's time zone, ISO 8601 with offset")
    status: HearingStatus
    language: str | None
    sequence: int
    ical_uid: str
    needs_attention: str | None
    seats: list[SeatPublic] = []
    confirmations: list[ConfirmationPublic] = []
