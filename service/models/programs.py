"""Programs, their hearing kinds and obligation types, neighborhoods and venues."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import (
    MeetingMode,
    ObligationKind,
    Weekday,
    changed_field,
    check_in,
    utc_field,
)


class Program(SQLModel, table=True):
    """A community justice program (NJP, mediation, public-safety mediation, diversion)."""

    __tablename__ = "program"
    __table_args__ = (
        CheckConstraint("completion_window_days > 0", name="ck_program_window_positive"),
        check_in("prefers_mode", MeetingMode, "ck_program_prefers_mode"),
    )

    # `updated_at` is not read back after an INSERT (it is NULL until the row changes).
    __mapper_args__ = {"eager_defaults": False}

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    timezone: str = Field(default="America/Los_Angeles", max_length=64)
    phone: str | None = Field(default=None, max_length=20)
    completion_window_days: int = 56
    reminder_days_before: list[int] = Field(
        default_factory=lambda: [3, 1], sa_column=Column(JSON, nullable=False)
    )
    obligation_reminder_days: list[int] = Field(
        default_factory=lambda: [7, 1], sa_column=Column(JSON, nullable=False)
    )
    screens_statutory_exclusions: bool = False
    active: bool = True
    # in_person or online: which of the two the booking page proposes first (None: no preference);
    # a hearing kind's own preference wins over this one.
    prefers_mode: str | None = Field(default=None, max_length=16)
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime | None = changed_field()


class HearingKind(SQLModel, table=True):
    """A kind of hearing a program holds: its duration and the seats it needs."""

    __tablename__ = "hearing_kind"
    __table_args__ = (
        UniqueConstraint("program_id", "code", name="uq_hearing_kind_program_code"),
        CheckConstraint(
            "duration_minutes > 0 AND duration_minutes <= 720", name="ck_hearing_kind_duration"
        ),
        check_in("prefers_mode", MeetingMode, "ck_hearing_kind_prefers_mode"),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE", index=True)
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    duration_minutes: int = 90
    # in_person or online first on the booking page; None follows the program's preference.
    prefers_mode: str | None = Field(default=None, max_length=16)


class SeatRequirement(SQLModel, table=True):
    """Seats of one role on a hearing kind, with the certifications they require."""

    __tablename__ = "seat_requirement"
    __table_args__ = (
        UniqueConstraint("hearing_kind_id", "role", name="uq_seat_requirement_role"),
        CheckConstraint("count >= 1 AND count <= 10", name="ck_seat_requirement_count"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hearing_kind_id: int = Field(foreign_key="hearing_kind.id", ondelete="CASCADE", index=True)
    role: str = Field(max_length=32)
    count: int = 1
    requires: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    staff_only: bool = False


class ObligationType(SQLModel, table=True):
    """An obligation a program's agreements can include."""

    __tablename__ = "obligation_type"
    __table_args__ = (
        UniqueConstraint("program_id", "code", name="uq_obligation_type_code"),
        check_in("kind", ObligationKind, "ck_obligation_type_kind"),
        CheckConstraint(
            "default_target IS NULL OR default_target > 0", name="ck_obligation_type_target"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE", index=True)
    code: str = Field(max_length=40)
    kind: str = Field(max_length=32)
    name: str = Field(max_length=200)
    default_target: float | None = None
    unit: str | None = Field(default=None, max_length=16)
    cadence_days: int | None = None


class Neighborhood(SQLModel, table=True):
    """A neighborhood with its centroid."""

    __tablename__ = "neighborhood"
    __table_args__ = (
        CheckConstraint(
            "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="ck_neighborhood_latlon"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    lat: float
    lon: float


class Venue(SQLModel, table=True):
    """A place where hearings are held."""

    __tablename__ = "venue"
    __table_args__ = (
        CheckConstraint(
            "lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="ck_venue_latlon"
        ),
    )

    # `updated_at` is not read back after an INSERT (it is NULL until the row changes).
    __mapper_args__ = {"eager_defaults": False}

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    address: str = Field(max_length=300)
    neighborhood_id: int | None = Field(
        default=None, foreign_key="neighborhood.id", ondelete="SET NULL", index=True
    )
    lat: float
    lon: float
    accessibility_notes: str = Field(default="", max_length=1000)
    capacity: int | None = None
    active: bool = True
    updated_at: datetime | None = changed_field()
    # A video meeting instead of an address: nobody travels to it (the address and place are
    # not shown), each hearing gets its own meeting link, and it holds any number at once.
    online: bool = False
    # How an online venue makes a hearing's link: `{token}` becomes a random room name
    # (https://meet.jit.si/convene-{token}); None: the coordinator pastes a link per hearing.
    meeting_template: str | None = Field(default=None, max_length=300)


class VenueWindow(SQLModel, table=True):
    """A weekly window when a venue can hold hearings (local program time)."""

    __tablename__ = "venue_window"
    __table_args__ = (
        check_in("day", Weekday, "ck_venue_window_day"),
        CheckConstraint("start_time < end_time", name="ck_venue_window_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    venue_id: int = Field(foreign_key="venue.id", ondelete="CASCADE", index=True)
    day: str = Field(max_length=3)
    start_time: time
    end_time: time
