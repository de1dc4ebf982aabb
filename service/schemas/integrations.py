"""Schemas for webhook subscriptions and their delivery log."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field
from sqlmodel import SQLModel

from service.models.base import DeliveryStatus, WebhookEvent
from service.schemas.common import Changes, Flag, Int, Text


class WebhookSubscriptionCreate(SQLModel):
    """An API client's endpoint and the events it wants."""

    user_id: Int = Field(description="the API client's account (its tokens act as it)")
    name: Text = Field(min_length=1, max_length=120)
    url: Text = Field(min_length=1, max_length=2000, description="https (http only in development)")
    events: list[WebhookEvent] = Field(min_length=1, max_length=len(WebhookEvent))
    active: Flag = True


class WebhookSubscriptionUpdate(Changes):
    """Change a subscription: its name, endpoint, events, or pause and resume it."""

    name: Text | None = Field(default=None, min_length=1, max_length=120)
    url: Text | None = Field(default=None, min_length=1, max_length=2000)
    events: list[WebhookEvent] | None = Field(default=None, min_length=1, max_length=7)
    active: Flag | None = None


class WebhookSubscriptionPublic(SQLModel):
    """A subscription; its secret is never shown again."""

    id: int
    user_id: int
    name: str
    url: str
    events: list[WebhookEvent]
    active: bool
    created_at: datetime
    updated_at: datetime | None


class WebhookSubscriptionCreated(WebhookSubscriptionPublic):
    """A new subscription, with its signing secret shown this once."""

    secret: str


class WebhookDeliveryPublic(SQLModel):
    """One event sent (or being sent) to a subscription, with its last answer."""

    id: int
    subscription_id: int
    event_id: str
    event_type: WebhookEvent
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime
    not_before: datetime
    delivered_at: datetime | None
