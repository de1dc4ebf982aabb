"""The outbox's webhook channel: queue an event for a subscription, sign it, post it, retry it.

Delivery is at least once: a worker that dies after posting and before recording the answer
leaves the row 'sending', and the next pass posts it again (receivers drop repeats by the
`Convene-Delivery` event id). Any answer but a 2xx is retried with the outbox's backoff until
`outbox_max_attempts`; each attempt's status code or error is kept for the delivery log.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from service.config import Settings
from service.integrations.destinations import refusal
from service.models.base import DeliveryStatus
from service.models.integrations import WebhookDelivery, WebhookSubscription
from service.outbox import policy

logger = logging.getLogger("convene.outbox.webhooks")

SIGNATURE_HEADER = "Convene-Signature"
TIMEOUT_SECONDS = 10.0
QUEUED = DeliveryStatus.queued.value
SENDING = DeliveryStatus.sending.value


def signature(secret: str, timestamp: int, body: str) -> str:
    """The `Convene-Signature` value: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">."""
    mac = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def queue_webhook(
    session: Session, subscription_id: int, event_id: str, event_type: str, body: str
) -> WebhookDelivery:
    """Queue one event's body for one subscription, in the caller's transaction."""
    row = WebhookDelivery(
        subscription_id=subscription_id, event_id=event_id, event_type=event_type, body=body
    )
    session.add(row)
    return row


@dataclass(frozen=True)
class WebhookJob:
    """What a sender thread needs of one claimed delivery."""

    id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: str
    attempts: int


def claim(session: Session, now: datetime, limit: int, stuck_before: datetime) -> list[WebhookJob]:
    """Mark due deliveries (and ones a dead worker left 'sending') as sending; not committed."""
    query = (
        select(WebhookDelivery, WebhookSubscription)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(
            (
                (WebhookDelivery.status == QUEUED) & (WebhookDelivery.not_before <= now)
                | (WebhookDelivery.status == SENDING) & (WebhookDelivery.claimed_at < stuck_before)
            ),
        )
        .order_by(WebhookDelivery.not_before, WebhookDelivery.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=WebhookDelivery, skip_locked=True)
    jobs = []
    for row, sub in session.exec(query).all():
        row.status, row.claimed_at, row.attempts = SENDING, now, row.attempts + 1
        session.add(row)
        jobs.append(WebhookJob(row.id, sub.url, sub.secret, row.event_id, row.event_type,
                               row.body, row.attempts))  # fmt: skip
    return jobs


def post(
    client: httpx.Client, job: WebhookJob, now: datetime, guard: tuple | None = None
) -> tuple[int | None, str | None]:
    """POST one signed delivery; returns the status code (None without an answer) and an error.

    With a `guard` (production), the receiver's name is resolved again first: it may have been
    pointed at a private address since the subscription was saved.
    """
    reason = refusal(urlsplit(job.url).hostname or "", guard) if guard is not None else None
    if reason:
        return None, f"not sent: {reason}"[:500]
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Convene-Webhooks/1",
        "Convene-Event": job.event_type,
        "Convene-Delivery": job.event_id,
        SIGNATURE_HEADER: signature(job.secret, int(now.timestamp()), job.body),
    }
    try:
        response = client.post(job.url, content=job.body.encode(), headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"answered {response.status_code}: {response.text[:200]}"[:500]


def result_values(
    job: WebhookJob,
    code: int | None,
    error: str | None,
    settings: Settings,
    clock: Callable[[], datetime],
    rng: random.Random,
) -> dict:
    """What to record of one attempt: delivered, queued again after a backoff, or failed."""
    values: dict = {"last_status_code": code, "last_error": error}
    if error is None:
        return values | {"status": DeliveryStatus.delivered.value, "delivered_at": clock()}
    if job.attempts >= settings.outbox_max_attempts:
        return values | {"status": DeliveryStatus.failed.value,
                         "last_error": f"gave up after {job.attempts} attempts: {error}"[:500]}  # fmt: skip
    delay = policy.backoff_delay(job.attempts, settings.outbox_backoff_seconds,
                                 settings.outbox_backoff_max_seconds, rng)  # fmt: skip
    return values | {"status": QUEUED, "not_before": clock() + delay}


def record(session: Session, delivery_id: int, values: dict) -> None:
    """Write an attempt's result, only while the row is still ours ('sending')."""
    session.exec(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


def dispatch(
    engine: Engine,
    client: httpx.Client,
    settings: Settings,
    clock: Callable[[], datetime],
    rng: random.Random,
    pool_map: Callable,
) -> dict[str, int]:
    """Claim one batch of due deliveries, post them, record the answers; returns counts."""
    now = clock()
    stuck_before = now - timedelta(seconds=settings.outbox_stuck_after_seconds)
    with Session(engine, expire_on_commit=False) as session:
        jobs = claim(session, now, settings.outbox_batch_size, stuck_before)
        session.commit()
    counts = {"delivered": 0, "retried": 0, "failed": 0}
    if not jobs:
        return counts
    guard = settings.webhook_guard
    answers = list(pool_map(lambda job: post(client, job, clock(), guard), jobs))
    with Session(engine) as session:
        for job, (code, error) in zip(jobs, answers, strict=True):
            values = result_values(job, code, error, settings, clock, rng)
            record(session, job.id, values)
            what = {"delivered": "delivered", "queued": "retried"}.get(values["status"], "failed")
            counts[what] += 1
            if error:
                logger.warning("webhook delivery %s: %s", job.id, error)
        session.commit()
    return counts
