"""The outbox and message log, inbound messages and the SMS suppression list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from service.models.base import Channel, Direction, MessageStatus, check_in, utc_field


class Message(SQLModel, table=True):
    """An outbound message (the outbox) or a logged inbound one, with its delivery state."""

    __tablename__ = "message"
    __table_args__ = (
        check_in("channel", Channel, "ck_message_channel"),
        check_in("direction", Direction, "ck_message_direction"),
        check_in("status", MessageStatus, "ck_message_status"),
        CheckConstraint("attempts >= 0", name="ck_message_attempts"),
        Index("ix_message_due", "status", "not_before"),
        Index("ix_message_case", "case_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(default=Channel.sms.value, max_length=8)
    direction: str = Field(default=Direction.outbound.value, max_length=8)
    to_address: str = Field(max_length=254, index=True)
    from_address: str | None = Field(default=None, max_length=254)
    # What the message is for ("volunteer_invite"...) and who reads it: participant texts keep
    # quiet hours in `time_zone`, the zone of the program that queued them.
    kind: str | None = Field(default=None, max_length=40)
    audience: str | None = Field(default=None, max_length=16)
    time_zone: str | None = Field(default=None, max_length=64)
    template: str | None = Field(default=None, max_length=64)
    language: str = Field(default="en", max_length=8)
    subject: str | None = Field(default=None, max_length=300)
    body: str = Field(max_length=4000)
    html: str | None = None
    ics: str | None = None
    ics_method: str | None = Field(default=None, max_length=16)
    case_id: int | None = Field(default=None, foreign_key="case_record.id", ondelete="SET NULL")
    hearing_id: int | None = Field(
        default=None, foreign_key="hearing.id", ondelete="SET NULL", index=True
    )
    volunteer_id: int | None = Field(
        default=None, foreign_key="volunteer.id", ondelete="SET NULL", index=True
    )
    person_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL", index=True
    )
    seat_id: int | None = Field(default=None, foreign_key="seat_assignment.id", ondelete="SET NULL")
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    status: str = Field(default=MessageStatus.queued.value, max_length=16)
    provider_id: str | None = Field(default=None, max_length=64, index=True)
    error_code: str | None = Field(default=None, max_length=32)
    error_message: str | None = Field(default=None, max_length=500)
    attempts: int = 0
    not_before: datetime = utc_field(default_now=True)
    expires_at: datetime | None = utc_field(nullable=True)
    needs_attention: bool = False
    created_at: datetime = utc_field(default_now=True)
    # When a dispatcher marked it 'sending': a row left there long after is reconciled.
    claimed_at: datetime | None = utc_field(nullable=True)
    sent_at: datetime | None = utc_field(nullable=True)
    delivered_at: datetime | None = utc_field(nullable=True)


class InboundMessage(SQLModel, table=True):
    """A text that arrived, stored once per provider id, with what it was understood as."""

    __tablename__ = "inbound_message"

    id: int | None = Field(default=None, primary_key=True)
    provider_id: str = Field(max_length=64, unique=True)
    from_number: str = Field(max_length=20, index=True)
    to_number: str | None = Field(default=None, max_length=20)
    body: str = Field(default="", max_length=2000)
    intent: str | None = Field(default=None, max_length=16)
    volunteer_id: int | None = Field(default=None, foreign_key="volunteer.id", ondelete="SET NULL")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    case_id: int | None = Field(
        default=None, foreign_key="case_record.id", ondelete="SET NULL", index=True
    )
    reply_body: str | None = Field(default=None, max_length=2000)
    needs_attention: bool = Field(default=False, index=True)
    handled_at: datetime | None = utc_field(nullable=True)
    received_at: datetime = utc_field(default_now=True)


class SmsSuppression(SQLModel, table=True):
    """A phone number that opted out: nothing is queued or sent to it."""

    __tablename__ = "sms_suppression"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=20, unique=True)
    opted_out_at: datetime = utc_field(default_now=True)
    source: str = Field(default="reply", max_length=40)
