"""Webhook subscriptions: an administrator subscribes an API client, pauses or changes it."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlmodel import Session

from service import audit
from service.accounts.auth import Principal
from service.config import get_settings
from service.errors import Invalid
from service.integrations.destinations import refusal
from service.models import User, WebhookDelivery, WebhookSubscription
from service.schemas.integrations import (
    WebhookDeliveryPublic,
    WebhookSubscriptionCreate,
    WebhookSubscriptionPublic,
    WebhookSubscriptionUpdate,
)


def check_url(url: str) -> str:
    """An absolute endpoint URL: https, or http too outside production (a local receiver)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # an unclosed [IPv6 address, say
        host = None
    settings = get_settings()
    allowed = ("https",) if settings.env == "production" else ("https", "http")
    if not host or parts.scheme not in allowed or any(c.isspace() for c in url):
        expected = (
            "an https:// address" if allowed == ("https",) else "an https:// (or http://) address"
        )
        raise Invalid(f"{url or 'an empty address'} is not {expected} of the receiving system",
                      field="url")  # fmt: skip
    guard = settings.webhook_guard
    reason = refusal(host, guard) if guard is not None else None
    if reason:
        raise Invalid(f"{url} cannot receive webhooks: {reason}", field="url")
    return url


def new_secret() -> str:
    """A signing secret: 32 random bytes, hex, with a prefix that says what it is."""
    return "whsec_" + secrets.token_hex(32)[:58]


def create(
    session: Session, principal: Principal, data: WebhookSubscriptionCreate
) -> tuple[WebhookSubscription, str]:
    """Subscribe an API client; the secret is returned once; audited."""
    if session.get(User, data.user_id) is None:
        raise Invalid(f"account {data.user_id} does not exist", field="user_id")
    secret = new_secret()
    row = WebhookSubscription(
        user_id=data.user_id,
        name=data.name.strip(),
        url=check_url(data.url),
        events=sorted({e.value for e in data.events}),
        secret=secret,
        active=data.active,
    )
    session.add(row)
    session.flush()
    audit.by(session, principal, "create", "webhook_subscription", row.id, detail=row.url)
    return row, secret


def update(
    session: Session,
    principal: Principal,
    row: WebhookSubscription,
    data: WebhookSubscriptionUpdate,
) -> WebhookSubscription:
    """Change a subscription's name, URL, events or active flag; audited."""
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    if "url" in changes:
        row.url = check_url(changes["url"])
    if "name" in changes:
        row.name = changes["name"].strip()
    if "events" in changes:
        row.events = sorted({str(e) for e in changes["events"]})
    if "active" in changes:
        row.active = changes["active"]
    session.add(row)
    session.flush()
    audit.by(session, principal, "update", "webhook_subscription", row.id,
             detail=", ".join(sorted(changes)))  # fmt: skip
    return row


def rotate_secret(session: Session, principal: Principal, row: WebhookSubscription) -> str:
    """Replace a subscription's signing secret (a leak, a staff change); returned once; audited.

    Deliveries signed with the old secret that the receiver now refuses are retried with backoff
    (CONVENE_OUTBOX_MAX_ATTEMPTS), which gives the receiving system time to take the new one.
    """
    row.secret = new_secret()
    session.add(row)
    session.flush()
    audit.by(session, principal, "rotate_secret", "webhook_subscription", row.id)
    return row.secret


def subscription_public(row: WebhookSubscription) -> WebhookSubscriptionPublic:
    """A subscription without its secret."""
    return WebhookSubscriptionPublic.model_validate(row.model_dump(exclude={"secret"}))


def delivery_public(row: WebhookDelivery) -> WebhookDeliveryPublic:
    """A delivery's log entry (its body is not repeated)."""
    return WebhookDeliveryPublic.model_validate(row.model_dump(exclude={"body"}))
