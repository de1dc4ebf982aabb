"""A case's history on one timeline: status changes and edits, texts sent, replies received."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from service.models import Case, CaseEvent, InboundMessage, Message, Person, User, Volunteer
from service.schemas.outcomes import TimelineEntry
from service.wording import status_change, text_words, words


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


@dataclass(frozen=True)
class TimelineLine:
    """One line of a case's history as a coordinator reads it."""

    at: datetime
    sentence: str
    detail: str = ""
    actor: str = ""
    state: str = ""


_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _plain(text: str) -> str:
    """A stored detail without codes: 'case_manager seat filled' -> 'case manager seat filled'."""
    return _CODE.sub(lambda m: m.group(0).replace("_", " "), text or "").replace("->", "→")


def _actor_names(session: Session, actors: set[str]) -> dict[str, str]:
    emails = {a.split(" (token ")[0] for a in actors if "@" in a}
    users = session.exec(select(User).where(User.email.in_(emails))).all() if emails else []
    by_email = {u.email: u.full_name for u in users}
    out = {"system": "Convene", "participant": "the participant", "volunteer": "the volunteer"}
    for a in actors:
        email = a.split(" (token ")[0]
        if email in by_email:
            out[a] = by_email[email] + (" (through the API)" if " (token " in a else "")
    return out


def _event_sentence(case: Case, e: TimelineEntry) -> str:
    if e.kind == "referred":
        return f"Case referred by {words(case.referral_source, 'referral_source')}"
    if e.kind == "status":
        return status_change(e.from_status, e.to_status)
    if e.kind == "party_added":
        role = (e.detail or "").removesuffix(" added")
        return f"{words(role, 'party_role')} added to the case"
    if e.kind == "consent":
        withdrawn = "withdrawn" in (e.detail or "")
        return "Participant's consent " + ("withdrawn" if withdrawn else "recorded")
    if e.kind == "edited":
        return "Case details changed"
    return words(e.kind, "event")


def case_story(session: Session, case: Case) -> list[TimelineLine]:
    """The case's timeline in sentences: 'Case referred by the prosecutor', 'Status changed:
    Referred → Hearing booked' (only when it changed), 'Text to Rosa Villanueva (hearing
    notice): delivered', with people named rather than by email."""
    events = session.exec(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    ).all()
    name = func.coalesce(Person.full_name, Volunteer.full_name)
    messages = session.exec(
        select(Message, name)
        .outerjoin(Person, Person.id == Message.person_id)
        .outerjoin(Volunteer, Volunteer.id == Message.volunteer_id)
        .where(Message.case_id == case.id, Message.direction == "outbound")
        .order_by(Message.created_at, Message.id)
    ).all()
    replies = session.exec(
        select(InboundMessage, name)
        .outerjoin(Person, Person.id == InboundMessage.person_id)
        .outerjoin(Volunteer, Volunteer.id == InboundMessage.volunteer_id)
        .where(InboundMessage.case_id == case.id)
        .order_by(InboundMessage.received_at, InboundMessage.id)
    ).all()
    names = _actor_names(session, {e.actor for e in events if e.actor})
    lines: list[tuple[datetime, int, TimelineLine]] = []
    for e in events:
        entry = TimelineEntry(
            at=e.at, type="event", kind=e.kind, detail=e.detail, actor=e.actor,
            from_status=e.from_status, to_status=e.to_status,
        )  # fmt: skip
        sentence = _event_sentence(case, entry)
        if not sentence:  # a status "change" to the same status says nothing
            continue
        detail = "" if e.kind in ("referred", "party_added", "consent") else _plain(e.detail)
        actor = names.get(e.actor or "", e.actor or "")
        lines.append((e.at, 0, TimelineLine(e.at, sentence, detail, actor)))
    for m, who in messages:
        channel = "Email" if m.channel == "email" else "Text"
        to = who or f"the {(m.audience or 'recipient').replace('_', ' ')}"
        sentence = f"{channel} to {to} ({text_words(m.kind or m.template)})"
        state = words(m.status, "message_state")
        lines.append(
            (
                m.created_at,
                1,
                TimelineLine(m.created_at, f"{sentence}: {state}", m.body, "", m.status),
            )
        )
    for r, who in replies:
        said = words(r.intent, "intent") if r.intent else "replied"
        line = TimelineLine(
            r.received_at, f"Reply from {who or 'an unknown number'}: {said}", r.body
        )
        lines.append((r.received_at, 2, line))
    return [line for _, _, line in sorted(lines, key=lambda x: (x[0], x[1]))]
