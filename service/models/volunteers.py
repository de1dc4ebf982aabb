"""Volunteers, their certifications, availability, blackouts, languages and conflicts."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import Weekday, changed_field, check_in, utc_field


class Volunteer(SQLModel, table=True):
    """A trained community volunteer who sits on panels or mediates."""

    __tablename__ = "volunteer"
    __table_args__ = (
        CheckConstraint(
            "max_assignments_per_month IS NULL OR max_assignments_per_month >= 0",
            name="ck_volunteer_cap",
        ),
        CheckConstraint("max_travel_km IS NULL OR max_travel_km > 0", name="ck_volunteer_travel"),
        CheckConstraint(
            "(home_lat IS NULL AND home_lon IS NULL) OR "
            "(home_lat BETWEEN -90 AND 90 AND home_lon BETWEEN -180 AND 180)",
            name="ck_volunteer_home",
        ),
    )

    # `updated_at` is not read back after an INSERT (it is NULL until the row changes).
    __mapper_args__ = {"eager_defaults": False}

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200)
    mobile: str | None = Field(default=None, max_length=20, unique=True)
    email: str | None = Field(default=None, max_length=254, index=True)
    preferred_language: str = Field(default="en", max_length=8)
    home_zip: str | None = Field(default=None, max_length=10)
    home_lat: float | None = None
    home_lon: float | None = None
    neighborhood_id: int | None = Field(
        default=None, foreign_key="neighborhood.id", ondelete="SET NULL", index=True
    )
    max_assignments_per_month: int | None = 4
    max_travel_km: float | None = None
    active: bool = Field(default=True, index=True)
    sms_consent: bool = True
    sms_opted_out_at: datetime | None = utc_field(nullable=True)
    # A coordinator chose to text them in English (see service/messaging/languages.py).
    texts_in_english_ok_at: datetime | None = utc_field(nullable=True)
    calendar_token: str | None = Field(default=None, max_length=64, unique=True)
    # Signed into every self-service link: raising it revokes all links issued before.
    self_service_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    notes: str = Field(default="", max_length=2000)
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime | None = changed_field()


class VolunteerLanguage(SQLModel, table=True):
    """A language a volunteer can hold a hearing in (ISO 639-1)."""

    __tablename__ = "volunteer_language"

    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="CASCADE", primary_key=True)
    language: str = Field(max_length=8, primary_key=True, index=True)


class Certification(SQLModel, table=True):
    """A completed training, e.g. njp_panelist, with its expiry and hours."""

    __tablename__ = "certification"
    __table_args__ = (
        UniqueConstraint("volunteer_id", "name", "completed_on", name="uq_certification"),
        CheckConstraint("training_hours >= 0", name="ck_certification_hours"),
        CheckConstraint(
            "expires_on IS NULL OR expires_on >= completed_on", name="ck_certification_dates"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=64, index=True)
    completed_on: date
    expires_on: date | None = Field(default=None, index=True)
    training_hours: float = 0


class AvailabilityWindow(SQLModel, table=True):
    """A weekly window when a volunteer can sit (local program time)."""

    __tablename__ = "availability_window"
    __table_args__ = (
        check_in("day", Weekday, "ck_availability_day"),
        CheckConstraint("start_time < end_time", name="ck_availability_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="CASCADE", index=True)
    day: str = Field(max_length=3)
    start_time: time
    end_time: time


class Blackout(SQLModel, table=True):
    """A period when a volunteer cannot sit at all."""

    __tablename__ = "blackout"
    __table_args__ = (CheckConstraint("start_at < end_at", name="ck_blackout_order"),)

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="CASCADE", index=True)
    start_at: datetime = utc_field()
    end_at: datetime = utc_field()
    reason: str = Field(default="", max_length=200)


class Conflict(SQLModel, table=True):
    """A volunteer recused from hearings involving a person."""

    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("volunteer_id", "person_id", name="uq_conflict"),)

    id: int | None = Field(default=None, primary_key=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    reason: str = Field(default="", max_length=300)
    created_at: datetime = utc_field(default_now=True)
