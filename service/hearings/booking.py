"""Use cases for hearings: booking, rescheduling, cancelling, and confirmations (seats: seats.py)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.config import get_settings
from service.db import utcnow
from service.errors import Conflict, Invalid
from service.hearings import meetings, seats
from service.hearings.slots import opening_words, span_words
from service.integrations import events
from service.messaging import hearing_texts
from service.messaging.recipients import Audience, hearing_audience
from service.models import (
    Case,
    Hearing,
    HearingKind,
    Party,
    PartyConfirmation,
    Program,
    Venue,
    VenueWindow,
)
from service.models.base import (
    WEEKDAYS,
    CaseStatus,
    ConfirmationStatus,
    HearingStatus,
    WebhookEvent,
)
from service.programs import program_zone
from service.repo import get_or_404
from service.schemas.hearings import (
    HearingCreate,
    HearingUpdate,
)

OPEN_HEARING = (HearingStatus.scheduled.value,)
# What changes where or when a hearing meets: each such change tells everyone on it.
MOVES = {"start", "end", "venue_id", "meeting_url"}


def _kind(session: Session, program: Program, code: str) -> HearingKind:
    kind = session.exec(
        select(HearingKind).where(HearingKind.program_id == program.id, HearingKind.code == code)
    ).first()
    if kind is None:
        raise Invalid(f"{program.code} has no hearing kind {code!r}", field="kind")
    return kind


class OutsideVenueHours(Invalid):
    """A time outside the venue's weekly windows; `words` says when it is open, for a page."""

    def __init__(self, message: str, words: str):
        super().__init__(message, field="start")
        self.words = words


def _check_venue_time(
    session: Session, venue: Venue, start: datetime, end: datetime, zone: ZoneInfo
) -> None:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    if local_start.date() != local_end.date():
        raise Invalid("a hearing must start and end on the same local day", field="end")
    day = WEEKDAYS[local_start.weekday()]
    windows = list(session.exec(select(VenueWindow).where(VenueWindow.venue_id == venue.id)).all())
    if not any(
        w.day == day and w.start_time <= local_start.time() and local_end.time() <= w.end_time
        for w in windows
    ):
        open_text = ", ".join(f"{w.day} {w.start_time:%H:%M}-{w.end_time:%H:%M}" for w in windows)
        raise OutsideVenueHours(
            f"{venue.name} is not open {day} {local_start:%H:%M}-{local_end:%H:%M} "
            f"(open: {open_text or 'no windows set'}); set allow_outside_venue_hours to book anyway",
            f"{venue.name} is not open {local_start:%a} {span_words(local_start, local_end)}; "
            f"it is {opening_words(windows, day)}.",
        )


def _check_venue_free(
    session: Session, venue: Venue, start: datetime, end: datetime, hearing_id: int | None
) -> None:
    if venue.online:
        return  # each online hearing has its own meeting: the venue holds any number at once
    stmt = (
        select(func.count())
        .select_from(Hearing)
        .where(
            Hearing.venue_id == venue.id,
            Hearing.status.in_(OPEN_HEARING),
            Hearing.start_at < end,
            Hearing.end_at > start,
        )
    )
    if hearing_id is not None:
        stmt = stmt.where(Hearing.id != hearing_id)
    if session.exec(stmt).one() >= (venue.capacity or 1):
        raise Conflict(f"{venue.name} already holds a hearing at that time", field="start")


def _uid_domain() -> str:
    return urlparse(get_settings().public_base_url).hostname or "convene.local"


