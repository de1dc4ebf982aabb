"""Every text and email Convene has queued, newest first, with who it was for (the dev Outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.models import Case, Message, Person, Volunteer
from service.models.base import Direction, MessageStatus
from service.wording import language_name

STATE_WORDS = {
    MessageStatus.queued: "queued, waiting to be sent",
    MessageStatus.sending: "being sent",
    MessageStatus.sent: "sent",
    MessageStatus.delivered: "delivered",
    MessageStatus.undelivered: "not delivered",
    MessageStatus.failed: "failed",
    MessageStatus.cancelled: "withdrawn before sending",
}


@dataclass(frozen=True)
class SentMessage:
    """One outbound message as a person reads it."""

    id: int
    created_at: datetime
    channel: str
    to: str
    recipient: str
    language: str
    state: str
    subject: str | None
    body: str
    case_id: int | None
    problem: str | None
    zone: str | None = None  # the program's zone the message was written in, if it has one


def sent_messages(session: Session, principal: Principal, limit: int = 200) -> list[SentMessage]:
    """Outbound messages in the caller's programs (and those tied to no case), newest first."""
    stmt = (
        select(Message, Volunteer.full_name, Person.full_name)
        .outerjoin(Volunteer, Volunteer.id == Message.volunteer_id)
        .outerjoin(Person, Person.id == Message.person_id)
        .where(Message.direction == Direction.outbound.value)
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    if principal.program_scope is not None:
        stmt = stmt.outerjoin(Case, Case.id == Message.case_id).where(
            Message.case_id.is_(None) | principal.in_programs(Case.program_id)
        )
    return [
        SentMessage(
            id=m.id,
            created_at=m.created_at,
            channel="Email" if m.channel == "email" else "Text",
            to=m.to_address,
            recipient=volunteer or person or "",
            language=language_name(m.language),
            state=STATE_WORDS.get(m.status, m.status),
            subject=m.subject,
            body=m.body,
            case_id=m.case_id,
            problem=m.error_message,
            zone=m.time_zone,
        )
        for m, volunteer, person in session.exec(stmt).all()
    ]
