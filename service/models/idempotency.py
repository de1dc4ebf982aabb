"""Idempotency keys: a retried POST with the same key gets the first answer, not a second write."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import utc_field


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a POST sent with an Idempotency-Key, per caller."""

    __tablename__ = "idempotency_key"
    __table_args__ = (
        UniqueConstraint("scope", "key", name="uq_idempotency_scope_key"),
        CheckConstraint("state IN ('pending', 'done')", name="ck_idempotency_state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=64)
    key: str = Field(max_length=200)
    request_hash: str = Field(max_length=64)
    state: str = Field(default="pending", max_length=8)
    response_status: int | None = None
    response_body: str | None = None
    content_type: str | None = Field(default=None, max_length=100)
    created_at: datetime = utc_field(default_now=True, index=True)
