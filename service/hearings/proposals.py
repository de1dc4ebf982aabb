"""Times to propose for a case's hearing: a venue near the parties is open, it holds no other
hearing, the parties have none either, and the matching engine fills every seat.

The proposals are the booking page's: soonest day first, then the nearest venue, then the
deepest bench of volunteers. Online venues are searched too (nobody travels to them, so every
volunteer's reach is met and they hold any number of hearings at once): each time can be
proposed once in person and once online, and within a day the mode the hearing kind (else the
program) prefers comes first. The search is capped (checks and seconds) so the page answers in
about a second; `slots.py` finds other times for a booked hearing the same way.
"""

from __future__ import annotations

import dataclasses
import time as clock
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name
from sqlmodel import Session

import scheduling
from scheduling.eligibility import VolunteerTable, eligible, hearing_columns
from service.accounts.auth import Principal
from service.cases.referrals import load_case
from service.db import utcnow
from service.errors import Invalid
from service.geo import haversine_km
from service.hearings import queries
from service.hearings.slots import LOOKAHEAD_DAYS, MIN_NOTICE, starts_in_windows
from service.messaging.wording import language_name, when
from service.models import Case, HearingKind, Neighborhood, Program, Venue
from service.models.base import MeetingMode
from service.panels.problem import build_problem, kind_seats, pid
from service.programs import list_venues, preferred_mode, program_zone

WANTED = 5  # proposals shown
NEAR_VENUES = 4  # the nearest venues searched
MAX_CHECKS = 60  # engine runs per page
MIN_CHECKS = 20  # engine runs made whatever the clock says (the first loads the LP solver)
BUDGET_SECONDS = 0.9  # after MIN_CHECKS, the search stops here with what it found
SOLVE_SECONDS = 0.3  # one engine run on one hearing
LANGUAGES = (("", "English"), ("es", "Spanish"), ("ko", "Korean"), ("hy", "Armenian"))


@dataclass(frozen=True)
class Proposal:
    """One open time: when and where, and who could sit."""

    start: datetime  # UTC
    end: datetime
    venue: Venue
    km: float | None
    seats: int
    free: int  # volunteers who could take at least one seat
    when: str  # "Wed Dec 16, 6:30 PM" in the program's zone
    value: str  # the same time as a datetime-local form value
    evening: bool

    @property
    def who(self) -> str:
        """'3 of 3 seats can be filled: 7 trained volunteers free that evening'."""
        if not self.seats:
            return "No volunteer seats: the program's staff hold this hearing"
        people = "volunteer" if self.free == 1 else "volunteers"
        part = "evening" if self.evening else "day"
        return (
            f"{self.seats} of {self.seats} seats can be filled: "
            f"{self.free} trained {people} free that {part}"
        )

    @property
    def where(self) -> str:
        """'Hollywood Regional Library, 3 km from the participant's area'."""
        if self.venue.online:
            return f"{self.venue.name}: by video, nobody travels"
        if self.km is None:
            return self.venue.name
        if self.km < 1:
            return f"{self.venue.name}, under 1 km from the participant's area"
        return f"{self.venue.name}, {self.km:.0f} km from the participant's area"


@dataclass
class BookingOptions:
    """What the booking page shows: the proposals and the choices for typing a time."""

    case: Case
    program: Program
    zone: ZoneInfo
    kinds: list[HearingKind]
    kind: HearingKind
    language: str | None
    venues: list[tuple[Venue, float | None]]  # nearest first
    proposals: list[Proposal] = field(default_factory=list)
    checked: int = 0
    seconds: float = 0.0
    searched_until: str = ""
    no_place: bool = False  # the case has no location: venues are by name
    prefers: str | None = None  # in_person, online or None: which the proposals put first

    @property
    def zone_words(self) -> str:
        """'Pacific Time': the program's zone as people say it."""
        return get_timezone_name(self.zone, locale="en")

    @property
    def language_words(self) -> str:
        return language_name(self.language) if self.language else "English"


