"""Webhook subscriptions of API clients and their delivery log: administrators only."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.common import PageDep
from service.deps import Admin, SessionDep
from service.errors import ERROR_RESPONSES
from service.integrations import queries, subscriptions
from service.models import WebhookSubscription
from service.repo import get_or_404
from service.schemas.common import Page
from service.schemas.integrations import (
    WebhookDeliveryPublic,
    WebhookSubscriptionCreate,
    WebhookSubscriptionCreated,
    WebhookSubscriptionPublic,
    WebhookSubscriptionUpdate,
)

router = APIRouter(prefix="/webhook-subscriptions", tags=["webhooks"], responses=ERROR_RESPONSES)
WHAT = "webhook subscription"


@router.get("", response_model=Page[WebhookSubscriptionPublic])
def list_subscriptions(
    session: SessionDep, principal: Admin, page: PageDep
) -> Page[WebhookSubscriptionPublic]:
    """Every subscription (never its secret)."""
    rows, total = queries.list_subscriptions(session, limit=page.limit, offset=page.offset)
    return Page(
        items=[subscriptions.subscription_public(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("", response_model=WebhookSubscriptionCreated, status_code=201)
def create_subscription(
    body: WebhookSubscriptionCreate, session: SessionDep, principal: Admin
) -> WebhookSubscriptionCreated:
    """Subscribe an API client's endpoint to events; the signing secret is in this answer only."""
    row, secret = subscriptions.create(session, principal, body)
    return WebhookSubscriptionCreated(
        **subscriptions.subscription_public(row).model_dump(), secret=secret
    )


@router.get("/{subscription_id}", response_model=WebhookSubscriptionPublic)
def get_subscription(
    subscription_id: int, session: SessionDep, principal: Admin
) -> WebhookSubscriptionPublic:
    """One subscription."""
    row = get_or_404(session, WebhookSubscription, subscription_id, what=WHAT)
    return subscriptions.subscription_public(row)


@router.patch("/{subscription_id}", response_model=WebhookSubscriptionPublic)
def update_subscription(
    subscription_id: int, body: WebhookSubscriptionUpdate, session: SessionDep, principal: Admin
) -> WebhookSubscriptionPublic:
    """Change the name, URL or events, or pause (`active: false`) and resume a subscription."""
    row = get_or_404(session, WebhookSubscription, subscription_id, what=WHAT)
    return subscriptions.subscription_public(subscriptions.update(session, principal, row, body))


@router.post("/{subscription_id}/secret", response_model=WebhookSubscriptionCreated)
def rotate_secret(
    subscription_id: int, session: SessionDep, principal: Admin
) -> WebhookSubscriptionCreated:
    """Give the subscription a new signing secret (in this answer only); the old one stops."""
    row = get_or_404(session, WebhookSubscription, subscription_id, what=WHAT)
    secret = subscriptions.rotate_secret(session, principal, row)
    return WebhookSubscriptionCreated(
        **subscriptions.subscription_public(row).model_dump(), secret=secret
    )


@router.get("/{subscription_id}/deliveries", response_model=Page[WebhookDeliveryPublic])
def list_deliveries(
    subscription_id: int, session: SessionDep, principal: Admin, page: PageDep
) -> Page[WebhookDeliveryPublic]:
    """The delivery log, newest first: status, attempts, last status code and error."""
    get_or_404(session, WebhookSubscription, subscription_id, what=WHAT)
    rows, total = queries.list_deliveries(
        session, subscription_id, limit=page.limit, offset=page.offset
    )
    return Page(
        items=[subscriptions.delivery_public(r) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
