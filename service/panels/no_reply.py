"""No reply to an invitation by its deadline: after the one reminder, the coordinator is told."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from service.cases import referrals as case_uc
from service.panels.queries import NO_REPLY_EVENT, unanswered_seats
from service.wording import role_words

# The invitation's reminder goes out after a day (messaging.hearing_texts); a day after that,
# the same two days the Today page and /api/v1/attention call an invitation unanswered.
ESCALATE_AFTER = timedelta(hours=48)


def escalate_unanswered(session: Session, now: datetime) -> int:
    """Flag each hearing with an invitation unanswered for two days and note it in its case's
    history, once per seat; returns how many seats were escalated."""
    seats = unanswered_seats(session, now - ESCALATE_AFTER, now)
    for seat, hearing, case, volunteer in seats:
        case_uc.add_event(
            session,
            case,
            NO_REPLY_EVENT,
            detail=f"{volunteer.full_name}, invited two days ago as {role_words(seat.role).lower()}, "
            "has not answered",
        )
        seat.escalated_at = now
        session.add(seat)
        if hearing.needs_attention is None:
            hearing.needs_attention = "an invited volunteer has not answered"
            session.add(hearing)
    session.flush()
    return len(seats)
