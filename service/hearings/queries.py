"""Reading hearings: the scoped list, a week's calendar, and a case's hearings with their venues."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from service.accounts.auth import Principal
from service.cases import referrals
from service.db import utcnow
from service.errors import NotFound
from service.messaging.wording import role_words
from service.models import (
    Case,
    Hearing,
    HearingKind,
    Party,
    PartyConfirmation,
    Person,
    Program,
    SeatAssignment,
    Venue,
    VenueWindow,
    Volunteer,
)
from service.models.base import HOLDING_SEAT, HearingStatus, SeatStatus
from service.programs import program_zone, seats_of_kind
from service.repo import changed_since, paginate
from service.schemas.hearings import ConfirmationPublic, HearingPublic, SeatPublic


def list_hearings(
    session: Session,
    principal: Principal,
    *,
    limit: int,
    offset: int,
    program_id: int | None = None,
    case_id: int | None = None,
    venue_id: int | None = None,
    status: str | None = None,
    start_from: datetime | None = None,
    start_to: datetime | None = None,
    updated_since: datetime | None = None,
) -> tuple[list[Hearing], int]:
    """A page of the hearings in the caller's programs, by start time (or, with `updated_since`,
    those changed since then, oldest change first)."""
    stmt = (
        select(Hearing)
        .join(Case, Case.id == Hearing.case_id)
        .where(principal.in_programs(Case.program_id))
        .order_by(Hearing.start_at, Hearing.id)
    )
    if program_id is not None:
        stmt = stmt.where(Case.program_id == program_id)
    if case_id is not None:
        stmt = stmt.where(Hearing.case_id == case_id)
    if venue_id is not None:
        stmt = stmt.where(Hearing.venue_id == venue_id)
    if status is not None:
        stmt = stmt.where(Hearing.status == status)
    if start_from is not None:
        stmt = stmt.where(Hearing.start_at >= start_from)
    if start_to is not None:
        stmt = stmt.where(Hearing.start_at < start_to)
    if updated_since is not None:
        stmt = changed_since(stmt, Hearing, updated_since)
    return paginate(session, stmt, limit=limit, offset=offset)


def hearings_between(
    session: Session, principal: Principal, start: datetime, end: datetime
) -> list[tuple[Hearing, Case, Venue]]:
    """The caller's hearings starting in [start, end), with their case and venue, by start."""
    stmt = (
        select(Hearing, Case, Venue)
        .join(Case, Case.id == Hearing.case_id)
        .join(Venue, Venue.id == Hearing.venue_id)
        .where(principal.in_programs(Case.program_id))
        .where(Hearing.start_at >= start, Hearing.start_at < end)
        .order_by(Hearing.start_at)
    )
    return list(session.exec(stmt).all())


@dataclass(frozen=True)
class WeekSlot:
    """A hearing in the week grid: its time in its own program's zone."""

    hearing: Hearing
    case: Case
    time: str


def week_grid(
    session: Session, principal: Principal, monday: date, zone: ZoneInfo
) -> dict[str, dict[date, list[WeekSlot]]]:
    """The caller's hearings of the week from `monday` by venue and local day; each hearing's
    day and time are read in its program's zone (programs may sit in different zones)."""
    start = datetime.combine(monday, time(0), zone) - timedelta(days=1)
    zones = {p.id: program_zone(p) for p in session.exec(select(Program)).all()}
    grid: dict[str, dict[date, list[WeekSlot]]] = {}
    for hearing, case, venue in hearings_between(
        session, principal, start, start + timedelta(days=9)
    ):
        local = hearing.start_at.astimezone(zones.get(case.program_id, zone))
        if not 0 <= (local.date() - monday).days < 7:
            continue
        clock = local.strftime("%I:%M %p").removeprefix("0")
        grid.setdefault(venue.name, {}).setdefault(local.date(), []).append(
            WeekSlot(hearing, case, clock)
        )
    return dict(sorted(grid.items()))


def hearings_of_case(session: Session, case: Case) -> list[tuple[Hearing, Venue]]:
    """A case's hearings with their venues, by start."""
    stmt = (
        select(Hearing, Venue)
        .join(Venue, Venue.id == Hearing.venue_id)
        .where(Hearing.case_id == case.id)
        .order_by(Hearing.start_at)
    )
    return list(session.exec(stmt).all())


def load_hearing(session: Session, hearing_id: int, principal: Principal) -> Hearing:
    """A hearing the caller may see."""
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        raise NotFound(f"hearing {hearing_id} not found")
    referrals.load_case(session, hearing.case_id, principal)
    return hearing


@dataclass(frozen=True)
class PanelRow:
    """One seat of a hearing's panel as the hearing page lists it (an empty seat has no volunteer)."""

    role: str
    role_words: str
    status: str  # a SeatStatus value, or "empty"
    answer: str
    seat_id: int | None = None
    volunteer_id: int | None = None
    volunteer_name: str = ""


ANSWERS = {
    SeatStatus.proposed: "Proposed, not yet invited",
    SeatStatus.invited: "Invited, no answer yet",
    SeatStatus.accepted: "Accepted",
    SeatStatus.declined: "Declined",
    SeatStatus.replaced: "Replaced",
}


