"""The one way a use case raises a webhook event: `emit`, inside the change's transaction."""

from __future__ import annotations

import json
import uuid

from sqlmodel import Session

from service.accounts.auth import principal_of
from service.db import utcnow
from service.integrations import payloads, queries
from service.integrations.payloads import instant
from service.models import Agreement, Case, Hearing
from service.models.base import WebhookEvent
from service.outbox.webhooks import queue_webhook


def emit(session: Session, event: WebhookEvent, program_id: int, data: dict) -> int:
    """Queue `event` for every active subscription that wants it and whose API client sees
    `program_id`; returns how many deliveries were queued (sent later by the worker)."""
    subscribers = [
        sub
        for sub, user in queries.subscribers(session, event.value)
        if principal_of(session, user).sees_program(program_id)
    ]
    if not subscribers:
        return 0
    event_id = str(uuid.uuid4())
    body = json.dumps(
        {"id": event_id, "type": event.value, "occurred_at": instant(utcnow()), "data": data},
        separators=(",", ":"),
        sort_keys=True,
    )
    for sub in subscribers:
        queue_webhook(session, sub.id, event_id, event.value, body)
    return len(subscribers)


def case_event(session: Session, event: WebhookEvent, case: Case) -> int:
    """Raise a case event (referred, completed, returned)."""
    session.flush()
    return emit(session, event, case.program_id, payloads.case_data(case))


def hearing_event(session: Session, event: WebhookEvent, hearing: Hearing) -> int:
    """Raise a hearing event (booked, moved, cancelled)."""
    session.flush()
    case = session.get(Case, hearing.case_id)
    return emit(session, event, case.program_id, payloads.hearing_data(session, hearing, case))


def outcome_event(session: Session, hearing: Hearing, agreement: Agreement | None) -> int:
    """Raise `outcome.recorded` for a hearing whose outcome was just recorded."""
    session.flush()
    case = session.get(Case, hearing.case_id)
    obligations = queries.agreement_obligations(session, agreement.id) if agreement else []
    data = payloads.outcome_data(session, hearing, case, agreement, obligations)
    return emit(session, WebhookEvent.outcome_recorded, case.program_id, data)
