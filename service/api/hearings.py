"""Hearings: booking, rescheduling, cancelling, and seats."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.common import PageDep, UpdatedSince
from service.cases.referrals import load_case
from service.deps import CurrentUser, SessionDep, Writer
from service.errors import ERROR_RESPONSES
from service.hearings import booking as uc
from service.hearings import confirmations, queries, seats
from service.models.base import HearingStatus
from service.schemas.common import AwareDatetime, Page
from service.schemas.hearings import (
    ConfirmationPublic,
    ConfirmationRecord,
    HearingCreate,
    HearingPublic,
    HearingUpdate,
    SeatCreate,
    SeatPublic,
)

router = APIRouter(prefix="/hearings", tags=["hearings"], responses=ERROR_RESPONSES)


@router.get("", response_model=Page[HearingPublic])
def list_hearings(
    session: SessionDep,
    principal: CurrentUser,
    page: PageDep,
    program_id: int | None = None,
    case_id: int | None = None,
    venue_id: int | None = None,
    status: HearingStatus | None = None,
    start_from: AwareDatetime | None = None,
    start_to: AwareDatetime | None = None,
    updated_since: UpdatedSince = None,
) -> Page[HearingPublic]:
    """Hearings in the caller's programs, by start time (with `updated_since`: changed since
    then, oldest change first; a change to a seat or a party's confirmation counts)."""
    rows, total = queries.list_hearings(
        session,
        principal,
        limit=page.limit,
        offset=page.offset,
        program_id=program_id,
        case_id=case_id,
        venue_id=venue_id,
        status=status.value if status is not None else None,
        start_from=start_from,
        start_to=start_to,
        updated_since=updated_since,
    )
    return Page(
        items=[queries.hearing_public(session, h) for h in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("", response_model=HearingPublic, status_code=201)
def book_hearing(body: HearingCreate, session: SessionDep, principal: Writer) -> HearingPublic:
    """Book a hearing inside the venue's weekly windows (unless told otherwise)."""
    load_case(session, body.case_id, principal, write=True)
    return queries.hearing_public(session, uc.book_hearing(session, body, principal))


@router.get("/{hearing_id}", response_model=HearingPublic)
def get_hearing(hearing_id: int, session: SessionDep, principal: CurrentUser) -> HearingPublic:
    """One hearing with seats and confirmations."""
    return queries.hearing_public(session, queries.load_hearing(session, hearing_id, principal))


@router.patch("/{hearing_id}", response_model=HearingPublic)
def update_hearing(
    hearing_id: int, body: HearingUpdate, session: SessionDep, principal: Writer
) -> HearingPublic:
    """Reschedule, move, cancel, or record that a hearing was held or missed."""
    hearing = queries.load_hearing(session, hearing_id, principal)
    return queries.hearing_public(session, uc.update_hearing(session, hearing, body, principal))


@router.post(
    "/{hearing_id}/seats",
    response_model=SeatPublic,
    status_code=201,
    responses={409: {"description": "the volunteer sits elsewhere then, or the seats are taken"}},
)
def assign_seat(
    hearing_id: int, body: SeatCreate, session: SessionDep, principal: Writer
) -> SeatPublic:
    """Put a volunteer on a seat by hand; refuses double booking with 409."""
    hearing = queries.load_hearing(session, hearing_id, principal)
    seat = seats.assign_seat(session, hearing, body, principal)
    return next(s for s in queries.hearing_public(session, hearing).seats if s.id == seat.id)


@router.post("/{hearing_id}/confirmations/{party_id}", response_model=ConfirmationPublic)
def record_confirmation(
    hearing_id: int, party_id: int, body: ConfirmationRecord, session: SessionDep, principal: Writer
) -> ConfirmationPublic:
    """Record a party's answer taken by phone (or in person, or by email); audited."""
    hearing = queries.load_hearing(session, hearing_id, principal)
    confirmations.record_confirmation(session, hearing, party_id, body.status, body.by, principal)
    return next(
        c for c in queries.hearing_public(session, hearing).confirmations if c.party_id == party_id
    )
