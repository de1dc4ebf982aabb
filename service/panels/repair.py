"""Keep a hearing's panel whole: cover a decline or a move with the fewest changes."""

from __future__ import annotations

from sqlmodel import Session, select

import scheduling
from service.cases import referrals as case_uc
from service.db import utcnow
from service.errors import Invalid, NotFound
from service.messaging import hearing_texts, invites
from service.models import Case, Hearing, SeatAssignment, Volunteer
from service.models.base import ACTIVE_SEAT_STATUSES, HOLDING_SEAT, HearingStatus, SeatStatus
from service.outbox import queue
from service.panels.problem import db_id, hearing_problem, hid, vid
from service.programs import seats_of_kind

REPAIR_TIME_LIMIT = 2.0


def apply_panel(
    session: Session, hearing: Hearing, solution: scheduling.Solution, actor: str
) -> list[SeatAssignment]:
    """Make the hearing's seats match the solution: replace who left, invite who joined."""
    want = {
        (db_id(a.volunteer), a.role) for a in solution.assignments if a.hearing == hid(hearing.id)
    }
    seats = session.exec(
        select(SeatAssignment).where(SeatAssignment.hearing_id == hearing.id)
    ).all()
    holding = {(s.volunteer_id, s.role): s for s in seats if s.status in HOLDING_SEAT}
    case = session.get(Case, hearing.case_id)
    for key, seat in holding.items():
        if key not in want:
            seat.status = SeatStatus.replaced.value
            session.add(seat)
            hearing_texts.volunteer_removed(session, seat)
            case_uc.add_event(
                session,
                case,
                "seat_replaced",
                actor=actor,
                detail=f"{seat.role} seat changed hands",
            )
    invited = []
    for v_id, role in sorted(want - holding.keys()):
        seat = SeatAssignment(
            hearing_id=hearing.id,
            volunteer_id=v_id,
            role=role,
            status=SeatStatus.invited.value,
            invited_at=utcnow(),
        )
        session.add(seat)
        session.flush()
        hearing_texts.invite_volunteer(session, seat)
        invited.append(seat)
        case_uc.add_event(
            session, case, "seat_invited", actor=actor, detail=f"{role} invited to cover"
        )
    needed = sum(r.count for r in seats_of_kind(session, hearing.kind_id) if not r.staff_only)
    empty = needed - len(want)
    hearing.needs_attention = f"{empty} seat(s) without a volunteer" if empty > 0 else None
    session.add(hearing)
    return invited


# A volunteer's answer to an invitation, by text (messaging/replies) or on their own page
# (web/selfservice): the one home of what a yes and a no do.


def accept(session: Session, seat: SeatAssignment) -> None:
    """The volunteer takes an invited seat, or keeps an accepted one after its hearing moved:
    the reminder is dropped and the case notes it."""
    queue.cancel_pending(session, seat_id=seat.id, kinds=("volunteer_invite_reminder",))
    kept = seat.status == SeatStatus.accepted
    seat.status = SeatStatus.accepted.value
    seat.responded_at = utcnow()
    session.add(seat)
    hearing = session.get(Hearing, seat.hearing_id)
    case_uc.add_event(
        session,
        session.get(Case, hearing.case_id),
        "seat_accepted",
        actor="volunteer",
        detail=f"{seat.role} still coming at the new time" if kept else f"{seat.role} accepted",
    )


def give_up(session: Session, seat: SeatAssignment) -> list[SeatAssignment]:
    """The volunteer declines (or gives back) a seat: the engine covers it."""
    queue.cancel_pending(session, seat_id=seat.id, kinds=("volunteer_invite_reminder",))
    return decline(session, seat, actor="volunteer")


def decline(session: Session, seat: SeatAssignment, actor: str) -> list[SeatAssignment]:
    """Record a decline and re-solve the hearing so only that seat changes when possible."""
    hearing = session.get(Hearing, seat.hearing_id)
    problem, in_force = hearing_problem(
        session, hearing
    )  # built before the decline: the decliner is in force
    seat.status = SeatStatus.declined.value
    seat.responded_at = utcnow()
    session.add(seat)
    session.flush()
    invites.email_cancel(session, seat)  # the event leaves the decliner's calendar
    change = scheduling.Decline(hearing=hid(hearing.id), volunteer=vid(seat.volunteer_id))
    solution = scheduling.repair(problem, in_force, change, time_limit=REPAIR_TIME_LIMIT)
    case_uc.add_event(
        session,
        session.get(Case, hearing.case_id),
        "seat_declined",
        actor=actor,
        detail=f"{seat.role} declined",
    )
    return apply_panel(session, hearing, solution, actor)


def refill_after_move(session: Session, hearing: Hearing, actor: str) -> list[SeatAssignment]:
    """After a hearing moved: keep whoever can still sit, cover the rest."""
    problem, in_force = hearing_problem(session, hearing)
    solution = scheduling.solve(problem, time_limit=REPAIR_TIME_LIMIT, warm=in_force)
    return apply_panel(session, hearing, solution, actor)


def _own_open_seat(session: Session, volunteer: Volunteer, seat_id: int) -> SeatAssignment:
    seat = session.get(SeatAssignment, seat_id)
    if seat is None or seat.volunteer_id != volunteer.id:
        raise NotFound("seat not found")
    hearing = session.get(Hearing, seat.hearing_id)
    if hearing.status != HearingStatus.scheduled or hearing.start_at <= utcnow():
        raise Invalid("this hearing can no longer be answered")
    return seat


def accept_own(session: Session, volunteer: Volunteer, seat_id: int) -> SeatAssignment:
    """On their own page, the volunteer takes one of their invited seats (as a YES by text)."""
    seat = _own_open_seat(session, volunteer, seat_id)
    if seat.status == SeatStatus.invited:
        accept(session, seat)
    # else: a second tap, or an answer by text got there first: nothing changes
    return seat


def give_up_own(session: Session, volunteer: Volunteer, seat_id: int) -> SeatAssignment:
    """On their own page, the volunteer gives up an invited or accepted seat; it is covered."""
    seat = _own_open_seat(session, volunteer, seat_id)
    if seat.status in ACTIVE_SEAT_STATUSES:
        give_up(session, seat)
    return seat
