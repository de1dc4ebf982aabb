"""Hearings, the volunteers' seats on them and the parties' confirmations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import ConfirmationStatus, HearingStatus, SeatStatus, check_in, utc_field


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
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime = utc_field(default_now=True)


class SeatAssignment(SQLModel, table=True):
    """A volunteer's seat on a hearing, from proposal to acceptance or decline."""

    __tablename__ = "seat_assignment"
    __table_args__ = (
        UniqueConstraint("hearing_id", "volunteer_id", name="uq_seat_hearing_volunteer"),
        check_in("status", SeatStatus, "ck_seat_status"),
        Index("ix_seat_volunteer_status", "volunteer_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id", ondelete="CASCADE", index=True)
    volunteer_id: int = Field(foreign_key="volunteer.id", ondelete="RESTRICT")
    role: str = Field(max_length=32)
    status: str = Field(default=SeatStatus.invited.value, max_length=16)
    invited_at: datetime | None = utc_field(nullable=True)
    responded_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field(default_now=True)


class PartyConfirmation(SQLModel, table=True):
    """Whether a party has confirmed a hearing."""

    __tablename__ = "party_confirmation"
    __table_args__ = (
        UniqueConstraint("hearing_id", "party_id", name="uq_confirmation_hearing_party"),
        check_in("status", ConfirmationStatus, "ck_confirmation_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hearing_id: int = Field(foreign_key="hearing.id", ondelete="CASCADE", index=True)
    party_id: int = Field(foreign_key="party.id", ondelete="CASCADE", index=True)
    status: str = Field(default=ConfirmationStatus.pending.value, max_length=24)
    attended: bool | None = None
    responded_at: datetime | None = utc_field(nullable=True)
