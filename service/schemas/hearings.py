"""Schemas for hearings, seats and party confirmations."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from sqlmodel import SQLModel

from service.models.base import ConfirmationStatus, HearingStatus, SeatStatus
from service.schemas.common import (
    AwareDatetime,
    Changes,
    Flag,
    Instant,
    Int,
    Language,
    Text,
)
from service.schemas.meetings import MeetingLink

LINK = (
    "an online venue's video-meeting link pasted for this hearing (https://...); when absent, "
    "the venue's template makes one with a random room name"
)


class HearingCreate(SQLModel):
    """Book a hearing for a case at a venue; the end defaults to start plus the kind's duration."""

    case_id: Int
    kind: Text = Field(min_length=1, max_length=32, description="hearing kind code, e.g. panel")
    venue_id: Int
    start: AwareDatetime
    end: AwareDatetime | None = None
    language: Language | None = None
    allow_outside_venue_hours: Flag = False
    meeting_url: MeetingLink = Field(default=None, description=LINK)

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


class HearingUpdate(Changes):
    """Reschedule, move or change the status of a hearing."""

    clearable = frozenset({"language", "meeting_url"})

    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    venue_id: Int | None = None
    language: Language | None = None
    status: HearingStatus | None = None
    allow_outside_venue_hours: Flag = False
    meeting_url: MeetingLink = Field(
        default=None,
        description="a new video-meeting link for an online hearing (everyone on it is told); "
        "moving to an online venue without one makes one from its template",
    )

    @model_validator(mode="after")
    def _order(self):
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class SeatCreate(SQLModel):
    """Put a volunteer on a seat of a hearing by hand."""

    volunteer_id: Int
    role: Text = Field(min_length=1, max_length=32)

    model_config = {"json_schema_extra": {"examples": [{"volunteer_id": 17, "role": "panelist"}]}}


class SeatPublic(SQLModel):
    """A volunteer's seat on a hearing."""

    id: Int
    volunteer_id: Int
    volunteer_name: Text
    role: Text
    status: SeatStatus
    responded_at: Instant | None


class ConfirmationPublic(SQLModel):
    """A party's confirmation of a hearing."""

    party_id: Int
    role: Text
    person_name: Text
    status: ConfirmationStatus
    responded_at: Instant | None


class ConfirmationRecord(SQLModel):
    """A party's answer a coordinator took outside texts."""

    status: ConfirmationStatus = Field(
        description="confirmed, or reschedule_requested (asked for another time)"
    )
    by: Literal["phone", "in_person", "email"] = "phone"


class HearingPublic(SQLModel):
    """A hearing as stored, in UTC with the program's local time alongside."""

    id: Int
    case_id: Int
    program_id: Int
    kind: Text
    venue_id: Int
    online: Flag = Field(default=False, description="held by video at an online venue")
    meeting_url: Text | None = Field(default=None, description="the video meeting's link")
    start: Instant
    end: Instant
    local_start: Text = Field(description="start in the program's time zone, ISO 8601 with offset")
    status: HearingStatus
    language: Text | None
    sequence: Int
    ical_uid: Text
    needs_attention: Text | None
    updated_at: Instant = Field(
        description="last change to the hearing, its seats or confirmations"
    )
    seats: list[SeatPublic] = []
    confirmations: list[ConfirmationPublic] = []
