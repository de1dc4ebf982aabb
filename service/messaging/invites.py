"""Calendar invites by email (iTIP REQUEST/CANCEL over iMIP) and the calendar files behind links and feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlparse

from sqlalchemy import func
from sqlmodel import Session, select

from notifications.calendar import CalendarEvent, build_feed, build_invite, stable_uid
from notifications.templates import render_email
from service.config import get_settings
from service.db import utcnow
from service.messaging.languages import email_language
from service.messaging.wording import lang_of, role_label, when
from service.models import Case, Hearing, Program, SeatAssignment, Venue, Volunteer
from service.models.base import HOLDING_SEAT, HearingStatus, SeatStatus
from service.outbox import queue
from service.programs import program_zone

FEED_PAST_DAYS = 30
# The answer a seat records, as an ATTENDEE's PARTSTAT (RFC 5545 3.2.12); anything else is asked.
_PARTSTAT = {SeatStatus.accepted.value: "ACCEPTED", SeatStatus.declined.value: "DECLINED"}


def _domain() -> str:
    return urlparse(get_settings().public_base_url).hostname or "convene.local"


def _organizer() -> tuple[str, str]:
    name, address = parseaddr(get_settings().email_from)
    return name or "Convene", address or f"convene@{_domain()}"


def calendar_event(
    session: Session,
    seat: SeatAssignment,
    *,
    status: str = "CONFIRMED",
    sequence: int | None = None,
    stable: bool = False,
    answered: bool = False,
) -> CalendarEvent:
    """One volunteer's view of one hearing: program and role, place and time, no case detail."""
    hearing = session.get(Hearing, seat.hearing_id)
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    venue = session.get(Venue, hearing.venue_id)
    volunteer = session.get(Volunteer, seat.volunteer_id)
    lang = lang_of(volunteer.preferred_language)
    role = role_label(seat.role, lang)
    org_name, org_email = _organizer()
    notes = f" {venue.accessibility_notes}." if venue.accessibility_notes else ""
    phone = f" Questions: {program.phone}." if program.phone else ""
    link = hearing.meeting_url
    if link:  # online: the link is the place (LOCATION, URL) and is said in the description
        notes = f" Join the video meeting: {link}"
    return CalendarEvent(
        uid=stable_uid(hearing.id, volunteer.id, _domain()),
        sequence=hearing.sequence if sequence is None else sequence,
        start_utc=hearing.start_at,
        end_utc=hearing.end_at,
        summary=f"{program.name}: {role}",
        description=f"You serve as {role} for the {program.name}.{notes}{phone}",
        location=link or f"{venue.name}, {venue.address}",
        geo=None if link else (venue.lat, venue.lon),
        url=link,
        organizer_email=org_email,
        organizer_name=org_name,
        attendee_email=volunteer.email or f"volunteer-{volunteer.id}@{_domain()}",
        attendee_name=volunteer.full_name,
        attendee_role="REQ-PARTICIPANT",
        # Feeds stamp events with their last change, so an unchanged feed is byte-identical (ETag).
        status=status,
        dtstamp=hearing.updated_at if stable else utcnow(),
        last_modified=hearing.updated_at,
        # Files, feeds and a change that asks nothing again show the answer given; an emailed
        # REQUEST for a new seat or a new time asks for one.
        partstat=_PARTSTAT.get(seat.status, "NEEDS-ACTION")
        if stable or answered
        else "NEEDS-ACTION",
    )


def _queue(
    session: Session, seat: SeatAssignment, template: str, method: str, event: CalendarEvent
) -> None:
    volunteer = session.get(Volunteer, seat.volunteer_id)
    # Their language, or English once a coordinator chose it; else nothing, never silently
    # English (Today and their page say why: languages.py).
    lang = email_language(volunteer)
    if not volunteer.email or lang is None:
        return
    hearing = session.get(Hearing, seat.hearing_id)
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    venue = session.get(Venue, hearing.venue_id)
    ctx = {
        "volunteer_name": volunteer.full_name,
        "program_name": program.name,
        "role": role_label(seat.role, lang),
        "when": when(hearing.start_at, lang, program_zone(program)),
        "venue_name": venue.name,
        # an online hearing's "address" is its link (the emails name the place, then say where)
        "venue_address": hearing.meeting_url or venue.address,
    }
    if template == "cancelled":
        ctx = {k: ctx[k] for k in ("volunteer_name", "program_name", "role", "when")}
    mail = render_email(template, lang, **ctx)
    queue.queue_email(
        session,
        to=volunteer.email,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        ics=build_invite(event, method),
        method=method,
        kind=f"calendar_{template}",
        case_id=case.id,
        hearing_id=hearing.id,
        volunteer_id=volunteer.id,
        seat_id=seat.id,
        dedupe_key=f"ics:s{seat.id}:q{event.sequence}:{method}",
        language=lang,
    )


