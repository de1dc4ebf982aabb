"""Schemas for volunteers, certifications, availability, blackouts and conflicts."""

from __future__ import annotations

from pydantic import EmailStr, Field, model_validator
from sqlmodel import SQLModel

from service.schemas.common import (
    AwareDatetime,
    Changes,
    Day,
    Flag,
    Instant,
    Int,
    Language,
    Number,
    Phone,
    Text,
    ZipCode,
)
from service.schemas.programs import WeeklyWindow


class CertificationBase(SQLModel):
    """A completed training."""

    name: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    completed_on: Day
    expires_on: Day | None = None
    training_hours: Number = Field(default=0, ge=0, le=1000)

    @model_validator(mode="after")
    def _dates(self):
        if self.expires_on is not None and self.expires_on < self.completed_on:
            raise ValueError("expires_on must not be before completed_on")
        return self


class CertificationCreate(CertificationBase):
    """A new certification."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "name": "njp_panelist",
                    "completed_on": "2026-03-14",
                    "expires_on": "2028-03-14",
                    "training_hours": 25,
                }
            ]
        }
    }


class CertificationPublic(CertificationBase):
    """A certification as stored."""

    id: Int
    volunteer_id: Int


class BlackoutCreate(SQLModel):
    """A period when a volunteer cannot sit."""

    start: AwareDatetime
    end: AwareDatetime
    reason: Text = Field(default="", max_length=200)

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "start": "2026-12-21T00:00:00-08:00",
                    "end": "2027-01-04T00:00:00-08:00",
                    "reason": "Holidays",
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _order(self):
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class BlackoutPublic(SQLModel):
    """A blackout as stored (UTC)."""

    id: Int
    volunteer_id: Int
    start: Instant
    end: Instant
    reason: Text


class ConflictCreate(SQLModel):
    """A recusal: the volunteer must not sit on hearings involving this person."""

    person_id: Int
    reason: Text = Field(default="", max_length=300)

    model_config = {"json_schema_extra": {"examples": [{"person_id": 12, "reason": "Neighbor"}]}}


class ConflictPublic(ConflictCreate):
    """A conflict as stored."""

    id: Int
    volunteer_id: Int


class AvailabilityPut(SQLModel):
    """The whole weekly availability of a volunteer (replaces what is stored)."""

    windows: list[WeeklyWindow]

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "windows": [
                        {"day": "tue", "start": "17:30", "end": "21:00"},
                        {"day": "sat", "start": "09:00", "end": "13:00"},
                    ]
                }
            ]
        }
    }


class VolunteerBase(SQLModel):
    """Fields a volunteer shares across create, update and read."""

    full_name: Text = Field(min_length=1, max_length=200)
    mobile: Phone = None
    email: EmailStr | None = None
    preferred_language: Language = "en"
    languages: list[Language] = ["en"]
    home_zip: ZipCode = None
    home_lat: Number | None = Field(default=None, ge=-90, le=90)
    home_lon: Number | None = Field(default=None, ge=-180, le=180)
    neighborhood_id: Int | None = None
    max_assignments_per_month: Int | None = Field(default=4, ge=0, le=60)
    max_travel_km: Number | None = Field(default=None, gt=0, le=1000)
    active: Flag = True
    sms_consent: Flag = True
    notes: Text = Field(default="", max_length=2000)


class VolunteerCreate(VolunteerBase):
    """A new volunteer, optionally with certifications and availability."""

    certifications: list[CertificationCreate] = []
    availability: list[WeeklyWindow] = []

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "full_name": "Ana Morales",
                    "mobile": "(323) 555-0142",
                    "email": "ana.morales@example.org",
                    "languages": ["en", "es"],
                    "home_zip": "90028",
                    "max_assignments_per_month": 4,
                    "certifications": [
                        {
                            "name": "njp_panelist",
                            "completed_on": "2026-03-14",
                            "expires_on": "2028-03-14",
                            "training_hours": 25,
                        }
                    ],
                    "availability": [{"day": "tue", "start": "17:30", "end": "21:00"}],
                }
            ]
        }
    }

    @model_validator(mode="after")
    def _home(self):
        if (self.home_lat is None) != (self.home_lon is None):
            raise ValueError("give both home_lat and home_lon, or neither")
        return self


class VolunteerUpdate(Changes):
    """Fields of a volunteer that may change; all optional."""

    clearable = frozenset(
        {"mobile", "email", "home_zip", "home_lat", "home_lon", "neighborhood_id",
         "max_assignments_per_month", "max_travel_km"}
    )  # fmt: skip

    full_name: Text | None = Field(default=None, min_length=1, max_length=200)
    mobile: Phone = None
    email: EmailStr | None = None
    preferred_language: Language | None = None
    languages: list[Language] | None = None
    home_zip: ZipCode = None
    home_lat: Number | None = Field(default=None, ge=-90, le=90)
    home_lon: Number | None = Field(default=None, ge=-180, le=180)
    neighborhood_id: Int | None = None
    max_assignments_per_month: Int | None = Field(default=None, ge=0, le=60)
    max_travel_km: Number | None = Field(default=None, gt=0, le=1000)
    active: Flag | None = None
    sms_consent: Flag | None = None
    notes: Text | None = Field(default=None, max_length=2000)


class VolunteerPublic(VolunteerBase):
    """A volunteer as stored, with certifications and availability."""

    id: Int
    sms_opted_out_at: Instant | None = None
    # Read-only: the language texts go out in (null: not texted), and when a coordinator chose
    # English for someone whose language Convene cannot text (service/messaging/languages.py).
    texts_in: str | None = None
    texts_in_english_ok_at: Instant | None = None
    created_at: Instant
    certifications: list[CertificationPublic] = []
    availability: list[WeeklyWindow] = []


class CalendarFeedPublic(SQLModel):
    """A volunteer's personal calendar-feed address (subscribe to it in any calendar app)."""

    url: Text
