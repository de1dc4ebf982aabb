"""Texts about hearings: volunteer invitations, participant notices and reminders, changes."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import phonenumbers
from sqlmodel import Session, select

from service.config import get_settings
from service.db import utcnow
from service.messaging import invites
from service.messaging.recipients import may_text, texted_parties
from service.messaging.wording import lang_of, role_label, when
from service.models import (
    Case,
    Hearing,
    Party,
    PartyConfirmation,
    Person,
    Program,
    SeatAssignment,
    Venue,
    Volunteer,
)
from service.models.base import HOLDING_SEAT, ConfirmationStatus, SeatStatus
from service.outbox import queue
from service.programs import program_zone
from service.security import short_sign

INVITE_REMINDER_AFTER = timedelta(hours=24)
REMINDER_CLOCK = time(10, 0)  # reminders go out mid-morning, never at night


def _context(session: Session, hearing: Hearing) -> tuple[Program, Venue, Case]:
    case = session.get(Case, hearing.case_id)
    return session.get(Program, case.program_id), session.get(Venue, hearing.venue_id), case


def program_phone(program: Program) -> str:
    """The program's phone as people dial it."""
    if not program.phone:
        return "the program office"
    parsed = phonenumbers.parse(program.phone, "US")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def hearing_link(seat_id: int) -> str:
    """A short signed link that serves one seat's calendar file (added to a phone in one tap)."""
    settings = get_settings()
    return f"{settings.public_base_url}/c/{short_sign(settings.secret_key, 'ics', seat_id, ttl_days=90)}"


def _volunteer_sms(
    session: Session, seat: SeatAssignment, hearing: Hearing, template: str, kind: str, **extra
) -> None:
    volunteer = session.get(Volunteer, seat.volunteer_id)
    if not may_text(volunteer):
        return
    program, venue, case = _context(session, hearing)
    lang = lang_of(volunteer.preferred_language)
    ctx = {
        "volunteer_name": volunteer.full_name,
        "program_name": program.name,
        "role": role_label(seat.role, lang),
        "when": when(hearing.start_at, lang, program_zone(program)),
        "venue_name": venue.name,
        "venue_address": venue.address,
        "ics_url": hearing_link(seat.id),
        "meeting_url": hearing.meeting_url or "",
    }
    queue.queue_sms(
        session,
        to=volunteer.mobile,
        template=template,
        language=lang,
        context=ctx,
        audience="volunteer",
        kind=kind,
        case_id=case.id,
        hearing_id=hearing.id,
        volunteer_id=volunteer.id,
        seat_id=seat.id,
        zone=program_zone(program),
        **extra,
    )


def invite_volunteer(session: Session, seat: SeatAssignment) -> None:
    """Text the invitation (Y/N) now and one reminder later if there is no answer."""
    hearing = session.get(Hearing, seat.hearing_id)
    _volunteer_sms(
        session,
        seat,
        hearing,
        "volunteer_invite",
        "volunteer_invite",
        dedupe_key=f"invite:s{seat.id}",
    )
    invites.email_invite(session, seat)
    remind_at = (seat.invited_at or utcnow()) + INVITE_REMINDER_AFTER
    if remind_at < hearing.start_at - timedelta(hours=2):
        _volunteer_sms(
            session,
            seat,
            hearing,
            "volunteer_invite_reminder",
            "volunteer_invite_reminder",
            dedupe_key=f"invite-reminder:s{seat.id}",
            not_before=remind_at,
            expires_at=hearing.start_at,
        )


def volunteer_removed(session: Session, seat: SeatAssignment) -> None:
    """Tell a volunteer they are no longer needed on a hearing (declined seats get an ack instead)."""
    hearing = session.get(Hearing, seat.hearing_id)
    queue.cancel_pending(session, seat_id=seat.id)
    _volunteer_sms(
        session,
        seat,
        hearing,
        "volunteer_cancelled",
        "volunteer_cancelled",
        dedupe_key=f"removed:s{seat.id}:q{hearing.sequence}",
    )
    invites.email_cancel(session, seat)


def _holding_seats(session: Session, hearing: Hearing) -> list[SeatAssignment]:
    return list(
        session.exec(
            select(SeatAssignment).where(
                SeatAssignment.hearing_id == hearing.id, SeatAssignment.status.in_(HOLDING_SEAT)
            )
        ).all()
    )


def _parties(session: Session, hearing: Hearing) -> list[tuple[Party, Person]]:
    return texted_parties(session, hearing.case_id)


def _participant_ctx(
    session: Session, hearing: Hearing, person: Person
) -> tuple[dict, str, Program, Case]:
    program, venue, case = _context(session, hearing)
    lang = lang_of(person.language)
    ctx = {
        "person_name": person.full_name,
        "program_name": program.name,
        "when": when(hearing.start_at, lang, program_zone(program)),
        "venue_name": venue.name,
        "venue_address": venue.address,
        "program_phone": program_phone(program),
        # An online hearing's link: these texts go to the hearing's own parties only.
        "meeting_url": hearing.meeting_url or "",
    }
    return ctx, lang, program, case


