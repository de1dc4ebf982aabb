"""The outbox's SQL: claiming due rows, recording results, suppression and status changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from service.models.base import Channel, Direction, MessageStatus
from service.models.messaging import Message, SmsSuppression

QUEUED = MessageStatus.queued.value
SENDING = MessageStatus.sending.value


def _lock(query, session: Session):
    """FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers."""
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query


def due_rows(session: Session, now: datetime, limit: int) -> Sequence[Message]:
    """Lock and return up to `limit` queued outbound rows due at `now`, oldest first."""
    query = (
        select(Message)
        .where(
            Message.status == QUEUED,
            Message.direction == Direction.outbound.value,
            Message.not_before <= now,
        )
        .order_by(Message.not_before, Message.id)
        .limit(limit)
    )
    return session.exec(_lock(query, session)).all()


def stuck_rows(session: Session, claimed_before: datetime, limit: int) -> Sequence[Message]:
    """Lock rows left 'sending' since before `claimed_before` and not yet flagged for a person."""
    query = (
        select(Message)
        .where(
            Message.status == SENDING,
            Message.claimed_at < claimed_before,
            Message.needs_attention == False,  # noqa: E712  (SQL comparison)
        )
        .order_by(Message.claimed_at, Message.id)
        .limit(limit)
    )
    return session.exec(_lock(query, session)).all()


def update_if_sending(session: Session, message_id: int, **values: Any) -> bool:
    """Record a send result, only if the row is still 'sending' (nobody else has settled it)."""
    result = session.exec(
        update(Message)
        .where(Message.id == message_id, Message.status == SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


_table = Message.__table__
_MARK_SENT = (
    _table.update()
    .where(_table.c.id == bindparam("b_id"), _table.c.status == SENDING)
    .values(
        status=MessageStatus.sent.value,
        provider_id=bindparam("b_provider_id"),
        sent_at=bindparam("b_sent_at", type_=_table.c.sent_at.type),
        error_code=None,
        error_message=None,
        needs_attention=False,
    )
)


def mark_sent(session: Session, rows: list[dict[str, Any]]) -> None:
    """Record many sends at once (id, provider_id, sent_at), each only if still 'sending'."""
    if rows:
        params = [
            {"b_id": r["id"], "b_provider_id": r["provider_id"], "b_sent_at": r["sent_at"]}
            for r in rows
        ]
        session.connection().execute(_MARK_SENT, params)


def update_by_provider_id(
    session: Session, provider_id: str, from_statuses: Iterable[str], **values: Any
) -> int:
    """Move the message with this provider id to new values, only from the given statuses."""
    result = session.exec(
        update(Message)
        .where(Message.provider_id == provider_id, Message.status.in_(list(from_statuses)))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def find_by_dedupe_key(session: Session, key: str) -> Message | None:
    """The message queued under `key`, if any."""
    return session.exec(select(Message).where(Message.dedupe_key == key)).first()


def cancel_queued(session: Session, *conditions: Any, error_code: str, attention: bool) -> int:
    """Cancel every queued outbound row matching `conditions`; returns how many."""
    values: dict[str, Any] = {"status": MessageStatus.cancelled.value, "error_code": error_code}
    if attention:
        values["needs_attention"] = True
    result = session.exec(
        update(Message)
        .where(Message.status == QUEUED, Message.direction == Direction.outbound.value, *conditions)
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def sms_to(phone: str) -> list[Any]:
    """Conditions selecting the texts to one number."""
    return [Message.channel == Channel.sms.value, Message.to_address == phone]


def is_suppressed(session: Session, phone: str) -> bool:
    """Whether `phone` is on the suppression list."""
    query = select(func.count()).select_from(SmsSuppression).where(SmsSuppression.phone == phone)
    return session.exec(query).one() > 0


def add_suppression(session: Session, phone: str, source: str) -> None:
    """Put `phone` on the suppression list unless it is already there (safe under races)."""
    if is_suppressed(session, phone):
        return
    try:
        # A savepoint: another transaction may add the same number at the same moment, and the
        # unique index then refuses ours without spoiling the caller's transaction.
        with session.begin_nested():
            session.add(SmsSuppression(phone=phone, source=source))
    except IntegrityError:
        if not is_suppressed(session, phone):
            raise


def remove_suppression(session: Session, phone: str) -> None:
    """Take `phone` off the suppression list."""
    session.exec(delete(SmsSuppression).where(SmsSuppression.phone == phone))


def update_stuck(
    session: Session, message_id: int, claimed_at: datetime | None, **values: Any
) -> bool:
    """Settle a stuck 'sending' row, only if it is still stuck as it was when it was read."""
    result = session.exec(
        update(Message)
        .where(
            Message.id == message_id,
            Message.status == SENDING,
            Message.needs_attention == False,  # noqa: E712
            Message.claimed_at == claimed_at,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