def _place(session: Session, case: Case) -> tuple[float, float] | None:
    if case.lat is not None and case.lon is not None:
        return case.lat, case.lon
    if case.neighborhood_id:
        n = session.get(Neighborhood, case.neighborhood_id)
        if n is not None:
            return n.lat, n.lon
    return None


def _venues(session: Session, place) -> list[tuple[Venue, float | None]]:
    """Places nearest first (by name without a place), then the online venues (no distance)."""
    venues, _ = list_venues(session, active=True)
    online = [(v, None) for v in venues if v.online]
    venues = [v for v in venues if not v.online]
    if place is None:
        return [(v, None) for v in venues] + online
    with_km = [(v, haversine_km(place[0], place[1], v.lat, v.lon)) for v in venues]
    return sorted(with_km, key=lambda x: x[1]) + online


def _searched(options: BookingOptions) -> list[tuple[Venue, float | None]]:
    """The nearest places and every online venue, the preferred mode first."""
    places = [x for x in options.venues if not x[0].online][:NEAR_VENUES]
    online = [x for x in options.venues if x[0].online]
    return online + places if options.prefers == MeetingMode.online else places + online


def _overlaps(busy: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> int:
    return sum(1 for s, e in busy if s < end and e > start)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def booking_options(
    session: Session,
    case_id: int,
    principal: Principal,
    *,
    kind: str | None = None,
    language: str | None = None,
    wanted: int = WANTED,
) -> BookingOptions:
    """The next open times for a hearing of this case, best first, each with a full panel."""
    case = load_case(session, case_id, principal, write=True)
    program = session.get(Program, case.program_id)
    zone = program_zone(program)
    kinds = list(queries.kinds_of_program(session, program.id))
    if not kinds:
        raise Invalid(f"{program.name} has no kinds of hearing set up", field="kind")
    chosen = next((k for k in kinds if k.code == kind), None) if kind else kinds[0]
    if chosen is None:
        raise Invalid(f"{program.name} holds no hearing of the kind {kind!r}", field="kind")
    place = _place(session, case)
    options = BookingOptions(
        case=case,
        program=program,
        zone=zone,
        kinds=kinds,
        kind=chosen,
        language=language or None,
        venues=_venues(session, place),
        no_place=place is None,
        prefers=preferred_mode(program, chosen),
    )
    t0 = clock.perf_counter()
    options.proposals, options.checked = _search(session, options, wanted, t0)
    options.seconds = clock.perf_counter() - t0
    return options


def _search(
    session: Session, options: BookingOptions, wanted: int, t0: float
) -> tuple[list[Proposal], int]:
    zone, case = options.zone, options.case
    seats = kind_seats(session, options.kind.id, options.language)
    needed = sum(s["count"] for s in seats)
    duration = timedelta(minutes=options.kind.duration_minutes)
    near = _searched(options)
    earliest = utcnow() + MIN_NOTICE
    today = earliest.astimezone(zone).date()
    horizon_end = datetime.combine(
        today + timedelta(days=LOOKAHEAD_DAYS + 1), datetime.min.time(), zone
    )
    windows = defaultdict(list)
    for w in queries.windows_of_venues(session, [v.id for v, _ in near]):
        windows[w.venue_id].append(w)
    taken = defaultdict(list)
    for venue_id, s, e in queries.venue_bookings(
        session, [v.id for v, _ in near], earliest, horizon_end
    ):
        taken[venue_id].append((_utc(s), _utc(e)))
    parties_busy = [
        (_utc(s), _utc(e))
        for s, e in queries.parties_hearings(session, case.id, earliest, horizon_end)
    ]
    parties = tuple(pid(p) for p in queries.case_people(session, case.id))
    # The program's hearings still short of volunteers are in the problem: a proposal must not
    # take the volunteers they need (their published seats are already busy times).
    base = scheduling.load_problem(
        build_problem(session, options.program, earliest - timedelta(days=1), horizon_end)
    )
    table = VolunteerTable(base)
    found: list[Proposal] = []
    checks = 0
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        times = sorted(
            (
                (_rank(venue, options.prefers), start, i, end, venue, km)
                for i, (venue, km) in enumerate(near)
                for start, end in starts_in_windows(
                    windows[venue.id], day, zone, duration, stagger=True
                )
            ),
            key=lambda t: t[:3],
        )
        for _, start, _, end, venue, km in times:
            if start < earliest or any(
                p.start == start and p.venue.online == venue.online for p in found
            ):
                continue  # one proposal per time and mode: the nearest venue that can hold it
            if not venue.online and _overlaps(taken[venue.id], start, end) >= (venue.capacity or 1):
                continue
            if _overlaps(parties_busy, start, end):
                continue
            free = 0
            if needed:
                late = checks >= MIN_CHECKS and clock.perf_counter() - t0 > BUDGET_SECONDS
                if checks >= MAX_CHECKS or late:
                    return found, checks
                checks += 1
                free = _full_panel(base, table, venue, start, end, seats, parties, needed)
                if free is None:
                    continue
            found.append(
                Proposal(
                    start=start.astimezone(UTC),
                    end=end.astimezone(UTC),
                    venue=venue,
                    km=km,
                    seats=needed,
                    free=free,
                    when=when(start, "en", zone),
                    value=start.astimezone(zone).strftime("%Y-%m-%dT%H:%M"),
                    evening=start.astimezone(zone).hour >= 17,
                )
            )
            if len(found) >= wanted:
                return found, checks
    return found, checks


def _rank(venue: Venue, prefers: str | None) -> int:
    """0 for the preferred mode (both when there is no preference), 1 for the other."""
    if prefers is None:
        return 0
    return int((MeetingMode.online if venue.online else MeetingMode.in_person) != prefers)


def _full_panel(
    base: scheduling.Problem,
    table: VolunteerTable,
    venue: Venue,
    start: datetime,
    end: datetime,
    seats: list[dict],
    parties: tuple[str, ...],
    needed: int,
) -> int | None:
    """How many volunteers could sit, when the engine fills every seat without taking anyone
    the program's other open hearings of that evening need; None when it cannot."""
    hearing = scheduling.Hearing(
        id="h-new",
        start=start,
        end=end,
        lat=venue.lat,
        lon=venue.lon,
        online=venue.online,
        seats=tuple(
            scheduling.Seat(
                role=s["role"],
                count=s["count"],
                requires=tuple(s["requires"]),
                language=s.get("language"),
            )
            for s in seats
        ),
        parties=parties,
    )
    alone = dataclasses.replace(base, hearings=(hearing,))
    _, per_seat = hearing_columns(alone, table, ZoneInfo(base.timezone), 0)
    if any(len(idx) < s["count"] for (idx, _), s in zip(per_seat, seats, strict=True)):
        return None
    free = len({int(i) for idx, _ in per_seat for i in idx})
    if free < needed:
        return None
    near = timedelta(minutes=base.settings.travel_buffer_minutes)
    others = tuple(h for h in base.hearings if h.start < end + near and h.end > start - near)
    before = _filled(dataclasses.replace(base, hearings=others), table) if others else 0
    both = dataclasses.replace(base, hearings=(*others, hearing))
    solution = scheduling.solve(both, time_limit=SOLVE_SECONDS, candidates=eligible(both, table))
    mine = sum(1 for a in solution.assignments if a.hearing == hearing.id)
    if mine < needed or len(solution.assignments) - mine < before:
        return None
    return free


def _filled(problem: scheduling.Problem, table: VolunteerTable) -> int:
    solution = scheduling.solve(
        problem, time_limit=SOLVE_SECONDS, candidates=eligible(problem, table)
    )
    return len(solution.assignments)