def book_hearing(session: Session, data: HearingCreate, principal: Principal) -> Hearing:
    """Book a hearing for a case; parties get a pending confirmation each."""
    case = get_or_404(session, Case, data.case_id, what="case")
    principal.require_program(case.program_id, write=True)
    if case.status in case_uc.CLOSED:
        raise Invalid(f"a {case.status} case cannot get a hearing", field="case_id")
    program = session.get(Program, case.program_id)
    kind = _kind(session, program, data.kind)
    venue = get_or_404(session, Venue, data.venue_id, what="venue")
    if not venue.active:
        raise Invalid(f"{venue.name} is not active", field="venue_id")
    start = data.start
    end = data.end or start + timedelta(minutes=kind.duration_minutes)
    if start <= utcnow():
        raise Invalid("a hearing must be booked in the future", field="start")
    if not data.allow_outside_venue_hours:
        _check_venue_time(session, venue, start, end, program_zone(program))
    _check_venue_free(session, venue, start, end, None)
    hearing = Hearing(
        case_id=case.id,
        kind_id=kind.id,
        venue_id=venue.id,
        start_at=start,
        end_at=end,
        language=data.language,
        ical_uid=f"{uuid.uuid4()}@{_uid_domain()}",
        meeting_url=meetings.link_for(venue, data.meeting_url),
    )
    session.add(hearing)
    session.flush()
    for party in session.exec(select(Party).where(Party.case_id == case.id)).all():
        session.add(PartyConfirmation(hearing_id=hearing.id, party_id=party.id))
    if case.status in (CaseStatus.referred, CaseStatus.heard):
        case_uc.set_status(
            session,
            case,
            "scheduled",
            actor=principal.actor,
            detail=f"hearing booked for {start.astimezone(program_zone(program)):%a %b %d %H:%M}",
        )
    else:
        case_uc.add_event(session, case, "hearing_booked", actor=principal.actor)
    session.flush()

    hearing_texts.participants_booked(session, hearing)
    events.hearing_event(session, WebhookEvent.hearing_booked, hearing)
    return hearing


def update_hearing(
    session: Session, hearing: Hearing, data: HearingUpdate, principal: Principal
) -> Hearing:
    """Reschedule, move, or change the status of a hearing; SEQUENCE rises on every change."""
    case = session.get(Case, hearing.case_id)
    principal.require_program(case.program_id, write=True)
    program = session.get(Program, case.program_id)
    changes = data.model_dump(exclude_unset=True, exclude={"allow_outside_venue_hours"})
    if hearing.status != HearingStatus.scheduled and changes.keys() & MOVES:
        raise Invalid(f"a {hearing.status} hearing cannot be moved", field="start")
    moved = False
    if changes.keys() & MOVES:
        start, end, venue, link = _checked_move(session, hearing, data, program)
        was = session.get(Venue, hearing.venue_id)
        hearing.start_at, hearing.end_at, hearing.venue_id = start, end, venue.id
        hearing.meeting_url = link
        moved = True
        case_uc.add_event(
            session,
            case,
            "hearing_moved",
            actor=principal.actor,
            detail=_move_words(start.astimezone(program_zone(program)), was, venue),
        )
    if "language" in changes:
        hearing.language = data.language
    if data.status is not None and data.status != hearing.status:
        _change_status(session, hearing, case, data.status.value, principal)
        moved = True
    if moved:
        hearing.sequence += 1
    hearing.updated_at = utcnow()
    session.add(hearing)
    session.flush()

    if hearing.status == HearingStatus.cancelled and data.status is not None:
        hearing_texts.hearing_cancelled(session, hearing)
        events.hearing_event(session, WebhookEvent.hearing_cancelled, hearing)
    elif changes.keys() & MOVES:
        _reset_confirmations(session, hearing)
        hearing_texts.hearing_moved(session, hearing)
        events.hearing_event(session, WebhookEvent.hearing_moved, hearing)
    return hearing


def _move_words(local_start: datetime, was: Venue, venue: Venue) -> str:
    """The case event of a move: 'moved to Wed Dec 16 18:30, now online'."""
    detail = f"moved to {local_start:%a %b %d %H:%M}"
    if venue.online != was.online:
        detail += ", now online" if venue.online else f", now in person at {venue.name}"
    return detail


def _checked_move(
    session: Session, hearing: Hearing, data: HearingUpdate, program: Program
) -> tuple[datetime, datetime, Venue, str | None]:
    """The new start, end, venue and meeting link of a move, refusing any the hearing cannot take.

    An online hearing staying at its online venue keeps its link unless a new one is pasted;
    one moving to another online venue gets that venue's; in person it has none."""
    kind = session.get(HearingKind, hearing.kind_id)
    start = data.start or hearing.start_at
    end = data.end or (
        start + timedelta(minutes=kind.duration_minutes) if data.start else hearing.end_at
    )
    if end <= start:
        raise Invalid("end must be after start", field="end")
    venue = get_or_404(session, Venue, data.venue_id or hearing.venue_id, what="venue")
    if start <= utcnow():
        raise Invalid("a hearing cannot be moved into the past", field="start")
    if not data.allow_outside_venue_hours:
        _check_venue_time(session, venue, start, end, program_zone(program))
    _check_venue_free(session, venue, start, end, hearing.id)
    seats.check_panel_still_free(session, hearing, start, end)
    kept = hearing.meeting_url if venue.id == hearing.venue_id else None
    return start, end, venue, meetings.link_for(venue, data.meeting_url, kept)


