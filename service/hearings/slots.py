"""Alternative times for a hearing: the venue is open, the parties are free, and a full panel fits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

import scheduling
from service.db import utcnow
from service.models import Case, Hearing, Party, PartyConfirmation, Program, Venue, VenueWindow
from service.models.base import WEEKDAYS, HearingStatus
from service.panels.problem import hearing_problem, hid
from service.programs import program_zone

LOOKAHEAD_DAYS = 21
MIN_NOTICE = timedelta(days=2)
MAX_CHECKED = 12


def _venue_busy(session: Session, hearing: Hearing, start: datetime, end: datetime) -> bool:
    if session.get(Venue, hearing.venue_id).online:
        return False  # each online hearing has its own meeting
    return (
        session.exec(
            select(func.count())
            .select_from(Hearing)
            .where(
                Hearing.venue_id == hearing.venue_id,
                Hearing.id != hearing.id,
                Hearing.status == HearingStatus.scheduled.value,
                Hearing.start_at < end,
                Hearing.end_at > start,
            )
        ).one()
        > 0
    )


def _parties_busy(session: Session, hearing: Hearing, start: datetime, end: datetime) -> bool:
    people = select(Party.person_id).where(Party.case_id == hearing.case_id)
    other = session.exec(
        select(func.count())
        .select_from(Hearing)
        .join(Party, Party.case_id == Hearing.case_id)
        .where(
            Party.person_id.in_(people),
            Hearing.id != hearing.id,
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at < end,
            Hearing.end_at > start,
        )
    ).one()
    return other > 0


def _full_panel(
    problem: scheduling.Problem, hearing: Hearing, start: datetime, end: datetime
) -> bool:
    moved = scheduling.MoveHearing(hearing=hid(hearing.id), start=start, end=end).apply(problem)
    solution = scheduling.solve(moved, time_limit=1.0)
    needed = sum(s.count for h in moved.hearings for s in h.seats)
    return len(solution.assignments) >= needed


def starts_in_windows(
    windows: list[VenueWindow],
    day: date,
    zone: ZoneInfo,
    duration: timedelta,
    *,
    stagger: bool = False,
) -> list[tuple[datetime, datetime]]:
    """Local (start, end) of a hearing of this length on `day` inside the venue's windows:
    at each window's opening, or (stagger) also one after another until the window closes."""
    out = []
    for w in sorted(
        (w for w in windows if w.day == WEEKDAYS[day.weekday()]), key=lambda w: w.start_time
    ):
        start = datetime.combine(day, w.start_time, zone)
        while True:
            end = start + duration
            if end.astimezone(zone).time() > w.end_time and w.end_time.hour != 0:
                break
            if end.astimezone(zone).date() != day and w.end_time.hour != 0:
                break
            out.append((start, end))
            if not stagger:
                break
            start = end
    return out


def span_words(a, b) -> str:
    """'6:00–9:00 PM', or '11:00 AM–12:30 PM' across noon."""
    clock = f"{a:%I:%M}".lstrip("0")
    if f"{a:%p}" != f"{b:%p}":
        clock += f" {a:%p}"
    return f"{clock}–{b:%I:%M %p}".replace("–0", "–")


def opening_words(windows: list[VenueWindow], day: str) -> str:
    """'open Wed 6:00–9:00 PM': that day's windows, or every day's when it is closed that day."""
    names = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))
    shown = [w for w in windows if w.day == day] or windows
    if not shown:
        return "has no opening hours set"
    spans = ", ".join(
        f"{names[w.day]} {span_words(w.start_time, w.end_time)}"
        for w in sorted(shown, key=lambda w: (WEEKDAYS.index(w.day), w.start_time))
    )
    closed = "" if any(w.day == day for w in windows) else f" (closed {names[day]})"
    return f"open {spans}{closed}"


def find_slots(session: Session, hearing: Hearing, k: int = 3) -> list[tuple[datetime, datetime]]:
    """Up to k other times for this hearing, soonest first, each with a full panel available."""
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    zone = program_zone(program)
    duration = hearing.end_at - hearing.start_at
    windows = session.exec(
        select(VenueWindow).where(VenueWindow.venue_id == hearing.venue_id)
    ).all()
    problem, _ = hearing_problem(session, hearing)
    earliest = utcnow() + MIN_NOTICE
    found: list[tuple[datetime, datetime]] = []
    checked = 0
    today = datetime.now(zone).date()
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        for start, end in starts_in_windows(windows, day, zone, duration):
            if start < earliest or abs(start - hearing.start_at) < timedelta(minutes=1):
                continue
            if _venue_busy(session, hearing, start, end) or _parties_busy(
                session, hearing, start, end
            ):
                continue
            checked += 1
            if problem.hearings and not _full_panel(problem, hearing, start, end):
                if checked >= MAX_CHECKED:
                    return found
                continue
            found.append((start.astimezone(UTC), end.astimezone(UTC)))
            if len(found) >= k:
                return found
    return found


def confirm_party(session: Session, hearing: Hearing, person_id: int, status: str) -> None:
    """Set one person's confirmation of a hearing."""
    conf = session.exec(
        select(PartyConfirmation)
        .join(Party, Party.id == PartyConfirmation.party_id)
        .where(PartyConfirmation.hearing_id == hearing.id, Party.person_id == person_id)
    ).first()
    if conf is not None:
        conf.status = status
        conf.responded_at = utcnow()
        session.add(conf)