def email_invite(
    session: Session, seat: SeatAssignment, *, updated: bool = False, answered: bool = False
) -> None:
    """A REQUEST at the hearing's current SEQUENCE: a new invite, or the changed time or place.

    `answered`: the change asks nothing again (a venue's new address), so the answer stands.
    """
    event = calendar_event(session, seat, answered=answered)
    _queue(session, seat, "updated" if updated else "invite", "REQUEST", event)


def email_cancel(
    session: Session, seat: SeatAssignment, *, hearing_cancelled: bool = False
) -> None:
    """A CANCEL with the same UID and a higher SEQUENCE: the hearing is off, or this volunteer left it."""
    hearing = session.get(Hearing, seat.hearing_id)
    # A cancelled hearing's SEQUENCE was already raised; a volunteer leaving raises it for them alone.
    sequence = hearing.sequence if hearing_cancelled else hearing.sequence + 1
    _queue(
        session,
        seat,
        "cancelled",
        "CANCEL",
        calendar_event(session, seat, status="CANCELLED", sequence=sequence),
    )


def seat_calendar(session: Session, seat: SeatAssignment) -> bytes:
    """The calendar file behind a one-tap link in a volunteer's text."""
    hearing = session.get(Hearing, seat.hearing_id)
    cancelled = hearing.status == HearingStatus.cancelled or seat.status not in HOLDING_SEAT
    event = calendar_event(
        session, seat, status="CANCELLED" if cancelled else "CONFIRMED", stable=True
    )
    return build_feed([event], name=event.summary)


def volunteer_feed(session: Session, volunteer: Volunteer) -> tuple[bytes, datetime | None]:
    """A volunteer's hearings of the last 30 days and to come, with the latest change's time.

    That time is the newest change of anything the feed shows (hearing, seat, venue, program,
    the volunteer's own name) or the moment the last hearing to leave the window left it, so
    Last-Modified moves whenever the body does.
    """
    since = utcnow() - timedelta(days=FEED_PAST_DAYS)
    rows = session.exec(
        select(SeatAssignment, Hearing)
        .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
        .where(
            SeatAssignment.volunteer_id == volunteer.id,
            Hearing.end_at >= since,
            SeatAssignment.status.in_((*HOLDING_SEAT, "declined", "replaced")),
        )
        .order_by(Hearing.start_at)
    ).all()
    events, changes = [], [volunteer.updated_at, _left_window(session, volunteer, since)]
    for seat, hearing in rows:
        if seat.status == SeatStatus.proposed:
            continue
        live = seat.status in HOLDING_SEAT and hearing.status != HearingStatus.cancelled
        if not live and seat.invited_at is None:
            continue
        events.append(
            calendar_event(session, seat, status="CONFIRMED" if live else "CANCELLED", stable=True)
        )
        venue = session.get(Venue, hearing.venue_id)
        program = session.get(Program, session.get(Case, hearing.case_id).program_id)
        changes += [hearing.updated_at, venue.updated_at, program.updated_at]
        changes += [seat.updated_at, seat.responded_at, seat.created_at]
    latest = max(filter(None, changes), default=None)
    return build_feed(events, name=f"Convene: {volunteer.full_name}"), latest


def _left_window(session: Session, volunteer: Volunteer, since: datetime) -> datetime | None:
    """When the latest of the volunteer's hearings to drop out of the feed's window dropped out."""
    ended = session.exec(
        select(func.max(Hearing.end_at))
        .join(SeatAssignment, SeatAssignment.hearing_id == Hearing.id)
        .where(
            SeatAssignment.volunteer_id == volunteer.id,
            SeatAssignment.invited_at.is_not(None),
            Hearing.end_at < since,
        )
    ).first()
    if ended is None:
        return None
    ended = ended if ended.tzinfo else ended.replace(tzinfo=UTC)  # SQLite drops the offset
    return ended + timedelta(days=FEED_PAST_DAYS)
