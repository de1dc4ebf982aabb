"""Webhook subscriptions of API clients and the deliveries queued for them (the webhook outbox)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from service.models.base import DeliveryStatus, changed_field, check_in, utc_field


class WebhookSubscription(SQLModel, table=True):
    """An API client's endpoint and the events it wants; the secret signs every delivery."""

    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    # The API client: the account its tokens act as. Its program scope bounds what it receives.
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=120)
    url: str = Field(max_length=2000)
    events: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Kept as written: signing needs the secret itself (a hash could not sign). Shown once.
    secret: str = Field(max_length=64)
    active: bool = True
    created_at: datetime = utc_field(default_now=True)
    updated_at: datetime | None = changed_field()


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription: queued with the change, sent and retried by the worker."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        check_in("status", DeliveryStatus, "ck_webhook_delivery_status"),
        CheckConstraint("attempts >= 0", name="ck_webhook_delivery_attempts"),
        UniqueConstraint("subscription_id", "event_id", name="uq_webhook_delivery_event"),
        Index("ix_webhook_delivery_due", "status", "not_before"),
        Index("ix_webhook_delivery_subscription", "subscription_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhook_subscription.id", ondelete="CASCADE")
    event_id: str = Field(max_length=36)
    event_type: str = Field(max_length=40)
    body: str
    status: str = Field(default=DeliveryStatus.queued.value, max_length=16)
    attempts: int = 0
    not_before: datetime = utc_field(default_now=True)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = utc_field(default_now=True)
    claimed_at: datetime | None = utc_field(nullable=True)
    delivered_at: datetime | None = utc_field(nullable=True)