def panel_rows(session: Session, hearing: Hearing) -> list[PanelRow]:
    """Every seat the hearing's kind needs, role by role: who holds it (or "Empty"), then the
    volunteers who declined or were replaced in that role."""
    records = session.exec(
        select(SeatAssignment, Volunteer)
        .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
        .where(SeatAssignment.hearing_id == hearing.id)
        .order_by(SeatAssignment.id)
    ).all()
    rows: list[PanelRow] = []
    roles = [r for r in seats_of_kind(session, hearing.kind_id) if not r.staff_only]
    known = {r.role for r in roles}
    for req in roles:
        mine = [(s, v) for s, v in records if s.role == req.role]
        holding = [(s, v) for s, v in mine if s.status in HOLDING_SEAT]
        rows += [_row(s, v) for s, v in holding]
        rows += [
            PanelRow(req.role, role_words(req.role), "empty", "Empty")
            for _ in range(req.count - len(holding))
        ]
        rows += [_row(s, v) for s, v in mine if s.status not in HOLDING_SEAT]
    rows += [_row(s, v) for s, v in records if s.role not in known]
    return rows


def _row(seat: SeatAssignment, volunteer: Volunteer) -> PanelRow:
    status = SeatStatus(seat.status)
    return PanelRow(
        seat.role,
        role_words(seat.role),
        status.value,
        ANSWERS.get(status, status.value),
        seat.id,
        volunteer.id,
        volunteer.full_name,
    )


def hearing_zone(session: Session, hearing: Hearing) -> ZoneInfo:
    """The time zone of the hearing's program: its times are shown and typed there."""
    case = session.get(Case, hearing.case_id)
    return program_zone(session.get(Program, case.program_id))


def venue_bookings(
    session: Session, venue_ids: list[int], start: datetime, end: datetime
) -> list[tuple[int, datetime, datetime]]:
    """(venue, start, end) of the scheduled hearings at these venues overlapping [start, end)."""
    if not venue_ids:
        return []
    return list(
        session.exec(
            select(Hearing.venue_id, Hearing.start_at, Hearing.end_at).where(
                Hearing.venue_id.in_(venue_ids),
                Hearing.status == HearingStatus.scheduled.value,
                Hearing.start_at < end,
                Hearing.end_at > start,
            )
        ).all()
    )


def parties_hearings(
    session: Session, case_id: int, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """(start, end) of the scheduled hearings, of any case, of this case's parties in [start, end)."""
    people = select(Party.person_id).where(Party.case_id == case_id)
    return list(
        session.exec(
            select(Hearing.start_at, Hearing.end_at)
            .join(Party, Party.case_id == Hearing.case_id)
            .where(
                Party.person_id.in_(people),
                Hearing.status == HearingStatus.scheduled.value,
                Hearing.start_at < end,
                Hearing.end_at > start,
            )
            .distinct()
        ).all()
    )


def windows_of_venues(session: Session, venue_ids: list[int]) -> list[VenueWindow]:
    """The weekly opening windows of these venues."""
    if not venue_ids:
        return []
    return list(session.exec(select(VenueWindow).where(VenueWindow.venue_id.in_(venue_ids))).all())


def kinds_of_program(session: Session, program_id: int) -> list[HearingKind]:
    """A program's kinds of hearing, by name."""
    return list(
        session.exec(
            select(HearingKind).where(HearingKind.program_id == program_id).order_by(HearingKind.id)
        ).all()
    )


def case_people(session: Session, case_id: int) -> list[int]:
    """The person ids of a case's parties."""
    return list(session.exec(select(Party.person_id).where(Party.case_id == case_id)).all())


def upcoming_at_venue(session: Session, venue_id: int) -> list[Hearing]:
    """The scheduled hearings at a venue that have not started yet, soonest first."""
    return list(
        session.exec(
            select(Hearing)
            .where(
                Hearing.venue_id == venue_id,
                Hearing.status == HearingStatus.scheduled.value,
                Hearing.start_at > utcnow(),
            )
            .order_by(Hearing.start_at)
        ).all()
    )


def hearing_public(session: Session, hearing: Hearing) -> HearingPublic:
    """A hearing with its seats and confirmations."""
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    kind = session.get(HearingKind, hearing.kind_id)
    seats = session.exec(
        select(SeatAssignment, Volunteer)
        .join(Volunteer, Volunteer.id == SeatAssignment.volunteer_id)
        .where(SeatAssignment.hearing_id == hearing.id)
        .order_by(SeatAssignment.id)
    ).all()
    confs = session.exec(
        select(PartyConfirmation, Party, Person)
        .join(Party, Party.id == PartyConfirmation.party_id)
        .join(Person, Person.id == Party.person_id)
        .where(PartyConfirmation.hearing_id == hearing.id)
        .order_by(Party.id)
    ).all()
    return HearingPublic(
        id=hearing.id,
        case_id=case.id,
        program_id=program.id,
        kind=kind.code,
        venue_id=hearing.venue_id,
        online=hearing.meeting_url is not None,
        meeting_url=hearing.meeting_url,
        start=hearing.start_at.astimezone(UTC),
        end=hearing.end_at.astimezone(UTC),
        local_start=hearing.start_at.astimezone(program_zone(program)).isoformat(),
        status=hearing.status,
        language=hearing.language,
        sequence=hearing.sequence,
        ical_uid=hearing.ical_uid,
        needs_attention=hearing.needs_attention,
        updated_at=hearing.updated_at,
        seats=[
            SeatPublic(
                id=s.id,
                volunteer_id=v.id,
                volunteer_name=v.full_name,
                role=s.role,
                status=s.status,
                responded_at=s.responded_at,
            )
            for s, v in seats
        ],
        confirmations=[
            ConfirmationPublic(
                party_id=p.id,
                role=p.role,
                person_name=person.full_name,
                status=c.status,
                responded_at=c.responded_at,
            )
            for c, p, person in confs
        ],
    )
