"""What Convene is waiting to hear back from a phone: a choice from a numbered list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from service.models.base import utc_field


class ReplyContext(SQLModel, table=True):
    """A numbered question sent to a phone; the next reply that is a number answers it."""

    __tablename__ = "reply_context"
    __table_args__ = (
        CheckConstraint("kind IN ('which', 'reschedule')", name="ck_reply_context_kind"),
        Index("ix_reply_context_phone_open", "phone", "resolved_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=20)
    kind: str = Field(max_length=16)
    intent: str | None = Field(default=None, max_length=16)
    hearing_id: int | None = Field(default=None, foreign_key="hearing.id", ondelete="CASCADE")
    options: list[dict] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = utc_field(default_now=True)
    expires_at: datetime = utc_field()
    resolved_at: datetime | None = utc_field(nullable=True)
