"""What a volunteer was asked by text and has not answered yet, newest question first; and
whether a participant was asked anything since a survey question (which a reply then answers).

A volunteer is asked a yes-or-no question by an invitation (and its reminder) and, once they
hold a seat, again when its hearing moves ("Still coming? Reply Y or N"). A reply answers the
question they were asked last; questions asked together (within ASKED_TOGETHER of the last one)
are told apart by a numbered question instead, so a reply never answers the wrong hearing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from service.db import utcnow
from service.models import Hearing, Message, ReplyContext, SeatAssignment, Volunteer
from service.models.base import ACTIVE_SEAT_STATUSES, HearingStatus, MessageStatus, SeatStatus

# The texts that end in "Reply Y or N" about one seat.
INVITATIONS = ("volunteer_invite", "volunteer_invite_reminder")
MOVED = "volunteer_hearing_changed"
ASKED_TOGETHER = timedelta(minutes=10)


@dataclass(frozen=True)
class Question:
    """One seat a volunteer may still answer by text, and when they were last asked about it."""

    seat: SeatAssignment
    asked_at: datetime


def _asked(session: Session, seat_ids: list[int]) -> dict[int, list[Message]]:
    """The yes-or-no texts each seat's volunteer has been sent (or is due), oldest first."""
    if not seat_ids:
        return {}
    rows = session.exec(
        select(Message)
        .where(
            Message.seat_id.in_(seat_ids),
            Message.kind.in_([*INVITATIONS, MOVED]),
            Message.status != MessageStatus.cancelled.value,
            Message.not_before <= utcnow(),
        )
        .order_by(Message.not_before, Message.id)
    ).all()
    out: dict[int, list[Message]] = {}
    for m in rows:
        out.setdefault(m.seat_id, []).append(m)
    return out


def _asked_at(m: Message) -> datetime:
    return m.sent_at or m.not_before


def open_questions(session: Session, volunteer: Volunteer) -> list[Question]:
    """Seats of future hearings the volunteer can still answer: an invitation not yet answered,
    or a seat they accepted whose hearing moved since ("Still coming?"); newest question first."""
    seats = session.exec(
        select(SeatAssignment)
        .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
        .where(
            SeatAssignment.volunteer_id == volunteer.id,
            SeatAssignment.status.in_(ACTIVE_SEAT_STATUSES),
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at > utcnow(),
        )
        .order_by(SeatAssignment.invited_at, SeatAssignment.id)
    ).all()
    asked = _asked(session, [s.id for s in seats])
    out = []
    for seat in seats:
        texts = asked.get(seat.id, [])
        if seat.status == SeatStatus.invited:
            last = max((_asked_at(m) for m in texts), default=seat.invited_at or utcnow())
            out.append(Question(seat, last))
            continue
        answered = seat.responded_at
        moved = [
            m for m in texts if m.kind == MOVED and (answered is None or m.created_at > answered)
        ]
        if moved:
            out.append(Question(seat, max(_asked_at(m) for m in moved)))
    out.sort(key=lambda q: (q.asked_at, q.seat.id), reverse=True)
    return out


def last_asked(questions: list[Question]) -> list[Question]:
    """What a reply is about: the question asked last, with any asked at about the same time
    (more than one: the reply could be about either, so the volunteer is asked which)."""
    if not questions:
        return []
    latest = questions[0].asked_at
    return [q for q in questions if latest - q.asked_at <= ASKED_TOGETHER]


def is_open(session: Session, seat: SeatAssignment) -> bool:
    """Whether this seat still waits for its volunteer's yes or no."""
    volunteer = session.get(Volunteer, seat.volunteer_id)
    return any(q.seat.id == seat.id for q in open_questions(session, volunteer))


# What a participant is asked to answer besides a survey: a hearing to confirm (its notice, a
# move, a reminder that still asks) and a numbered choice (which hearing, which new time).
PARTICIPANT_ASKS = ("participant_hearing", "participant_hearing_moved", "participant_reminder")


def asked_since(session: Session, phone: str, since: datetime) -> bool:
    """Whether this phone was asked something else after `since` (a reply then answers that)."""
    now = utcnow()
    text = session.exec(
        select(Message.id).where(
            Message.to_address == phone,
            Message.kind.in_(PARTICIPANT_ASKS),
            Message.status != MessageStatus.cancelled.value,
            Message.not_before > since,
            Message.not_before <= now,
        )
    ).first()
    if text is not None:
        return True
    choice = session.exec(
        select(ReplyContext.id).where(
            ReplyContext.phone == phone,
            ReplyContext.resolved_at.is_(None),
            ReplyContext.expires_at > now,
            ReplyContext.created_at > since,
        )
    ).first()
    return choice is not None
