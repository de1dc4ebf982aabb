"""Form helpers the volunteer, self-service and admin pages share: weekly windows, blackouts,
seats, field errors, redirects with a notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from sqlmodel import Session

from notifications import i18n
from service.config import get_settings
from service.db import utcnow
from service.errors import Invalid
from service.models.base import WEEKDAYS, HearingStatus
from service.panels import queries as panel_queries
from service.programs import program_zone
from service.schemas.programs import WeeklyWindow
from service.schemas.volunteers import BlackoutCreate
from service.volunteers import queries

EXPIRY_DAYS = 30  # certifications expiring within this many days are flagged
DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


@dataclass
class AvailabilityRow:
    """One row of the weekly availability editor, as typed, with its errors by field."""

    day: str = ""
    start: str = ""
    end: str = ""
    errors: dict[str, str] = field(default_factory=dict)


def rows_from_windows(windows: list[WeeklyWindow]) -> list[AvailabilityRow]:
    """Editor rows for stored windows."""
    return [
        AvailabilityRow(w.day, w.start.strftime("%H:%M"), w.end.strftime("%H:%M")) for w in windows
    ]


def _parse_time(value: str) -> time | None:
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_availability(
    days: list[str], starts: list[str], ends: list[str], *, lang: str = "en"
) -> tuple[list[AvailabilityRow], list[WeeklyWindow] | None]:
    """Check every row; returns the rows (with errors) and the windows, or None when any is bad.

    A row whose day is left empty is dropped: that is how a row is removed without JavaScript;
    when another row is refused, it is shown again as typed. The reasons are in `lang` (the
    volunteer's, on their own page).
    """

    def say(message: str, **values: object) -> str:
        return i18n.gettext(lang, message, **values)

    rows: list[AvailabilityRow] = []
    windows: list[tuple[int, WeeklyWindow]] = []
    for i in range(max(len(days), len(starts), len(ends))):
        row = AvailabilityRow(
            (days[i] if i < len(days) else "").strip(),
            (starts[i] if i < len(starts) else "").strip(),
            (ends[i] if i < len(ends) else "").strip(),
        )
        if not row.day and not row.start and not row.end:
            continue
        rows.append(row)
        if not row.day:
            continue
        if row.day not in WEEKDAYS:
            row.errors["day"] = say("choose a day of the week")
        start, end = _parse_time(row.start), _parse_time(row.end)
        if start is None:
            row.errors["start"] = say("enter a start time like 18:00")
        if end is None:
            row.errors["end"] = say("enter an end time like 21:00")
        if start and end and end <= start:
            row.errors["end"] = say("the end must be after the start")
        if row.errors:
            continue
        window = WeeklyWindow(day=row.day, start=start, end=end)
        for j, other in windows:
            if other.day == window.day and other.start < window.end and window.start < other.end:
                day_name = get_day_names("wide", locale=i18n.pick(lang))[WEEKDAYS.index(other.day)]
                row.errors["start"] = say("overlaps row %(row)s (%(day)s)", row=j + 1, day=day_name)
                break
        else:
            windows.append((len(rows) - 1, window))
    if any(r.errors for r in rows):
        return rows, None  # every row as typed, those without a day too: nothing is lost
    return [r for r in rows if r.day], [w for _, w in windows]


def local_zone():
    """The time zone dates on these pages are read in."""
    return get_settings().zone


def parse_blackout(start: str, end: str, reason: str) -> BlackoutCreate:
    """Whole local days from `start` to `end` inclusive; Invalid with the field when wrong."""
    try:
        first = date.fromisoformat(start.strip())
    except ValueError:
        raise Invalid("enter the first day, like 2026-12-21", field="start") from None
    try:
        last = date.fromisoformat(end.strip()) if end.strip() else first
    except ValueError:
        raise Invalid("enter the last day, like 2027-01-03", field="end") from None
    if last < first:
        raise Invalid("the last day must not be before the first", field="end")
    if (last - first).days > 366:
        raise Invalid("a blackout may last a year at most", field="end")
    zone = local_zone()
    begin = datetime(first.year, first.month, first.day, tzinfo=zone)
    after = last + timedelta(days=1)
    return BlackoutCreate(
        start=begin,
        end=datetime(after.year, after.month, after.day, tzinfo=zone),
        reason=reason.strip()[:200],
    )


@dataclass
class BlackoutView:
    """A blackout as whole local days."""

    id: int
    first: date
    last: date
    reason: str


def blackouts_of(session: Session, volunteer_id: int, *, upcoming_only: bool = False):
    """A volunteer's blackouts as local days, soonest first."""
    zone = local_zone()
    out = []
    for b in queries.blackouts(session, volunteer_id, upcoming_only=upcoming_only):
        last = (b.end_at.astimezone(zone) - timedelta(microseconds=1)).date()
        out.append(BlackoutView(b.id, b.start_at.astimezone(zone).date(), last, b.reason))
    return out


@dataclass
class SeatView:
    """A seat with what a volunteer may know about its hearing (never the case's details)."""

    id: int
    role: str
    status: str
    start_at: datetime
    end_at: datetime
    hearing_status: str
    program_id: int
    program_name: str
    kind_name: str
    venue_name: str
    venue_address: str
    case_id: int
    zone: ZoneInfo | None = None  # the program's: its times are read there

    @property
    def can_answer(self) -> bool:
        """Whether the volunteer can still accept or decline it."""
        return self.hearing_status == HearingStatus.scheduled and self.start_at > utcnow()


def seats_of(
    session: Session, volunteer_id: int, *, statuses: tuple[str, ...] | None = None
) -> tuple[list[SeatView], list[SeatView]]:
    """A volunteer's seats: (upcoming soonest first, past latest first)."""
    now = utcnow()
    upcoming, past = [], []
    for seat, hearing, program, kind, venue, case_id in panel_queries.volunteer_seats(
        session, volunteer_id, statuses
    ):
        view = SeatView(
            seat.id,
            seat.role,
            seat.status,
            hearing.start_at,
            hearing.end_at,
            hearing.status,
            program.id,
            program.name,
            kind.name,
            venue.name,
            venue.address,
            case_id,
            program_zone(program),
        )
        (
            upcoming if hearing.end_at > now and hearing.status == HearingStatus.scheduled else past
        ).append(view)
    return upcoming, list(reversed(past))


def volunteer_form(
    full_name: str, mobile: str, email: str, languages: str, home_zip: str, neighborhood_id: str,
    max_per_month: str, max_travel_km: str, notes: str, active: str | None, sms_consent: str | None,
) -> dict:  # fmt: skip
    """The fields of the volunteer details form as the volunteer schemas read them."""
    langs = [p.strip().lower() for p in languages.replace(";", ",").split(",") if p.strip()]
    return {
        "full_name": full_name.strip(),
        "mobile": mobile.strip() or None,
        "email": email.strip() or None,
        "languages": langs or ["en"],
        "preferred_language": (langs or ["en"])[0],
        "home_zip": home_zip.strip() or None,
        "neighborhood_id": int(neighborhood_id)
        if (neighborhood_id.strip().isascii() and neighborhood_id.strip().isdigit())
        else None,
        "max_assignments_per_month": max_per_month.strip() or None,
        "max_travel_km": max_travel_km.strip() or None,
        "notes": notes.strip(),
        "active": active is not None,
        "sms_consent": sms_consent is not None,
    }