def _participant_sms(
    session: Session,
    hearing: Hearing,
    person: Person,
    template: str,
    keys: tuple[str, ...],
    dedupe_key: str | None,
    **extra,
) -> None:
    ctx, lang, program, case = _participant_ctx(session, hearing, person)
    queue.queue_sms(
        session,
        to=person.mobile,
        template=template,
        language=lang,
        context={k: ctx[k] for k in keys} | extra.pop("context", {}),
        audience="participant",
        kind=template,
        case_id=case.id,
        hearing_id=hearing.id,
        person_id=person.id,
        dedupe_key=dedupe_key,
        zone=program_zone(program),
        **extra,
    )


HEARING_KEYS = (
    "person_name",
    "program_name",
    "when",
    "venue_name",
    "venue_address",
    "program_phone",
    "meeting_url",
)


def queue_reminders(session: Session, hearing: Hearing) -> None:
    """Reminders before the hearing (the program's days, e.g. 3 and 1), keyed to this version of it."""
    program, _venue, _case = _context(session, hearing)
    zone = program_zone(program)
    local_day = hearing.start_at.astimezone(zone).date()
    # Whoever already confirmed this time (a slot picked by text) is reminded, not asked again.
    confirmed = set(
        session.exec(
            select(PartyConfirmation.party_id).where(
                PartyConfirmation.hearing_id == hearing.id,
                PartyConfirmation.status == ConfirmationStatus.confirmed.value,
            )
        ).all()
    )
    for party, person in _parties(session, hearing):
        for days in program.reminder_days_before:
            at = datetime.combine(local_day - timedelta(days=days), REMINDER_CLOCK, zone)
            if at <= utcnow():
                continue
            _participant_sms(
                session,
                hearing,
                person,
                "participant_reminder",
                HEARING_KEYS,
                f"reminder:h{hearing.id}:p{party.id}:d{days}:q{hearing.sequence}",
                not_before=at,
                expires_at=hearing.start_at,
                context={"days_before": days, "confirmed": party.id in confirmed},
            )


def participants_booked(session: Session, hearing: Hearing) -> None:
    """Tell each party of a new hearing (asking Y or CHANGE) and queue their reminders."""
    for _party, person in _parties(session, hearing):
        _participant_sms(
            session,
            hearing,
            person,
            "participant_hearing",
            HEARING_KEYS,
            f"hearing:h{hearing.id}:p{person.id}:q{hearing.sequence}",
        )
    queue_reminders(session, hearing)


def hearing_moved(session: Session, hearing: Hearing, chosen_by: int | None = None) -> None:
    """A reschedule or new venue: re-key reminders, tell parties and the panel. The person who
    chose the new time by text (`chosen_by`) was told it is confirmed in the reply, so she is
    not asked to confirm it again."""
    queue.cancel_pending(
        session,
        hearing_id=hearing.id,
        kinds=("participant_reminder", "participant_hearing", "volunteer_invite_reminder"),
    )
    keys = ("person_name", "program_name", "when", "venue_name", "venue_address", "meeting_url")
    for _party, person in _parties(session, hearing):
        if person.id == chosen_by:
            continue
        _participant_sms(
            session,
            hearing,
            person,
            "participant_hearing_moved",
            keys,
            f"moved:h{hearing.id}:p{person.id}:q{hearing.sequence}",
        )
    queue_reminders(session, hearing)
    for seat in _holding_seats(session, hearing):
        _volunteer_sms(
            session,
            seat,
            hearing,
            "volunteer_hearing_changed",
            "volunteer_hearing_changed",
            dedupe_key=f"changed:s{seat.id}:q{hearing.sequence}",
        )
        invites.email_invite(session, seat, updated=True)


def venue_changed(session: Session, hearing: Hearing) -> None:
    """The venue's name or address changed: updated invites to the seated volunteers.

    Nobody is texted: queued reminders, which name the place, are re-keyed to this version.
    """
    queue.cancel_pending(session, hearing_id=hearing.id, kinds=("participant_reminder",))
    queue_reminders(session, hearing)
    for seat in _holding_seats(session, hearing):
        if seat.status != SeatStatus.proposed:  # a proposal was never sent
            invites.email_invite(session, seat, updated=True, answered=True)


def hearing_cancelled(session: Session, hearing: Hearing) -> None:
    """A cancellation: no more reminders; parties and the panel are told."""
    queue.cancel_pending(session, hearing_id=hearing.id)
    for _party, person in _parties(session, hearing):
        _participant_sms(
            session,
            hearing,
            person,
            "participant_hearing_cancelled",
            ("person_name", "program_name", "program_phone"),
            f"cancelled:h{hearing.id}:p{person.id}",
        )
    for seat in _holding_seats(session, hearing):
        _volunteer_sms(
            session,
            seat,
            hearing,
            "volunteer_cancelled",
            "volunteer_cancelled",
            dedupe_key=f"removed:s{seat.id}:q{hearing.sequence}",
        )
        invites.email_cancel(session, seat, hearing_cancelled=True)
