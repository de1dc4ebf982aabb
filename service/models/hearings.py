"""Hearings, the volunteers' seats on them and the parties' confirmations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, FetchedValue, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from service.db import UtcDateTime
from service.models.base import (
    AttendanceMark,
    ConfirmationStatus,
    HearingStatus,
    SeatStatus,
    changed_field,
    check_in,
    utc_field,
)


def _trigger_kept() -> dict:
    """Column options for a value only the database's triggers write: the ORM leaves it out of
    INSERTs and UPDATEs and treats what it holds in memory as stale (one FetchedValue a column)."""
    return {"server_default": FetchedValue(), "server_onupdate": FetchedValue()}


class Hearing(SQLModel, table=True):
    """A panel or mediation session for a case at a venue."""

    __tablename__ = "hearing"
    __table_args__ = (
        CheckConstraint("start_at < end_at", name="ck_hearing_order"),
        CheckConstraint("sequence >= 0", name="ck_hearing_sequence"),
        check_in("status", HearingStatus, "ck_hearing_status"),
        Index("ix_hearing_start", "start_at"),
        Index("ix_hearing_venue_start", "venue_id", "start_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case_record.id", ondelete="CASCADE", index=True)
    kind_id: int = Field(foreign_key="hearing_kind.id", ondelete="RESTRICT")
    venue_id: int = Field(foreign_key="venue.id", ondelete="RESTRICT")
    start_at: datetime = utc_field()
    end_at: datetime = utc_field()
    status: str = Field(default=HearingStatus.scheduled.value, max_length=16)
    language: str | None = Field(default=None, max_length=8)
    ical_uid: str = Field(max_length=200, unique=True)
    sequence: int = 0
    needs_attention: str | None = Field(default=None, max_length=200)
    outcome_note: str = Field(default="", max_length=2000)
    # The video meeting of a hearing at an online venue (made from its template with a random
    # room name, or pasted); None in person. Sent only to the people on the hearing.
    meeting_url: str | None = Field(default=None, max_length=500)
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime = utc_field(default_now=True, index=True)


class SeatAssignment(SQLModel, table=True):
    """A volunteer's seat on a hearing, from proposal to acceptance or decline.

    No double booking is kept by the database as well as by the use cases. The hearing holds the
    time and the seat holds the volunteer, and a PostgreSQL exclusion constraint can only look at
    one row, so each seat carries a copy of its hearing's `start_at`/`end_at` and `holds_time`
    (the seat is proposed, invited or accepted, i.e. in `service.models.base.HOLDING_SEAT`, and the
    hearing is scheduled). Triggers of migration 0010 keep the copy on both backends: a seat
    written copies from its hearing, a hearing moved, cancelled or held updates its seats. On
    PostgreSQL the exclusion constraint `ex_seat_volunteer_time` (declared in that migration,
    deferred to commit) then refuses two seats of one volunteer holding overlapping `[start,
    end)` times. On SQLite the use cases' check under the single serialised writer is the
    guarantee. The application never writes these columns; read times from the hearing.
    """

    __tablename__ = "seat_assignment"
    __table_args__ = (
        UniqueConstraint("hearing_id", "volunteer_id", name="uq_seat_hearing_volunteer"),
        check_in("status", SeatStatus, "ck_seat_status"),
        check_in("attendance", AttendanceMark, "ck_seat_attendance"),
        Index("ix_seat_volunteer_status", "volunteer_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id", ondelete="CASCADE", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="RESTRICT")
    role: str = Field(max_length=32)
    status: str = Field(default=SeatStatus.invited.value, max_length=16)
    invited_at: datetime | None = utc_field(nullable=True)
    responded_at: datetime | None = utc_field(nullable=True)
    # When the coordinator was told the invitation went unanswered (panels/no_reply): once a seat.
    escalated_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime | None = changed_field()
    # Whether the volunteer sat the hearing (present, absent, excused); recorded with the outcome.
    attendance: str | None = Field(default=None, max_length=8)
    # Copies of the hearing's times, kept by triggers. Nullable only because SQLite fills them in
    # an AFTER trigger (its BEFORE triggers cannot change the row); no committed row has NULLs.
    start_at: datetime | None = Field(
        default=None, sa_type=UtcDateTime, nullable=True, sa_column_kwargs=_trigger_kept()
    )
    end_at: datetime | None = Field(
        default=None, sa_type=UtcDateTime, nullable=True, sa_column_kwargs=_trigger_kept()
    )
    # Whether this seat takes up the volunteer's time (see the class docstring), kept by triggers.
    holds_time: bool | None = Field(
        default=None,
        nullable=False,
        sa_column_kwargs={"server_default": false(), "server_onupdate": FetchedValue()},
    )


class PartyConfirmation(SQLModel, table=True):
    """Whether a party has confirmed a hearing."""

    __tablename__ = "party_confirmation"
    __table_args__ = (
        UniqueConstraint("hearing_id", "party_id", name="uq_confirmation_hearing_party"),
        check_in("status", ConfirmationStatus, "ck_confirmation_status"),
        check_in("attendance", AttendanceMark, "ck_confirmation_attendance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id", ondelete="CASCADE", index=True)
    party_id: int = Field(foreign_key="party.id", ondelete="CASCADE", index=True)
    status: str = Field(default=ConfirmationStatus.pending.value, max_length=24)
    # present, absent or excused, recorded with the outcome; `attended` is kept equal to
    # attendance == "present" for the readers that predate the three answers.
    attendance: str | None = Field(default=None, max_length=8)
    attended: bool | None = None
    responded_at: datetime | None = utc_field(nullable=True)
