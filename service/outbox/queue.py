"""The enqueue API: use cases write message rows inside their own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from notifications.templates import render_sms
from service.config import get_settings
from service.db import utcnow
from service.models.base import Channel, MessageStatus
from service.models.messaging import Message
from service.outbox import repo
from service.outbox.policy import QUIET_AUDIENCES, after_quiet_hours

AUDIENCES = ("participant", "volunteer", "staff")
OPTED_OUT = "opted_out"
CANCELLED_BY_CALLER = "cancelled"


def _insert(session: Session, message: Message) -> Message:
    """Add `message`, or return the row already queued under its dedupe key."""
    if message.dedupe_key is None:
        session.add(message)
        session.flush()
        return message
    existing = repo.find_by_dedupe_key(session, message.dedupe_key)
    if existing is not None and _withdrawn(session, existing):
        # cancel_pending withdrew it (a reschedule, say), or its number opted back in: queueing
        # it again is a new decision, so the old row gives up its key and stays as a record.
        existing.dedupe_key = None
        session.add(existing)
        session.flush()
    elif existing is not None:
        return existing
    try:
        # A savepoint: a concurrent transaction may queue the same key first; the unique index
        # refuses ours and we return theirs without failing the caller's whole transaction.
        with session.begin_nested():
            session.add(message)
    except IntegrityError:
        existing = repo.find_by_dedupe_key(session, message.dedupe_key)
        if existing is None:
            raise
        return existing
    return message


def _withdrawn(session: Session, existing: Message) -> bool:
    """Whether a row was cancelled for a reason that no longer holds."""
    if existing.status != MessageStatus.cancelled.value:
        return False
    if existing.error_code == CANCELLED_BY_CALLER:
        return True
    return existing.error_code == OPTED_OUT and not repo.is_suppressed(session, existing.to_address)


def queue_sms(
    session: Session,
    *,
    to: str,
    template: str,
    language: str,
    context: dict[str, Any],
    audience: str,
    kind: str,
    case_id: int | None = None,
    hearing_id: int | None = None,
    volunteer_id: int | None = None,
    person_id: int | None = None,
    seat_id: int | None = None,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
    expires_at: datetime | None = None,
    zone: ZoneInfo | None = None,
) -> Message:
    """Render a text and queue it (cancelled and flagged at once if the number opted out)."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}, not {audience!r}")
    for name, value in (("not_before", not_before), ("expires_at", expires_at)):
        if value is not None and value.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware")
    zone = zone or get_settings().zone
    due = not_before or utcnow()
    if audience in QUIET_AUDIENCES:
        due = after_quiet_hours(due, zone)
    message = Message(
        channel=Channel.sms.value,
        to_address=to,
        kind=kind,
        audience=audience,
        time_zone=zone.key,
        template=template,
        language=language,
        body=render_sms(template, language, **context),
        case_id=case_id,
        hearing_id=hearing_id,
        volunteer_id=volunteer_id,
        person_id=person_id,
        seat_id=seat_id,
        dedupe_key=dedupe_key,
        not_before=due,
        expires_at=expires_at,
    )
    if repo.is_suppressed(session, to):
        # Kept as a record so the coordinator sees this person must be reached another way.
        message.status = MessageStatus.cancelled.value
        message.error_code = OPTED_OUT
        message.error_message = "the number opted out of texts"
        message.needs_attention = True
    return _insert(session, message)


def queue_email(
    session: Session,
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    ics: bytes | None,
    method: str | None,
    kind: str,
    case_id: int | None = None,
    hearing_id: int | None = None,
    volunteer_id: int | None = None,
    seat_id: int | None = None,
    dedupe_key: str | None = None,
    language: str = "en",
) -> Message:
    """Queue an email (written in `language`); with `ics` it goes out as an iMIP invitation of
    the given method."""
    if ics is not None and not method:
        raise ValueError("an email with a calendar needs its iTIP method (REQUEST or CANCEL)")
    message = Message(
        channel=Channel.email.value,
        to_address=to,
        language=language,
        kind=kind,
        audience="volunteer" if volunteer_id is not None else None,
        subject=subject,
        body=text,
        html=html,
        # iCalendar is UTF-8 text; its CRLF line endings survive the round trip.
        ics=ics.decode("utf-8") if ics is not None else None,
        ics_method=method.upper() if method else None,
        case_id=case_id,
        hearing_id=hearing_id,
        volunteer_id=volunteer_id,
        seat_id=seat_id,
        dedupe_key=dedupe_key,
    )
    return _insert(session, message)


def cancel_pending(
    session: Session,
    *,
    hearing_id: int | None = None,
    seat_id: int | None = None,
    kinds: tuple[str, ...] | None = None,
    to: str | None = None,
) -> int:
    """Cancel queued (not yet claimed) messages matching every given filter; returns how many."""
    conditions = []
    if hearing_id is not None:
        conditions.append(Message.hearing_id == hearing_id)
    if seat_id is not None:
        conditions.append(Message.seat_id == seat_id)
    if to is not None:
        conditions.append(Message.to_address == to)
    if not conditions:
        # Without a hearing, seat or recipient this would cancel the whole outbox.
        raise ValueError("cancel_pending needs hearing_id, seat_id or to")
    if kinds is not None:
        conditions.append(Message.kind.in_(list(kinds)))
    return repo.cancel_queued(session, *conditions, error_code=CANCELLED_BY_CALLER, attention=False)


def is_suppressed(session: Session, phone: str) -> bool:
    """Whether texts to `phone` are suppressed (the number opted out)."""
    return repo.is_suppressed(session, phone)


def opt_out(session: Session, phone: str, source: str = "reply") -> int:
    """Suppress `phone` and cancel its queued texts (flagged for a person); returns how many."""
    repo.add_suppression(session, phone, source)
    return repo.cancel_queued(session, *repo.sms_to(phone), error_code=OPTED_OUT, attention=True)


def opt_in(session: Session, phone: str) -> None:
    """Allow texts to `phone` again (START); texts cancelled meanwhile stay cancelled."""
    repo.remove_suppression(session, phone)
