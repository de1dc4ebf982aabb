"""Schemas for programs, neighborhoods and venues."""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator
from sqlmodel import SQLModel

from service.models.base import MeetingMode, ObligationKind
from service.schemas.common import (
    Changes,
    ClockTime,
    Flag,
    Int,
    Number,
    Phone,
    Text,
    Weekday,
    check_window,
)
from service.schemas.meetings import MeetingTemplate

PREFERS = "in_person or online: which the booking page proposes first (null: no preference)"


class SeatSpec(SQLModel):
    """Seats of one role: how many, and which certifications each requires."""

    role: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")
    count: Int = Field(default=1, ge=1, le=10)
    requires: list[Text] = []
    staff_only: Flag = False


class HearingKindIn(SQLModel):
    """A kind of hearing and its seats."""

    code: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")
    name: Text = Field(min_length=1, max_length=200)
    duration_minutes: Int = Field(default=90, gt=0, le=720)
    seats: list[SeatSpec] = Field(min_length=1)
    prefers_mode: MeetingMode | None = Field(
        default=None, description=PREFERS + "; wins over the program's"
    )

    @field_validator("seats")
    @classmethod
    def _distinct_roles(cls, seats: list[SeatSpec]) -> list[SeatSpec]:
        roles = [s.role for s in seats]
        if len(roles) != len(set(roles)):
            raise ValueError("each role may appear once per hearing kind")
        return seats


class HearingKindPublic(HearingKindIn):
    """A hearing kind as stored."""

    id: Int


class ObligationTypeIn(SQLModel):
    """An obligation the program's agreements may include."""

    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    kind: ObligationKind
    name: Text = Field(min_length=1, max_length=200)
    default_target: Number | None = Field(default=None, gt=0)
    unit: Text | None = Field(default=None, max_length=16)
    cadence_days: Int | None = Field(default=None, gt=0)


class ObligationTypePublic(ObligationTypeIn):
    """An obligation type as stored."""

    id: Int