def check_update(
    session: Session, hearing: Hearing, data: HearingUpdate, principal: Principal
) -> None:
    """Refuse what update_hearing would refuse, changing nothing: the confirmation step asks
    before anyone is told, so it must not ask about a change that cannot be made."""
    case = session.get(Case, hearing.case_id)
    principal.require_program(case.program_id, write=True)
    if hearing.status != HearingStatus.scheduled:
        raise Invalid(f"a {hearing.status} hearing cannot be changed", field="start")
    if data.model_fields_set & MOVES:
        _checked_move(session, hearing, data, session.get(Program, case.program_id))


def preview_update(
    session: Session, hearing: Hearing, data: HearingUpdate, principal: Principal
) -> Audience:
    """Who a move or a cancellation will tell, and how, refusing a change that cannot be made."""
    check_update(session, hearing, data, principal)
    cancelling = data.status == HearingStatus.cancelled
    return hearing_audience(
        session, hearing, "calendar cancellation" if cancelling else "calendar update"
    )


def _reset_confirmations(
    session: Session, hearing: Hearing, keep_person: int | None = None
) -> None:
    rows = session.exec(
        select(PartyConfirmation, Party)
        .join(Party, Party.id == PartyConfirmation.party_id)
        .where(PartyConfirmation.hearing_id == hearing.id)
    ).all()
    for conf, party in rows:
        if party.person_id != keep_person:
            conf.status = ConfirmationStatus.pending.value
            conf.responded_at = None
            session.add(conf)


def reschedule_to(
    session: Session,
    hearing: Hearing,
    start: datetime,
    end: datetime,
    *,
    actor: str,
    keep_person: int | None = None,
) -> bool:
    """Move a hearing to a time already checked for the venue's windows; False if the room was taken."""
    venue = session.get(Venue, hearing.venue_id)
    try:
        _check_venue_free(session, venue, start, end, hearing.id)
    except Conflict:
        return False
    hearing.start_at, hearing.end_at = start, end
    hearing.sequence += 1
    hearing.updated_at = utcnow()
    session.add(hearing)
    _reset_confirmations(session, hearing, keep_person)
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    case_uc.add_event(
        session,
        case,
        "hearing_moved",
        actor=actor,
        detail=f"moved to {start.astimezone(program_zone(program)):%a %b %d %H:%M}",
    )
    session.flush()
    events.hearing_event(session, WebhookEvent.hearing_moved, hearing)
    return True


def _change_status(
    session: Session, hearing: Hearing, case: Case, status: str, principal: Principal
) -> None:
    allowed = {"scheduled": {"held", "no_show", "cancelled"}}
    if status not in allowed.get(hearing.status, set()):
        raise Invalid(f"a {hearing.status} hearing cannot become {status}", field="status")
    hearing.status = status
    if status == HearingStatus.cancelled:
        others = session.exec(
            select(func.count())
            .select_from(Hearing)
            .where(
                Hearing.case_id == case.id,
                Hearing.id != hearing.id,
                Hearing.status == HearingStatus.scheduled.value,
            )
        ).one()
        if case.status == CaseStatus.scheduled and not others:
            case_uc.set_status(
                session, case, "referred", actor=principal.actor, detail="hearing cancelled"
            )
        else:
            case_uc.add_event(session, case, "hearing_cancelled", actor=principal.actor)
    elif status == HearingStatus.held and case.status == CaseStatus.scheduled:
        case_uc.set_status(session, case, "heard", actor=principal.actor)
    elif status == HearingStatus.no_show:
        case_uc.add_event(session, case, "no_show", actor=principal.actor)
