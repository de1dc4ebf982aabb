"""A case's history on one timeline: status changes and edits, texts sent, replies received."""

from __future__ import annotations

from sqlmodel import Session, select

from service.models import CaseEvent, InboundMessage, Message
from service.schemas.outcomes import TimelineEntry


def case_timeline(session: Session, case_id: int) -> list[TimelineEntry]:
    """Every event, outbound message and reply of a case in time order."""
    entries = [
        TimelineEntry(
            at=e.at,
            type="event",
            kind=e.kind,
            detail=e.detail,
            actor=e.actor,
            from_status=e.from_status,
            to_status=e.to_status,
        )  # fmt: skip
        for e in session.exec(
            select(CaseEvent)
            .where(CaseEvent.case_id == case_id)
            .order_by(CaseEvent.at, CaseEvent.id)
        ).all()
    ]
    entries += [
        TimelineEntry(
            at=m.created_at,
            type="message",
            kind=m.kind or m.template,
            detail=m.body,
            actor=m.audience,
            status=m.status,
        )  # fmt: skip
        for m in session.exec(
            select(Message)
            .where(Message.case_id == case_id, Message.direction == "outbound")
            .order_by(Message.created_at, Message.id)
        ).all()
    ]
    entries += [
        TimelineEntry(at=r.received_at, type="reply", kind=r.intent, detail=r.body, actor="sms")
        for r in session.exec(
            select(InboundMessage)
            .where(InboundMessage.case_id == case_id)
            .order_by(InboundMessage.received_at, InboundMessage.id)
        ).all()
    ]
    # A stable sort keeps each source's own order for entries stamped at the same instant.
    order = {"event": 0, "message": 1, "reply": 2}
    return sorted(entries, key=lambda e: (e.at, order[e.type]))
