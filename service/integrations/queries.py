"""The queries of webhook subscriptions and their deliveries."""

from __future__ import annotations

from sqlmodel import Session, select

from service.models import Obligation, User, WebhookDelivery, WebhookSubscription
from service.repo import paginate


def subscribers(session: Session, event_type: str) -> list[tuple[WebhookSubscription, User]]:
    """Active subscriptions of active accounts that want `event_type`."""
    rows = session.exec(
        select(WebhookSubscription, User)
        .join(User, User.id == WebhookSubscription.user_id)
        .where(WebhookSubscription.active == True, User.is_active == True)  # noqa: E712
        .order_by(WebhookSubscription.id)
    ).all()
    # The event list is JSON: filtered here, the same on SQLite and PostgreSQL (a few rows).
    return [(sub, user) for sub, user in rows if event_type in sub.events]


def list_subscriptions(
    session: Session, *, limit: int | None = None, offset: int = 0
) -> tuple[list[WebhookSubscription], int]:
    """Subscriptions by id (a page, or all of them)."""
    stmt = select(WebhookSubscription).order_by(WebhookSubscription.id)
    if limit is None:
        rows = list(session.exec(stmt).all())
        return rows, len(rows)
    return paginate(session, stmt, limit=limit, offset=offset)


def list_deliveries(
    session: Session, subscription_id: int, *, limit: int, offset: int = 0
) -> tuple[list[WebhookDelivery], int]:
    """A subscription's deliveries, newest first."""
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.subscription_id == subscription_id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    )
    return paginate(session, stmt, limit=limit, offset=offset)


def agreement_obligations(session: Session, agreement_id: int) -> list[Obligation]:
    """An agreement's obligations in the order they were agreed."""
    return list(
        session.exec(
            select(Obligation)
            .where(Obligation.agreement_id == agreement_id)
            .order_by(Obligation.id)
        ).all()
    )