class ProgramBase(SQLModel):
    """Fields a program shares across create, update and read."""

    name: Text = Field(min_length=1, max_length=200)
    description: Text = Field(default="", max_length=2000)
    timezone: Text = "America/Los_Angeles"
    phone: Phone = None
    completion_window_days: Int = Field(default=56, gt=0, le=3650)
    reminder_days_before: list[Int] = [3, 1]
    obligation_reminder_days: list[Int] = [7, 1]
    screens_statutory_exclusions: Flag = False
    active: Flag = True
    prefers_mode: MeetingMode | None = Field(default=None, description=PREFERS)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("reminder_days_before", "obligation_reminder_days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(d < 0 or d > 60 for d in value):
            raise ValueError("reminder days must be between 0 and 60")
        return sorted(set(value), reverse=True)


class ProgramCreate(ProgramBase):
    """A new program with its hearing kinds and obligation types."""

    code: str = Field(min_length=2, max_length=32, pattern=r"^[A-Z][A-Z0-9_]*$")
    hearing_kinds: list[HearingKindIn] = []
    obligation_types: list[ObligationTypeIn] = []

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "code": "NJP",
                    "name": "Neighborhood Justice Program",
                    "phone": "+12139785000",
                    "completion_window_days": 56,
                    "screens_statutory_exclusions": True,
                    "hearing_kinds": [
                        {
                            "code": "panel",
                            "name": "Community panel",
                            "duration_minutes": 90,
                            "seats": [
                                {
                                    "role": "facilitator",
                                    "count": 1,
                                    "requires": ["njp_facilitator"],
                                },
                                {"role": "panelist", "count": 2, "requires": ["njp_panelist"]},
                            ],
                        }
                    ],
                    "obligation_types": [
                        {
                            "code": "service_hours",
                            "kind": "community_service",
                            "name": "Community service",
                            "default_target": 20,
                            "unit": "hours",
                        }
                    ],
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _unique_codes(self) -> ProgramCreate:
        for name, items in (
            ("hearing_kinds", self.hearing_kinds),
            ("obligation_types", self.obligation_types),
        ):
            codes = [i.code for i in items]
            if len(codes) != len(set(codes)):
                raise ValueError(f"{name}: codes must be unique")
        return self


class ProgramUpdate(Changes):
    """Fields of a program that may change; all optional."""

    clearable = frozenset({"phone", "prefers_mode"})

    name: Text | None = Field(default=None, min_length=1, max_length=200)
    description: Text | None = Field(default=None, max_length=2000)
    phone: Phone = None
    completion_window_days: Int | None = Field(default=None, gt=0, le=3650)
    reminder_days_before: list[Int] | None = None
    obligation_reminder_days: list[Int] | None = None

    @field_validator("reminder_days_before", "obligation_reminder_days")
    @classmethod
    def _days(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and any(d < 0 or d > 60 for d in value):
            raise ValueError("reminder days must be between 0 and 60")
        return sorted(set(value), reverse=True) if value is not None else None

    screens_statutory_exclusions: Flag | None = None
    active: Flag | None = None
    prefers_mode: MeetingMode | None = Field(default=None, description=PREFERS)


class ProgramPublic(ProgramBase):
    """A program as stored."""

    id: Int
    code: Text
    hearing_kinds: list[HearingKindPublic] = []
    obligation_types: list[ObligationTypePublic] = []


class NeighborhoodBase(SQLModel):
    """A neighborhood and its centroid."""

    name: Text = Field(min_length=1, max_length=120)
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)


class NeighborhoodCreate(NeighborhoodBase):
    """A new neighborhood."""

    model_config = {
        "json_schema_extra": {"examples": [{"name": "Hollywood", "lat": 34.0928, "lon": -118.3287}]}
    }


class NeighborhoodUpdate(Changes):
    """Fields of a neighborhood that may change."""

    name: Text | None = Field(default=None, min_length=1, max_length=120)
    lat: Number | None = Field(default=None, ge=-90, le=90)
    lon: Number | None = Field(default=None, ge=-180, le=180)


class NeighborhoodPublic(NeighborhoodBase):
    """A neighborhood as stored."""

    id: Int


class WeeklyWindow(SQLModel):
    """A weekly window in local program time, e.g. tue 18:00-21:00."""

    day: Weekday
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _order(self) -> WeeklyWindow:
        check_window(self.start, self.end)
        return self


class VenueBase(SQLModel):
    """Fields a venue shares across create, update and read."""

    name: Text = Field(min_length=1, max_length=200)
    address: Text = Field(min_length=1, max_length=300)
    neighborhood_id: Int | None = None
    lat: Number = Field(ge=-90, le=90)
    lon: Number = Field(ge=-180, le=180)
    accessibility_notes: Text = Field(default="", max_length=1000)
    capacity: Int | None = Field(default=None, gt=0)
    active: Flag = True
    online: Flag = Field(
        default=False, description="a video meeting instead of an address: nobody travels to it"
    )
    meeting_template: MeetingTemplate = Field(
        default=None,
        description="an online venue's link, {token} standing for each hearing's random room "
        "name, e.g. https://meet.jit.si/convene-{token}; null: a link is pasted per hearing",
    )

    @model_validator(mode="after")
    def _template_online(self):
        if self.meeting_template and not self.online:
            raise ValueError("only an online venue has a meeting link template")
        return self


class VenueCreate(VenueBase):
    """A new venue with its weekly windows."""

    windows: list[WeeklyWindow] = []

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "name": "Hollywood Community Police Station community room",
                    "address": "1358 N Wilcox Ave, Los Angeles, CA 90028",
                    "lat": 34.0958,
                    "lon": -118.3306,
                    "accessibility_notes": "Step-free entrance on Wilcox",
                    "windows": [{"day": "tue", "start": "18:00", "end": "21:00"}],
                }
            ]
        }
    }


class VenueUpdate(Changes):
    """Fields of a venue that may change; `windows` replaces all windows when given."""

    clearable = frozenset({"neighborhood_id", "capacity", "meeting_template"})

    name: Text | None = Field(default=None, min_length=1, max_length=200)
    address: Text | None = Field(default=None, min_length=1, max_length=300)
    neighborhood_id: Int | None = None
    lat: Number | None = Field(default=None, ge=-90, le=90)
    lon: Number | None = Field(default=None, ge=-180, le=180)
    accessibility_notes: Text | None = Field(default=None, max_length=1000)
    capacity: Int | None = Field(default=None, gt=0)
    active: Flag | None = None
    online: Flag | None = None
    meeting_template: MeetingTemplate = None
    windows: list[WeeklyWindow] | None = None


class VenuePublic(VenueBase):
    """A venue as stored."""

    id: Int
    windows: list[WeeklyWindow] = []
