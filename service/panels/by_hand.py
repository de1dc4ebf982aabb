"""Seats filled by hand from the hearing page: an empty seat, or a seated volunteer replaced.

The pick must be one the finder offers (the engine's ranking), so the page never seats someone
the rules keep out; the seat itself is written by hearings.seats.assign_seat, which queues the
invitation text and calendar invite, and a replaced volunteer is told as a panel repair tells them.
"""

from __future__ import annotations

from sqlmodel import Session

from service import audit
from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.hearings import seats
from service.messaging import hearing_texts
from service.messaging.recipients import Audience, volunteer_audience
from service.models import Case, Hearing, SeatAssignment
from service.models.base import HOLDING_SEAT, SeatStatus
from service.panels import queries
from service.panels.seat_finder import Finding, Pick, find
from service.programs import seats_of_kind
from service.schemas.hearings import SeatCreate


def _writable(session: Session, hearing: Hearing, principal: Principal) -> Case:
    case = session.get(Case, hearing.case_id)
    principal.require_program(case.program_id, write=True)
    return case


def fill_seat(
    session: Session, hearing: Hearing, role: str, volunteer_id: int, principal: Principal
) -> SeatAssignment:
    """Invite an offered volunteer to an empty seat (text and calendar invite queued)."""
    _writable(session, hearing, principal)
    find(session, hearing, role=role).pick(volunteer_id)
    seat = seats.assign_seat(
        session, hearing, SeatCreate(volunteer_id=volunteer_id, role=role), principal
    )
    _note_empty_seats(session, hearing)
    audit.by(session, principal, "seat_filled", "seat", seat.id, detail=f"hearing {hearing.id}")
    return seat


def replacement(
    session: Session, hearing: Hearing, seat_id: int, volunteer_id: int, principal: Principal
) -> tuple[Finding, Pick, Audience]:
    """What replacing a seated volunteer would do: who comes in, and who will be told how."""
    _writable(session, hearing, principal)
    finding = find(session, hearing, replace=seat_id)
    pick = finding.pick(volunteer_id)
    leaving = queries.volunteers_by_id(session, {finding.leaving.volunteer_id})
    told = pick.told + volunteer_audience(
        session, leaving[finding.leaving.volunteer_id], "calendar cancellation"
    )
    return finding, pick, told


def replace_seat(
    session: Session, hearing: Hearing, seat_id: int, volunteer_id: int, principal: Principal
) -> SeatAssignment:
    """Take a seated volunteer off (they get a cancellation) and invite an offered one."""
    case = _writable(session, hearing, principal)
    finding, _pick, _told = replacement(session, hearing, seat_id, volunteer_id, principal)
    old = finding.leaving
    old.status = SeatStatus.replaced.value
    session.add(old)
    session.flush()
    hearing_texts.volunteer_removed(session, old)
    case_uc.add_event(
        session,
        case,
        "seat_replaced",
        actor=principal.actor,
        detail=f"{old.role} seat changed hands by hand",
    )
    seat = seats.assign_seat(
        session, hearing, SeatCreate(volunteer_id=volunteer_id, role=old.role), principal
    )
    _note_empty_seats(session, hearing)
    audit.by(
        session,
        principal,
        "seat_replaced",
        "seat",
        old.id,
        detail=f"hearing {hearing.id}: seat {seat.id} invited in its place",
    )
    return seat


def _note_empty_seats(session: Session, hearing: Hearing) -> None:
    """The hearing's warning follows its empty seats (as a panel repair leaves it)."""
    needed = sum(r.count for r in seats_of_kind(session, hearing.kind_id) if not r.staff_only)
    held = sum(1 for s in queries.seats_of_hearing(session, hearing.id) if s.status in HOLDING_SEAT)
    empty = needed - held
    hearing.needs_attention = f"{empty} seat(s) without a volunteer" if empty > 0 else None
    session.add(hearing)
